/* Words of a query as the index spells them: folded, split on everything but a–z and 0–9,
   and where letters meet digits. Mirrors `tokens` in builder/outputs/search.py. */
import { fold } from "./fold.js";

const SEPARATORS = /[^a-z0-9]+/;

/* Phones glue a number to its kind ("ct57", "57ct"): letters and digits are separate words. */
const RUNS = /[a-z]+|[0-9]+/g;

/* Syllables spelled with final i or y alike: tỉ/tỷ, kĩ/kỹ, lí/lý, quí/quý (not "yêu"). */
const FINAL_Y = /^(qu|[bcdghklmnpqrstvx]{1,2})y$/;

const NUMBER = /^\d+$/;

/* People drop the leading zero ("Chỉ thị 4" for 04-CT/TW): numbers are kept without it. */
const LEADING_ZEROS = /^0+(?=\d)/;

export function foldToken(token) {
  if (NUMBER.test(token)) return token.replace(LEADING_ZEROS, "");
  return token.replace(FINAL_Y, "$1i");
}

/* A text's words repeat (a document has a few hundred distinct ones among thousands): each
   word's tokens are worked out once and kept, up to this many words. */
const KEPT_WORDS = 100000;
const wordCache = new Map();

/** The folded words of one run of letters and digits: "ct04" → ["ct", "4"]. The array is
    shared between calls: never change it. */
export function wordTokens(word) {
  let found = wordCache.get(word);
  if (found === undefined) {
    found = (word.match(RUNS) || []).map(foldToken);
    if (wordCache.size < KEPT_WORDS) wordCache.set(word, found);
  }
  return found;
}

/* Whitespace parts words as any separator does, and folding never makes or removes it (the
   characters Python's `str.split` parts at, less the separators that part words anyway; not
   \s, which takes the invisible byte-order mark for a space): a
   text's tokens are those of its whitespace-separated chunks in order. A text to snippet
   or to check for a phrase is thousands of chunks ("lợi,", "57-CT/TW") that recur: each
   chunk's tokens are worked out once and kept, up to this many chunks (folding every
   sentence was a fifth of the search worker's time in a profile of the bench's queries). */
export const WHITESPACE = /[\t-\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const KEPT_CHUNKS = 100000;
const chunkCache = new Map();

function chunkTokens(chunk) {
  let found = chunkCache.get(chunk);
  if (found === undefined) {
    found = [];
    for (const word of splitWords(chunk)) {
      for (const token of wordTokens(word)) found.push(token);
    }
    if (chunkCache.size < KEPT_CHUNKS) chunkCache.set(chunk, found);
  }
  return found;
}

/** "Thủy lợi, 57-CT/TW" → ["thuy", "loi", "57", "ct", "tw"]. */
export function tokens(text) {
  const out = [];
  for (const chunk of text.split(WHITESPACE)) {
    for (const token of chunkTokens(chunk)) out.push(token);
  }
  return out;
}

/** The query's words as typed, folded but not yet split at digits ("vie6t", "ct57"). */
export function splitWords(text) {
  return fold(text).split(SEPARATORS).filter(Boolean);
}

export function isNumber(token) {
  return NUMBER.test(token);
}
