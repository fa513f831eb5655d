// The service worker (builder/outputs/sw.js) run in a sandbox with fake caches and network.
// Run with `node --test tests/js/`; tests/test_offline.py runs it too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SOURCE = readFileSync(new URL("../../builder/outputs/sw.js", import.meta.url), "utf8");
const ORIGIN = "https://example.org";

function fakeCaches(stored) {
  const opened = {};
  return {
    opened,
    deleted: [],
    async open(name) {
      opened[name] ??= { added: [], kept: [], async addAll(urls) { this.added.push(...urls); },
        async put(request) { this.kept.push(request.url); } };
      return opened[name];
    },
    async keys() { return Object.keys(stored); },
    async delete(name) { this.deleted.push(name); return true; },
    async match(request) {
      const url = typeof request === "string" ? request : request.url;
      return stored.pages?.[url];
    },
  };
}

function load(build, { network, stored = {} } = {}) {
  const handlers = {};
  const sandbox = {
    self: {
      location: { origin: ORIGIN },
      addEventListener(type, handler) { handlers[type] = handler; },
      skipWaiting: async () => {},
      clients: { claim: async () => {} },
    },
    caches: fakeCaches(stored),
    fetch: network ?? (async () => { throw new TypeError("offline"); }),
    Response: class { constructor(body, init) { this.body = body; this.status = init.status; } },
    URL,
    Promise,
  };
  vm.runInNewContext(SOURCE.replace("__SOTAY_BUILD__", JSON.stringify(build)), sandbox);
  return { handlers, sandbox };
}

async function dispatch(handler, event) {
  let pending = Promise.resolve();
  let response;
  handler({
    ...event,
    waitUntil(promise) { pending = promise; },
    respondWith(promise) { response = promise; },
  });
  await pending;
  return response && (await response);
}

const BUILD = { version: "sotay-abc", shell: ["./", "assets/sotay.js"], search: ["search/docs.json"] };

test("the placeholder appears once, where BUILD is defined", () => {
  assert.equal(SOURCE.split("__SOTAY_BUILD__").length, 2);
  assert.match(SOURCE, /^var BUILD = __SOTAY_BUILD__;$/m);
});

test("install precaches the shell and the search files under this build's name", async () => {
  const { handlers, sandbox } = load(BUILD);
  await dispatch(handlers.install, {});
  assert.deepEqual(sandbox.caches.opened["sotay-abc"].added, [
    "./", "assets/sotay.js", "search/docs.json",
  ]);
});

test("activate drops older builds' caches and nobody else's", async () => {
  const stored = { "sotay-old": {}, "sotay-abc": {}, "other-app": {} };
  const { handlers, sandbox } = load(BUILD, { stored });
  await dispatch(handlers.activate, {});
  assert.deepEqual(sandbox.caches.deleted, ["sotay-old"]);
});

test("staleCaches keeps the current version", () => {
  const { sandbox } = load(BUILD);
  assert.deepEqual(
    Array.from(sandbox.staleCaches(["sotay-1", "sotay-2", "x"], "sotay-2")), ["sotay-1"],
  );
});

test("a page is fetched from the network first and kept", async () => {
  const page = { ok: true, clone() { return this; } };
  const { handlers, sandbox } = load(BUILD, { network: async () => page });
  const request = { method: "GET", url: `${ORIGIN}/van-ban/57-ct-tw/` };
  assert.equal(await dispatch(handlers.fetch, { request }), page);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sandbox.caches.opened["sotay-abc"].kept, [request.url]);
});

test("offline, index.html is served from its folder's cached page", async () => {
  const kept = { body: "cached" };
  const stored = { pages: { [`${ORIGIN}/van-ban/57-ct-tw/`]: kept } };
  const { handlers } = load(BUILD, { stored });
  const request = { method: "GET", url: `${ORIGIN}/van-ban/57-ct-tw/index.html` };
  assert.equal(await dispatch(handlers.fetch, { request }), kept);
});

test("offline and never opened: a Vietnamese 503", async () => {
  const { handlers } = load(BUILD);
  const response = await dispatch(handlers.fetch, {
    request: { method: "GET", url: `${ORIGIN}/chua-mo/` },
  });
  assert.equal(response.status, 503);
  assert.equal(response.body, "Không có mạng và trang này chưa được mở lần nào trên máy.");
});

test("other origins and non-GET requests are left to the browser", async () => {
  const { handlers } = load(BUILD);
  for (const request of [
    { method: "GET", url: "https://fonts.example.com/a.woff2" },
    { method: "POST", url: `${ORIGIN}/search/` },
  ]) {
    assert.equal(await dispatch(handlers.fetch, { request }), undefined);
  }
});
