/* One search from query to what a result shows (theme/assets/search/results.js), on an index
   laid out as builder/outputs/search.py writes it, served by a loader from memory. */
import assert from "node:assert/strict";
import test from "node:test";

import { EARLY_ROWS, search, SHOWN, years } from "../../theme/assets/search/results.js";

const FIELDS = { number: 0, title: 1, type: 2, issuer: 3, tags: 4, section: 10 };
const COUNT = 30;

/* COUNT documents "N-CT/TW", each with "an ninh" in its only section; id 0 also has a full
   text (id COUNT) holding "an ninh mạng". */
function files() {
  const ids = [...Array(COUNT + 1).keys()];
  const gaps = (list) => list.map((id, i) => id - (i ? list[i - 1] : 0));
  const postings = (list, code) => gaps(list).flatMap((gap) => [gap, code, 1]);
  const all = ids.slice(0, COUNT);
  return {
    "search/docs.json": {
      docs: {
        levels: ["trung-uong"],
        types: ["chi-thi"],
        lv: ids.map(() => 0),
        ty: ids.map(() => 0),
        y: ids.map((id) => (id === 0 || id === COUNT ? 2002 : 2000 + (id % 3))),
        d: ids.map(() => 0),
        w: ids.map(() => 2),
        o: { [COUNT]: 0 },
        p: {},
      },
      fields: FIELDS,
      key_length: 2,
      shards: ["an", "ni", "ma"],
      prefetch: false,
      files: {
        shard: "search/shards/*.json",
        record: "search/record/*.json",
        text: "search/text/*.json",
        numbers: "search/numbers.json",
      },
    },
    "search/shards/an.json": { an: postings([...all, COUNT], 10) },
    "search/shards/ni.json": { ninh: postings([...all, COUNT], 10) },
    "search/shards/ma.json": { mang: postings([COUNT], 10) },
    "search/numbers.json": all.map((id) => [`${id + 1}-CT/TW`, "ct", id + 1, id]),
    ...Object.fromEntries(
      ids.flatMap((id) => [
        [
          `search/record/${id}.json`,
          {
            n: id === COUNT ? "1-CT/TW" : `${id + 1}-CT/TW`,
            t: "Văn bản",
            l: "Trung ương",
            tl: "Chỉ thị",
            d: "",
            u: id === COUNT ? "van-ban/a/toan-van/" : `van-ban/${id}/`,
            s: [["muc", "Mục"]],
          },
        ],
        [`search/text/${id}.json`, [["muc", "Mục", id === COUNT ? "An ninh mạng." : "An ninh."]]],
      ]),
    ),
  };
}

function loader() {
  const served = files();
  const asked = [];
  const load = async (path) => {
    asked.push(path);
    return served[path] || {};
  };
  load.index = "search/docs.json";
  return { load, asked };
}

test("a page of results, the count of all, one result a document", async () => {
  const { load } = loader();
  const found = await search("an ninh", {}, load);
  assert.equal(found.results.length, SHOWN);
  assert.equal(found.total, COUNT, "the full text is counted with its summary");
  const first = found.results.find((r) => r.url.startsWith("van-ban/0/"));
  assert.deepEqual(first.full, { url: "van-ban/a/toan-van/#muc", where: "Mục" });
});

test("filters count too", async () => {
  const { load } = loader();
  const found = await search("an ninh", { y: "2001" }, load);
  assert.equal(found.total, COUNT / 3);
});

test("only the results shown fetch their records, the first ten their texts", async () => {
  const { load, asked } = loader();
  await search("an ninh", {}, load);
  assert.equal(asked.filter((p) => p.startsWith("search/record/")).length, SHOWN + 1);
  assert.ok(asked.filter((p) => p.startsWith("search/text/")).length <= 11);
});

test("nothing found: the nearest numbers of its kind, or the query less a word", async () => {
  const { load } = loader();
  const found = await search("ct 45", {}, load);
  assert.deepEqual(found.results, []);
  assert.deepEqual(found.suggest, ["30-CT/TW", "29-CT/TW"], "ct alone finds nothing here");
  const words = await search("an ninh xyzw", {}, load);
  assert.deepEqual(words.suggest, ["an ninh"]);
});

test("the years filter lists each year once, newest first", async () => {
  const { load } = loader();
  assert.deepEqual(await years(load), [2002, 2001, 2000]);
});

test("the results page asks for more than a screen, and gets that many", async () => {
  const { load, asked } = loader();
  const found = await search("an ninh", {}, load, () => false, 25);
  assert.equal(found.results.length, 25);
  assert.equal(found.total, COUNT);
  assert.equal(asked.filter((p) => p.startsWith("search/record/")).length, 26);
});

test("the records of the results and of their full texts load in one round after the shards", async () => {
  const served = files();
  let delivered = 0;
  const rounds = new Map();
  const load = (path) => {
    rounds.set(path, delivered);
    return new Promise((resolve) =>
      setImmediate(() => {
        delivered += 1;
        resolve(served[path] || {});
      }),
    );
  };
  load.index = "search/docs.json";
  const found = await search("an ninh", {}, load);
  assert.ok(found.results.some((r) => r.full), "a full text is shown inside its summary");
  const round = (prefix) => new Set([...rounds].filter(([p]) => p.startsWith(prefix)).map(([, r]) => r));
  assert.equal(round("search/shards/").size, 1);
  const [shards] = round("search/shards/");
  assert.deepEqual([...round("search/record/")], [...round("search/text/")]);
  assert.equal(round("search/record/").size, 1, "no second round for the full text's record");
  assert.ok([...round("search/record/")][0] > shards);
});

test("an early answer (one word: the order is known before any text): the first rows complete, the others' files only once it is settled", async () => {
  const served = files();
  const asked = [];
  /* The texts of documents 0-2 load at once; any other text waits until released. */
  let release = null;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  const load = async (path) => {
    asked.push(path);
    return served[path] || {};
  };
  load.index = "search/docs.json";
  const alone = await search("ninh", {}, loader().load);
  let part = null;
  let askedAtEarly = 0;
  const found = await search("ninh", {}, load, () => false, SHOWN, (value) => {
    part = value;
    askedAtEarly = asked.length;
    setImmediate(release);
    return held;
  });
  assert.deepEqual(found, alone, "the full answer is the one without an early answer");
  assert.equal(part.results.length, EARLY_ROWS);
  assert.deepEqual(part.results, alone.results.slice(0, EARLY_ROWS), "its rows as complete");
  assert.equal(part.count, SHOWN);
  assert.equal(part.total, alone.total);
  const early = asked.slice(0, askedAtEarly);
  const later = asked.slice(askedAtEarly);
  assert.ok(later.some((p) => p.startsWith("search/text/")), "the other rows' texts come later");
  assert.ok(!later.some((p) => early.includes(p)), "no file is asked for twice");
});

test("an early answer overtaken by a newer search loads nothing more", async () => {
  const { load, asked } = loader();
  let stale = false;
  let before = 0;
  const found = await search("ninh", {}, load, () => stale, SHOWN, async () => {
    before = asked.length;
    stale = true;
  });
  assert.equal(found, null);
  assert.equal(asked.length, before);
});

test("no early answer when the loader holds the files of the other rows already", async () => {
  const { load } = loader();
  let called = false;
  const cached = {};
  const again = async (path) => (cached[path] ??= await load(path));
  again.index = load.index;
  again.has = (path) => path in cached;
  await search("ninh", {}, again);
  const found = await search("ninh", {}, again, () => false, SHOWN, () => {
    called = true;
  });
  assert.equal(called, false);
  assert.equal(found.results.length, SHOWN);
});
