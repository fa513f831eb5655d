/* Which words of the index a query word reaches, each with how close it is (1 = the word). */
import { isNumber } from "./tokenize.js";

/* The word itself. */
export const EXACT = 1;

/* The last word is still being typed: "an ni" already finds "ninh", a little below "ni". */
export const PREFIX = 0.7;

/* A typo ("chi thij"), tried only when the word itself is nowhere in the index: below a
   prefix, since a finished word is likelier meant as typed. */
export const ONE_EDIT = 0.5;

/* One letter would reach half the vocabulary: a prefix needs two. */
export const PREFIX_MIN_LENGTH = 2;

/* One edit turns most two-letter words into others ("ct" → "cd"), and a number into another
   document's number: typos are fixed from three letters, never in numbers. */
export const ONE_EDIT_MIN_LENGTH = 3;

/** True when a and b differ by exactly one inserted, deleted or replaced letter. */
export function oneEdit(a, b) {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** [word, closeness] pairs of `shard` (word → postings) that `token` reaches. */
export function expand(token, shard, isLast) {
  const found = [];
  const known = Object.prototype.hasOwnProperty.call(shard, token);
  if (known) found.push([token, EXACT]);
  const typo = !known && token.length >= ONE_EDIT_MIN_LENGTH && !isNumber(token);
  for (const word of Object.keys(shard).sort()) {
    if (word === token) continue;
    if (isLast && token.length >= PREFIX_MIN_LENGTH && word.startsWith(token)) {
      found.push([word, PREFIX]);
    } else if (typo && oneEdit(word, token)) {
      found.push([word, ONE_EDIT]);
    }
  }
  return found;
}
