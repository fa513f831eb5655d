// The service worker's search path (builder/outputs/sw.js): the index files kept at install are
// answered from this build's cache, with no network trip and no second copy written. Run with
// `node --test tests/js/`, on the fake caches of tests/js/fake_cache.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeResponse, ORIGIN, dispatch, fakeCaches, loadWorker } from "./fake_cache.mjs";

const BUILD = {
  version: "sotay-abc", shell: ["./"], search: ["search/docs.json", "search/shards/an.json"],
  offline: "khong-co-mang/",
};

function counting(body = "network") {
  const asked = [];
  const network = async (request) => {
    asked.push(request.url);
    return new FakeResponse(body);
  };
  return { asked, network };
}

test("a kept search file comes from the cache, not the network, and is not put again", async () => {
  const kept = new FakeResponse("{\"an\":[0,1,1]}");
  const caches = fakeCaches({ "sotay-abc": { [`${ORIGIN}/sotay/search/shards/an.json`]: kept } });
  const { asked, network } = counting();
  const { handlers } = loadWorker(BUILD, { caches, network, scope: `${ORIGIN}/sotay/` });
  const request = { method: "GET", url: `${ORIGIN}/sotay/search/shards/an.json` };
  assert.equal(await dispatch(handlers.fetch, { request }), kept);
  assert.deepEqual(asked, []);
  assert.deepEqual((await caches.open("sotay-abc")).urls(), [request.url]);
});

test("a kept search file missing from the cache (cleared) is fetched and kept", async () => {
  const caches = fakeCaches({ "sotay-abc": {} });
  const { asked, network } = counting("{}");
  const { handlers } = loadWorker(BUILD, { caches, network });
  const request = { method: "GET", url: `${ORIGIN}/search/docs.json` };
  assert.equal(await (await dispatch(handlers.fetch, { request })).text(), "{}");
  assert.deepEqual(asked, [request.url]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual((await caches.open("sotay-abc")).urls(), [request.url]);
});

test("a search file not kept at install (a text) still goes to the network first", async () => {
  const old = new FakeResponse("old");
  const caches = fakeCaches({ "sotay-abc": { [`${ORIGIN}/search/text/3.json`]: old } });
  const { asked, network } = counting("new");
  const { handlers } = loadWorker(BUILD, { caches, network });
  const request = { method: "GET", url: `${ORIGIN}/search/text/3.json` };
  assert.equal(await (await dispatch(handlers.fetch, { request })).text(), "new");
  assert.deepEqual(asked, [request.url]);
});

test("another build's cache never answers a kept search file", async () => {
  const stale = new FakeResponse("old build");
  const caches = fakeCaches({
    "sotay-old": { [`${ORIGIN}/search/docs.json`]: stale }, "sotay-abc": {},
  });
  const { network } = counting("this build");
  const { handlers } = loadWorker(BUILD, { caches, network });
  const request = { method: "GET", url: `${ORIGIN}/search/docs.json` };
  assert.equal(await (await dispatch(handlers.fetch, { request })).text(), "this build");
});
