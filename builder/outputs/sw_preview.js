/* Sổ tay báo cáo viên — the service worker of the preview (`sotay serve`), which keeps no copy.
   A preview changes at every save; a built site's worker keeps the search index of its first
   build, and the page's search reads that cache (theme/assets/search/results.js), so that a
   word saved since was never found. This worker drops the builds' caches of this address and
   itself: the preview's pages and its search ask the server each time. */
"use strict";
/* A build's cache (builder/outputs/sw.js names it "sotay-" and 16 hex digits); the reader's
   saved copies ("sotay-ban-luu:…", "sotay:…") are left alone. */
var BUILD_CACHE = /^sotay-[0-9a-f]{16}$/;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return BUILD_CACHE.test(name); })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return self.registration.unregister();
  }));
});
