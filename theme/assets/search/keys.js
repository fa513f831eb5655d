/* Raw keystrokes of the Telex and VNI input methods, typed with the input method off
   ("vawn hoas ddocj", "vie65t"), read back as the folded words they were meant to be. */

const VOWEL = /[aeiouy]/;

/* Telex: a tone key (s f r x j) after the vowel, aa ee oo for â ê ô, aw ow uw for ă ơ ư
   (w alone for ư), dd for đ. No Vietnamese syllable ends in s, f, r, x or j. */
function telex(word) {
  const first = word.search(VOWEL);
  if (first < 0) return word.replace(/^dd/, "d");
  const head = word.slice(0, first).replace(/^dd/, "d");
  const tail = word
    .slice(first)
    .replace(/[sfrxj]/g, "")
    .replace(/([aeo])\1/g, "$1")
    .replace(/([aou])w/g, "$1")
    .replace(/w/g, "u");
  return head.replace(/w/g, "u") + tail;
}

/* VNI: digits 1–5 for the tones, 6 7 8 for â/ê/ô, ơ/ư, ă, and 9 for đ ("d9o5c" → "doc"). */
function vni(word) {
  if (!/^[a-z]+[1-9][a-z1-9]*$/.test(word)) return word;
  const first = word.search(/\d/);
  if (!VOWEL.test(word.slice(0, first)) && word[first] !== "9") return word;
  return word.replace(/[1-9]/g, "");
}

/** The folded word `word` (one word as typed, folded, digits kept) spells in Telex or VNI,
    or "" when it spells none other than itself. */
export function untyped(word) {
  const meant = /\d/.test(word) ? vni(word) : telex(word);
  return meant !== word && /^[a-z]+$/.test(meant) ? meant : "";
}
