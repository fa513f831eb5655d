/* Raw Telex and VNI keys read back as words (theme/assets/search/keys.js). */
import assert from "node:assert/strict";
import test from "node:test";

import { untyped } from "../../theme/assets/search/keys.js";

test("Telex: tone keys, doubled vowels, w and dd", () => {
  assert.equal(untyped("vawn"), "van");
  assert.equal(untyped("hoas"), "hoa");
  assert.equal(untyped("ddocj"), "doc");
  assert.equal(untyped("majng"), "mang", "a tone key typed before the final consonants");
  assert.equal(untyped("nwowc"), "nuoc", "w alone is ư");
  assert.equal(untyped("xuaats"), "xuat");
  assert.equal(untyped("nghiax"), "nghia");
});

test("VNI: digits after the vowel, 9 for đ", () => {
  assert.equal(untyped("vie65t"), "viet");
  assert.equal(untyped("d9o5c"), "doc");
  assert.equal(untyped("ma5ng"), "mang");
});

test("what spells nothing else stays as typed", () => {
  for (const word of ["mang", "tin", "ct57", "57ct", "ct", "57", "an"]) {
    assert.equal(untyped(word), "", word);
  }
});
