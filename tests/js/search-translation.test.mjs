/* Queries on an index holding a Hmong RPA text (tests/fixtures/search/translation_queries.json,
   shared with tests/test_translation.py): Hmong words are searched as typed, raw Telex keys
   still find their Vietnamese word. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";

import { untyped } from "../../theme/assets/search/keys.js";
import { search } from "../../theme/assets/search/results.js";
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

/* A summary (id 0, "an") and its Hmong translation (id 1, "an", "txoj peb"; `o` → 0, `lg`), as
   builder/outputs/search.py `_translation_doc` writes them. */
function translationFiles() {
  const record = (u, t, extra = {}) => ({
    n: "57-CT/TW", t, l: "Trung ương", tl: "Chỉ thị", d: "31/12/2025", u,
    s: [["muc", "Mục <b>"]], ...extra,
  });
  return {
    "search/docs.json": {
      docs: {
        levels: ["trung-uong"], types: ["chi-thi"], lv: [0, 0], ty: [0, 0], y: [2025, 2025],
        d: [20251231, 20251231], w: [2, 2], o: { 1: 0 }, p: {},
      },
      fields: { number: 0, title: 1, type: 2, issuer: 3, tags: 4, section: 10 },
      key_length: 2,
      shards: ["57", "an", "tx", "pe"],
      prefetch: false,
      files: {
        shard: "search/shards/*.json", record: "search/record/*.json",
        text: "search/text/*.json", numbers: "search/numbers.json",
      },
    },
    "search/shards/57.json": { 57: [0, 0, 1, 1, 0, 1] },
    "search/shards/an.json": { an: [0, 10, 1, 1, 10, 1] },
    "search/shards/tx.json": { txoj: [1, 10, 2] },
    "search/shards/pe.json": { peb: [1, 10, 1] },
    "search/numbers.json": [["57-CT/TW", "ct", 57, 0]],
    "search/record/0.json": record("van-ban/57-ct-tw/", "Về an ninh mạng"),
    "search/record/1.json": record("van-ban/57-ct-tw/hnj/", "Bản tiếng Mông: Về an ninh mạng", {
      lg: "tiếng <Mông>",
    }),
    "search/text/0.json": [["muc", "Mục", "An ninh."]],
    "search/text/1.json": [["muc", "Mục", "Txoj peb txoj."]],
  };
}

function translationLoader() {
  const served = translationFiles();
  const load = async (path) => served[path] || {};
  load.index = "search/docs.json";
  return load;
}

test("a Hmong query finds the translation alone, its result naming the language", async () => {
  const found = await search("txoj peb", {}, translationLoader());
  assert.equal(found.results.length, 1);
  const [first] = found.results;
  assert.equal(first.url, "van-ban/57-ct-tw/hnj/#muc");
  assert.match(first.meta, /khớp trong bản tiếng &lt;Mông&gt;$/, "escaped");
});

test("in both, one result: the summary, its link into the translation naming the language", async () => {
  const found = await search("an", {}, translationLoader());
  assert.equal(found.results.length, 1);
  const [first] = found.results;
  assert.equal(first.url, "van-ban/57-ct-tw/#muc");
  assert.deepEqual(first.full, {
    url: "van-ban/57-ct-tw/hnj/#muc",
    where: "Mục &lt;b&gt;",
    lang: "tiếng &lt;Mông&gt;",
  });
});
