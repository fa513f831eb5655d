/* Sổ tay báo cáo viên — offline Vietnamese search over the index built by
   builder/outputs/search.py: the search box, its filters and results (DOM glue only). */
import { group, rankPhrases, score, shardKeys, typoShardKeys } from "./score.js";
import { bestSection, escapeHTML, highlight, snippet } from "./snippet.js";
import { tokens } from "./tokenize.js";

/* One screen of results on a phone; only these fetch their texts for snippets. */
const SHOWN = 20;

/* Results reached through a typo that is itself a word are checked for the query's phrase
   among this many leading ones (their texts fetched too); the others are dropped. */
const PHRASE_CHECKED = 60;

const HINT = "Gõ số hiệu (57-CT/TW, ct 57) hoặc nội dung, có dấu hay không dấu đều được";

const form = document.querySelector("[data-sotay-search]");
if (form) start(form);

function start(form) {
  const base = form.getAttribute("data-base");
  const input = form.querySelector("input[name=q]");
  const list = document.querySelector("[data-sotay-results]");
  const status = document.querySelector("[data-sotay-status]");
  const filters = Array.from(document.querySelectorAll("[data-sotay-filter]"));
  const toggle = document.getElementById("__search");
  const cache = {};
  let latest = 0;
  let yearsFilled = false;

  function fetchJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path)
        .then((r) => (r.ok ? r.json() : {}))
        .catch(() => ({}));
    }
    return cache[path];
  }

  function passes(doc) {
    return filters.every((select) => {
      const value = select.value;
      return !value || String(doc[select.getAttribute("data-sotay-filter")]) === value;
    });
  }

  function shown(found) {
    return found.results.filter((r) => passes(r.doc)).slice(0, SHOWN);
  }

  function sectionOf(r) {
    return r.phraseSection !== undefined ? r.phraseSection : bestSection(r.entry);
  }

  function anchorOf(r) {
    const heading = sectionOf(r) >= 0 && r.doc.s[sectionOf(r)];
    return heading && heading[0] ? "#" + heading[0] : "";
  }

  /* A full text grouped with its summary: a link to where the words are in it. */
  function fullTextHTML(full) {
    const heading = sectionOf(full) >= 0 && full.doc.s[sectionOf(full)];
    const where = heading && heading[1] ? ": " + escapeHTML(heading[1]) : "";
    return (
      '<p class="sotay-result__fulltext"><a href="' + base + full.doc.u + anchorOf(full) +
      '">Trong toàn văn' + where + "</a></p>"
    );
  }

  function resultHTML(r, found, texts) {
    const section = sectionOf(r);
    const part = texts[r.id] && texts[r.id][section >= 0 ? section : 0];
    const phrase = " " + found.tokens.join(" ") + " ";
    const words = r.entry.words;
    const text = part ? highlight(snippet(part[2], words, phrase), words, found.tokens) : "";
    const meta = r.doc.tl + " · " + r.doc.l + (r.doc.d ? " · " + r.doc.d : "");
    return (
      '<li class="sotay-result">' +
      '<a href="' + base + r.doc.u + anchorOf(r) + '"><span class="sotay-result__number">' +
      escapeHTML(r.doc.n) + '</span> <span class="sotay-result__title">' +
      highlight(r.doc.t, words, found.tokens) + "</span></a>" +
      '<p class="sotay-result__meta">' + escapeHTML(meta) + "</p>" +
      '<p class="sotay-result__snippet">' + text + "</p>" +
      (r.full ? fullTextHTML(r.full) : "") + "</li>"
    );
  }

  function render(found, query, texts) {
    const results = shown(found);
    list.setAttribute("data-query", query);
    status.textContent = results.length
      ? "Tìm thấy " + results.length + " văn bản"
      : "Không tìm thấy văn bản nào cho “" + query + "”";
    list.innerHTML = results.map((r) => resultHTML(r, found, texts)).join("");
  }

  function withTexts(found) {
    const checked = found.results.slice(0, PHRASE_CHECKED).filter((r) => r.needsPhrase);
    const leading = [...new Set([...shown(found), ...checked])];
    return Promise.all(leading.map((r) => fetchJSON("search/text/" + r.id + ".json"))).then(
      (loaded) => {
        const texts = {};
        leading.forEach((r, i) => {
          texts[r.id] = loaded[i];
        });
        return texts;
      },
    );
  }

  function fetchShards(index, keys, into) {
    const present = keys.filter((k) => index.shards.includes(k) && !into[k]);
    return Promise.all(present.map((k) => fetchJSON("search/shards/" + k + ".json"))).then(
      (loaded) => Object.assign(into, Object.fromEntries(present.map((k, i) => [k, loaded[i]]))),
    );
  }

  /* The shards of the query's words, then those where its typos may find their word. */
  async function loadShards(index, query) {
    const shards = await fetchShards(index, shardKeys(query, index.key_length), {});
    return fetchShards(index, typoShardKeys(query, shards, index.key_length), shards);
  }

  async function search() {
    const query = input.value;
    const ticket = ++latest;
    const qtokens = tokens(query);
    if (!qtokens.length) {
      list.innerHTML = "";
      status.textContent = HINT;
      return;
    }
    const index = await fetchJSON("search/docs.json");
    const shards = await loadShards(index, query);
    if (ticket !== latest) return;
    const found = score(query, shards, index);
    const texts = await withTexts(found);
    if (ticket !== latest) return;
    rankPhrases(found, texts);
    group(found);
    render(found, query, texts);
  }

  function fillYears() {
    if (yearsFilled) return;
    yearsFilled = true;
    const select = document.querySelector('[data-sotay-filter="y"]');
    fetchJSON("search/docs.json").then((index) => {
      const years = [...new Set(index.docs.map((d) => d.y).filter(Boolean))];
      years.sort((a, b) => b - a);
      for (const year of years) {
        const option = document.createElement("option");
        option.value = String(year);
        option.textContent = String(year);
        select.appendChild(option);
      }
    });
  }

  /* A small corpus (`prefetch`) downloads its whole index as soon as the box opens. */
  function prefetch() {
    fetchJSON("search/docs.json").then((index) => {
      if (!index.prefetch) return;
      index.shards.forEach((k) => fetchJSON("search/shards/" + k + ".json"));
      index.docs.forEach((_, id) => fetchJSON("search/text/" + id + ".json"));
    });
  }

  function open() {
    toggle.checked = true;
    input.focus();
    fillYears();
  }

  input.addEventListener("input", search);
  filters.forEach((select) => select.addEventListener("change", search));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) {
        prefetch();
        input.focus();
        fillYears();
      }
    });
  }
  input.addEventListener("focus", prefetch, { once: true });
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
    }
  });
  const params = new URLSearchParams(window.location.search);
  if (params.get("q")) {
    toggle.checked = true;
    input.value = params.get("q");
    fillYears();
    search();
  }
}
