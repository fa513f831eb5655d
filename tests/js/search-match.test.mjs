/* How a query word reaches the index's words (theme/assets/search/match.js). */
import assert from "node:assert/strict";
import test from "node:test";

import {
  EXACT,
  expand,
  ONE_EDIT,
  oneEdit,
  PREFIX,
  typoKeys,
  WORD_EDIT,
} from "../../theme/assets/search/match.js";

/* expand's [word, closeness] pairs (each also carries the word's postings). */
function reached(token, shard, isLast, near) {
  return expand(token, shard, isLast, near).map(([word, closeness]) => [word, closeness]);
}

test("one edit: one letter inserted, deleted or replaced, or two neighbours swapped", () => {
  assert.ok(oneEdit("thij", "thi"));
  assert.ok(oneEdit("thi", "thij"));
  assert.ok(oneEdit("chi", "chj"));
  assert.ok(oneEdit("ninh", "nin"));
  assert.ok(oneEdit("mnag", "mang"), "swapped n and a");
  assert.ok(oneEdit("mang", "amng"), "swapped first letters");
  assert.ok(!oneEdit("mang", "ngma"), "two swaps");
  assert.ok(!oneEdit("chi", "chi"), "the word itself is not a typo");
  assert.ok(!oneEdit("chi", "cij"), "two edits");
  assert.ok(!oneEdit("an", "anhh"), "two letters longer");
});

test("closeness: exact above prefix above typo above a typo that is a word", () => {
  assert.ok(EXACT > PREFIX && PREFIX > ONE_EDIT && ONE_EDIT > WORD_EDIT && WORD_EDIT > 0);
});

const shard = { ninh: [], nin: [], ninhs: [], nghi: [], nhi: [] };

test("the word itself, and on the last word its continuations", () => {
  const words = { ninh: [], ninhs: [], nghi: [] };
  assert.deepEqual(reached("ninh", words, false), [
    ["ninh", EXACT],
    ["ninhs", WORD_EDIT],
  ]);
  assert.deepEqual(reached("ninh", words, true), [
    ["ninh", EXACT],
    ["ninhs", PREFIX],
  ]);
  assert.deepEqual(reached("ni", shard, true), [
    ["nin", PREFIX],
    ["ninh", PREFIX],
    ["ninhs", PREFIX],
  ]);
});

test("the postings come with each word", () => {
  assert.deepEqual(expand("tin", { tin: [1, 2, 3] }, false), [["tin", EXACT, [1, 2, 3]]]);
});

test("a prefix needs two letters", () => {
  assert.deepEqual(reached("n", shard, true), []);
});

test("typos of three letters or more; a known word's neighbours count as word typos", () => {
  assert.deepEqual(reached("nghj", shard, false), [["nghi", ONE_EDIT]]);
  assert.deepEqual(reached("nhj", shard, false), [["nhi", ONE_EDIT]]);
  assert.deepEqual(reached("nh", { nhi: [], ni: [] }, false), []);
  assert.deepEqual(reached("nin", shard, false), [
    ["nin", EXACT],
    ["ninh", WORD_EDIT],
  ]);
  assert.deepEqual(reached("tim", { tim: [], tin: [] }, false), [
    ["tim", EXACT],
    ["tin", WORD_EDIT],
  ]);
});

test("a typo in the first letters finds its word in the shard it belongs to", () => {
  assert.deepEqual(typoKeys("mnag", 2), ["nm", "na", "ma"]);
  assert.deepEqual(typoKeys("57", 2), [], "never in a number");
  assert.deepEqual(typoKeys("ma", 2), [], "too short");
  const near = [{ mang: [], mong: [] }];
  assert.deepEqual(reached("mnag", {}, false, near), [["mang", ONE_EDIT]]);
  assert.deepEqual(reached("mang", { mang: [] }, false, near), [["mang", EXACT]]);
});

test("never a typo in a number: 57 must not find 58", () => {
  assert.deepEqual(reached("570", { 571: [], 57: [] }, false), []);
  assert.deepEqual(reached("57", { 571: [], 57: [] }, true), [
    ["57", EXACT],
    ["571", PREFIX],
  ]);
});

test("a word named like an object property is just a word", () => {
  assert.deepEqual(reached("constructor", {}, false), []);
  assert.deepEqual(reached("constructor", { constructor: [] }, false), [["constructor", EXACT]]);
});
