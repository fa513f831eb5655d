/* Folding: what a reader may type without diacritics still meets the index.
   The same rules as `search_fold` in builder/core/text.py, which folds the indexed texts;
   tests/fixtures/search/folding.json holds the cases both must agree on. */

/* Vietnamese tones and vowel marks once NFD has split them off their letters (ạ → a + ̣). */
const MARKS = /[\u0300-\u036f]/g;

/* What a reader does not see (zero-width spaces and joiners, soft hyphen, byte-order mark,
   bidi controls, variation selectors…): dropped, so "Ngh\u200bị" is the word the page shows.
   The same characters as `invisible_characters` in builder/core/text.py, which
   tests/test_search_rules.py checks code point by code point. */
const INVISIBLE =
  /[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u115f-\u1160\u17b4-\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{110bd}\u{110cd}\u{13430}-\u{13438}\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0001}\u{e0020}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;

/* Đ has no decomposition: it is its own letter, typed as d without Vietnamese keyboards. */
const D_STROKE = /[đĐðÐ]/g;

/* Only letters beyond ASCII change; Vietnamese spells them in short runs ("ư", "ươ") that
   recur thousands of times in a text: each run is folded once and kept, up to this many. */
const NON_ASCII = /[^\x00-\x7f]+/g;
const KEPT_RUNS = 20000;
const runs = new Map();

function foldRun(run) {
  let folded = runs.get(run);
  if (folded === undefined) {
    folded = run.normalize("NFD").replace(MARKS, "").replace(D_STROKE, "d").replace(INVISIBLE, "");
    if (runs.size < KEPT_RUNS) runs.set(run, folded);
  }
  return folded;
}

/** "Thủy lợi Đảng" → "thuy loi dang"; other characters are kept (tokens splits on them). */
export function fold(text) {
  return text.replace(NON_ASCII, foldRun).toLowerCase();
}
