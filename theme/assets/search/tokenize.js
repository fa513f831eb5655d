/* Words of a query as the index spells them: folded, split on everything but a–z and 0–9.
   Mirrors `tokens` in builder/outputs/search.py. */
import { fold } from "./fold.js";

const SEPARATORS = /[^a-z0-9]+/;

/* Syllables spelled with final i or y alike: tỉ/tỷ, kĩ/kỹ, lí/lý, quí/quý (not "yêu"). */
const FINAL_Y = /^(qu|[bcdghklmnpqrstvx]{1,2})y$/;

const NUMBER = /^\d+$/;

export function foldToken(token) {
  return token.replace(FINAL_Y, "$1i");
}

/** "Thủy lợi, 57-CT/TW" → ["thuy", "loi", "57", "ct", "tw"]. */
export function tokens(text) {
  return fold(text).split(SEPARATORS).filter(Boolean).map(foldToken);
}

export function isNumber(token) {
  return NUMBER.test(token);
}
