// A fake Cache API (CacheStorage and Cache) and a sandbox that runs the service worker
// (builder/outputs/sw.js) or a page module against it. Shared by tests/js/*worker*.test.mjs and
// tests/js/offline_save.test.mjs; not a test file itself (node --test runs *.test.mjs only).
import { readFileSync } from "node:fs";
import vm from "node:vm";

export const ORIGIN = "https://example.org";
export const WORKER = readFileSync(new URL("../../builder/outputs/sw.js", import.meta.url), "utf8");
/* The worker of `sotay serve`'s preview, which keeps nothing. */
export const PREVIEW_WORKER = readFileSync(
  new URL("../../builder/outputs/sw_preview.js", import.meta.url), "utf8",
);

const urlOf = (request) => (typeof request === "string" ? request : request.url);
const bare = (url) => url.split(/[?#]/)[0];

/* A response as the worker and the pages use it: status, ok, text(), clone(). */
export class FakeResponse {
  constructor(body = "", init = {}) {
    this.body = body;
    this.status = init.status ?? 200;
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = init.headers ?? {};
  }
  async text() { return String(this.body); }
  clone() { return new FakeResponse(this.body, { status: this.status, headers: this.headers }); }
}

/* One named cache: URL → response, in the order put. `added` records addAll's lists. */
export class FakeCache {
  constructor(entries = {}) {
    this.entries = new Map(Object.entries(entries));
    this.added = [];
  }
  async put(request, response) { this.entries.set(urlOf(request), response); }
  async addAll(urls) { this.added.push(...urls); }
  async match(request, options = {}) {
    const url = urlOf(request);
    if (this.entries.has(url)) return this.entries.get(url);
    if (options.ignoreSearch) {
      for (const [key, value] of this.entries) if (bare(key) === bare(url)) return value;
    }
    return undefined;
  }
  async delete(request) { return this.entries.delete(urlOf(request)); }
  async keys() { return [...this.entries.keys()].map((url) => ({ url })); }
  urls() { return [...this.entries.keys()]; }
}

/* The origin's caches, {name: {url: response}} to start with; like the browser's, the global
   match looks in every cache, oldest first. `deleted` records the caches dropped. */
export function fakeCaches(initial = {}) {
  const named = new Map(Object.entries(initial).map(([name, e]) => [name, new FakeCache(e)]));
  return {
    named,
    deleted: [],
    async open(name) {
      if (!named.has(name)) named.set(name, new FakeCache());
      return named.get(name);
    },
    async has(name) { return named.has(name); },
    async keys() { return [...named.keys()]; },
    async delete(name) { this.deleted.push(name); return named.delete(name); },
    async match(request, options) {
      for (const cache of named.values()) {
        const hit = await cache.match(request, options);
        if (hit) return hit;
      }
      return undefined;
    },
  };
}

const offline = async () => { throw new TypeError("offline"); };

/* The worker, filled in with `build`, in a sandbox: its event handlers and the sandbox;
   `navigator` is the worker's (its `connection` says whether the browser saves data); `source`
   the worker's script (sw.js by default). */
export function loadWorker(
  build,
  {
    network = offline, caches = fakeCaches(), scope = `${ORIGIN}/`, navigator = {},
    source = WORKER,
  } = {},
) {
  const handlers = {};
  const unregistered = [];
  const sandbox = {
    self: {
      navigator,
      location: { origin: ORIGIN },
      registration: { scope, unregister: async () => { unregistered.push(scope); return true; } },
      addEventListener(type, handler) { handlers[type] = handler; },
      skipWaiting: async () => {},
      clients: { claim: async () => {} },
    },
    caches,
    fetch: network,
    Response: FakeResponse,
    URL,
    Promise,
    setTimeout,
  };
  vm.runInNewContext(source.replace("__SOTAY_BUILD__", JSON.stringify(build)), sandbox);
  return { handlers, sandbox, unregistered };
}

/* Fire one event at a handler; resolves once its waitUntil is done, to its respondWith value. */
export async function dispatch(handler, event) {
  let pending = Promise.resolve();
  let response;
  handler({ ...event, waitUntil(p) { pending = p; }, respondWith(p) { response = p; } });
  await pending;
  return response && (await response);
}
