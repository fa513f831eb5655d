/* Sổ tay báo cáo viên — offline Vietnamese search over the index built by
   builder/outputs/search.py: the search box, its filters and results, and the results page
   (urls.SEARCH_PAGE_URL: the full list, its filters in the address). DOM glue only: the
   search itself runs in a Web Worker (worker.js), so typing never waits for it. The names
   of the index and of the results page come from the build (the box's `data-index`,
   `data-page`), never spelled here. */

/* The page imports no search module itself: they load in the worker only (a module loaded
   by both would be listed twice in the page's resource timeline, which sotay.js hands to
   the service worker's cache.addAll, and a list with duplicates is refused whole). */

/* A query with no letter or digit has no word to look for (tokenize.js would find none). */
const WORD = /[\p{L}\p{N}]/u;

const HINT = "Gõ số hiệu (57-CT/TW, ct 57) hoặc nội dung, có dấu hay không dấu đều được";

/* The results page shows this many more results each time "Hiện thêm" is pressed: each
   result fetches its record, so a first screen stays a phone's few dozen requests. */
const PAGE_STEP = 50;

/* The address (?q=) follows the query once typing pauses this long: a replaceState took
   ~15-20 ms of a keystroke in a trace at 4x CPU throttling, paid before its results. The
   results never wait for it; leaving the page (a result tapped, Back) writes it at once. */
const ADDRESS_PAUSE_MS = 400;

/* The drop-down writes this many rows in the keystroke's own frame, the ones a screen shows
   (a phone at 360×740 shows two, the panel of a 1280×800 screen two and the top of a
   third), and the rest once that frame is painted, when the page is idle: a trace at 4x CPU
   throttling found laying out and painting the ten rows most of a keystroke's cost. */
const FIRST_ROWS = 3;

/* The files of the rows below those (results.js EARLY_ROWS) are asked for once typing pauses
   this long: asked at once, a reader typing on finds the next keystroke's files queued
   behind them (a trace at 4x CPU throttling: the first rows waited on the texts of the
   rows before). */
const REST_PAUSE_MS = 200;

/* The rest of the rows wait this long at most for an idle moment. */
const REST_WAIT_MS = 150;

const later = window.requestIdleCallback
  ? (task) => window.requestIdleCallback(task, { timeout: REST_WAIT_MS })
  : (task) => setTimeout(task, 0);

const form = document.querySelector("[data-sotay-search]");
if (form) start(form, document.querySelector("[data-sotay-search-page]"));

/* Ask the worker (or, without one, the page itself) for `kind` ("search", "years",
   "prefetch"); answers come back as promises. A search given `early` (a function) has it
   called with the worker's early answer, when there is one, and a function to call when the
   rest of the answer is wanted (results.js EARLY_ROWS), before its promise resolves. */
function searcher(base, index) {
  let worker = null;
  try {
    worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  } catch {
    worker = null;
  }
  if (!worker) {
    const modules = import("./results.js");
    let load = null;
    let latest = 0;
    return async (message, early = null) => {
      const { campaigns, makeLoader, prefetch, search, years } = await modules;
      load = load || makeLoader(base, index);
      if (message.kind === "search") {
        /* As in the worker: a search overtaken by a newer one stops. */
        const mine = ++latest;
        const stale = () => mine !== latest;
        const part = early && ((value) => new Promise((go) => early(value, go)));
        return search(message.query, message.filters, load, stale, message.limit, part);
      }
      if (message.kind === "campaigns") return campaigns(load);
      return message.kind === "years" ? years(load) : prefetch(load);
    };
  }
  const waiting = new Map();
  let next = 0;
  worker.onmessage = ({ data }) => {
    const asked = waiting.get(data.id);
    if (!asked) return;
    if (data.early) {
      asked.early(data.value, () => worker.postMessage({ kind: "rest", of: data.id }));
      return;
    }
    waiting.delete(data.id);
    asked.resolve(data.value);
  };
  return (message, early = null) =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, { resolve, early });
      worker.postMessage({ ...message, early: Boolean(early), id, base, index });
    });
}

/* 10.000 văn bản: Vietnamese groups thousands with a dot. */
function thousands(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

function escapeText(text) {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c]);
}

/* A result row's parts, parsed once per row and then kept: a keystroke rewrites only the
   parts whose text changed (their HTML, with its marks, escaped by results.js) and the
   links' addresses, never the whole list (a trace at 4x CPU throttling found the list's
   re-parse and restyle, laid out again at every keystroke, most of a keystroke's cost). */
const ROW =
  '<a><span class="sotay-result__number"></span> <span class="sotay-result__title"></span></a>' +
  '<p class="sotay-result__meta"></p><p class="sotay-result__snippet"></p>';

function makeRow() {
  const li = document.createElement("li");
  li.className = "sotay-result";
  li.innerHTML = ROW;
  const link = li.firstElementChild;
  /* The link into the full text, in the row only when the result has one. */
  const full = document.createElement("p");
  full.className = "sotay-result__meta sotay-result__fulltext";
  full.appendChild(document.createElement("a"));
  return {
    li,
    link,
    number: link.firstElementChild,
    title: link.lastElementChild,
    meta: li.children[1],
    snippet: li.children[2],
    full,
    written: {},
  };
}

/* `node`'s HTML as `key` of `row`, written only when it changed. */
function put(row, key, node, html) {
  if (row.written[key] === html) return;
  row.written[key] = html;
  node.innerHTML = html;
}

function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/* Row `row` showing `r`; links are relative to the page (`base`). */
function fill(row, r, base) {
  setAttr(row.link, "href", base + r.url);
  put(row, "number", row.number, r.number);
  put(row, "title", row.title, r.title);
  put(row, "meta", row.meta, r.meta);
  put(row, "snippet", row.snippet, r.snippet);
  if (!r.full) {
    if (row.full.parentNode) row.full.remove();
    return;
  }
  setAttr(row.full.firstElementChild, "href", base + r.full.url);
  const label = (r.full.lang ? "Khớp trong bản " + r.full.lang : "Trong toàn văn") +
    (r.full.where ? ": " + r.full.where : "");
  put(row, "full", row.full.firstElementChild, label);
  /* Before the save button sotay-reading.js adds at the row's end. */
  if (!row.full.parentNode) row.snippet.after(row.full);
}

/* A list of results kept as rows that live on: `write(results, suggest)` shows `results`
   (as results.js describes them), or when there are none the suggestions, and only when
   what it shows changed (the same results come back for "an ninh" and "an ninh ", or when a
   word's prefix already found them). Rows past the results are taken out of the list and
   kept for the next keystroke. With `first`, only the first `first` rows are written at
   once and the others when the page is idle, the list `aria-busy` until then; `written()`
   is called after each write. Results written `early` (the worker's early answer: some
   snippets still to come) keep the list `aria-busy` until the full answer is written. */
function listWriter(list, base, first = Infinity, written = () => {}) {
  const rows = [];
  let attached = 0;
  let shown = null;
  let generation = 0;
  let partial = false;

  function settle() {
    if (partial) list.setAttribute("aria-busy", "true");
    else list.removeAttribute("aria-busy");
  }

  function show(results, from, to) {
    for (let i = from; i < to; i++) {
      const row = rows[i] || (rows[i] = makeRow());
      fill(row, results[i], base);
      if (i >= attached) {
        list.appendChild(row.li);
        attached = i + 1;
      }
    }
  }

  function cut(to) {
    for (let i = attached - 1; i >= to; i--) rows[i].li.remove();
    attached = Math.min(attached, to);
  }

  /* The rows still to write (a function), or null; written when the page is next idle
     unless a keystroke came since (`hold`). */
  let rest = null;
  function schedule() {
    const mine = ++generation;
    later(() => {
      if (mine !== generation || !rest) return;
      const task = rest;
      rest = null;
      task();
    });
  }

  function write(results, suggest, early = false) {
    const suggestion = results.length ? "" : suggestHTML(suggest);
    const key = results.length ? JSON.stringify(results) : suggestion;
    partial = early;
    if (key === shown && (key === "" || list.firstElementChild)) {
      if (rest) schedule(); // the same results again: their rows still come
      else settle();
      return;
    }
    shown = key;
    rest = null;
    if (!results.length || list.childElementCount !== attached) {
      list.innerHTML = suggestion; // the suggestions, or nothing: rows are taken out
      attached = 0;
    }
    const now = Math.min(results.length, first);
    show(results, 0, now);
    cut(now);
    if (now === results.length) {
      settle();
    } else {
      list.setAttribute("aria-busy", "true");
      rest = () => {
        show(results, now, results.length);
        settle();
        written();
      };
      schedule();
    }
    written();
  }
  /* A keystroke came: the rows waiting are for results about to be replaced; they wait for
     its answer (which writes them again, or, the same, lets them come). */
  write.hold = () => {
    generation++;
  };
  return write;
}

/* `node`'s text, written only when it changes (a write lays the line out again). */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/* "Thử: 57-CT/TW, an ninh", one a line: each a link that searches it (?q=, so it also
   opens alone). */
function suggestHTML(suggest) {
  if (!suggest || !suggest.length) return "";
  const links = suggest.map(
    (q) =>
      '<a class="sotay-suggest__link" href="?q=' + encodeURIComponent(q) + '">' +
      escapeText(q) + "</a>",
  );
  /* Styled as a result's snippet (sotay.css); its links are not results (`> a`). */
  return (
    '<li class="sotay-result sotay-suggest"><p class="sotay-result__snippet">Thử:' +
    links.join("") + "</p></li>"
  );
}

/* What the status line says of `found` for `query`: the count, or that nothing was found. */
function statusText(found, query) {
  const shown = found.count || found.results.length; // an early answer holds its first rows
  const more = found.total > shown ? " (hiện " + thousands(shown) + " văn bản đầu)" : "";
  return shown
    ? "Tìm thấy " + thousands(found.total) + " văn bản" + more
    : "Không tìm thấy văn bản nào cho “" + query + "”";
}

/* The options of the year and campaign filters, from the index: the years into `year`,
   and the campaigns into the select `campaign()` gives, asked only when the site has some. */
function fillFilters(ask, year, campaign) {
  const years = ask({ kind: "years" }).then((all) => {
    for (const y of all || []) year.appendChild(new Option(String(y), String(y)));
  });
  const campaigns = ask({ kind: "campaigns" }).then((all) => {
    if (!all || !all.length) return;
    const select = campaign();
    for (const [id, label] of all) select.appendChild(new Option(label, String(id)));
    select.hidden = false;
  });
  return Promise.all([years, campaigns]);
}

function start(form, page) {
  /* Links are relative to the page; the worker, which resolves paths against its own
     address, gets the absolute base. */
  const base = form.getAttribute("data-base");
  const absolute = new URL(base, window.location.href).href;
  const input = form.querySelector("input[name=q]");
  const list = document.querySelector("[data-sotay-results]");
  const status = document.querySelector("[data-sotay-status]");
  const filters = Array.from(document.querySelectorAll("[data-sotay-filter]"));
  const toggle = document.getElementById("__search");
  const all = document.querySelector("[data-sotay-all]");
  const asker = searcher(absolute, form.getAttribute("data-index"));
  let asked = false;
  const ask = (message, early = null) => {
    asked = true;
    return asker(message, early);
  };
  /* `sotay serve` patched this page in place (its serve_reload.js): an index file the worker
     has read may have changed, and only a new page gets a new worker. */
  const indexDir = new URL(".", new URL(form.getAttribute("data-index"), absolute)).href;
  window.addEventListener("sotay-site-changed", ({ detail }) => {
    const stale = detail.changed.some((path) => new URL(path, absolute).href.startsWith(indexDir));
    if (asked && stale) window.location.reload();
  });
  const pageUrl = base + form.getAttribute("data-page");
  /* After each write the list tells listeners (sotay-reading.js's save buttons) with a
     "sotay-results" event. */
  const write = listWriter(list, base, FIRST_ROWS, () =>
    list.dispatchEvent(new CustomEvent("sotay-results")),
  );
  let latest = 0;
  let yearsFilled = false;
  let prefetched = false;

  function chosen() {
    return Object.fromEntries(filters.map((s) => [s.getAttribute("data-sotay-filter"), s.value]));
  }

  /* The results page's address for `query` under the filters chosen. */
  function pageHref(query) {
    const params = new URLSearchParams({ q: query });
    for (const [key, value] of Object.entries(chosen())) if (value) params.set(key, value);
    return pageUrl + "?" + params.toString();
  }

  function render(found, query, early = false) {
    const results = found.results;
    list.setAttribute("data-query", query);
    setText(status, statusText(found, query));
    write(results, found.suggest, early);
    if (all) {
      all.hidden = !results.length;
      all.firstElementChild.setAttribute("href", pageHref(query));
    }
  }

  /* The query lives in the address (?q=): a search can be shared, and Back from a result
     comes back to it. Written once typing pauses (ADDRESS_PAUSE_MS), or at once by `flush`. */
  let pending = null;
  let pendingTimer = 0;
  function writeAddress(query) {
    const url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    if (url.href !== window.location.href) window.history.replaceState(null, "", url.href);
  }
  function flush() {
    clearTimeout(pendingTimer);
    if (pending !== null) writeAddress(pending);
    pending = null;
  }
  /* After the pause, when the page has nothing else to do (a phone still drawing results). */
  const idle = window.requestIdleCallback
    ? () => window.requestIdleCallback(flush, { timeout: ADDRESS_PAUSE_MS })
    : flush;
  function remember(query) {
    pending = query;
    clearTimeout(pendingTimer);
    pendingTimer = setTimeout(idle, ADDRESS_PAUSE_MS);
  }

  async function run() {
    const query = input.value;
    const ticket = ++latest;
    write.hold();
    remember(query);
    if (!WORD.test(query)) {
      write([], null);
      list.setAttribute("data-query", query);
      setText(status, HINT);
      if (all) all.hidden = true;
      return;
    }
    /* The first rows as soon as they are complete (the worker's early answer), the others
       once typing pauses. */
    const found = await ask({ kind: "search", query, filters: chosen() }, (part, more) => {
      if (ticket !== latest) {
        more(); // overtaken: it stops at once
        return;
      }
      render(part, query, true);
      setTimeout(more, REST_PAUSE_MS);
    });
    if (ticket !== latest || !found) return;
    render(found, query);
  }

  /* The year filter's options, and the campaign filter beside it when the site has some. */
  function fillYears() {
    if (yearsFilled) return;
    yearsFilled = true;
    const year = document.querySelector('[data-sotay-filter="y"]');
    fillFilters(ask, year, () => {
      const campaign = document.createElement("select");
      campaign.setAttribute("data-sotay-filter", "c");
      campaign.setAttribute("aria-label", "Lọc theo đợt học tập");
      campaign.appendChild(new Option("Mọi đợt học tập", ""));
      year.insertAdjacentElement("afterend", campaign);
      filters.push(campaign);
      campaign.addEventListener("change", run);
      return campaign;
    });
  }

  function warm() {
    if (prefetched) return;
    prefetched = true;
    ask({ kind: "prefetch" });
  }

  function open() {
    toggle.checked = true;
    input.focus();
    fillYears();
  }

  list.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest(".sotay-suggest__link");
    if (!link) {
      flush(); // a result is opened: Back must find the query in the address
      return;
    }
    event.preventDefault();
    input.value = link.textContent;
    run();
  });
  window.addEventListener("pagehide", flush);
  input.addEventListener("input", run);
  filters.forEach((select) => select.addEventListener("change", run));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) {
        warm();
        input.focus();
        fillYears();
      }
    });
  }
  input.addEventListener("focus", warm, { once: true });
  /* On wide screens the box sits in the header: focusing it opens the results panel. */
  input.addEventListener("focus", () => {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      fillYears();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== input && toggle) {
      event.preventDefault();
      open();
    } else if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      remember("");
      flush();
    }
  });
  if (page) {
    startPage(page, ask, base);
    return;
  }
  const params = new URLSearchParams(window.location.search);
  if (params.get("q")) {
    toggle.checked = true;
    input.value = params.get("q");
    fillYears();
    run();
  } else if (typedEarly(input, toggle)) {
    fillYears();
    run();
  }
}

/* Words typed into `input` before this script ran (a slow phone draws the box before its
   scripts run), whose "input" events no listener heard: the box has the focus, or its panel
   (`toggle`) is open. */
function typedEarly(input, toggle = null) {
  const shown = document.activeElement === input || (toggle !== null && toggle.checked);
  return shown && WORD.test(input.value);
}

/* The results page: every result of ?q= under the filters of its address (lv, ty, y, c),
   PAGE_STEP at a time. Typing rewrites the address; a filter chosen or a search sent adds a
   step to the history, and Back returns to it. */
function startPage(page, ask, base) {
  const input = page.querySelector("input[name=q]");
  const selects = Array.from(page.querySelectorAll("select[name]"));
  const status = document.querySelector("[data-sotay-page-status]");
  const list = document.querySelector("[data-sotay-page-results]");
  const more = document.querySelector("[data-sotay-page-more]");
  const byName = Object.fromEntries(selects.map((s) => [s.name, s]));
  const write = listWriter(list, base);
  let limit = PAGE_STEP;
  let latest = 0;

  function fromAddress() {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    for (const select of selects) select.value = params.get(select.name) || "";
    limit = PAGE_STEP;
  }

  function address() {
    const url = new URL(window.location.href);
    url.search = "";
    if (input.value.trim()) url.searchParams.set("q", input.value);
    for (const select of selects) if (select.value) url.searchParams.set(select.name, select.value);
    return url.href;
  }

  function note(push) {
    const href = address();
    if (href === window.location.href) return;
    if (push) window.history.pushState(null, "", href);
    else window.history.replaceState(null, "", href);
  }

  async function run() {
    const query = input.value;
    const ticket = ++latest;
    if (!WORD.test(query)) {
      write([], null);
      list.setAttribute("data-query", query);
      status.textContent = HINT;
      more.hidden = true;
      return;
    }
    const filters = Object.fromEntries(selects.map((s) => [s.name, s.value]));
    const found = await ask({ kind: "search", query, filters, limit });
    if (ticket !== latest || !found) return;
    status.textContent = statusText(found, query);
    const results = found.results;
    write(results, found.suggest);
    list.setAttribute("data-query", query);
    more.hidden = found.total <= results.length;
  }

  page.addEventListener("submit", (event) => {
    event.preventDefault();
    limit = PAGE_STEP;
    note(true);
    run();
  });
  input.addEventListener("input", () => {
    limit = PAGE_STEP;
    note(false);
    run();
  });
  for (const select of selects) {
    select.addEventListener("change", () => {
      limit = PAGE_STEP;
      note(true);
      run();
    });
  }
  more.addEventListener("click", () => {
    limit += PAGE_STEP;
    run();
  });
  list.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest(".sotay-suggest__link");
    if (!link) return;
    event.preventDefault();
    input.value = link.textContent;
    note(true);
    run();
  });
  window.addEventListener("popstate", () => {
    fromAddress();
    run();
  });
  if (typedEarly(input)) note(false); // the words typed win over the address they were typed on
  fromAddress();
  /* The year and campaign a shared address names exist once the index has listed them. */
  fillFilters(ask, byName.y, () => byName.c).then(() => {
    fromAddress();
    run();
  });
}
