/* One search, from the query to what the page shows of each result. Runs in the Web Worker
   (worker.js), so that a search over 10,000 documents never blocks typing; the page runs it
   itself only where workers are missing. `load(path)` fetches a file of the index as JSON. */
import {
  documents, finalLead, group, rankPhrases, score, shardKeys, typoShardKeys,
} from "./score.js";
import { bestSection, escapeHTML, highlight, snippet } from "./snippet.js";
import { isNumber } from "./tokenize.js";

/* The drop-down's results: a phone shows three, each fetches its record (number, title,
   date), and every keystroke lays them out again; the results page (its "Xem tất cả kết
   quả" link) shows the rest. */
export const SHOWN = 10;

/* The first results also fetch their texts, for the snippet and the phrase check: a phone
   shows two or three, and the phrase check needs the ten leading (a text is ~4.5 KB gzip). */
export const WITH_TEXT = 10;

/* Results reached through a typo that is itself a word are checked for the query's phrase
   among this many leading ones (their texts fetched too); the others are dropped. */
export const PHRASE_CHECKED = 30;

/* A query that finds nothing is offered at most this many others. */
export const SUGGESTIONS = 4;

/* The service worker's cache of this build (builder/outputs/sw.js names it "sotay-" and 16
   hex digits and keeps every search file there at install), when exactly one is there: two
   mean a new build installing, or another site on this origin, and then the service worker
   decides. */
const BUILD_CACHE = /^sotay-[0-9a-f]{16}$/;

function buildCache() {
  if (typeof caches === "undefined") return Promise.resolve(null);
  return caches
    .keys()
    .then((names) => {
      const builds = names.filter((name) => BUILD_CACHE.test(name));
      return builds.length === 1 ? caches.open(builds[0]) : null;
    })
    .catch(() => null);
}

/* A file the build's cache lacks (a text the service worker has not kept yet, or never keeps:
   past builder/outputs/search.py OFFLINE_SEARCH_UP_TO, or on a line saving data), fetched past the service worker ("no-store": it leaves such requests to the
   network) and put in that cache here: the worker would otherwise answer it from the network
   and write a copy itself, and at 4x CPU throttling that trip cost a keystroke up to 160 ms. */
function fetchInto(store, url) {
  return fetch(url, { cache: "no-store" }).then((response) => {
    if (response.ok) store.put(url, response.clone()).catch(() => undefined);
    return response;
  });
}

/** A loader of index files under `base` (an absolute URL), each fetched once and kept in
    memory while the page stays open; `index` is the path of docs.json as the page got it from
    the build (the search box's `data-index`): docs.json names the other files (`files`), so no
    name is spelled here. A file the build's cache holds is read from it directly (what the
    service worker would answer, without the trip through it); any other is fetched. */
export function makeLoader(base, index) {
  const cache = {};
  let kept = null;
  const read = (url) => {
    kept = kept || buildCache();
    return kept.then((store) =>
      store
        ? store
            .match(url)
            .catch(() => undefined)
            .then((hit) => hit || fetchInto(store, url))
        : fetch(url),
    );
  };
  const load = (path) => {
    if (!cache[path]) {
      cache[path] = read(base + path)
        .then((r) => (r.ok ? r.json() : {}))
        .catch(() => ({}));
    }
    return cache[path];
  };
  load.index = index;
  /* Whether `path` is asked for already (in memory, or on its way). */
  load.has = (path) => Boolean(cache[path]);
  return load;
}

/* The path of file `kind` ("shard", "record", "text") of `key` (a shard key or an id). */
function fileOf(index, kind, key) {
  return (index.files || {})[kind].replace("*", String(key));
}

/* `filters` maps a record key (`lv`, `ty`, `y`, `c`) to the value chosen, "" for any; `c`
   (the campaigns listing a document) holds several. */
function passes(doc, filters) {
  return Object.keys(filters).every((key) => {
    const value = filters[key];
    if (!value) return true;
    const own = doc[key];
    return Array.isArray(own) ? own.includes(Number(value)) : String(own) === value;
  });
}

async function shardsFor(index, keys, into, load) {
  const present = keys.filter((k) => index.shards.includes(k) && !into[k]);
  const loaded = await Promise.all(present.map((k) => load(fileOf(index, "shard", k))));
  present.forEach((k, i) => {
    into[k] = loaded[i];
  });
  return into;
}

/* The shards of the query's words, then those where its typos may find their word. */
async function loadShards(index, query, load) {
  const shards = await shardsFor(index, shardKeys(query, index.key_length), {}, load);
  return shardsFor(index, typoShardKeys(query, shards, index.key_length), shards, load);
}

/* The files `kind` ("text", "record") of `results` not yet in `into` (id → file). */
async function loadEach(index, kind, results, into, load) {
  const missing = results.filter((r) => !into[r.id]);
  const loaded = await Promise.all(missing.map((r) => load(fileOf(index, kind, r.id))));
  missing.forEach((r, i) => {
    into[r.id] = loaded[i];
  });
}

/* docs.json with its columns made one object a document, once. */
async function loadIndex(load) {
  const index = await load(load.index);
  if (index.docs && !Array.isArray(index.docs)) {
    index.docs = documents(index.docs);
    const listed = (index.campaigns || {}).of || {};
    for (const id of Object.keys(listed)) index.docs[id].c = listed[id];
  }
  return index;
}

function sectionOf(r) {
  return r.phraseSection !== undefined ? r.phraseSection : bestSection(r.entry);
}

function headingOf(r, records) {
  const record = records[r.id] || {};
  const at = sectionOf(r);
  return (at >= 0 && record.s && record.s[at]) || null;
}

function urlOf(r, records) {
  const heading = headingOf(r, records);
  return (records[r.id] || {}).u + (heading && heading[0] ? "#" + heading[0] : "");
}

/* What the page shows of a result: its link, number, title and snippet as HTML, and the
   link into its full text when that holds the words too. */
function view(r, found, texts, records) {
  const record = records[r.id] || {};
  const section = sectionOf(r);
  const part = texts[r.id] && texts[r.id][section >= 0 ? section : 0];
  const phrase = " " + found.tokens.join(" ") + " ";
  const words = r.entry.words;
  let full = null;
  if (r.full) {
    const heading = headingOf(r.full, records);
    full = { url: urlOf(r.full, records), where: heading ? escapeHTML(heading[1]) : "" };
    /* A translation (docs `o` like a full text) names its language: "tiếng Mông". */
    const language = (records[r.full.id] || {}).lg;
    if (language) full.lang = escapeHTML(language);
  }
  return {
    url: urlOf(r, records),
    number: escapeHTML(record.n || ""),
    title: highlight(record.t || "", words, found.tokens),
    meta: escapeHTML(
      record.tl + " · " + record.l + (record.d ? " · " + record.d : "") +
        (record.lg ? " · khớp trong bản " + record.lg : ""),
    ),
    snippet: part ? highlight(snippet(part[2], words, phrase), words, found.tokens) : "",
    full,
  };
}

/* The first `limit` results `group` would make of `results` (best first, before the phrase
   check) under `filters`, and the full texts it would put inside them: {shown, fulls}, each
   {id}. The results themselves are left as they are. */
function ahead(results, filters, limit) {
  const summaries = new Map(results.filter((r) => !r.doc.f).map((r) => [r.id, r]));
  const placed = new Set();
  const order = [];
  const fullOf = new Map();
  for (const r of results) {
    const summary = (r.doc.f && summaries.get(r.doc.o)) || r;
    if (summary !== r && !fullOf.has(summary.id)) fullOf.set(summary.id, r.id);
    if (!placed.has(summary)) {
      placed.add(summary);
      order.push(summary);
    }
  }
  const shown = order.filter((r) => passes(r.doc, filters)).slice(0, limit);
  const fulls = shown.filter((r) => fullOf.has(r.id)).map((r) => ({ id: fullOf.get(r.id) }));
  return { shown, fulls };
}

function anyFilter(filters) {
  return Object.values(filters).some(Boolean);
}

/* The early answer known before every text the phrase check weighs is at hand (score.js
   `finalLead`): from the leading rows' files, then those of the results that could still
   change them, as they come. With two or more words a keystroke otherwise waited on the
   slowest of ten texts or more (a text's first use is a trip through the service worker to
   the network). `withText` and `shown` are the results whose texts and records the phrase
   check weighs, `next` the rows `ahead` expects. Resolves to {trial, views()}: the rows
   final, and their views; or null when they are known only once every file is. */
async function earlyLead(index, found, next, withText, shown, load) {
  const texts = {};
  const records = {};
  const weighedTexts = new Set(withText.map((r) => r.id));
  const weighedRecords = new Set(shown.map((r) => r.id));
  const byId = new Map(found.results.map((r) => [r.id, r]));
  const only = (files, ids) =>
    Object.fromEntries(Object.entries(files).filter(([id]) => ids.has(Number(id))));
  /* Only files the answers read: texts of the rows shown (not of the full texts inside
     them) and of those the phrase check weighs, records of those shown or weighed. */
  const shows = new Set(next.shown.map((r) => r.id));
  const lead = new Set([...shows, ...next.fulls.map((r) => r.id)]);
  let asked = [...next.shown, ...next.fulls];
  for (let round = 0; round < EARLY_ROUNDS && asked.length; round++) {
    await Promise.all([
      loadEach(index, "text", asked.filter((r) => shows.has(r.id) || weighedTexts.has(r.id)),
        texts, load),
      loadEach(index, "record", asked.filter((r) => lead.has(r.id) || weighedRecords.has(r.id)),
        records, load),
    ]);
    const unknown = new Set([
      ...[...weighedTexts].filter((id) => !texts[id]),
      ...[...weighedRecords].filter((id) => !records[id]),
    ]);
    const known = finalLead(
      found, only(texts, weighedTexts), only(records, weighedRecords), unknown, EARLY_ROWS,
      index.successor_bits,
    );
    if (known.trial) {
      const trial = known.trial;
      const rows = trial.results.slice(0, EARLY_ROWS);
      const missing = [...rows, ...rows.filter((r) => r.full).map((r) => r.full)].filter(
        (r) => !records[r.id] || (rows.includes(r) && !texts[r.id]),
      );
      if (!missing.length) {
        return { trial, views: () => rows.map((r) => view(r, trial, texts, records)) };
      }
      for (const r of missing) {
        lead.add(r.id);
        if (rows.includes(r)) shows.add(r.id);
      }
      asked = missing.map((r) => byId.get(r.id) || r);
    } else {
      asked = [...known.waiting].map((id) => byId.get(id));
    }
  }
  return null;
}

/* How many times the early answer waits for more files before it waits for all of them. */
const EARLY_ROUNDS = 3;

/* The drop-down asks for an early answer (`early`): the rows it writes in the keystroke's
   own frame (ui.js FIRST_ROWS), complete with their records and snippets, as soon as the
   order is final; the files of the other rows are asked for only once the promise `early`
   returns is settled (the page settles it when typing pauses), and come with the full
   answer. Measured at 4x CPU throttling, a keystroke waited most of its time on the files
   of rows a phone does not show (a text's first use is a trip to the network, ~50 ms each
   on a loaded machine), and on those of the keystroke before it, still loading. */
export const EARLY_ROWS = 3;

/** The results `query` finds under `filters`, best first, as `view` describes them (the
    first `limit`, and `total` the count of all); null when `stale()` says a newer query came
    while the files loaded. With `early`, the first EARLY_ROWS of the same results are handed
    to it first ({results, total, count: how many the full answer holds}), when the others
    still miss a file then; the others' files load once the value it returns is settled. */
export async function search(
  query, filters, load, stale = () => false, limit = SHOWN, early = null,
) {
  const index = await loadIndex(load);
  if (!index.docs) return { results: [] };
  const shards = await loadShards(index, query, load);
  if (stale()) return null;
  const found = score(query, shards, index);
  const shown = () => found.results.filter((r) => passes(r.doc, filters)).slice(0, limit);
  const texts = {};
  const records = {};
  /* The rows whose files load before the full answer's. */
  const leading = early ? EARLY_ROWS : limit;
  if (found.tokens.length < 2) {
    /* One word: no phrase to check, the order is known now (rankPhrases reads no file). */
    rankPhrases(found, texts, records);
  } else {
    const checked = found.results.slice(0, PHRASE_CHECKED).filter((r) => r.needsPhrase);
    const withText = [...new Set([...shown().slice(0, WITH_TEXT), ...checked])];
    /* The phrase check weighs exactly these texts and records; the files the leading grouped
       results will most likely show (ahead) load in the same round, kept aside until it is
       done. */
    const next = ahead(found.results, filters, leading);
    const without = (list, loaded) => {
      const ids = new Set(loaded.map((r) => r.id));
      return list.filter((r) => !ids.has(r.id));
    };
    const laterTexts = {};
    const laterRecords = {};
    const nextShown = next.shown.slice(0, WITH_TEXT);
    /* The leading rows' files are asked for first (a browser opens a few connections at a
       time): often they are enough to know those rows (finalLead). */
    const leadFiles =
      early && !anyFilter(filters) ? earlyLead(index, found, next, withText, shown(), load) : null;
    const all = Promise.all([
      loadEach(index, "text", withText, texts, load),
      loadEach(index, "record", shown(), records, load),
      loadEach(index, "text", without(nextShown, withText), laterTexts, load),
      loadEach(index, "record", without([...next.shown, ...next.fulls], shown()), laterRecords, load),
    ]);
    if (leadFiles) {
      const sent = await leadFiles;
      if (stale()) return null;
      if (sent) {
        const total = sent.trial.results.length;
        await early({ results: sent.views(), total, count: Math.min(limit, total) });
        if (stale()) return null;
        early = null;
      }
    }
    await all;
    if (stale()) return null;
    rankPhrases(found, texts, records);
    Object.assign(texts, laterTexts);
    Object.assign(records, laterRecords);
  }
  group(found);
  const total = found.results.filter((r) => passes(r.doc, filters)).length;
  if (!total) return { results: [], total, suggest: await suggest(found, shards, index, load) };
  const results = shown();
  /* What the rows still miss (after the phrase check, only what it moved into them). */
  const read = (rows) => {
    const fulls = rows.filter((r) => r.full).map((r) => r.full);
    return Promise.all([
      loadEach(index, "record", [...rows, ...fulls], records, load),
      loadEach(index, "text", rows.filter((r) => results.indexOf(r) < WITH_TEXT), texts, load),
    ]);
  };
  /* Whether the loader holds every file of `rows` already (it says so with `has`). */
  const atHand = (rows) =>
    rows.every(
      (r) =>
        Boolean(load.has) &&
        load.has(fileOf(index, "record", r.id)) &&
        (!r.full || load.has(fileOf(index, "record", r.full.id))) &&
        (results.indexOf(r) >= WITH_TEXT || load.has(fileOf(index, "text", r.id))),
    );
  /* A row's view, made once: the early answer's rows are the full answer's first. */
  const made = new Map();
  const views = (rows) =>
    rows.map((r) => made.get(r) || made.set(r, view(r, found, texts, records)).get(r));
  const first = results.slice(0, leading);
  const rest = results.slice(leading);
  if (early && !atHand(rest)) {
    await read(first);
    if (stale()) return null;
    /* The page says when the other rows are wanted (once typing pauses). */
    await early({ results: views(first), total, count: results.length });
    if (stale()) return null;
  }
  await Promise.all([read(first), read(rest)]);
  return { results: views(results), total };
}

/* What to try when nothing is found: the query without one of its words, where that finds
   something, and the document numbers nearest to a number typed ("nq 999" → the NQ with the
   closest numbers; any kind when none of that kind exists). */
async function suggest(found, shards, index, load) {
  const words = found.tokens;
  const out = [];
  if (words.length > 1) {
    words.forEach((_, i) => {
      const fewer = words.filter((__, j) => j !== i).join(" ");
      if (score(fewer, shards, index).results.some((r) => !r.needsPhrase)) out.push(fewer);
    });
  }
  const number = words.find(isNumber);
  if (number !== undefined) {
    const numbers = await load(index.files.numbers);
    const all = Array.isArray(numbers) ? numbers : [];
    const codes = new Set(words.filter((t) => !isNumber(t)));
    const kin = all.filter(([, code]) => codes.has(code));
    const pool = (kin.length ? kin : all).slice();
    pool.sort((a, b) => Math.abs(a[2] - number) - Math.abs(b[2] - number) || a[3] - b[3]);
    out.unshift(...pool.slice(0, 2).map(([shown]) => shown));
  }
  return [...new Set(out)].slice(0, SUGGESTIONS);
}

/** The years of the documents, newest first, for the year filter. */
export async function years(load) {
  const index = await loadIndex(load);
  const all = [...new Set((index.docs || []).map((d) => d.y).filter(Boolean))];
  return all.sort((a, b) => b - a);
}

/** [id, label] of each campaign, for the campaign filter. */
export async function campaigns(load) {
  const index = await loadIndex(load);
  return (index.campaigns || {}).list || [];
}

/** A small corpus (`prefetch`) downloads its whole index as soon as the box opens. */
export async function prefetch(load) {
  const index = await loadIndex(load);
  if (!index.prefetch) return null;
  index.shards.forEach((k) => load(fileOf(index, "shard", k)));
  index.docs.forEach((_, id) => {
    load(fileOf(index, "record", id));
    load(fileOf(index, "text", id));
  });
  return null;
}
