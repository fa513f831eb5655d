// What the reading list relies on in the service worker (builder/outputs/sw.js): its own cache
// ("sotay:xem-sau:<root>") outlives a new build and is served from when offline.
// Run with `node --test tests/js/`; the fake Cache API is tests/js/fake_cache.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { FakeResponse, ORIGIN, dispatch, fakeCaches, loadWorker } from "./fake_cache.mjs";

const PAGE = readFileSync(new URL("../../theme/assets/sotay-reading.js", import.meta.url), "utf8");
const SAVED = "sotay:xem-sau:/";

function load(stored) {
  const caches = fakeCaches(stored);
  const build = { version: "sotay-new", shell: [], search: [], offline: "khong-co-mang/" };
  const { handlers } = loadWorker(build, { caches });
  return { handlers, deleted: caches.deleted };
}

test("the page module names the cache the worker leaves alone", () => {
  assert.match(PAGE, /var CACHE = "sotay:xem-sau:" \+ ROOT_PATH;/);
});

test("a new build drops the old build's cache, never the saved pages", async () => {
  const { handlers, deleted } = load({ "sotay-old": {}, "sotay-new": {}, [SAVED]: {} });
  await dispatch(handlers.activate, {});
  assert.deepEqual(deleted, ["sotay-old"]);
});

test("offline, a saved page and its old build's stylesheet come from the saved cache", async () => {
  const page = new FakeResponse("57-CT/TW");
  const sheet = new FakeResponse("css");
  const { handlers } = load({
    "sotay-new": {},
    [SAVED]: {
      [`${ORIGIN}/van-ban/57-ct-tw/`]: page,
      [`${ORIGIN}/assets/stylesheets/main.old.min.css`]: sheet,
    },
  });
  for (const [url, expected] of [
    [`${ORIGIN}/van-ban/57-ct-tw/`, page],
    [`${ORIGIN}/van-ban/57-ct-tw/index.html`, page],
    [`${ORIGIN}/assets/stylesheets/main.old.min.css`, sheet],
  ]) {
    assert.equal(await dispatch(handlers.fetch, { request: { method: "GET", url } }), expected, url);
  }
});

test("the existence check (HEAD) is never answered from a cache", async () => {
  const { handlers } = load({ [SAVED]: { [`${ORIGIN}/van-ban/57-ct-tw/`]: new FakeResponse("old") } });
  const request = { method: "HEAD", url: `${ORIGIN}/van-ban/57-ct-tw/` };
  assert.equal(await dispatch(handlers.fetch, { request }), undefined);
});
