/* Sổ tay báo cáo viên — offline after one visit. The build fills in BUILD; do not edit site/sw.js. */
"use strict";
/* {version: cache name of this build, shell: theme files, the offline page and the manifest,
   search: the search index's files kept at install, later: those kept once it runs (keepLater),
   offline: the offline page's URL}. */
var BUILD = __SOTAY_BUILD__;
var VERSION = BUILD.version;
var OFFLINE_TEXT = "Không có mạng và trang này chưa được lưu trên máy.";

/* Caches of older builds: dropped so old and new pages never mix. */
function staleCaches(keys, version) {
  return keys.filter(function (k) { return k.indexOf("sotay-") === 0 && k !== version; });
}

/* Only same-origin GETs are cached; anything else goes to the network untouched. */
function isCached(request, origin) {
  return request.method === "GET" && new URL(request.url).origin === origin;
}

/* "…/van-ban/57-ct-tw/index.html" is kept as "…/van-ban/57-ct-tw/". */
function directoryUrl(url) {
  return url.replace(/index\.html$/, "");
}

/* "…/van-ban/57-ct-tw" (a link without its slash; online the server redirects) is the folder's
   page; a file name with an extension is not. */
function folderUrl(url) {
  var path = url.split(/[?#]/)[0];
  return /\/[^/.]+$/.test(path) ? path + "/" : null;
}

/* The site's root, which the build's paths are relative to. */
function scopeUrl() {
  return self.registration ? self.registration.scope : self.location.origin + "/";
}

/* The build's paths as the absolute URLs requests carry. */
function absolute(paths) {
  var root = scopeUrl();
  return (paths || []).map(function (path) { return new URL(path, root).href; });
}

/* The offline page answers for any address: its <base> is pointed at the site's root. */
function offlineHtml(html, root) {
  return html.replace(/<base href="[^"]*">/, '<base href="' + root.replace(/"/g, "%22") + '">');
}

/* Offline and not on the phone: a page gets the Vietnamese offline page (listing what is
   saved), anything else a short text. Status 503 either way, so that nobody keeps it as the
   page itself. */
function notSaved(request) {
  var root = scopeUrl();
  var text = function () {
    return new Response(OFFLINE_TEXT, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  };
  if (request.mode !== "navigate") return Promise.resolve(text());
  return caches.match(new URL(BUILD.offline, root).href).then(function (page) {
    if (!page) return text();
    return page.text().then(function (html) {
      return new Response(offlineHtml(html, root), {
        status: 503, headers: { "Content-Type": "text/html; charset=utf-8" }
      });
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(VERSION).then(function (cache) {
    return cache.addAll(BUILD.shell.concat(BUILD.search));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(staleCaches(keys, VERSION).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

/* The page asks to keep itself (its first load happened before this worker controlled it). */
self.addEventListener("message", function (event) {
  if (event.data && event.data.keep) {
    event.waitUntil(Promise.all([caches.open(VERSION).then(function (cache) {
      // addAll refuses a list naming one URL twice (a page lists its resources as it loads them).
      return cache.addAll(Array.from(new Set(event.data.keep)));
    }), keepLater()]));
  }
});

/* The texts of search results (BUILD.later), kept after the install, in the background, a few
   at a time: a search then reads them from this cache instead of the network (a keystroke
   waited on up to ten of them), and offline it has its snippets and its phrase check. The
   install stays the index alone, so that a failed text never fails it; a text not kept yet
   is kept at the next page's visit, or when a search fetches it. A reader whose browser
   saves data (Save-Data, or a 2G line) keeps none: the search fetches the texts it shows. */
var LATER_AT_ONCE = 4;
var keepingLater = null;

/* The reader's search goes first: while the page's search asks this worker for its files (those
   not in the cache yet, on a first visit), keeping the texts waits until it has asked for none
   for SEARCH_PAUSE_MS (a first visit at 1,000 directives, 4x CPU: typing beside the download
   took a keystroke's median from 67 to 90-105 ms; with the pause, 60 ms). */
var SEARCH_PAUSE_MS = 1000;
var searchedAt = 0;
var laterUrls = null;

/* BUILD.later by absolute URL, in its order (made once). */
function laterSet() {
  laterUrls = laterUrls || new Set(absolute(BUILD.later));
  return laterUrls;
}

function noteSearch(url) {
  if (laterSet().has(url) || isKeptSearch(url)) searchedAt = Date.now();
}

function searchPaused() {
  var wait = searchedAt + SEARCH_PAUSE_MS - Date.now();
  if (wait <= 0) return Promise.resolve();
  return new Promise(function (resolve) { setTimeout(resolve, wait); }).then(searchPaused);
}

function savesData() {
  var line = self.navigator && self.navigator.connection;
  return Boolean(line && (line.saveData || /2g/.test(line.effectiveType || "")));
}

function keepLater() {
  if (!BUILD.later || !BUILD.later.length || savesData()) return Promise.resolve();
  if (keepingLater) return keepingLater; // another page's visit started it
  keepingLater = caches.open(VERSION).then(function (cache) {
    return cache.keys().then(function (requests) {
      var kept = new Set(requests.map(function (r) { return r.url; }));
      var todo = Array.from(laterSet()).filter(function (url) { return !kept.has(url); });
      function next() {
        var url = todo.shift();
        if (url === undefined) return undefined;
        return searchPaused().then(function () {
          return fetch(url);
        }).then(function (response) {
          return response.ok ? cache.put(url, response) : undefined;
        }, function () {
          todo.length = 0; // offline: the next visit goes on
        }).then(next);
      }
      var chains = [];
      for (var i = 0; i < LATER_AT_ONCE; i++) chains.push(next());
      return Promise.all(chains);
    });
  }).catch(function () { return undefined; }).then(function () {
    keepingLater = null;
  });
  return keepingLater;
}

/* The search index's files kept at install (BUILD.search, this build's own, by absolute
   URL): the search worker asks for a few at every keystroke. */
var keptSearch = null;
function isKeptSearch(url) {
  keptSearch = keptSearch || new Set(absolute(BUILD.search));
  return keptSearch.has(url);
}

/* Network first, so a reader online always gets the newest build; the cache when offline. */
function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(VERSION).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || caches.match(directoryUrl(request.url));
    }).then(function (hit) {
      var folder = folderUrl(request.url);
      return hit || (folder ? caches.match(folder) : undefined);
    }).then(function (hit) {
      return hit || notSaved(request);
    });
  });
}

/* Pages and theme files go network first. A search file kept at install is answered from
   this build's cache, with no trip to the network and no second copy written (the cache
   holds the index of the build this worker belongs to); one not kept, network first.
   "Lưu để đọc khi không có mạng" downloads with cache "no-store" into a cache of its own: the
   worker leaves those requests to the network and keeps no second copy. */
self.addEventListener("fetch", function (event) {
  var request = event.request;
  noteSearch(request.url);
  if (!isCached(request, self.location.origin) || request.cache === "no-store") return;
  if (isKeptSearch(request.url)) {
    event.respondWith(caches.open(VERSION).then(function (cache) {
      return cache.match(request);
    }).then(function (hit) {
      return hit || networkFirst(request);
    }));
    return;
  }
  event.respondWith(networkFirst(request));
});
