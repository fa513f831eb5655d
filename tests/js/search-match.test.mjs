/* How a query word reaches the index's words (theme/assets/search/match.js). */
import assert from "node:assert/strict";
import test from "node:test";

import { EXACT, expand, ONE_EDIT, oneEdit, PREFIX } from "../../theme/assets/search/match.js";

test("one edit: one letter inserted, deleted or replaced", () => {
  assert.ok(oneEdit("thij", "thi"));
  assert.ok(oneEdit("thi", "thij"));
  assert.ok(oneEdit("chi", "chj"));
  assert.ok(oneEdit("ninh", "nin"));
  assert.ok(!oneEdit("chi", "chi"), "the word itself is not a typo");
  assert.ok(!oneEdit("chi", "cij"), "two edits");
  assert.ok(!oneEdit("an", "anhh"), "two letters longer");
});

test("closeness: exact above prefix above typo", () => {
  assert.ok(EXACT > PREFIX && PREFIX > ONE_EDIT && ONE_EDIT > 0);
});

const shard = { ninh: [], nin: [], ninhs: [], nghi: [], nhi: [] };

test("the word itself, and on the last word its continuations", () => {
  assert.deepEqual(expand("ninh", shard, false), [["ninh", EXACT]]);
  assert.deepEqual(expand("ninh", shard, true), [["ninh", EXACT], ["ninhs", PREFIX]]);
  assert.deepEqual(expand("ni", shard, true), [
    ["nin", PREFIX],
    ["ninh", PREFIX],
    ["ninhs", PREFIX],
  ]);
});

test("a prefix needs two letters", () => {
  assert.deepEqual(expand("n", shard, true), []);
});

test("typos only for a word absent from the index, of three letters or more", () => {
  assert.deepEqual(expand("nghj", shard, false), [["nghi", ONE_EDIT]]);
  assert.deepEqual(expand("nhj", shard, false), [["nhi", ONE_EDIT]]);
  assert.deepEqual(expand("nh", { nhi: [], ni: [] }, false), []);
  assert.deepEqual(expand("nin", shard, false), [["nin", EXACT]], "known word: no typo");
});

test("never a typo in a number: 57 must not find 58", () => {
  assert.deepEqual(expand("570", { 571: [], 57: [] }, false), []);
  assert.deepEqual(expand("57", { 571: [], 57: [] }, true), [["57", EXACT], ["571", PREFIX]]);
});

test("a word named like an object property is just a word", () => {
  assert.deepEqual(expand("constructor", {}, false), []);
  assert.deepEqual(expand("constructor", { constructor: [] }, false), [["constructor", EXACT]]);
});
