/* Folding and tokenising (theme/assets/search/fold.js, tokenize.js) on the cases shared with
   the Python indexer (tests/fixtures/search/folding.json). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";

import { fold } from "../../theme/assets/search/fold.js";
import { foldToken, isNumber, tokens } from "../../theme/assets/search/tokenize.js";

const cases = JSON.parse(
  readFileSync(new URL("../fixtures/search/folding.json", import.meta.url), "utf8"),
);

test("the shared table has the cases the indexer is tested on", () => {
  assert.ok(cases.length >= 30);
});

for (const c of cases) {
  test(`folds ${JSON.stringify(c.text)}: ${c.why}`, () => {
    assert.equal(fold(c.text), c.fold);
    assert.deepEqual(tokens(c.text), c.tokens);
    assert.deepEqual(tokens(c.text.normalize("NFD")), c.tokens);
  });
}

test("final y after consonants only, qu counting as one", () => {
  assert.equal(foldToken("ty"), "ti");
  assert.equal(foldToken("thy"), "thi");
  assert.equal(foldToken("quy"), "qui");
  assert.equal(foldToken("uy"), "uy");
  assert.equal(foldToken("ngay"), "ngay");
  assert.equal(foldToken("yeu"), "yeu");
  assert.equal(foldToken("nghy"), "nghy"); // three consonants: not a Vietnamese syllable
});

test("a number is digits only", () => {
  assert.ok(isNumber("57"));
  assert.ok(!isNumber("57ct"));
  assert.ok(!isNumber(""));
});
