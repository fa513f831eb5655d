/* What a result shows (theme/assets/search/snippet.js). */
import assert from "node:assert/strict";
import test from "node:test";

import {
  bestSection,
  escapeHTML,
  highlight,
  snippet,
  SNIPPET_LENGTH,
} from "../../theme/assets/search/snippet.js";

test("escapes what HTML would read", () => {
  assert.equal(escapeHTML('<a href="x">&</a>'), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
});

test("marks the words matched, whatever their diacritics and punctuation", () => {
  const words = { bao: 1, mat: 2 };
  const marked = "<mark>Bảo</mark> <mark>mật,</mark> thông tin";
  assert.equal(highlight("Bảo mật, thông tin", words), marked);
  assert.equal(highlight("<b>mật</b>", words), "<mark>&lt;b&gt;mật&lt;/b&gt;</mark>");
  assert.equal(highlight("không có", words), "không có");
});

test("the sentence with the phrase beats one with more scattered words", () => {
  const words = { an: 1, ninh: 2, mang: 3 };
  const text = "Ninh, mạng và an toàn. Bảo đảm an ninh mạng. Khác.";
  assert.equal(snippet(text, words, " an ninh mang "), "Bảo đảm an ninh mạng.");
});

test("else the sentence matching the most distinct query words", () => {
  const words = { an: 1, ninh: 2 };
  const text = "An an an an. An toàn và ninh. Khác.";
  assert.equal(snippet(text, words, " an ninh x "), "An toàn và ninh.");
});

test("no match: the first sentence", () => {
  assert.equal(snippet("Một. Hai.", {}, " x "), "Một.");
});

test("a long sentence is cut at a word and ends with an ellipsis", () => {
  const text = "từ ".repeat(100).trim() + ".";
  const cut = snippet(text, { tu: 1 }, " tu ");
  assert.ok(cut.endsWith(" …"));
  assert.ok(cut.length <= SNIPPET_LENGTH + 2);
  assert.ok(!cut.slice(0, -2).endsWith(" ") && cut.slice(0, -2).endsWith("từ"));
});

test("the section where the words weigh most, or -1", () => {
  assert.equal(bestSection({ sections: { 0: 1, 2: 3, 1: 2 } }), 2);
  assert.equal(bestSection({ sections: {} }), -1);
});

test("a number is marked only when it is the query's document number", () => {
  const words = { ct: 1, 57: 2, tw: 3 };
  const query = ["ct", "57"];
  const text = "Thực hiện 57-NQ/TW và 57-CT/TW, 57 nhiệm vụ";
  assert.equal(
    highlight(text, words, query),
    "Thực hiện 57-NQ/TW và <mark>57-CT/TW,</mark> <mark>57</mark> nhiệm vụ",
  );
  assert.equal(highlight("57-NQ/TW", { 57: 1 }, ["57"]), "<mark>57-NQ/TW</mark>", "only a number");
  assert.equal(highlight("Nghị quyết 57-NQ/TW", { nq: 1 }, ["nq"]), "Nghị quyết <mark>57-NQ/TW</mark>");
});
