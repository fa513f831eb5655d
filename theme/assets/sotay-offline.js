/* Sổ tay báo cáo viên — "Lưu để đọc khi không có mạng": every page and file of the site, as the
   build lists them in ban-luu.json (builder/outputs/offline.py), copied into a cache of its own
   that the service worker (sw.js) serves when offline and never drops with an old build; and
   the offline page's list of what is saved. Nothing is sent anywhere.
   SotayOffline holds the pure part (no DOM, no network: tests/js/offline_save.test.mjs runs it
   under Node); the page part below runs only in a browser. */
var SotayOffline = (function () {
  "use strict";
  var VERSION = 1;

  function group(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  /* 10.000, as Vietnamese writes a count. */
  function count(n) { return group(String(Math.round(n))); }

  /* 2,1 (MB, one decimal, decimal comma); 1.234,5 for a large one. */
  function megabytes(bytes) {
    var tenths = Math.round(bytes / 100000);
    return group(String(Math.floor(tenths / 10))) + "," + (tenths % 10);
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  /* "14:05, 01/12/2026": the reader's own clock and zone. */
  function stamp(ms) {
    var d = new Date(ms);
    return two(d.getHours()) + ":" + two(d.getMinutes()) + ", " + two(d.getDate()) + "/" +
      two(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  function size(pages, bytes) { return count(pages) + " trang · " + megabytes(bytes) + " MB"; }

  function progressText(p) {
    return "Đã lưu " + count(p.pages) + "/" + count(p.totalPages) + " trang · " +
      megabytes(p.bytes) + "/" + megabytes(p.totalBytes) + " MB";
  }

  /* The manifest as we trust it: a version, and files with a relative URL and a size. */
  function parseManifest(raw) {
    if (!raw || typeof raw.version !== "string" || !Array.isArray(raw.files)) return null;
    var files = raw.files.filter(function (f) {
      return f && typeof f.url === "string" && typeof f.bytes === "number" && !/^[a-z][a-z0-9+.-]*:|^\/|\.\.(\/|$)/i.test(f.url);
    }).map(function (f) {
      var file = { url: f.url, bytes: f.bytes };
      if (typeof f.title === "string") file.title = f.title;
      return file;
    });
    var pages = files.filter(isPage).length;
    var bytes = files.reduce(function (sum, f) { return sum + f.bytes; }, 0);
    return { version: raw.version, files: files, pages: pages, bytes: bytes };
  }

  function isPage(file) { return typeof file.title === "string"; }

  /* What localStorage holds about the saved copy: {v, version, savedAt, complete, pages, bytes}. */
  function parseStatus(stored) {
    var raw;
    try { raw = JSON.parse(stored); } catch (e) { return null; }
    if (!raw || raw.v !== VERSION || typeof raw.version !== "string") return null;
    var number = function (x) { return typeof x === "number" && isFinite(x) && x >= 0 ? x : 0; };
    return {
      v: VERSION, version: raw.version, savedAt: number(raw.savedAt), complete: raw.complete === true,
      pages: number(raw.pages), bytes: number(raw.bytes),
    };
  }

  function status(version, savedAt, complete, pages, bytes) {
    return { v: VERSION, version: version, savedAt: savedAt, complete: complete, pages: pages, bytes: bytes };
  }

  /* The files still to download, and the progress the ones already saved make. A copy of
     another build is downloaded again whole; one of this build (stopped, or partly cleared)
     only where it misses files. `have(url)` tells whether the cache holds `url`. */
  function plan(manifest, saved, have) {
    var same = saved !== null && saved.version === manifest.version;
    var progress = { pages: 0, bytes: 0, totalPages: manifest.pages, totalBytes: manifest.bytes, failed: 0 };
    var todo = [];
    manifest.files.forEach(function (file) {
      if (same && have(file.url)) advance(progress, file);
      else todo.push(file);
    });
    return { todo: todo, progress: progress };
  }

  function advance(progress, file) {
    progress.bytes += file.bytes;
    if (isPage(file)) progress.pages += 1;
  }

  /* What the control says: {label, note, action} where action is "save", "update" or "none".
     `kept` is how many of the manifest's files the cache holds (null: not known yet). */
  function view(saved, manifest, kept, online) {
    var total = manifest ? size(manifest.pages, manifest.bytes) : "";
    if (saved && saved.complete && manifest && saved.version !== manifest.version) {
      return {
        label: "Có bản mới — cập nhật bản lưu", action: "update",
        note: "Bản lưu lúc " + stamp(saved.savedAt) + " là bản cũ. Bản mới: " + total + ".",
      };
    }
    if (saved && saved.complete && (!manifest || kept === null || kept >= manifest.files.length)) {
      return {
        label: "Lưu lại", action: "save",
        note: "Đã lưu lúc " + stamp(saved.savedAt) + " · " + size(saved.pages, saved.bytes) + ", đọc được khi không có mạng.",
      };
    }
    if (!manifest) {
      return {
        label: "Lưu để đọc khi không có mạng", action: online ? "save" : "none",
        note: online ? "Tải cả sổ tay về máy này một lần để đọc khi không có mạng." : "Cần có mạng để lưu cả sổ tay.",
      };
    }
    if (saved && saved.complete) {
      return {
        label: "Lưu lại", action: "save",
        note: "Bản lưu lúc " + stamp(saved.savedAt) + " đã bị trình duyệt xóa bớt (còn " + count(kept) + "/" +
          count(manifest.files.length) + " tệp): bấm để lưu lại " + total + ".",
      };
    }
    if (saved && saved.version === manifest.version && saved.pages > 0) {
      return {
        label: "Lưu tiếp", action: "save",
        note: "Đã dừng ở " + count(saved.pages) + "/" + count(manifest.pages) + " trang. Cả sổ tay: " + total + ".",
      };
    }
    return {
      label: "Lưu để đọc khi không có mạng", action: "save",
      note: "Cả sổ tay: " + total + ", tải một lần về máy này.",
    };
  }

  /* What a stopped or finished run says. */
  function endText(progress, reason) {
    if (reason === "done") return "Đã lưu xong " + count(progress.totalPages) + " trang, đọc được cả khi không có mạng.";
    if (reason === "cancelled") return "Đã dừng. " + progressText(progress) + ".";
    if (reason === "full") return "Máy không còn đủ chỗ trống: " + progressText(progress) + ".";
    return "Chưa lưu được " + count(progress.failed) + " tệp (mất mạng?). " + progressText(progress) + ". Bấm “Lưu tiếp” khi có mạng.";
  }

  return {
    count: count, megabytes: megabytes, stamp: stamp, size: size, progressText: progressText,
    parseManifest: parseManifest, isPage: isPage, parseStatus: parseStatus, status: status,
    plan: plan, advance: advance, view: view, endText: endText,
  };
})();

(function () {
  "use strict";
  if (typeof document === "undefined") return;
  var O = SotayOffline;
  var script = document.currentScript;
  if (!script) return;
  var ROOT = script.src.replace(/assets\/sotay-offline\.js.*$/, "");
  var ROOT_PATH = new URL(ROOT).pathname;
  /* Not "sotay-…": the worker drops those caches when a new build activates. */
  var CACHE = "sotay:ban-luu:" + ROOT_PATH;
  var KEY = "sotay-ban-luu:" + ROOT_PATH;
  var MANIFEST = "ban-luu.json";
  var PARALLEL = 4;
  var HAS_CACHES = typeof caches !== "undefined" && window.isSecureContext;

  function absolute(url) { return new URL(url, ROOT).href; }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function load() { try { return O.parseStatus(localStorage.getItem(KEY)); } catch (e) { return null; } }
  function store(s) { try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode */ } }

  function fetchManifest() {
    /* no-cache: asked of the server each time (the worker falls back to its copy offline). */
    return fetch(absolute(MANIFEST), { cache: "no-cache" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(O.parseManifest, function () { return null; });
  }
  /* URLs held by the caches of this site: its build's, the reading list's and ours. */
  function cachedUrls() {
    return caches.keys().then(function (names) {
      var mine = names.filter(function (n) { return n.indexOf("sotay-") === 0 || n.slice(-ROOT_PATH.length - 1) === ":" + ROOT_PATH; });
      return Promise.all(mine.map(function (n) { return caches.open(n).then(function (c) { return c.keys(); }); }));
    }).then(function (lists) {
      var found = {};
      lists.forEach(function (keys) { keys.forEach(function (k) { found[k.url] = true; }); });
      return found;
    });
  }
  function keptUrls() {
    return caches.open(CACHE).then(function (c) { return c.keys(); }).then(function (keys) {
      var found = {};
      keys.forEach(function (k) { found[k.url] = true; });
      return found;
    });
  }

  /* ---- The offline page: where the reader is, and what is saved ---- */
  var offlinePage = document.querySelector("[data-sotay-offline-page]");
  if (offlinePage) {
    var address = offlinePage.querySelector("[data-sotay-offline-address]");
    if (address && location.href.indexOf(ROOT) === 0 && !/khong-co-mang\/(index\.html)?$/.test(location.pathname)) {
      address.textContent = decodeURI(location.pathname);
    }
    var retry = offlinePage.querySelector("[data-sotay-offline-retry]");
    if (retry) retry.addEventListener("click", function () { location.reload(); });
    var countLine = offlinePage.querySelector("[data-sotay-offline-count]");
    var list = offlinePage.querySelector("[data-sotay-offline-list]");
    if (!HAS_CACHES) { countLine.textContent = "Trình duyệt không cho lưu trang của địa chỉ này."; return; }
    Promise.all([caches.match(absolute(MANIFEST)).then(function (r) { return r ? r.json() : null; }).then(O.parseManifest), cachedUrls()])
      .then(function (got) {
        var manifest = got[0], found = got[1];
        var pages = manifest ? manifest.files.filter(function (f) { return O.isPage(f) && found[absolute(f.url)]; }) : [];
        countLine.textContent = pages.length ? O.count(pages.length) + " trang đọc được khi không có mạng:" : "Chưa có trang nào được lưu trên máy này.";
        pages.forEach(function (f) {
          var li = el("li");
          var link = el("a", "", f.title);
          link.href = absolute(f.url);
          li.appendChild(link);
          list.appendChild(li);
        });
      }).catch(function () { countLine.textContent = "Không đọc được danh sách trang đã lưu."; });
    return;
  }

  /* ---- "Lưu để đọc khi không có mạng" ---- */
  var controls = [];
  var manifest = null;
  var kept = null;
  var run = null;

  function control(where, live) {
    /* A group, not a landmark: the home page holds two (its own and the drawer's). */
    var box = el("div", "sotay-offline sotay-offline--" + where);
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Lưu để đọc khi không có mạng");
    box.setAttribute("data-sotay-offline", where);
    var button = el("button", "sotay-offline__save", "Lưu để đọc khi không có mạng");
    button.type = "button";
    button.setAttribute("data-sotay-offline-save", "");
    var stop = el("button", "sotay-offline__stop", "Dừng");
    stop.type = "button";
    stop.hidden = true;
    stop.setAttribute("data-sotay-offline-stop", "");
    var bar = el("progress", "sotay-offline__bar");
    bar.hidden = true;
    bar.setAttribute("aria-label", "Tiến độ lưu");
    var note = el("p", "sotay-offline__note", "");
    note.setAttribute("data-sotay-offline-note", "");
    if (live) { note.setAttribute("aria-live", "polite"); note.setAttribute("role", "status"); }
    button.addEventListener("click", start);
    stop.addEventListener("click", cancel);
    box.appendChild(button);
    box.appendChild(stop);
    box.appendChild(bar);
    box.appendChild(note);
    controls.push({ box: box, button: button, stop: stop, bar: bar, note: note });
    return box;
  }

  function paint() {
    if (run) {
      var p = run.progress;
      controls.forEach(function (c) {
        c.button.disabled = true;
        c.button.textContent = "Đang lưu…";
        c.stop.hidden = false;
        c.bar.hidden = false;
        c.bar.max = p.totalBytes || 1;
        c.bar.value = p.bytes;
        c.bar.setAttribute("aria-valuetext", O.progressText(p));
        c.note.textContent = O.progressText(p);
      });
      return;
    }
    var v = O.view(load(), manifest, kept, navigator.onLine);
    controls.forEach(function (c) {
      c.button.disabled = v.action === "none";
      c.button.textContent = v.label;
      c.stop.hidden = true;
      c.bar.hidden = true;
      if (!c.ended) c.note.textContent = v.note;
    });
  }
  function ended(text) {
    controls.forEach(function (c) { c.ended = true; });
    paint();
    controls.forEach(function (c) { c.note.textContent = text; c.ended = false; });
  }

  function refresh() {
    return fetchManifest().then(function (m) {
      manifest = m;
      return m ? keptUrls().then(function (found) {
        kept = m.files.filter(function (f) { return found[absolute(f.url)]; }).length;
      }) : null;
    }).catch(function () {}).then(paint);
  }

  function start() {
    if (run || !HAS_CACHES) return;
    var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
    run = { controller: controller, progress: { pages: 0, bytes: 0, totalPages: 0, totalBytes: 0, failed: 0 }, reason: null };
    paint();
    var mine = run;
    fetchManifest().then(function (m) {
      if (!m) throw new Error("manifest");
      manifest = m;
      return Promise.all([caches.open(CACHE), keptUrls()]).then(function (got) {
        var cache = got[0], found = got[1];
        var saved = load();
        var work = O.plan(m, saved, function (u) { return found[absolute(u)]; });
        mine.progress = work.progress;
        var complete = saved && saved.version === m.version ? saved : null;
        store(O.status(m.version, complete ? complete.savedAt : 0, false, work.progress.pages, work.progress.bytes));
        paint();
        var queue = work.todo.slice();
        function next() {
          if (mine.reason || !queue.length) return Promise.resolve();
          var file = queue.shift();
          var url = absolute(file.url);
          return fetch(url, { cache: "no-store", signal: controller ? controller.signal : undefined })
            .then(function (response) {
              if (!response.ok) { mine.progress.failed += 1; return null; }
              return cache.put(url, response).then(function () {
                O.advance(mine.progress, file);
                store(O.status(m.version, 0, false, mine.progress.pages, mine.progress.bytes));
                paint();
              }, function (error) {
                if (error && error.name === "QuotaExceededError") { mine.reason = "full"; if (controller) controller.abort(); }
                else mine.progress.failed += 1;
              });
            }, function () { if (!mine.reason) mine.progress.failed += 1; })
            .then(next);
        }
        var workers = [];
        for (var i = 0; i < PARALLEL; i++) workers.push(next());
        return Promise.all(workers).then(function () {
          if (!mine.reason && mine.progress.failed === 0) {
            mine.reason = "done";
            var wanted = {};
            m.files.forEach(function (f) { wanted[absolute(f.url)] = true; });
            return cache.keys().then(function (keys) {
              return Promise.all(keys.filter(function (k) { return !wanted[k.url]; }).map(function (k) { return cache.delete(k); }));
            }).then(function () {
              store(O.status(m.version, Date.now(), true, m.pages, m.bytes));
            });
          }
          if (!mine.reason) mine.reason = "failed";
        });
      });
    }).catch(function () { if (!mine.reason) mine.reason = "failed"; mine.progress.failed = mine.progress.failed || 1; })
      .then(function () {
        run = null;
        var text = O.endText(mine.progress, mine.reason);
        return refresh().then(function () { ended(text); });
      });
  }

  function cancel() {
    if (!run) return;
    run.reason = "cancelled";
    if (run.controller) run.controller.abort();
  }

  /* Where the control goes: the home page, under its title; and the drawer of every page. */
  var article = document.querySelector(".md-content__inner");
  var home = location.href.split(/[?#]/)[0].replace(/index\.html$/, "") === ROOT;
  if (home && article) {
    var box = control("home", true);
    var title = article.querySelector(":scope > h1");
    article.insertBefore(box, title ? title.nextSibling : article.firstChild);
  }
  var drawer = document.querySelector(".md-nav--primary > .md-nav__list");
  if (drawer) {
    var item = el("li", "md-nav__item sotay-offline-item");
    item.appendChild(control("drawer", !controls.length));
    drawer.appendChild(item);
  }
  if (!controls.length) return;
  if (!HAS_CACHES) {
    controls.forEach(function (c) { c.button.disabled = true; c.note.textContent = "Trình duyệt không cho lưu trang của địa chỉ này (cần https)."; });
    return;
  }
  paint();
  /* The manifest is fetched once a control is on screen (the drawer: when opened). */
  var asked = false;
  function ask() { if (!asked) { asked = true; refresh(); } }
  if (home || typeof IntersectionObserver === "undefined") ask();
  else {
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); ask(); }
    });
    controls.forEach(function (c) { seen.observe(c.box); });
  }
  /* `sotay serve` patched this page in place: the manifest read, if any, is read again. */
  window.addEventListener("sotay-site-changed", function () { if (asked && !run) refresh(); });
  window.addEventListener("online", paint);
  window.addEventListener("offline", paint);
  window.addEventListener("storage", function (event) { if (event.key === KEY && !run) paint(); });
})();
