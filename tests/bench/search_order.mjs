/* The search's answers on a built site, read from disk in Node: for every query of
   tests/fixtures/search/ (queries.tsv, numbers.tsv) and every keystroke of tests/bench/search.py's
   QUERIES, the results' ids (record urls) in order, the count, and the early answer's rows.
   Checks that the early answer's rows and count are those of the full answer, and prints how
   many keystrokes were answered early from the leading rows' files alone.

   Usage: node tests/bench/search_order.mjs SITE MODULES [OUT.json]
   (MODULES: a folder of the search modules, e.g. theme/assets/search or `git show` of main's;
   two runs' OUT.json files compared with `cmp` show that the order is the same.) */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [site, modules, out] = process.argv.slice(2);
const { search } = await import(pathToFileURL(path.resolve(modules, "results.js")).href);

const here = path.dirname(new URL(import.meta.url).pathname);
const read = (name) =>
  readFileSync(path.join(here, "../fixtures/search", name), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("\t")[0].replace("{NFD}", ""));
const bench = readFileSync(path.join(here, "search.py"), "utf8").match(/^QUERIES = (\[.*\])$/m);
const typed = JSON.parse(bench[1]).flatMap((q) =>
  [...q].map((_, end) => q.slice(0, end + 1) + " ".repeat((end + 1) % 2)),
);
const queries = [...read("queries.tsv"), ...read("numbers.tsv"), ...typed];

const files = new Map();
function makeLoad() {
  const asked = [];
  const kept = new Map();
  const load = (p) => {
    if (!kept.has(p)) kept.set(p, fetchOne(p));
    return kept.get(p);
  };
  const fetchOne = (p) => {
    asked.push(p);
    if (!files.has(p)) {
      let value = {};
      try {
        value = JSON.parse(readFileSync(path.join(site, p), "utf8"));
      } catch {
        value = {};
      }
      files.set(p, value);
    }
    /* A text's or record's first use is a trip to the network: each takes its own time
       (1-40 ms, the same each run), so that the files an answer waited on can be counted. */
    const value = structuredClone(files.get(p));
    if (!/\/(text|record)\//.test(p)) return Promise.resolve(value);
    let h = 0;
    for (const c of p) h = (h * 31 + c.charCodeAt(0)) % 1000003;
    return new Promise((done) =>
      setTimeout(() => {
        load.arrived++;
        done(value);
      }, 1 + (h % 40)),
    );
  };
  load.index = "search/docs.json";
  load.has = () => false;
  load.asked = asked;
  load.arrived = 0;
  return load;
}

const answers = [];
let early = 0;
let multi = 0;
const before = [];
const waited = [];
let ahead = 0;
for (const query of queries) {
  const load = makeLoad();
  let first = null;
  let askedEarly = 0;
  const start = performance.now();
  const found = await search(query, {}, load, () => false, 10, (part) => {
    first = part;
    askedEarly = performance.now() - start;
    if (load.arrived < load.asked.filter((p) => /\/(text|record)\//.test(p)).length) ahead++;
    return Promise.resolve();
  });
  const urls = (found.results || []).map((r) => r.url);
  if (query.trim().split(/\s+/).length > 1 || /\d\D|\D\d/.test(query)) multi++;
  if (first) {
    early++;
    before.push(askedEarly);
    const lead = first.results.map((r) => JSON.stringify(r));
    const full = found.results.slice(0, lead.length).map((r) => JSON.stringify(r));
    if (JSON.stringify(lead) !== JSON.stringify(full) || first.total !== found.total) {
      console.error("early answer differs for", JSON.stringify(query));
      process.exitCode = 1;
    }
  }
  answers.push([query, found.total, urls, found.suggest || null]);
  waited.push(load.arrived);
}
if (out) writeFileSync(out, JSON.stringify(answers, null, 0));
const median = (list) => list.sort((a, b) => a - b)[list.length >> 1];
console.log(
  `${queries.length} queries, ${multi} of several tokens; early answers: ${early} (${ahead} before the other files came)` +
    (before.length ? `, ms it waited (files 1-40 ms each): median ${median(before).toFixed(0)}` : "") +
    ` p95 ${before[Math.floor(before.length * 0.95)].toFixed(0)}; texts and records a full answer reads: median ${median(waited)}`,
);
