/* The Web Worker that searches (results.js), off the page's thread: typing never waits for
   the ranking of a large corpus. The page (ui.js) sends {id, kind ("search", "years",
   "campaigns", "prefetch"), base, index (docs.json's path), query, filters, limit} and
   gets back {id, value}; a search overtaken by a newer one answers null. */
import { campaigns, makeLoader, prefetch, search, years } from "./results.js";

let load = null;
let latest = 0;

self.onmessage = async ({ data }) => {
  load = load || makeLoader(data.base, data.index);
  let value = null;
  if (data.kind === "search") {
    latest = data.id;
    const stale = () => data.id !== latest;
    value = await search(data.query, data.filters, load, stale, data.limit);
  } else if (data.kind === "years") {
    value = await years(load);
  } else if (data.kind === "campaigns") {
    value = await campaigns(load);
  } else {
    value = await prefetch(load);
  }
  self.postMessage({ id: data.id, value });
};
