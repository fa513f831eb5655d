/* Queries on an index holding a Hmong RPA text (tests/fixtures/search/translation_queries.json,
   shared with tests/test_translation.py): Hmong words are searched as typed, raw Telex keys
   still find their Vietnamese word. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";

import { untyped } from "../../theme/assets/search/keys.js";
import { queryTokens } from "../../theme/assets/search/score.js";

const table = JSON.parse(
  readFileSync(new URL("../fixtures/search/translation_queries.json", import.meta.url), "utf8"),
);
const KEY = 2;
const shards = {};
for (const word of table.vocabulary) {
  (shards[word.slice(0, KEY)] ||= {})[word] = [0, 10, 1];
}

for (const c of table.cases) {
  test(`"${c.query}" → ${c.tokens.join(" ")}: ${c.why}`, () => {
    assert.deepEqual(queryTokens(c.query, shards, KEY), c.tokens);
  });
}

test("the Hmong words would be misread as Telex without the index", () => {
  assert.equal(untyped("txoj"), "txo");
  assert.equal(untyped("hmoob"), "hmob");
  assert.equal(untyped("lus"), "lu");
});
