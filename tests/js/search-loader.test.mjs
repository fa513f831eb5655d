/* The search worker's loader (theme/assets/search/results.js makeLoader): the files the
   service worker keeps in this build's cache are read there, anything else is fetched. */
import assert from "node:assert/strict";
import test from "node:test";

import { fakeCaches } from "./fake_cache.mjs";
import { makeLoader } from "../../theme/assets/search/results.js";

const BASE = "https://example.org/";
const BUILD = "sotay-0123456789abcdef";
const json = (value) => ({ ok: true, json: async () => value, clone: () => json(value) });

/* Runs `body` with `caches` (or none) and a fetch that records what it is asked: body gets
   the URLs fetched and the options each was fetched with. */
async function withGlobals(caches, body) {
  const fetched = [];
  const options = [];
  const saved = { caches: globalThis.caches, fetch: globalThis.fetch };
  globalThis.caches = caches;
  globalThis.fetch = async (url, given) => {
    fetched.push(url);
    options.push(given);
    return json({ from: "network" });
  };
  try {
    await body(fetched, options);
  } finally {
    globalThis.caches = saved.caches;
    globalThis.fetch = saved.fetch;
  }
}

test("a file in the build's cache is read there, once; one missing is fetched", async () => {
  const caches = fakeCaches({
    [BUILD]: { [BASE + "search/shards/an.json"]: json({ from: "cache" }) },
    "sotay:ban-luu:/": { [BASE + "search/text/1.json"]: json({ from: "saved" }) },
  });
  await withGlobals(caches, async (fetched, options) => {
    const load = makeLoader(BASE, "search/docs.json");
    assert.deepEqual(await load("search/shards/an.json"), { from: "cache" });
    assert.deepEqual(await load("search/text/1.json"), { from: "network" });
    await load("search/shards/an.json");
    await load("search/text/1.json");
    assert.deepEqual(fetched, [BASE + "search/text/1.json"], "each file asked for once");
    assert.deepEqual(options, [{ cache: "no-store" }], "past the service worker");
    const kept = await (await caches.open(BUILD)).match(BASE + "search/text/1.json");
    assert.deepEqual(await kept.json(), { from: "network" }, "kept in the build's cache");
  });
  await withGlobals(caches, async (fetched) => {
    const load = makeLoader(BASE, "search/docs.json");
    assert.deepEqual(await load("search/text/1.json"), { from: "network" });
    assert.deepEqual(fetched, [], "the next page reads it from the build's cache");
  });
});

test("a file that failed is not kept in the build's cache", async () => {
  const caches = fakeCaches({ [BUILD]: {} });
  await withGlobals(caches, async () => {
    globalThis.fetch = async () => ({ ok: false, status: 404, json: async () => ({}) });
    const load = makeLoader(BASE, "search/docs.json");
    assert.deepEqual(await load("search/text/9.json"), {});
    assert.deepEqual((await caches.open(BUILD)).urls(), []);
  });
});

test("two builds' caches (a new one installing): every file goes to the service worker", async () => {
  const entry = { [BASE + "search/shards/an.json"]: json({ from: "cache" }) };
  const caches = fakeCaches({ [BUILD]: entry, "sotay-fedcba9876543210": entry });
  await withGlobals(caches, async (fetched) => {
    const load = makeLoader(BASE, "search/docs.json");
    assert.deepEqual(await load("search/shards/an.json"), { from: "network" });
    assert.equal(fetched.length, 1);
  });
});

test("no Cache Storage (an insecure page): the files are fetched", async () => {
  await withGlobals(undefined, async (fetched) => {
    const load = makeLoader(BASE, "search/docs.json");
    assert.deepEqual(await load("search/docs.json"), { from: "network" });
    assert.deepEqual(fetched, [BASE + "search/docs.json"]);
  });
});
