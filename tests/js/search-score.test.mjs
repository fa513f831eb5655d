/* Ranking (theme/assets/search/score.js) on small hand-made indexes shaped like docs.json. */
import assert from "node:assert/strict";
import test from "node:test";

import {
  byScore,
  documents,
  FIELD_WEIGHTS,
  group,
  queryTokens,
  shardKeys,
  typoShardKeys,
  FULLTEXT_WEIGHT,
  LEVEL_PRIOR,
  NUMBER_BONUS,
  rankPhrases,
  score,
  SECTION_PHRASE_BONUS,
  SECTION_WEIGHT,
  TITLE_PHRASE_BONUS,
} from "../../theme/assets/search/score.js";
import { tokens } from "../../theme/assets/search/tokenize.js";

/* The same table builder/outputs/search.py writes (tests/test_search_rules.py ties them). */
const FIELDS = { number: 0, title: 1, type: 2, issuer: 3, tags: 4, section: 10 };

function doc(fields) {
  return { n: "", t: "", lv: "trung-uong", y: 2025, d: "", s: [], ...fields };
}

/** An index of `docs`, each with its texts by field name ("section" = its first section),
    postings written as builder/outputs/search.py writes them: each document id as the gap
    from the word's previous one. A record's title `t` gives its length in words `w`. */
function index(entries) {
  const shards = {};
  const docs = [];
  const last = {};
  entries.forEach(([record, texts], id) => {
    docs.push({ ...record, w: tokens(record.t || "").length });
    for (const [field, text] of Object.entries(texts)) {
      const counts = {};
      for (const t of tokens(text)) counts[t] = (counts[t] || 0) + 1;
      for (const [word, count] of Object.entries(counts)) {
        const shard = (shards[word.slice(0, 2)] = shards[word.slice(0, 2)] || {});
        (shard[word] = shard[word] || []).push(id - (last[word] || 0), FIELDS[field], count);
        last[word] = id;
      }
    }
  });
  return { shards, meta: { docs, fields: FIELDS, key_length: 2 } };
}

function ids(query, built) {
  return score(query, built.shards, built.meta).results.map((r) => r.id);
}

test("weights: number over title over tags over type over issuer over body", () => {
  const w = FIELD_WEIGHTS;
  assert.ok(w.number > w.title && w.title > w.tags && w.tags > w.type);
  assert.ok(w.type > w.issuer && w.issuer > SECTION_WEIGHT);
});

test("every query word must be found", () => {
  const built = index([
    [doc({ t: "An ninh mạng" }), { title: "An ninh mạng" }],
    [doc({ t: "An ninh" }), { title: "An ninh" }],
  ]);
  assert.deepEqual(ids("an ninh mang", built), [0]);
  assert.deepEqual(ids("an ninh", built).sort(), [0, 1]);
});

test("a word in the title outweighs the same word in the body", () => {
  const built = index([
    [doc({ t: "Kế hoạch" }), { title: "Kế hoạch", section: "chuyển đổi số" }],
    [doc({ t: "Chuyển đổi số" }), { title: "Chuyển đổi số" }],
  ]);
  assert.deepEqual(ids("chuyen doi so", built), [1, 0]);
});

test("a number and its kind name the document, whatever the texts repeat", () => {
  const body = "57 ".repeat(50) + "chỉ thị ".repeat(50);
  const built = index([
    [doc({ t: "Chỉ thị 57 ở mọi nơi" }), { title: "Chỉ thị 57 ở mọi nơi", section: body }],
    [doc({ n: "57-CT/TW" }), { number: "57-CT/TW", type: "Chỉ thị" }],
  ]);
  assert.deepEqual(ids("chỉ thị 57", built), [1, 0]);
  assert.deepEqual(ids("ct 57", built), [1]);
  const found = score("57-CT/TW", built.shards, built.meta).results[0];
  assert.ok(found.score > NUMBER_BONUS);
});

test("the number bonus needs a number: words of the kind alone are no number", () => {
  const built = index([[doc({}), { type: "Chỉ thị" }]]);
  const found = score("chi thi", built.shards, built.meta).results[0];
  assert.ok(found.score < NUMBER_BONUS);
});

test("a short title about the words beats a long one mentioning them", () => {
  const long = "Bảo mật thông tin " + "và nhiều việc khác nữa ".repeat(6);
  const built = index([
    [doc({ t: long }), { title: long }],
    [doc({ t: "Bảo mật thông tin" }), { title: "Bảo mật thông tin" }],
  ]);
  assert.deepEqual(ids("bảo mật", built), [1, 0]);
});

test("the query as typed inside a title earns the title phrase bonus", () => {
  const built = index([
    [doc({ t: "Thông tin bảo mật" }), { title: "Thông tin bảo mật" }],
    [doc({ t: "Bảo mật thông tin" }), { title: "Bảo mật thông tin" }],
  ]);
  const result = score("bảo mật thông tin", built.shards, built.meta);
  const before = Object.fromEntries(result.results.map((r) => [r.id, r.score]));
  rankPhrases(result, {}, { 0: { t: "Thông tin bảo mật" }, 1: { t: "Bảo mật, thông tin" } });
  const [first, second] = result.results;
  assert.equal(first.id, 1);
  assert.equal(before[0], before[1], "the same words: only the phrase tells them apart");
  const bonus = TITLE_PHRASE_BONUS * LEVEL_PRIOR["trung-uong"];
  assert.ok(Math.abs(first.score - second.score - bonus) < 1e-9);
});

test("a full text ranks below its summary", () => {
  const built = index([
    [doc({ t: "Toàn văn: An ninh", f: 1 }), { title: "An ninh" }],
    [doc({ t: "An ninh" }), { title: "An ninh" }],
  ]);
  const [summary, full] = score("an ninh", built.shards, built.meta).results;
  assert.deepEqual([summary.id, full.id], [1, 0]);
  assert.ok(Math.abs(full.score / summary.score - FULLTEXT_WEIGHT) < 1e-9);
});

test("central before province before commune on the same words", () => {
  const built = index([
    [doc({ lv: "xa" }), { section: "an ninh" }],
    [doc({ lv: "tinh" }), { section: "an ninh" }],
    [doc({ lv: "trung-uong" }), { section: "an ninh" }],
  ]);
  assert.deepEqual(ids("an ninh", built), [2, 1, 0]);
});

test("the last word is a prefix; a finished word may hold one typo", () => {
  const built = index([[doc({}), { section: "an ninh mạng" }]]);
  assert.deepEqual(ids("an ni", built), [0]);
  assert.deepEqual(ids("an ninhh mang", built), [0]);
  assert.deepEqual(ids("an ni mang", built), []);
});

test("the section where the words weigh most is remembered", () => {
  const built = index([[doc({}), { section: "an ninh" }]]);
  const entry = score("an ninh", built.shards, built.meta).results[0].entry;
  assert.deepEqual(Object.keys(entry.sections), ["0"]);
  assert.deepEqual(entry.words, { an: 1, ninh: 2 });
});

test("ties: newer year, then later date (yyyymmdd), then lower id", () => {
  const at = (y, d) => ({ doc: { y, d }, score: 1 });
  const order = [
    { id: 2, ...at(2024, 20240101) },
    { id: 1, ...at(2025, 20250131) },
    { id: 4, ...at(2025, 20250201) },
    { id: 3, ...at(2025, 20250102) },
    { id: 0, ...at(2025, 20250102) },
  ].sort(byScore);
  assert.deepEqual(order.map((r) => r.id), [4, 1, 0, 3, 2], "1 February after 31 January");
});

test("docs.json's columns become one object a document", () => {
  const columns = {
    levels: ["", "tinh", "trung-uong"],
    types: ["chi-thi", "huong-dan"],
    lv: [2, 1, 0, 2],
    ty: [0, 0, 1, 0],
    y: [2025, 2026, 2026, 2025],
    d: [20251231, 20260105, 0, 20251231],
    w: [12, 9, 7, 14],
    o: { 3: 0 },
    p: { 1: [0] },
  };
  assert.deepEqual(documents(columns), [
    { lv: "trung-uong", ty: "chi-thi", y: 2025, d: 20251231, w: 12 },
    { lv: "tinh", ty: "chi-thi", y: 2026, d: 20260105, w: 9, p: [0] },
    { lv: "", ty: "huong-dan", y: 2026, d: 0, w: 7 },
    { lv: "trung-uong", ty: "chi-thi", y: 2025, d: 20251231, w: 14, f: 1, o: 0 },
  ]);
});

function found(query, built) {
  return score(query, built.shards, built.meta);
}

test("the exact phrase in a section lifts a result and points to that section", () => {
  const built = index([
    [doc({ t: "Trần" }), { title: "Trần", section: "cẩm tú" }],
    [doc({ t: "Khác" }), { section: "Trần Cẩm Tú" }],
  ]);
  const result = found("trần cẩm tú", built);
  assert.equal(result.results[0].id, 0);
  const before = result.results.find((r) => r.id === 1).score;
  rankPhrases(result, {
    0: [["", "", "Trần và cẩm tú"]],
    1: [["", "", "x"], ["", "", "Trần Cẩm Tú"]],
  });
  const lifted = result.results[0];
  assert.equal(lifted.id, 1);
  assert.equal(lifted.phraseSection, 1);
  assert.equal(lifted.phrase, 2, "the exact phrase");
  assert.ok(Math.abs(lifted.score - before - SECTION_PHRASE_BONUS) < 1e-9);
});

test("a phrase with a number earns the bonus but no precedence over scores", () => {
  const built = index([[doc({}), { section: "chỉ thị 57" }]]);
  const result = found("chi thi 57", built);
  rankPhrases(result, { 0: [["", "", "Chỉ thị 57"]] });
  assert.equal(result.results[0].phrase, 0);
  assert.equal(result.results[0].phraseSection, 0);
});

test("one word is no phrase", () => {
  const built = index([[doc({}), { section: "ninh" }]]);
  const result = found("ninh", built);
  rankPhrases(result, { 0: [["", "", "ninh"]] });
  assert.equal(result.results[0].phraseSection, undefined);
});

test("when both hold the phrase, the original comes before what carries it out", () => {
  const built = index([
    [doc({ lv: "trung-uong" }), { section: "bình dân học vụ số" }],
    [doc({ lv: "tinh", p: [0] }), { title: "bình dân học vụ số", section: "bình dân học vụ số" }],
  ]);
  const result = found("bình dân học vụ số", built);
  assert.equal(result.results[0].id, 1);
  const text = [["", "", "Phong trào Bình dân học vụ số."]];
  rankPhrases(result, { 0: text, 1: text });
  assert.deepEqual(result.results.map((r) => r.id), [0, 1]);
});

test("a number matches with or without its leading zero, glued to its kind or not", () => {
  const built = index([
    [doc({ n: "04-CT/TW" }), { number: "04-CT/TW", type: "Chỉ thị" }],
    [doc({ n: "19-CTr/TU" }), { number: "19-CTr/TU", section: "chỉ thị 4 nội dung" }],
  ]);
  for (const query of ["ct 4", "ct4", "4ct", "chi thi 4", "CT 04", "04-ct/tw", "CHỈ THỊ 04"]) {
    assert.equal(ids(query, built)[0], 0, query);
  }
});

test("a typo that is a word counts only where the query's words then form a phrase", () => {
  const built = index([
    [doc({}), { section: "bảo mật thông tin" }],
    [doc({}), { section: "bảo mật và thông tim" }],
    [doc({}), { section: "thông tin bảo mật" }],
  ]);
  const result = found("bao mat thong tim", built);
  assert.deepEqual(result.results.map((r) => [r.id, r.needsPhrase]).sort(), [
    [0, true],
    [1, false],
    [2, true],
  ]);
  rankPhrases(result, {
    0: [["", "", "Bảo mật thông tin"]],
    1: [["", "", "Bảo mật và thông tim"]],
    2: [["", "", "Thông tin bảo mật"]],
  });
  assert.deepEqual(
    result.results.map((r) => r.id),
    [0, 1],
    "the near phrase first; the typo without a phrase dropped",
  );
  assert.equal(result.results[0].phrase, 1, "a near phrase ranks below an exact one");
});

test("raw Telex or VNI keys are read as the word they spell only when the index has it", () => {
  const built = index([[doc({}), { section: "văn hóa đọc an ninh mạng" }]]);
  assert.ok(["va", "ma"].every((k) => shardKeys("vawn ma5ng", 2).includes(k)));
  assert.deepEqual(queryTokens("vawn hoas ddocj", built.shards, 2), ["van", "hoa", "doc"]);
  assert.deepEqual(queryTokens("an ninh maJng", built.shards, 2), ["an", "ninh", "mang"]);
  assert.deepEqual(queryTokens("ma5ng", built.shards, 2), ["mang"]);
  assert.deepEqual(queryTokens("ct57 hoas", {}, 2), ["ct", "57", "hoas"], "unknown either way");
  assert.deepEqual(ids("vawn hoas ddocj", built), [0]);
});

test("a typo in a word's first letters asks for the shard its word is in", () => {
  const built = index([[doc({}), { section: "an ninh mạng" }]]);
  assert.deepEqual(typoShardKeys("an ninh mnag", built.shards, 2), ["nm", "na", "ma"]);
  assert.deepEqual(typoShardKeys("an ninh mang", built.shards, 2), []);
  assert.deepEqual(ids("an ninh mnag", built), [0]);
});

test("a full text joins its summary's result, where the better of the two ranked", () => {
  const built = index([
    [doc({ t: "Tóm tắt" }), { section: "an ninh" }],
    [doc({ t: "Khác" }), { title: "an ninh", section: "an ninh" }],
    [doc({ f: 1, o: 0 }), { title: "an ninh an ninh", section: "an ninh" }],
    [doc({ f: 1, o: 1 }), { section: "an" }],
    [doc({ f: 1, o: 9 }), { section: "an ninh" }],
  ]);
  const result = found("an ninh", built);
  group(result);
  const shown = result.results.map((r) => [r.id, r.full ? r.full.id : null]);
  assert.equal(shown.length, 3, "one result per document");
  assert.deepEqual(shown.find(([id]) => id === 0), [0, 2]);
  assert.deepEqual(shown.find(([id]) => id === 1), [1, null], "its full text lacks ninh");
  assert.deepEqual(shown.find(([id]) => id === 4), [4, null], "alone without its summary");
});

test("a number with its issuer part still earns the number bonus", () => {
  const built = index([
    [doc({}), { number: "57-CT", issuer: "TW Ban Bí thư", type: "Chỉ thị" }],
    [doc({}), { section: "57 ct tw tw tw" }],
  ]);
  const [first] = found("57-CT/TW", built).results;
  assert.equal(first.id, 0);
  assert.ok(first.score > NUMBER_BONUS);
});
