/* Sổ tay báo cáo viên — the reading list's data: saved items and recently read pages.
   Pure functions over one plain object kept in localStorage; no DOM, no network, so that
   tests/js/reading_store.test.mjs runs it under Node. sotay-reading.js does the page work.
   State: {v: 1, saved: [Item], recent: [Visit]}, every URL relative to the site's root
   ("van-ban/57-ct-tw/"), so the list survives a new build and a move to another sub-path. */
var SotayReading = (function () {
  "use strict";
  var VERSION = 1;
  var MAX_RECENT = 20;
  var MAX_SAVED = 500;
  var KINDS = { "tom-tat": "Bản tóm tắt", "toan-van": "Toàn văn", "dot": "Đợt học tập" };

  function empty() { return { v: VERSION, saved: [], recent: [] }; }

  /* Sites on one host (intranet sub-paths) never share a list. */
  function storageKey(rootPath) { return "sotay-xem-sau:" + rootPath; }

  function text(value, max) { return typeof value === "string" ? value.slice(0, max) : ""; }

  /* A stored item as we trust it: strings of bounded length, a numeric date, a known kind. */
  function cleanItem(raw, stamp) {
    if (!raw || typeof raw !== "object" || typeof raw.url !== "string" || !isRelative(raw.url)) return null;
    var item = {
      url: raw.url, kind: KINDS[raw.kind] ? raw.kind : "tom-tat",
      number: text(raw.number, 120), title: text(raw.title, 600),
    };
    item[stamp] = typeof raw[stamp] === "number" && isFinite(raw[stamp]) ? raw[stamp] : 0;
    if (stamp === "savedAt") {
      item.also = Array.isArray(raw.also) ? raw.also.filter(function (u) { return typeof u === "string" && isRelative(u); }).slice(0, 50) : [];
      if (raw.gone === true) item.gone = true;
      if (typeof raw.from === "string" && isRelative(raw.from)) item.from = raw.from;
    } else if (raw.part && typeof raw.part.id === "string") {
      item.part = { id: text(raw.part.id, 300), title: text(raw.part.title, 300) };
    }
    return item;
  }

  function isRelative(url) { return !/^[a-z][a-z0-9+.-]*:|^\/|^\\|\.\.(\/|$)/i.test(url); }

  function cleanList(list, stamp, max) {
    var seen = {};
    return (Array.isArray(list) ? list : []).map(function (raw) { return cleanItem(raw, stamp); })
      .filter(function (item) {
        if (!item || seen[item.url]) return false;
        seen[item.url] = true;
        return true;
      }).slice(0, max);
  }

  /* Whatever localStorage holds (nothing, bad JSON, an older shape): a usable state. */
  function parse(stored) {
    var raw;
    try { raw = JSON.parse(stored); } catch (e) { return empty(); }
    if (!raw || typeof raw !== "object" || raw.v !== VERSION) return empty();
    return { v: VERSION, saved: cleanList(raw.saved, "savedAt", MAX_SAVED), recent: cleanList(raw.recent, "openedAt", MAX_RECENT) };
  }

  function serialize(state) { return JSON.stringify(state); }

  /* "https://h/sotay/van-ban/57-ct-tw/index.html#muc-1" under "https://h/sotay/" is
     "van-ban/57-ct-tw/"; a URL outside the site is null. */
  function relativeUrl(href, rootHref) {
    var url = String(href).split("#")[0].split("?")[0].replace(/index\.html$/, "");
    var root = String(rootHref).split("#")[0].split("?")[0];
    if (url.indexOf(root) !== 0) return null;
    var rest = url.slice(root.length);
    return isRelative(rest) ? rest : null;
  }

  function find(list, url) {
    for (var i = 0; i < list.length; i++) if (list[i].url === url) return list[i];
    return null;
  }

  function isSaved(state, url) { return find(state.saved, url) !== null; }

  function savedItem(state, url) { return find(state.saved, url); }

  function without(list, url) { return list.filter(function (item) { return item.url !== url; }); }

  /* Saving again refreshes the title and date: the item moves to the top of the list. */
  function save(state, item, now) {
    var entry = cleanItem({ url: item.url, kind: item.kind, number: item.number, title: item.title, also: item.also, from: item.from, savedAt: now }, "savedAt");
    if (!entry) return state;
    return { v: VERSION, saved: [entry].concat(without(state.saved, entry.url)).slice(0, MAX_SAVED), recent: state.recent };
  }

  function remove(state, url) {
    return { v: VERSION, saved: without(state.saved, url), recent: state.recent };
  }

  /* A saved item whose page the server no longer has (moved or removed by a new build),
     or has again. */
  function markGone(state, url, gone) {
    return {
      v: VERSION, recent: state.recent,
      saved: state.saved.map(function (item) {
        if (item.url !== url) return item;
        var copy = cleanItem(item, "savedAt");
        if (gone) copy.gone = true; else delete copy.gone;
        return copy;
      }),
    };
  }

  /* The number and title as the page now gives them (a new build may correct a title). */
  function retitle(state, url, number, title) {
    return {
      v: VERSION, recent: state.recent,
      saved: state.saved.map(function (item) {
        if (item.url !== url) return item;
        var copy = cleanItem(item, "savedAt");
        if (number) copy.number = text(number, 120);
        if (title) copy.title = text(title, 600);
        return copy;
      }),
    };
  }

  /* Newest first; items saved in the same millisecond ("Lưu cả đợt") keep their order. */
  function savedList(state) {
    return state.saved.map(function (item, i) { return [item, i]; })
      .sort(function (a, b) { return b[0].savedAt - a[0].savedAt || a[1] - b[1]; })
      .map(function (pair) { return pair[0]; });
  }

  /* Opening a page puts it first among the last 20; where the reader was stays until
     they scroll, so opening and leaving at once loses nothing. */
  function visit(state, page, now) {
    var before = find(state.recent, page.url);
    var entry = cleanItem({ url: page.url, kind: page.kind, number: page.number, title: page.title, openedAt: now, part: before && before.part }, "openedAt");
    if (!entry) return state;
    return { v: VERSION, saved: state.saved, recent: [entry].concat(without(state.recent, entry.url)).slice(0, MAX_RECENT) };
  }

  /* The part last on screen; null means the top of the page. */
  function markPart(state, url, part) {
    return {
      v: VERSION, saved: state.saved,
      recent: state.recent.map(function (item) {
        if (item.url !== url) return item;
        var copy = cleanItem(item, "openedAt");
        if (part) copy.part = { id: part.id, title: part.title }; else delete copy.part;
        return copy;
      }),
    };
  }

  function recentList(state) {
    return state.recent.slice().sort(function (a, b) { return b.openedAt - a.openedAt; });
  }

  /* What "Đọc tiếp" offers on reopening `url`: the part left, unless the reader arrives at
     a chosen part (a link with #anchor) or had not left the top. */
  function resumeOffer(state, url, hash) {
    if (hash && hash !== "#") return null;
    var entry = find(state.recent, url);
    return entry && entry.part ? entry.part : null;
  }

  /* headings: [{id, title, top}] in page order, top in px from the viewport's top edge.
     The part being read is the last heading above a line a quarter down the screen. */
  function currentPart(headings, viewportHeight) {
    var line = viewportHeight / 4;
    var current = null;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].top <= line) current = headings[i];
      else break;
    }
    return current ? { id: current.id, title: current.title } : null;
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  /* 12/05/2026, as Vietnamese writes a date; the reader's own clock and zone. */
  function formatDate(ms) {
    var d = new Date(ms);
    return two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  function formatDateTime(ms) {
    var d = new Date(ms);
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " ngày " + formatDate(ms);
  }

  function kindLabel(kind) { return KINDS[kind] || KINDS["tom-tat"]; }

  /* Page URLs kept for reading offline by the saved items: each item and what it brings
     (outline, bundle), plus the list page itself. */
  function keptUrls(state) {
    var urls = { "xem-sau/": true };
    state.saved.forEach(function (item) {
      urls[item.url] = true;
      item.also.forEach(function (u) { urls[u] = true; });
    });
    return Object.keys(urls).sort();
  }

  /* Page URLs that removing `url` leaves with no saved item needing them. */
  function releasedUrls(before, after) {
    var still = {};
    keptUrls(after).forEach(function (u) { still[u] = true; });
    return keptUrls(before).filter(function (u) { return !still[u]; });
  }

  return {
    MAX_RECENT: MAX_RECENT, empty: empty, storageKey: storageKey, parse: parse, serialize: serialize,
    relativeUrl: relativeUrl, isSaved: isSaved, savedItem: savedItem, save: save, remove: remove,
    markGone: markGone, retitle: retitle, savedList: savedList, visit: visit, markPart: markPart, recentList: recentList,
    resumeOffer: resumeOffer, currentPart: currentPart, formatDate: formatDate,
    formatDateTime: formatDateTime, kindLabel: kindLabel, keptUrls: keptUrls, releasedUrls: releasedUrls,
  };
})();
