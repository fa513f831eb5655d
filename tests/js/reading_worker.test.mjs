// What the reading list relies on in the service worker (builder/outputs/sw.js): its own cache
// ("sotay:xem-sau:<root>") outlives a new build and is served from when offline.
// Run with `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const WORKER = readFileSync(new URL("../../builder/outputs/sw.js", import.meta.url), "utf8");
const PAGE = readFileSync(new URL("../../theme/assets/sotay-reading.js", import.meta.url), "utf8");
const ORIGIN = "https://example.org";
const SAVED = "sotay:xem-sau:/";

function load(stored) {
  const handlers = {};
  const deleted = [];
  const sandbox = {
    self: {
      location: { origin: ORIGIN },
      addEventListener(type, handler) { handlers[type] = handler; },
      skipWaiting: async () => {},
      clients: { claim: async () => {} },
    },
    caches: {
      async keys() { return Object.keys(stored); },
      async delete(name) { deleted.push(name); return true; },
      async open() { return { async put() {}, async addAll() {} }; },
      // The Cache API's global match looks in every cache of the origin.
      async match(request) {
        const url = typeof request === "string" ? request : request.url;
        for (const cache of Object.values(stored)) if (cache[url]) return cache[url];
        return undefined;
      },
    },
    fetch: async () => { throw new TypeError("offline"); },
    Response: class { constructor(body, init) { this.body = body; this.status = init.status; } },
    URL,
    Promise,
  };
  const build = { version: "sotay-new", shell: [], search: [] };
  vm.runInNewContext(WORKER.replace("__SOTAY_BUILD__", JSON.stringify(build)), sandbox);
  return { handlers, deleted };
}

async function dispatch(handler, event) {
  let pending = Promise.resolve();
  let response;
  handler({ ...event, waitUntil(p) { pending = p; }, respondWith(p) { response = p; } });
  await pending;
  return response && (await response);
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
  const page = { body: "57-CT/TW" };
  const sheet = { body: "css" };
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
  const { handlers } = load({ [SAVED]: { [`${ORIGIN}/van-ban/57-ct-tw/`]: { body: "old" } } });
  const request = { method: "HEAD", url: `${ORIGIN}/van-ban/57-ct-tw/` };
  assert.equal(await dispatch(handlers.fetch, { request }), undefined);
});
