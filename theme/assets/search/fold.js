/* Folding: what a reader may type without diacritics still meets the index.
   The same rules as `search_fold` in builder/core/text.py, which folds the indexed texts;
   tests/fixtures/search/folding.json holds the cases both must agree on. */

/* Vietnamese tones and vowel marks once NFD has split them off their letters (ạ → a + ̣). */
const MARKS = /[\u0300-\u036f]/g;

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
    folded = run.normalize("NFD").replace(MARKS, "").replace(D_STROKE, "d");
    if (runs.size < KEPT_RUNS) runs.set(run, folded);
  }
  return folded;
}

/** "Thủy lợi Đảng" → "thuy loi dang"; other characters are kept (tokens splits on them). */
export function fold(text) {
  return text.replace(NON_ASCII, foldRun).toLowerCase();
}
