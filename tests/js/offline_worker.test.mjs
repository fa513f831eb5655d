// The service worker (builder/outputs/sw.js) run in a sandbox with fake caches and network
// (tests/js/fake_cache.mjs). Run with `node --test tests/js/`; tests/test_offline.py runs it too.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  FakeResponse, ORIGIN, PREVIEW_WORKER, WORKER, dispatch, fakeCaches, loadWorker,
} from "./fake_cache.mjs";

const BUILD = {
  version: "sotay-abc", shell: ["./", "khong-co-mang/", "ban-luu.json", "assets/sotay.js"],
  search: ["search/docs.json"], offline: "khong-co-mang/",
};
const OFFLINE_PAGE = '<!doctype html><html><head><base href="../"><title>Bạn đang không có mạng</title>'
  + '</head><body><a href="./">Về trang chủ</a></body></html>';

const flush = () => new Promise((resolve) => setImmediate(resolve));

test("the placeholder appears once, where BUILD is defined", () => {
  assert.equal(WORKER.split("__SOTAY_BUILD__").length, 2);
  assert.match(WORKER, /^var BUILD = __SOTAY_BUILD__;$/m);
});

test("install precaches the shell, the offline page, the manifest and the search files", async () => {
  const { handlers, sandbox } = load();
  await dispatch(handlers.install, {});
  assert.deepEqual((await sandbox.caches.open("sotay-abc")).added, [
    "./", "khong-co-mang/", "ban-luu.json", "assets/sotay.js", "search/docs.json",
  ]);
});

test("activate drops older builds' caches and nobody else's", async () => {
  const caches = fakeCaches({ "sotay-old": {}, "sotay-abc": {}, "other-app": {}, "sotay:ban-luu:/": {} });
  const { handlers } = load({ caches });
  await dispatch(handlers.activate, {});
  assert.deepEqual(caches.deleted, ["sotay-old"]);
  assert.deepEqual([...caches.named.keys()], ["sotay-abc", "other-app", "sotay:ban-luu:/"]);
});

test("staleCaches keeps the current version", () => {
  const { sandbox } = load();
  assert.deepEqual(
    Array.from(sandbox.staleCaches(["sotay-1", "sotay-2", "x"], "sotay-2")), ["sotay-1"],
  );
});

test("a page is fetched from the network first and kept", async () => {
  const page = new FakeResponse("57-CT/TW");
  const { handlers, sandbox } = load({ network: async () => page });
  const request = { method: "GET", url: `${ORIGIN}/van-ban/57-ct-tw/` };
  assert.equal(await dispatch(handlers.fetch, { request }), page);
  await flush();
  assert.deepEqual((await sandbox.caches.open("sotay-abc")).urls(), [request.url]);
});

test("a download for the offline copy (cache no-store) is left to the network, kept once", async () => {
  let fetched = 0;
  const { handlers, sandbox } = load({ network: async () => { fetched += 1; return new FakeResponse("x"); } });
  const request = { method: "GET", url: `${ORIGIN}/van-ban/57-ct-tw/`, cache: "no-store" };
  assert.equal(await dispatch(handlers.fetch, { request }), undefined);
  await flush();
  assert.equal(fetched, 0);
  assert.deepEqual([...sandbox.caches.named.keys()], []);
});

test("offline, index.html and a link without its slash are served from the folder's page", async () => {
  const kept = new FakeResponse("cached");
  const caches = fakeCaches({ "sotay-abc": { [`${ORIGIN}/van-ban/57-ct-tw/`]: kept } });
  const { handlers } = load({ caches });
  for (const url of [`${ORIGIN}/van-ban/57-ct-tw/index.html`, `${ORIGIN}/van-ban/57-ct-tw`]) {
    const request = { method: "GET", url, mode: "navigate" };
    assert.equal(await dispatch(handlers.fetch, { request }), kept, url);
  }
});

test("offline, a page saved with 'Lưu để đọc' in its own cache is served", async () => {
  const saved = new FakeResponse("20-CTr/TU");
  const caches = fakeCaches({ "sotay-abc": {}, "sotay:ban-luu:/": { [`${ORIGIN}/van-ban/20-ctr-tu/`]: saved } });
  const { handlers } = load({ caches });
  const request = { method: "GET", url: `${ORIGIN}/van-ban/20-ctr-tu/`, mode: "navigate" };
  assert.equal(await dispatch(handlers.fetch, { request }), saved);
});

test("offline and not saved, a page gets the Vietnamese offline page pointed at the site root", async () => {
  const caches = fakeCaches({ "sotay-abc": { [`${ORIGIN}/sotay/khong-co-mang/`]: new FakeResponse(OFFLINE_PAGE) } });
  const { handlers } = load({ caches, scope: `${ORIGIN}/sotay/` });
  for (const url of [`${ORIGIN}/sotay/van-ban/chua-luu/`, `${ORIGIN}/sotay/a/b/c/khong-co/`]) {
    const response = await dispatch(handlers.fetch, { request: { method: "GET", url, mode: "navigate" } });
    assert.equal(response.status, 503, url);
    assert.equal(response.headers["Content-Type"], "text/html; charset=utf-8");
    const html = await response.text();
    assert.match(html, /<title>Bạn đang không có mạng<\/title>/);
    assert.match(html, new RegExp(`<base href="${ORIGIN}/sotay/">`));
    assert.doesNotMatch(html, /<base href="\.\.\/">/);
  }
});

test("offline and not saved, anything but a page gets a short Vietnamese 503", async () => {
  const caches = fakeCaches({ "sotay-abc": { [`${ORIGIN}/khong-co-mang/`]: new FakeResponse(OFFLINE_PAGE) } });
  const { handlers } = load({ caches });
  const response = await dispatch(handlers.fetch, {
    request: { method: "GET", url: `${ORIGIN}/search/record/9.json` },
  });
  assert.equal(response.status, 503);
  assert.equal(await response.text(), "Không có mạng và trang này chưa được lưu trên máy.");
});

test("without its offline page (a cache cleared), a page still gets the Vietnamese text", async () => {
  const { handlers } = load();
  const response = await dispatch(handlers.fetch, {
    request: { method: "GET", url: `${ORIGIN}/chua-mo/`, mode: "navigate" },
  });
  assert.equal(response.status, 503);
  assert.equal(await response.text(), "Không có mạng và trang này chưa được lưu trên máy.");
});

test("other origins and non-GET requests are left to the browser", async () => {
  const { handlers } = load();
  for (const request of [
    { method: "GET", url: "https://fonts.example.com/a.woff2" },
    { method: "POST", url: `${ORIGIN}/search/` },
  ]) {
    assert.equal(await dispatch(handlers.fetch, { request }), undefined);
  }
});

/* The texts of search results, kept after the install (sw.js keepLater). */
const LATER = ["search/text/0.json", "search/text/1.json", "search/text/2.json",
  "search/text/3.json", "search/text/4.json", "search/text/5.json"];
const textUrl = (path) => `${ORIGIN}/${path}`;

function withLater(options = {}) {
  const asked = [];
  const network = options.network || (async (url) => {
    asked.push(url);
    return new FakeResponse(url, { status: url.endsWith("/3.json") ? 404 : 200 });
  });
  const loaded = loadWorker({ ...BUILD, later: LATER }, { ...options, network });
  return { ...loaded, asked };
}

test("a page's visit keeps the texts of search results not kept yet, each once", async () => {
  const kept = new FakeResponse("kept before");
  const caches = fakeCaches({ "sotay-abc": { [textUrl(LATER[1])]: kept } });
  const { handlers, sandbox, asked } = withLater({ caches });
  const keep = { data: { keep: [`${ORIGIN}/`] } };
  /* Two pages opened at once: the second visit joins the download the first started. */
  await Promise.all([dispatch(handlers.message, keep), dispatch(handlers.message, keep)]);
  const cache = await sandbox.caches.open("sotay-abc");
  assert.deepEqual(asked.sort(), LATER.filter((p) => p !== LATER[1]).map(textUrl).sort());
  /* A text the server refused (404) is not kept; the next visit asks again. */
  assert.deepEqual(cache.urls().filter((u) => u.includes("/text/")).sort(),
    LATER.filter((p) => p !== LATER[3]).map(textUrl).sort());
  assert.equal(await cache.match(textUrl(LATER[1])), kept);
  asked.length = 0;
  await dispatch(handlers.message, keep);
  assert.deepEqual(asked, [textUrl(LATER[3])]);
});

test("while the page's search asks for its files, keeping the texts waits", async () => {
  const { handlers, asked } = withLater();
  /* The search worker fetches a text the cache lacks (past this worker: cache no-store). */
  const request = { method: "GET", url: textUrl(LATER[0]), cache: "no-store" };
  await dispatch(handlers.fetch, { request });
  const began = Date.now();
  const keeping = dispatch(handlers.message, { data: { keep: [] } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(asked, []);
  await keeping;
  assert.ok(Date.now() - began >= 900, `${Date.now() - began} ms`);
  assert.equal(asked.length, LATER.length);
});

test("offline, keeping the texts stops at the first failure of each chain", async () => {
  let tries = 0;
  const network = async () => { tries += 1; throw new TypeError("offline"); };
  const { handlers, sandbox } = withLater({ network });
  await dispatch(handlers.message, { data: { keep: [] } });
  assert.ok(tries <= 4, `${tries} texts tried offline`);
  assert.deepEqual((await sandbox.caches.open("sotay-abc")).urls(), []);
});

test("a browser that saves data (Save-Data, a 2G line) keeps no texts", async () => {
  for (const connection of [{ saveData: true }, { effectiveType: "2g" }, { effectiveType: "slow-2g" }]) {
    const { handlers, asked } = withLater({ navigator: { connection } });
    await dispatch(handlers.message, { data: { keep: [] } });
    assert.deepEqual(asked, [], JSON.stringify(connection));
  }
  const { handlers, asked } = withLater({ navigator: { connection: { effectiveType: "4g" } } });
  await dispatch(handlers.message, { data: { keep: [] } });
  assert.equal(asked.length, LATER.length);
});

test("the preview's worker drops the builds' caches and itself, and answers nothing", async () => {
  const caches = fakeCaches({ "sotay-0123456789abcdef": {}, "sotay-ban-luu:/": {}, "sotay:doc:/": {} });
  const { handlers, unregistered } = loadWorker({}, { caches, source: PREVIEW_WORKER });
  assert.equal(handlers.fetch, undefined);
  await dispatch(handlers.install, {});
  await dispatch(handlers.activate, {});
  assert.deepEqual(caches.deleted, ["sotay-0123456789abcdef"]);
  assert.deepEqual([...caches.named.keys()], ["sotay-ban-luu:/", "sotay:doc:/"]);
  assert.deepEqual(unregistered, [`${ORIGIN}/`]);
});

function load(options = {}) {
  return loadWorker(BUILD, options);
}
