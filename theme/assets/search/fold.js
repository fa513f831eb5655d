/* Folding: what a reader may type without diacritics still meets the index.
   The same rules as `search_fold` in builder/core/text.py, which folds the indexed texts;
   tests/fixtures/search/folding.json holds the cases both must agree on. */

/* Vietnamese tones and vowel marks once NFD has split them off their letters (ạ → a + ̣). */
const MARKS = /[\u0300-\u036f]/g;

/* Đ has no decomposition: it is its own letter, typed as d without Vietnamese keyboards. */
const D_STROKE = /[đĐðÐ]/g;

/** "Thủy lợi Đảng" → "thuy loi dang"; other characters are kept (tokens splits on them). */
export function fold(text) {
  return text.normalize("NFD").replace(MARKS, "").replace(D_STROKE, "d").toLowerCase();
}
