/* The bench's keystrokes (tests/bench/search.py QUERIES, typed letter by letter, every other
   one with a space after) replayed in Node against a site built by search.py, without a
   browser: shards, records and docs.json are at hand (Cache Storage), each text costs TRIP ms
   (env, default 20) with at most 6 loading at once, a browser's connections to one host over
   HTTP/1.1. Prints a keystroke's ms to its early answer (what the drop-down writes first:
   median, p95, max) and the texts it loaded; with V=1, each keystroke's ms, texts and first
   rows. The CPU is this machine's, unthrottled: the figures compare variants of the search
   modules (MODULES, default theme/assets/search) on one machine, they are not a phone's.
   Printed, never asserted.

   Usage: [TRIP=20] [V=1] node tests/bench/search_replay.mjs [SITE] [MODULES] */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const site = process.argv[2] || repo + "/.bench-out/search-1000/site";
const modules = resolve(process.argv[3] || repo + "/theme/assets/search");
const TRIP = Number(process.env.TRIP || 20);
const CONNECTIONS = 6;
const QUERIES = ["an ninh mang", "57-CT/TW", "chỉ thị 57", "bảo mật thông tin", "van hoa viet nam"];

const { search } = await import(modules + "/results.js");
let active = 0;
let texts = 0;
const queue = [];
const slot = () =>
  new Promise((go) => {
    if (active < CONNECTIONS) {
      active++;
      go();
    } else queue.push(go);
  });
const free = () => {
  const next = queue.shift();
  if (next) next();
  else active--;
};
const memo = {};
const read = (path) => JSON.parse(readFileSync(site + "/" + path, "utf8"));
const load = (path) => {
  if (!memo[path]) {
    if (path.includes("/text/")) {
      texts++;
      memo[path] = slot().then(
        () => new Promise((go) => setTimeout(() => (free(), go(read(path))), TRIP)),
      );
    } else memo[path] = Promise.resolve(read(path));
  }
  return memo[path];
};
load.index = "search/docs.json";
load.has = (path) => Boolean(memo[path]);

await search(QUERIES[0], {}, load); // the first visit's query, as search.py's cold one
let latest = 0;
const times = [];
for (const q of QUERIES) {
  for (let end = 1; end <= q.length; end++) {
    const query = q.slice(0, end) + " ".repeat(end % 2);
    const mine = ++latest;
    const before = texts;
    const start = performance.now();
    /* The early answer, or the full one when there is none; the rest never asked for: the
       next keystroke comes at once, as in search.py. */
    const shown = await new Promise((done) => {
      const early = (part) => (done(part), new Promise(() => {}));
      search(query, {}, load, () => mine !== latest, 10, early).then(done);
    });
    const ms = performance.now() - start;
    times.push(ms);
    if (process.env.V) {
      const rows = ((shown && shown.results) || []).slice(0, 3).map((r) => r.number);
      console.log(JSON.stringify(query).padEnd(22), ms.toFixed(0).padStart(5), "ms, texts",
        texts - before, rows.join(" | "));
    }
  }
}
const sorted = times.slice().sort((a, b) => a - b);
const at = (share) => sorted[Math.floor(sorted.length * share)].toFixed(0);
console.log(`TRIP ${TRIP} ms: early answer median ${at(0.5)} p95 ${at(0.95)} max ` +
  `${sorted[sorted.length - 1].toFixed(0)} ms over ${times.length} keystrokes, ${texts} texts`);
process.exit(0);
