/* Which words of the index a query word reaches, each with how close it is (1 = the word). */
import { isNumber } from "./tokenize.js";

/* The word itself. */
export const EXACT = 1;

/* The last word is still being typed: "an ni" already finds "ninh", a little below "ni". */
export const PREFIX = 0.7;

/* A typo ("chi thij"), tried when the word itself is nowhere in the index: below a prefix,
   since a finished word is likelier meant as typed. */
export const ONE_EDIT = 0.5;

/* A typo that is itself a word ("thong tim" for "thong tin"): Vietnamese syllables are short,
   so most typos are. It counts only where the query's words then stand as a phrase of the
   document (score.js `rankPhrases`), and weighs less than the word as typed. */
export const WORD_EDIT = 0.3;

/* One letter would reach half the vocabulary: a prefix needs two. */
export const PREFIX_MIN_LENGTH = 2;

/* One edit turns most two-letter words into others ("ct" → "cd"), and a number into another
   document's number: typos are fixed from three letters, never in numbers. */
export const ONE_EDIT_MIN_LENGTH = 3;

/** True when a and b differ by one inserted, deleted or replaced letter, or by two
    neighbouring letters swapped ("mnag" for "mang"). */
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
    else if (a[i + 1] === b[j] && a[i] === b[j + 1]) {
      i += 2;
      j += 2;
    } else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Shard keys, besides the word's own, where a one-edit neighbour of `token` may be: its
    first letters swapped ("mnag" → "ma…"), or one of them typed too many ("nnin" → "ni…"). */
export function typoKeys(token, keyLength) {
  if (token.length < ONE_EDIT_MIN_LENGTH || isNumber(token)) return [];
  const own = token.slice(0, keyLength);
  const near = [];
  for (let i = 0; i < keyLength && i + 1 < token.length; i++) {
    near.push(token.slice(0, i) + token[i + 1] + token[i] + token.slice(i + 2));
    near.push(token.slice(0, i) + token.slice(i + 1));
  }
  return [...new Set(near.map((t) => t.slice(0, keyLength)))].filter((k) => k !== own);
}

const sortedWords = new WeakMap();

/* A shard's words in order, sorted once per shard rather than once a keystroke. */
function wordsOf(shard) {
  let words = sortedWords.get(shard);
  if (!words) sortedWords.set(shard, (words = Object.keys(shard).sort()));
  return words;
}

/* The first index of `words` (sorted) not before `token`. */
function lowerBound(words, token) {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid] < token) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* What `expand` found, per shard and call: typing "bảo mật thông tin" asks again at every
   keystroke for the words already typed, and a known word's one-edit neighbours take a walk
   through its whole shard. Up to this many answers a shard are kept. */
const KEPT_EXPANSIONS = 200;
const expansions = new WeakMap();

/** [word, closeness, postings] of the words `token` reaches: in `shard` (word → postings)
    itself, its continuations when it is the last word, its one-edit neighbours there and in
    `nearShards` (typoKeys' shards); the neighbours of a known word only when `wordEdits`
    (a query of several words, whose phrase can tell them apart). The same shards give the
    same answer, kept (the returned array is shared: never change it). */
export function expand(token, shard, isLast, nearShards = [], wordEdits = true) {
  let kept = expansions.get(shard);
  if (!kept) expansions.set(shard, (kept = new Map()));
  const key = [token, isLast, wordEdits, nearShards.length].join("\u0000");
  const near = kept.get(key);
  if (near && near.shards.length === nearShards.length &&
      near.shards.every((s, i) => s === nearShards[i])) {
    return near.found;
  }
  const found = reachOf(token, shard, isLast, nearShards, wordEdits);
  if (kept.size >= KEPT_EXPANSIONS) kept.clear();
  kept.set(key, { shards: nearShards.slice(), found });
  return found;
}

function reachOf(token, shard, isLast, nearShards, wordEdits) {
  const found = [];
  const known = Object.prototype.hasOwnProperty.call(shard, token);
  if (known) found.push([token, EXACT, shard[token]]);
  const typo = token.length >= ONE_EDIT_MIN_LENGTH && !isNumber(token) && (!known || wordEdits);
  const edit = known ? WORD_EDIT : ONE_EDIT;
  const prefix = isLast && token.length >= PREFIX_MIN_LENGTH;
  const words = wordsOf(shard);
  if (typo) {
    for (const word of words) {
      if (word === token) continue;
      if (prefix && word.startsWith(token)) found.push([word, PREFIX, shard[word]]);
      else if (oneEdit(word, token)) found.push([word, edit, shard[word]]);
    }
  } else if (prefix) {
    for (let i = lowerBound(words, token); i < words.length; i++) {
      if (!words[i].startsWith(token)) break;
      if (words[i] !== token) found.push([words[i], PREFIX, shard[words[i]]]);
    }
  }
  if (!typo || known) return found;
  for (const near of nearShards) {
    if (near === shard) continue;
    for (const word of wordsOf(near)) {
      if (oneEdit(word, token)) found.push([word, ONE_EDIT, near[word]]);
    }
  }
  return found;
}
