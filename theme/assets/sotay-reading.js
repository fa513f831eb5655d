/* Sổ tay báo cáo viên — "Lưu xem sau", "Đọc gần đây" and "Đọc tiếp", all on the reader's phone.
   The list lives in localStorage (sotay-reading-store.js); saved pages and what they need are
   copied into a cache of their own, which the service worker (sw.js) serves when offline and
   never drops with an old build. Nothing is sent anywhere. */
(function () {
  "use strict";
  var R = window.SotayReading;
  var script = document.currentScript;
  if (!R || !script) return;
  var ROOT = script.src.replace(/assets\/sotay-reading\.js.*$/, "");
  var ROOT_PATH = new URL(ROOT).pathname;
  var KEY = R.storageKey(ROOT_PATH);
  /* Not "sotay-…": the worker drops those caches when a new build activates. */
  var CACHE = "sotay:xem-sau:" + ROOT_PATH;
  var HAS_CACHES = typeof caches !== "undefined" && window.isSecureContext;
  var here = R.relativeUrl(location.href, ROOT);

  function load() {
    try { return R.parse(localStorage.getItem(KEY)); } catch (e) { return R.empty(); }
  }
  function store(state) {
    try { localStorage.setItem(KEY, R.serialize(state)); return true; } catch (e) { return false; }
  }
  function absolute(url) { return ROOT + url; }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function clean(text) { return (text || "").replace(/\s+/g, " ").trim(); }
  function announce(message) {
    var live = document.querySelector("[data-sotay-reading-live]");
    if (!live) {
      live = el("p", "sotay-sr-only");
      live.setAttribute("data-sotay-reading-live", "");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = message;
  }

  /* ---- What a page is: from the markers of the directive, full-text and campaign pages ---- */
  function describe(doc, url) {
    var pageUrl = absolute(url);
    function rel(href) { return R.relativeUrl(new URL(href, pageUrl).href, ROOT); }
    var campaign = doc.querySelector("article.dht[data-slug]");
    var summary = doc.querySelector("article.vb[data-slug]:not(.dht)");
    var full = doc.querySelector(".tv-page[data-slug]");
    var card = campaign || summary;
    if (card) {
      var outline = card.querySelector(campaign ? '.vb-actions a[href="in/"]' : "a.vb-print[href]");
      return {
        url: url, kind: campaign ? "dot" : "tom-tat",
        number: clean((card.querySelector(".vb-number") || {}).textContent),
        title: clean((card.querySelector(".vb-title") || {}).textContent),
        also: outline ? [rel(outline.getAttribute("href"))].filter(Boolean) : [],
      };
    }
    if (full) {
      var nav = full.querySelector(".tv-nav");
      return {
        url: url, kind: "toan-van",
        number: clean((full.querySelector(".tv-h1 .nw") || {}).textContent),
        title: nav && nav.firstChild ? clean(nav.firstChild.textContent).replace(/\s*·$/, "") : "",
        also: [],
      };
    }
    return null;
  }

  /* ---- Offline copies ---- */
  function assetsOf(doc, pageUrl) {
    var found = {};
    var nodes = doc.querySelectorAll('link[rel~="stylesheet"][href], link[rel~="icon"][href], script[src], img[src]');
    Array.prototype.forEach.call(nodes, function (node) {
      var url = new URL(node.getAttribute("href") || node.getAttribute("src"), pageUrl);
      if (url.origin === location.origin) found[url.href.split("#")[0]] = true;
    });
    return Object.keys(found);
  }
  function keepAsset(cache, url) {
    return caches.match(url).then(function (hit) {
      if (hit) return cache.put(url, hit);
      return fetch(url).then(function (response) { if (response.ok) return cache.put(url, response); });
    }).catch(function () { /* an asset missing offline leaves the text readable */ });
  }
  /* One page and everything it loads; resolves to "kept", "gone" (404/410) or "failed". */
  function keepPage(cache, url) {
    var href = absolute(url);
    return fetch(href).then(function (response) {
      if (response.status === 404 || response.status === 410) return { status: "gone" };
      if (!response.ok) return { status: "failed" };
      return response.clone().text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        return cache.put(href, response)
          .then(function () { return Promise.all(assetsOf(doc, href).map(function (a) { return keepAsset(cache, a); })); })
          .then(function () { return { status: "kept", meta: describe(doc, url) }; });
      });
    }).catch(function () { return { status: "failed" }; });
  }
  /* The item's page decides: its outline failing does not make the item gone. */
  function keepItem(item) {
    if (!HAS_CACHES) return Promise.resolve({ status: "failed" });
    return caches.open(CACHE).then(function (cache) {
      var urls = [item.url].concat(item.also, ["xem-sau/"]);
      return Promise.all(urls.map(function (u) { return keepPage(cache, u); }));
    }).then(function (results) { return results[0]; }, function () { return { status: "failed" }; });
  }
  function isKept(item) {
    if (!HAS_CACHES) return Promise.resolve(false);
    return caches.open(CACHE).then(function (cache) {
      return Promise.all([item.url].concat(item.also).map(function (u) { return cache.match(absolute(u)); }));
    }).then(function (hits) { return hits.every(Boolean); }, function () { return false; });
  }
  function release(urls) {
    if (!HAS_CACHES || !urls.length) return Promise.resolve();
    return caches.open(CACHE).then(function (cache) {
      return Promise.all(urls.map(function (u) { return cache.delete(absolute(u)); }));
    }).catch(function () {});
  }
  /* After keeping: a moved or removed page is marked, a page found again is unmarked. */
  function recordResult(item, result) {
    var state = load();
    if (!R.isSaved(state, item.url)) return state;
    if (result.status === "gone") state = R.markGone(state, item.url, true);
    else if (result.status === "kept") {
      state = R.markGone(state, item.url, false);
      var meta = result.meta;
      if (meta && meta.kind === R.savedItem(state, item.url).kind) state = R.retitle(state, item.url, meta.number, meta.title);
    }
    store(state);
    return state;
  }

  /* ---- Saving ---- */
  function saveItems(items, now) {
    var state = load();
    for (var i = items.length - 1; i >= 0; i--) state = R.save(state, items[i], now);
    if (!store(state)) { announce("Không lưu được: bộ nhớ của trình duyệt đã đầy hoặc bị chặn."); return null; }
    refreshAll();
    return Promise.all(items.map(function (item) {
      return keepItem(item).then(function (result) { recordResult(item, result); return result; });
    }));
  }
  function unsave(url) {
    var before = load();
    var after = R.remove(before, url);
    store(after);
    refreshAll();
    return release(R.releasedUrls(before, after));
  }

  function toggleSave(item) {
    if (R.isSaved(load(), item.url)) {
      unsave(item.url);
      announce("Đã bỏ " + item.number + " khỏi danh sách Lưu xem sau.");
    } else {
      var pending = saveItems([item], Date.now());
      if (pending) pending.then(function (results) {
        announce(results[0].status === "kept" ? "Đã lưu " + item.number + ", đọc được cả khi không có mạng." : "Đã lưu " + item.number + " vào danh sách.");
      });
    }
  }
  function saveButton(item) {
    var button = el("button", "md-button sotay-save");
    button.type = "button";
    button.setAttribute("data-sotay-save", item.url);
    button.addEventListener("click", function () { toggleSave(item); });
    paintSave(button, load());
    return button;
  }
  function paintSave(button, state) {
    var saved = R.isSaved(state, button.getAttribute("data-sotay-save"));
    button.textContent = saved ? "Đã lưu" : "Lưu xem sau";
    button.setAttribute("aria-pressed", saved ? "true" : "false");
    button.title = saved ? "Bấm để bỏ khỏi danh sách Lưu xem sau" : "Giữ trên máy này để đọc sau, cả khi không có mạng";
  }

  /* The campaign's summarised documents: number and title from the list, refined from each
     page once it is fetched. */
  function campaignDocuments(article) {
    var items = [];
    Array.prototype.forEach.call(article.querySelectorAll(".dht-list > li > a[href]"), function (link) {
      var url = R.relativeUrl(link.href, ROOT);
      if (!url || items.some(function (i) { return i.url === url; })) return;
      var li = link.parentNode;
      var badge = li.querySelector(".dht-badge");
      var rest = clean(li.textContent.replace(badge ? badge.textContent : "", ""));
      var colon = rest.indexOf(": ");
      items.push({ url: url, kind: "tom-tat", number: clean(link.textContent), title: colon >= 0 ? rest.slice(colon + 2) : rest, also: [url + "de-cuong/"], from: here });
    });
    return items;
  }
  function campaignButton(article, campaign) {
    var documents = campaignDocuments(article);
    var button = el("button", "md-button sotay-save-all", "Lưu cả đợt");
    button.type = "button";
    button.setAttribute("data-sotay-save-all", "");
    button.title = "Lưu đợt học tập, " + documents.length + " văn bản có bản tóm tắt và đề cương của chúng";
    button.addEventListener("click", function () {
      button.textContent = "Đang lưu cả đợt…";
      var pending = saveItems([campaign].concat(documents), Date.now());
      if (!pending) { button.textContent = "Lưu cả đợt"; return; }
      pending.then(function (results) {
        var kept = results.filter(function (r) { return r.status === "kept"; }).length;
        button.textContent = "Đã lưu cả đợt (" + documents.length + " văn bản)";
        announce(kept === results.length ? "Đã lưu cả đợt, đọc được cả khi không có mạng." : "Đã lưu cả đợt vào danh sách; " + (results.length - kept) + " trang chưa tải được về máy.");
      });
    });
    return button;
  }

  function addPageButtons(page) {
    var actions = document.querySelector("article.vb .vb-actions, .tv-page > .vb-actions");
    if (!actions) return;
    actions.appendChild(saveButton(page));
    var article = document.querySelector("article.dht");
    if (article && page.kind === "dot") actions.appendChild(campaignButton(article, page));
  }

  /* Search results (theme/assets/search.js redraws them): the same toggle on each. */
  function resultItem(li) {
    var link = li.querySelector("a[href]");
    var url = link && R.relativeUrl(link.href, ROOT);
    if (!url) return null;
    var number = li.querySelector(".sotay-result__number");
    var title = li.querySelector(".sotay-result__title");
    var full = /toan-van\/$/.test(url);
    return {
      url: url, kind: full ? "toan-van" : "tom-tat",
      number: clean((number || link).textContent), title: clean(title ? title.textContent : ""),
      also: full ? [] : [url + "de-cuong/"],
    };
  }
  /* The drop-down says when it wrote new results (a "sotay-results" event,
     theme/assets/search/ui.js; not at a keystroke that found the same): each row gets its
     button then. One click listener serves them all, and the saved list is read once a
     write, not once a button. */
  function watchResults() {
    var list = document.querySelector("[data-sotay-results]");
    if (!list) return;
    function decorate() {
      var state = null;
      Array.prototype.forEach.call(list.children, function (li) {
        var item = resultItem(li);
        var button = li.querySelector("[data-sotay-save]");
        if (!item) return;
        if (button && button.getAttribute("data-sotay-save") === item.url) return;
        if (!button) {
          button = el("button", "md-button sotay-save sotay-save--result");
          button.type = "button";
          li.appendChild(button);
        }
        button.setAttribute("data-sotay-save", item.url);
        paintSave(button, state || (state = load()));
      });
    }
    list.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-sotay-save]");
      var li = button && button.closest(".sotay-result");
      var item = li && resultItem(li);
      if (item) toggleSave(item);
    });
    list.addEventListener("sotay-results", decorate);
    decorate();
  }

  /* ---- Recently read, and where the reader left off ---- */
  function headings() {
    return Array.prototype.slice.call(document.querySelectorAll(".md-content h2[id], .md-content h3[id], .md-content h4[id]"));
  }
  function trackReading(page) {
    var state = load();
    var offer = R.resumeOffer(state, page.url, location.hash);
    store(R.visit(state, page, Date.now()));
    if (offer && document.getElementById(offer.id)) showResume(offer);
    var last = offer ? offer.id : null;
    var timer = 0;
    var moved = false;
    /* Only the reader's own scrolling moves the mark: opening and leaving keeps it. */
    function record() {
      timer = 0;
      if (!moved) return;
      var part = R.currentPart(headings().map(function (h) {
        return { id: h.id, title: clean(h.textContent), top: h.getBoundingClientRect().top };
      }), window.innerHeight);
      var id = part ? part.id : null;
      if (id === last) return;
      last = id;
      store(R.markPart(load(), page.url, part));
    }
    window.addEventListener("scroll", function () {
      moved = true;
      if (!timer) timer = setTimeout(record, 300);
    }, { passive: true });
    window.addEventListener("pagehide", record);
  }
  function showResume(part) {
    var bar = el("div", "sotay-resume");
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "Đọc tiếp");
    var note = el("p", "sotay-resume__text", "Lần trước bạn đọc đến: ");
    note.appendChild(el("strong", "", part.title));
    var go = el("button", "md-button md-button--primary", "Đọc tiếp");
    var close = el("button", "md-button", "Để sau");
    go.type = close.type = "button";
    go.setAttribute("data-sotay-resume", part.id);
    go.addEventListener("click", function () { bar.remove(); location.replace("#" + part.id); });
    close.addEventListener("click", function () { bar.remove(); });
    bar.appendChild(note);
    bar.appendChild(go);
    bar.appendChild(close);
    document.body.appendChild(bar);
  }

  /* ---- The /xem-sau/ page ---- */
  function stateLine(item) {
    var line = el("span", "sotay-saved__state");
    line.setAttribute("data-sotay-state", "");
    if (item.gone) {
      line.textContent = "Không còn ở địa chỉ này trên trang (văn bản đã được chuyển hoặc gỡ bỏ). ";
      line.classList.add("sotay-saved__state--gone");
      if (item.number) {
        var search = el("a", "", "Tìm theo số hiệu");
        search.href = ROOT + "?q=" + encodeURIComponent(item.number);
        line.appendChild(search);
      }
      return line;
    }
    line.textContent = HAS_CACHES ? "Đang kiểm tra bản lưu trên máy…" : "Chỉ đọc được khi có mạng: trình duyệt không cho lưu trang của địa chỉ này.";
    if (!HAS_CACHES) return line;
    isKept(item).then(function (kept) {
      if (kept) { line.textContent = "Đọc được khi không có mạng"; checkStillThere(item); return; }
      if (!navigator.onLine || tried[item.url]) {
        line.textContent = "Chưa có trên máy (bộ nhớ tạm đã bị xóa hoặc chưa tải được): sẽ tải lại khi có mạng";
        line.classList.add("sotay-saved__state--missing");
        return;
      }
      tried[item.url] = true;
      line.textContent = "Đang tải về để đọc khi không có mạng…";
      keepItem(item).then(function (result) { recordResult(item, result); renderList(); });
    });
    return line;
  }
  /* Online, a kept copy may outlive its page: ask the server (HEAD, not cached by the worker). */
  var checked = {};
  var tried = {};
  function checkStillThere(item) {
    if (!navigator.onLine || checked[item.url]) return;
    checked[item.url] = true;
    fetch(absolute(item.url), { method: "HEAD", cache: "no-store" }).then(function (response) {
      if (response.status === 404 || response.status === 410) { store(R.markGone(load(), item.url, true)); renderList(); }
    }).catch(function () {});
  }
  function entryLink(item, hash) {
    var link = el("a", "sotay-saved__link");
    link.href = absolute(item.url) + (hash || "");
    link.appendChild(el("strong", "sotay-saved__number", item.number || "Chưa rõ số hiệu"));
    if (item.title) link.appendChild(document.createTextNode(" " + item.title));
    return link;
  }
  function renderSaved(box, state) {
    var items = R.savedList(state);
    box.textContent = "";
    if (!items.length) {
      box.appendChild(el("p", "sotay-reading-empty", "Chưa lưu văn bản nào. Bấm “Lưu xem sau” ở đầu một bản tóm tắt, toàn văn hay đợt học tập (hoặc “Lưu cả đợt”) để giữ nó ở đây."));
      return;
    }
    box.appendChild(el("p", "sotay-reading-count", items.length + " mục đã lưu, mới nhất trước"));
    var list = el("ol", "sotay-saved");
    items.forEach(function (item) {
      var li = el("li", "sotay-saved__item");
      li.setAttribute("data-url", item.url);
      li.appendChild(item.gone ? el("strong", "sotay-saved__number", item.number) : entryLink(item));
      if (item.gone && item.title) li.appendChild(document.createTextNode(" " + item.title));
      var meta = el("p", "sotay-saved__meta", R.kindLabel(item.kind) + " · lưu ngày " + R.formatDate(item.savedAt));
      var from = item.from && R.savedItem(state, item.from);
      if (from) meta.textContent += " · cùng đợt " + from.number;
      li.appendChild(meta);
      li.appendChild(stateLine(item));
      var remove = el("button", "md-button sotay-remove", "Bỏ lưu");
      remove.type = "button";
      remove.setAttribute("data-sotay-remove", item.url);
      remove.setAttribute("aria-label", "Bỏ lưu " + (item.number || item.title));
      remove.addEventListener("click", function () {
        unsave(item.url);
        announce("Đã bỏ " + (item.number || item.title) + " khỏi danh sách.");
      });
      li.appendChild(remove);
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  function renderRecent(box, state) {
    var items = R.recentList(state);
    box.textContent = "";
    if (!items.length) {
      box.appendChild(el("p", "sotay-reading-empty", "Chưa mở văn bản nào trên máy này."));
      return;
    }
    var list = el("ol", "sotay-recent");
    items.forEach(function (item) {
      var li = el("li", "sotay-recent__item");
      li.setAttribute("data-url", item.url);
      li.appendChild(entryLink(item));
      li.appendChild(el("p", "sotay-saved__meta", R.kindLabel(item.kind) + " · mở lúc " + R.formatDateTime(item.openedAt)));
      if (item.part) {
        var resume = el("p", "sotay-recent__part", "Đọc tiếp: ");
        var link = el("a", "", item.part.title);
        link.href = absolute(item.url) + "#" + item.part.id;
        resume.appendChild(link);
        li.appendChild(resume);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  function renderList() {
    var saved = document.querySelector("[data-sotay-saved]");
    var recent = document.querySelector("[data-sotay-recent]");
    var state = load();
    if (saved) renderSaved(saved, state);
    if (recent) renderRecent(recent, state);
  }

  function refreshAll() {
    var state = load();
    Array.prototype.forEach.call(document.querySelectorAll("[data-sotay-save]"), function (b) { paintSave(b, state); });
    renderList();
  }

  /* A cleared cache heals itself: saved items missing from it are fetched again when online. */
  function healSaved() {
    if (!HAS_CACHES || !navigator.onLine) return;
    R.savedList(load()).forEach(function (item) {
      if (item.gone) return;
      isKept(item).then(function (kept) {
        if (!kept) keepItem(item).then(function (result) { recordResult(item, result); });
      });
    });
  }

  var page = here !== null ? describe(document, here) : null;
  if (page) {
    addPageButtons(page);
    trackReading(page);
  }
  watchResults();
  renderList();
  window.addEventListener("storage", function (event) { if (event.key === KEY) refreshAll(); });
  window.addEventListener("online", function () { checked = {}; tried = {}; renderList(); });
  if (!document.querySelector("[data-sotay-saved]")) setTimeout(healSaved, 3000);
})();
