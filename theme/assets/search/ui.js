/* Sổ tay báo cáo viên — offline Vietnamese search over the index built by
   builder/outputs/search.py: the search box, its filters and results (DOM glue only). The
   search itself runs in a Web Worker (worker.js), so typing never waits for it. */

/* The page imports no search module itself: they load in the worker only (a module loaded
   by both would be listed twice in the page's resource timeline, which sotay.js hands to
   the service worker's cache.addAll, and a list with duplicates is refused whole). */

/* A query with no letter or digit has no word to look for (tokenize.js would find none). */
const WORD = /[\p{L}\p{N}]/u;

const HINT = "Gõ số hiệu (57-CT/TW, ct 57) hoặc nội dung, có dấu hay không dấu đều được";

const form = document.querySelector("[data-sotay-search]");
if (form) start(form);

/* Ask the worker (or, without one, the page itself) for `kind` ("search", "years",
   "prefetch"); answers come back as promises. */
function searcher(base) {
  let worker = null;
  try {
    worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  } catch {
    worker = null;
  }
  if (!worker) {
    const modules = import("./results.js");
    let load = null;
    return async (message) => {
      const { campaigns, makeLoader, prefetch, search, years } = await modules;
      load = load || makeLoader(base);
      if (message.kind === "search") return search(message.query, message.filters, load);
      if (message.kind === "campaigns") return campaigns(load);
      return message.kind === "years" ? years(load) : prefetch(load);
    };
  }
  const waiting = new Map();
  let next = 0;
  worker.onmessage = ({ data }) => {
    const resolve = waiting.get(data.id);
    waiting.delete(data.id);
    if (resolve) resolve(data.value);
  };
  return (message) =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      worker.postMessage({ ...message, id, base });
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

function start(form) {
  /* Links are relative to the page; the worker, which resolves paths against its own
     address, gets the absolute base. */
  const base = form.getAttribute("data-base");
  const absolute = new URL(base, window.location.href).href;
  const input = form.querySelector("input[name=q]");
  const list = document.querySelector("[data-sotay-results]");
  const status = document.querySelector("[data-sotay-status]");
  const filters = Array.from(document.querySelectorAll("[data-sotay-filter]"));
  const toggle = document.getElementById("__search");
  const ask = searcher(absolute);
  let latest = 0;
  let yearsFilled = false;
  let prefetched = false;

  function chosen() {
    return Object.fromEntries(filters.map((s) => [s.getAttribute("data-sotay-filter"), s.value]));
  }

  function resultHTML(r) {
    const full = r.full
      ? '<p class="sotay-result__meta sotay-result__fulltext"><a href="' + base + r.full.url +
        '">Trong toàn văn' +
        (r.full.where ? ": " + r.full.where : "") + "</a></p>"
      : "";
    return (
      '<li class="sotay-result">' +
      '<a href="' + base + r.url + '"><span class="sotay-result__number">' + r.number +
      '</span> <span class="sotay-result__title">' + r.title + "</span></a>" +
      '<p class="sotay-result__meta">' + r.meta + "</p>" +
      '<p class="sotay-result__snippet">' + r.snippet + "</p>" + full + "</li>"
    );
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

  function render(found, query) {
    const results = found.results;
    list.setAttribute("data-query", query);
    const more = found.total > results.length ? " (hiện " + results.length + " văn bản đầu)" : "";
    status.textContent = results.length
      ? "Tìm thấy " + thousands(found.total) + " văn bản" + more
      : "Không tìm thấy văn bản nào cho “" + query + "”";
    list.innerHTML = results.length ? results.map(resultHTML).join("") : suggestHTML(found.suggest);
  }

  /* The query lives in the address (?q=): a search can be shared, and Back from a result
     comes back to it. */
  function remember(query) {
    const url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    if (url.href !== window.location.href) window.history.replaceState(null, "", url.href);
  }

  async function run() {
    const query = input.value;
    const ticket = ++latest;
    remember(query);
    if (!WORD.test(query)) {
      list.innerHTML = "";
      list.setAttribute("data-query", query);
      status.textContent = HINT;
      return;
    }
    const found = await ask({ kind: "search", query, filters: chosen() });
    if (ticket !== latest || !found) return;
    render(found, query);
  }

  /* The campaign filter, added beside the others when the site has campaigns. */
  function fillCampaigns(after) {
    ask({ kind: "campaigns" }).then((all) => {
      if (!all || !all.length || !after) return;
      const select = document.createElement("select");
      select.setAttribute("data-sotay-filter", "c");
      select.setAttribute("aria-label", "Lọc theo đợt học tập");
      select.appendChild(new Option("Mọi đợt học tập", ""));
      for (const [id, label] of all) select.appendChild(new Option(label, String(id)));
      after.insertAdjacentElement("afterend", select);
      filters.push(select);
      select.addEventListener("change", run);
    });
  }

  function fillYears() {
    if (yearsFilled) return;
    yearsFilled = true;
    const select = document.querySelector('[data-sotay-filter="y"]');
    fillCampaigns(select);
    ask({ kind: "years" }).then((all) => {
      for (const year of all || []) {
        const option = document.createElement("option");
        option.value = String(year);
        option.textContent = String(year);
        select.appendChild(option);
      }
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
    if (!link) return;
    event.preventDefault();
    input.value = link.textContent;
    run();
  });
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
    }
  });
  const params = new URLSearchParams(window.location.search);
  if (params.get("q")) {
    toggle.checked = true;
    input.value = params.get("q");
    fillYears();
    run();
  }
}
