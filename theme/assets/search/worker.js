/* The Web Worker that searches (results.js), off the page's thread: typing never waits for
   the ranking of a large corpus. The page (ui.js) sends {id, kind ("search", "years",
   "campaigns", "prefetch"), base, index (docs.json's path), query, filters, limit} and
   gets back {id, value}; a search overtaken by a newer one answers null. A search asked
   with `early` may first answer {id, value, early: true}, its first rows (results.js
   EARLY_ROWS): it goes on loading the other rows' files when the page sends
   {kind: "rest", of: its id}, or stops when a newer search comes. */
import { campaigns, makeLoader, prefetch, search, years } from "./results.js";

let load = null;
let latest = 0;
/* Search id → what lets it go on past its early answer. */
const paused = new Map();

function release() {
  for (const go of paused.values()) go();
  paused.clear();
}

self.onmessage = async ({ data }) => {
  if (data.kind === "rest") {
    const go = paused.get(data.of);
    paused.delete(data.of);
    if (go) go();
    return;
  }
  load = load || makeLoader(data.base, data.index);
  let value = null;
  if (data.kind === "search") {
    latest = data.id;
    release(); // the searches before it see they are stale and stop
    const stale = () => data.id !== latest;
    const early = data.early
      ? (part) =>
          new Promise((go) => {
            paused.set(data.id, go);
            self.postMessage({ id: data.id, value: part, early: true });
          })
      : null;
    value = await search(data.query, data.filters, load, stale, data.limit, early);
  } else if (data.kind === "years") {
    value = await years(load);
  } else if (data.kind === "campaigns") {
    value = await campaigns(load);
  } else {
    value = await prefetch(load);
  }
  self.postMessage({ id: data.id, value });
};
