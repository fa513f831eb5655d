"""The service worker that keeps the site readable and searchable without signal."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SHELL_PREFIXES = (
    "assets/stylesheets/",
    "assets/javascripts/bundle",
    "assets/sotay",
    "assets/search",
)

_TEMPLATE = """/* Sổ tay báo cáo viên — offline after one visit. Generated at build; do not edit. */
"use strict";
var VERSION = "sotay-%(version)s";
var SHELL = %(shell)s;
var SEARCH = %(search)s;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(VERSION).then(function (cache) {
    return cache.addAll(SHELL.concat(SEARCH));
  }).then(function () { return self.skipWaiting(); }));
});

/* A new build brings a new VERSION: drop every older cache so old and new pages never mix. */
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    var old = keys.filter(function (k) { return k.indexOf("sotay-") === 0 && k !== VERSION; });
    return Promise.all(old.map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

/* The page asks to keep itself (its first load happened before this worker controlled it). */
self.addEventListener("message", function (event) {
  if (event.data && event.data.keep) {
    event.waitUntil(caches.open(VERSION).then(function (cache) {
      return cache.addAll(event.data.keep);
    }));
  }
});

/* Network first, so a reader online always gets the newest build; the cache when offline. */
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(VERSION).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || caches.match(request.url.replace(/index\\.html$/, ""));
    }).then(function (hit) {
      return hit || new Response("Không có mạng và trang này chưa được mở lần nào trên máy.", {
        status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
      });
    });
  }));
});
"""


def service_worker(site: Path, search_files: list[str]) -> str:
    """`sw.js` for a built site; its version is a digest of every file, read one at a time."""
    digest = hashlib.sha256()
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    for path in paths:
        digest.update(path.encode() + b"\0" + (site / path).read_bytes())
    shell = ["./"] + sorted(
        p for p in paths if p.startswith(SHELL_PREFIXES) and not p.endswith(".map")
    )
    return _TEMPLATE % {
        "version": digest.hexdigest()[:16],
        "shell": json.dumps(shell, ensure_ascii=False),
        "search": json.dumps(sorted(search_files), ensure_ascii=False),
    }
