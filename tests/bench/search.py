"""Search cost on a phone: bytes downloaded by a first search and keystroke-to-results latency.

For the seed site and synthetic corpora of 100 and 1,000 directives: builds each site, serves
it on 127.0.0.1, types queries in Debian's Chromium with 4x CPU throttling, and prints the
gzip size of what the first search fetched, of the whole index, and the latencies: from the
input event to the results painted (and, in brackets, to the results written into the page),
with the load average of the machine when each row was timed. The first search is a first
visit's; the keystrokes are timed on a second visit, the service worker in place.

With --trace, the keystrokes of one more pass are recorded in a Chromium trace (CDP Tracing,
kept under .bench-out/) and the main thread's time a keystroke is printed by kind: style
recalculation, layout, pre-paint and paint, compositing set-up, HTML parsing, script, and the
rest of its tasks; beside them the elements restyled, the layout objects laid out and the
list's nodes added a keystroke, and the search worker's time. These are what the page itself
costs, nearly independent of the machine's load.

Each run's keystrokes (written ms, painted ms, index files requested) go to
.bench-out/keystrokes-<corpus>-<run>.json, and a line splits the painted times between the
keystrokes that load index files and those answered from memory; --classify takes that split
from an earlier run's file (a search worker reading Cache Storage makes no requests).

With --ab DIR [DIR ...], each site built is timed once a run with the search modules of each
DIR (copied over the site's assets/search/ in turn: e.g. `git show` of main's and of a
branch's theme/assets/search/ into two folders), the variants interleaved so that a machine's
changing load falls on all alike; a last line a variant pools its runs' keystrokes. A DIR
holding a `search/` folder (a site's index, built by the code the modules go with) has it
copied over the site's `search/` too. The site keeps the last variant's modules and index (a
later --reuse times those).

With --first-visit, the queries are typed on the first visit too, right after the first
search, while the service worker still keeps the texts of search results (sw.js keepLater).

Usage: python tests/bench/search.py [--sizes 100 1000] [--no-seed] [--reuse] [--runs N] [--trace]
       [--first-visit] [--classify .bench-out/keystrokes-1000-0.json] [--ab DIR [DIR ...]]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / ".bench-out"
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

sys.path.insert(0, str(REPO))
from builder.outputs.pdf import CHROMIUM_ARGS, QuietHandler  # noqa: E402

QUERIES = ["an ninh mang", "57-CT/TW", "chỉ thị 57", "bảo mật thông tin", "van hoa viet nam"]
MEASURE_JS = """q => new Promise(resolve => {
  const input = document.querySelector("input[name=q]");
  const list = document.querySelector("[data-sotay-results]");
  const start = performance.now();
  performance.mark("sotay-keystroke");
  const observer = new MutationObserver(() => {
    if (list.getAttribute("data-query") !== q) return;
    observer.disconnect();
    const written = performance.now() - start;
    /* Painted: a task posted from the next frame's callback runs once that frame is drawn. */
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        performance.mark("sotay-painted");
        resolve([written, performance.now() - start]);
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(list, {attributes: true, childList: true});
  input.value = q;
  input.dispatchEvent(new Event("input"));
})"""
"""Times one keystroke as the reader sees it: from the input event (no debounce in ui.js)
to the results written into the list, and to the next frame painted with them:
[written ms, painted ms]."""


def build_site(name: str, count: int | None, reuse: bool = False) -> Path:
    """The site of corpus `name` under .bench-out/; `reuse`: a site built before is kept as
    it is (the theme and code it was built with)."""
    project = OUT / f"search-{name}"
    if reuse and (project / "site" / "search").is_dir():
        return project / "site"
    corpus = project / "directives"
    kept = count is not None and (corpus / f".made-{count}").exists()
    for folder in ("theme", "content", "site"):
        shutil.rmtree(project / folder, ignore_errors=True)
    for folder in ("theme", "content"):
        shutil.copytree(REPO / folder, project / folder)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    if count is None:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.copytree(REPO / "directives", corpus)
    elif not kept:  # make_corpus is seeded by `count`: the same files every time
        shutil.rmtree(corpus, ignore_errors=True)
        make_corpus(count, corpus)
        (corpus / f".made-{count}").touch()
    sotay = Path(sys.executable).parent / "sotay"
    subprocess.run([str(sotay), "build"], cwd=project, check=True, capture_output=True)
    return project / "site"


def _is_index(url: str) -> bool:
    """A file of the search index (not the search modules under assets/search/)."""
    return "/search/" in url and "/assets/" not in url


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def throttle(page: Any) -> None:
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})


KEPT_JS = """later => caches.keys().then(async (names) => {
  const build = names.find((name) => /^sotay-[0-9a-f]{16}$/.test(name));
  if (!build) return false;
  const kept = new Set((await (await caches.open(build)).keys()).map((r) => r.url));
  return later.every((path) => kept.has(new URL(path, location.origin + "/").href));
})"""
"""Whether the service worker's cache holds every file it keeps after its install (the texts
of search results: sw.js `keepLater`)."""


def later_files(site: Path) -> list[str]:
    """The files `sw.js` keeps in the background once it runs (its BUILD's `later`)."""
    line = next(
        x
        for x in (site / "sw.js").read_text(encoding="utf-8").splitlines()
        if x.startswith("var BUILD = ")
    )
    later: list[str] = json.loads(line.removeprefix("var BUILD = ").removesuffix(";"))["later"]
    return later


def second_visit(page: Any, later: list[str], since: float | None = None) -> float:
    """The reader comes back: the service worker has finished keeping the site's files (its
    background download no longer competes with typing: the texts of search results, `later`,
    come after its install) and controls the page and its search worker. The search box is
    opened again. Returns the seconds from `since` (time.monotonic) until the files were kept."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    for _ in range(600):  # wait_for_function would take the promise itself as true
        if page.evaluate(KEPT_JS, later):
            break
        page.wait_for_timeout(500)
    else:
        raise SystemExit("the service worker did not keep its texts in 5 minutes")
    kept = time.monotonic() - (since or time.monotonic())
    page.goto(page.url.split("?")[0])  # the address holds the last query: the page again
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    throttle(page)
    page.click("label[for=__search].md-header__button")
    page.wait_for_timeout(1000)
    return kept


TRACE_CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "toplevel",
    "v8.execute",
    "blink.user_timing",
]

KINDS = {
    "UpdateLayoutTree": "style",
    "RecalculateStyles": "style",
    "Layout": "layout",
    "PrePaint": "paint",
    "Paint": "paint",
    "PaintImage": "paint",
    "Layerize": "layers",
    "UpdateLayer": "layers",
    "UpdateLayerTree": "layers",
    "CompositeLayers": "layers",
    "Commit": "layers",
    "ParseHTML": "parse",
    "FunctionCall": "script",
    "EvaluateScript": "script",
    "v8.compile": "script",
    "v8.compileModule": "script",
    "RunMicrotasks": "script",
    "EventDispatch": "script",
    "TimerFire": "script",
    "FireAnimationFrame": "script",
    "FireIdleCallback": "script",
    "V8.Execute": "script",
    "v8.run": "script",
    "v8.callFunction": "script",
    "MajorGC": "gc",
    "MinorGC": "gc",
    "V8.GC_SCAVENGER": "gc",
    "BlinkGC.AtomicPhase": "gc",
}
"""Trace events of the main thread by what they cost; a task's time outside all of them is
`other` (the task scheduler, input, the worker's messages)."""

COUNT_JS = """() => {
  const list = document.querySelector("[data-sotay-results]");
  window.sotayAdded = 0;
  const count = (node) => 1 + (node.querySelectorAll ? node.querySelectorAll("*").length : 0);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) window.sotayAdded += count(n);
  }).observe(list, {childList: true, subtree: true, characterData: true});
}"""


Interval = tuple[float, float, str, dict[str, Any], float]
"""An event of one thread: start and end (µs), name, arguments, and the thread's CPU time in
it (µs; its wall time when the trace has none)."""


def _intervals(events: list[dict[str, Any]]) -> list[Interval]:
    """Complete events ('X', and 'B'/'E' pairs) of one thread."""
    out = []
    open_: dict[str, list[dict[str, Any]]] = {}
    for e in sorted(events, key=lambda e: e["ts"]):
        if e["ph"] == "X" and "dur" in e:
            args = e.get("args", {})
            out.append((e["ts"], e["ts"] + e["dur"], e["name"], args, e.get("tdur", e["dur"])))
        elif e["ph"] == "B":
            open_.setdefault(e["name"], []).append(e)
        elif e["ph"] == "E" and open_.get(e["name"]):
            b = open_[e["name"]].pop()
            cpu = e.get("tts", 0) - b.get("tts", 0) if "tts" in b else e["ts"] - b["ts"]
            args = {**b.get("args", {}), **e.get("args", {})}
            out.append((b["ts"], e["ts"], e["name"], args, cpu))
    return sorted(out, key=lambda i: (i[0], -i[1]))


def _self_times(intervals: list[Interval], cpu: bool = False) -> dict[str, float]:
    """Microseconds of each kind (wall time, or with `cpu` the thread's CPU time), each event
    counted without the events nested in it; a task's own time is `other`."""
    tasks = ("RunTask", "ThreadControllerImpl::RunTask")
    kinds: dict[str, float] = {}
    stack: list[list[Any]] = []  # [start, end, kind, time of the events nested in it]

    def close() -> None:
        start, end, kind, nested, spent = stack.pop()
        kinds[kind] = kinds.get(kind, 0.0) + spent - nested
        if stack:
            stack[-1][3] += spent

    for start, end, name, _, thread in intervals:
        kind = KINDS.get(name, "other" if name in tasks else None)
        if kind is None:
            continue  # an event of no kind: its time stays its parent's
        while stack and stack[-1][1] <= start:
            close()
        end = min(end, stack[-1][1]) if stack else end
        stack.append([start, end, kind, 0.0, thread if cpu else end - start])
    while stack:
        close()
    return kinds


def summarize_trace(trace: dict[str, Any], keystrokes: int, added: int) -> dict[str, float]:
    """Milliseconds a keystroke by kind on the page's main thread, and the worker's."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    names = {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name"
    }
    by_thread: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for e in events:
        if e.get("ph") in ("X", "B", "E"):
            by_thread.setdefault((e["pid"], e["tid"]), []).append(e)
    workers = {pid for (pid, _), name in names.items() if name.startswith("DedicatedWorker")}
    main = [t for t, name in names.items() if name == "CrRendererMain" and t[0] in workers]
    main_thread = max(main, key=lambda t: len(by_thread.get(t, [])))
    intervals = _intervals(by_thread[main_thread])
    kinds = _self_times(intervals)
    out = {k: v / 1000 / keystrokes for k, v in kinds.items()}
    out["main"] = sum(kinds.values()) / 1000 / keystrokes
    cpu = _self_times(intervals, cpu=True)
    out.update({"cpu " + k: v / 1000 / keystrokes for k, v in cpu.items()})
    out["cpu main"] = sum(cpu.values()) / 1000 / keystrokes
    # What a keystroke waits for: the main thread's work from the input event to the frame
    # painted with its results (the bench's marks), not the rows written once it is idle.
    marks = sorted(
        (e["ts"], e["name"])
        for e in events
        if e.get("name") in ("sotay-keystroke", "sotay-painted") and e.get("ph") in "RIinb"
    )
    windows = [
        (t, marks[i + 1][0])
        for i, (t, name) in enumerate(marks[:-1])
        if name == "sotay-keystroke" and marks[i + 1][1] == "sotay-painted"
    ]
    inside = [i for i in intervals if any(a <= i[0] < b for a, b in windows)]
    waited = _self_times(inside, cpu=True)
    out["waited"] = sum(waited.values()) / 1000 / max(len(windows), 1)
    out["waited wall"] = sum(_self_times(inside).values()) / 1000 / max(len(windows), 1)
    out["windows"] = len(windows)
    restyled = sum(
        a.get("elementCount", 0) for _, _, n, a, _ in intervals if n == "UpdateLayoutTree"
    )
    laid = sum(
        (a.get("beginData") or {}).get("dirtyObjects", 0)
        for _, _, n, a, _ in intervals
        if n == "Layout"
    )
    out["restyled"] = restyled / keystrokes
    out["laid_out"] = laid / keystrokes
    out["added"] = added / keystrokes
    worker = cpu_worker = 0.0
    for t, name in names.items():
        if t[0] == main_thread[0] and name.startswith("DedicatedWorker"):
            worker += sum(_self_times(_intervals(by_thread.get(t, []))).values())
            cpu_worker += sum(_self_times(_intervals(by_thread.get(t, [])), cpu=True).values())
    out["worker"] = worker / 1000 / keystrokes
    out["cpu worker"] = cpu_worker / 1000 / keystrokes
    return out


def trace_keystrokes(page: Any, browser: Any, path: Path) -> dict[str, float]:
    """One more pass over QUERIES with a Chromium trace running: its summary a keystroke."""
    page.evaluate(COUNT_JS)
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    keystrokes = 0
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            page.evaluate(MEASURE_JS, query[:end] + " " * (end % 2))
            keystrokes += 1
    raw = browser.stop_tracing()
    path.write_bytes(raw)
    added = page.evaluate("() => window.sotayAdded")
    return summarize_trace(json.loads(raw), keystrokes, added)


def type_queries(page: Any, fetched: list[str]) -> tuple[list[list[float]], list[int]]:
    """QUERIES typed key by key, each keystroke timed (MEASURE_JS) right after the last one's
    results: [written, painted] ms a keystroke, and the index files it requested."""
    times, asked = [], []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            before = len(fetched)
            times.append(page.evaluate(MEASURE_JS, query[:end] + " " * (end % 2)))
            asked.append(len(fetched) - before)
    return times, asked


def measure(
    site: Path, browser: Any, trace: Path | None = None, first_visit: bool = False
) -> dict[str, Any]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    page = browser.new_page(viewport={"width": 360, "height": 740})
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if _is_index(r.url) else None)
    opened = time.monotonic()
    page.goto(f"{base}/")
    throttle(page)
    page.click("label[for=__search].md-header__button")
    page.wait_for_timeout(1000)  # a reader takes a moment between opening the box and typing
    cold = page.evaluate(MEASURE_JS, QUERIES[0])[1]
    first_bytes = sum(gz(site / u.split(base + "/", 1)[1]) for u in set(fetched))
    # The reader types on at once, while the service worker still keeps the site's files.
    first = [p for _, p in type_queries(page, fetched)[0]] if first_visit else []
    later = later_files(site)
    kept_s = second_visit(page, later, opened)
    page.evaluate(MEASURE_JS, QUERIES[0])
    # asked: index files requested over the network (not read from Cache Storage)
    warm, asked = type_queries(page, fetched)
    traced = trace_keystrokes(page, browser, trace) if trace else None
    page.close()
    server.shutdown()
    index = sum(gz(p) for p in (site / "search").rglob("*.json"))
    written = [w for w, _ in warm]
    painted = [p for _, p in warm]
    return {
        "first_kb": first_bytes / 1000,
        "later": (len(later), sum(gz(site / p) for p in later) / 1000, kept_s),
        "first_visit": first,
        "index_kb": index / 1000,
        "cold_ms": cold,
        "written_median_ms": statistics.median(written),
        "written_p95_ms": percentile(written, 0.95),
        "median_ms": statistics.median(painted),
        "p95_ms": percentile(painted, 0.95),
        "trace": traced,
        "keystrokes": [[w, p, n] for (w, p), n in zip(warm, asked, strict=True)],
    }


def split_line(keystrokes: list[list[float]], classify: Path | None) -> str:
    """Painted ms of the keystrokes that load index files (10-21 files: shards, records,
    texts) and of those answered from the worker's memory, each median and p95."""
    counts = [k[2] for k in json.loads(classify.read_text())] if classify else None
    counts = counts or [k[2] for k in keystrokes]
    parts = []
    for label, wanted in (("loading files", True), ("from memory", False)):
        times = [k[1] for k, n in zip(keystrokes, counts, strict=True) if (n > 0) == wanted]
        if times:
            parts.append(
                f"{label} ({len(times)}): median {statistics.median(times):.0f}"
                f" p95 {percentile(times, 0.95):.0f}"
            )
    return f"{'':>8} painted ms, keystrokes " + "; ".join(parts)


def percentile(times: list[float], share: float) -> float:
    return sorted(times)[int(len(times) * share)]


def trace_line(t: dict[str, float], clock: str, prefix: str) -> str:
    kinds = ("style", "layout", "paint", "layers", "parse", "script", "gc", "other")
    line = " + ".join(f"{kind} {t.get(prefix + kind, 0.0):.1f}" for kind in kinds)
    out = (
        f"{'':>8} trace, {clock} ms a keystroke: main thread {t[prefix + 'main']:.1f} = {line};"
        f" worker {t[prefix + 'worker']:.1f}"
    )
    if prefix:
        out += (
            f"; from the input event to the frame painted ({t['windows']:.0f} keystrokes):"
            f" {t['waited']:.1f} CPU ms ({t['waited wall']:.1f} wall) on the main thread"
        )
    else:
        out += (
            f"; a keystroke: {t['restyled']:.0f} elements restyled,"
            f" {t['laid_out']:.0f} layout objects laid out, {t['added']:.0f} nodes added"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--no-seed", action="store_true", help="skip the seed site")
    parser.add_argument(
        "--reuse", action="store_true", help="time the sites built by an earlier run as they are"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="time each site this many times (fresh page each)"
    )
    parser.add_argument(
        "--trace", action="store_true", help="trace one more pass; main-thread ms a keystroke"
    )
    parser.add_argument(
        "--first-visit",
        action="store_true",
        help="also type the queries on the first visit, the service worker still keeping files",
    )
    parser.add_argument(
        "--classify",
        type=Path,
        help="keystrokes-*.json of an earlier run: its requests tell the keystrokes that load"
        " index files (a run reading them from Cache Storage makes no requests)",
    )
    parser.add_argument(
        "--ab",
        type=Path,
        nargs="+",
        default=[],
        help="folders of search modules timed in turn in each site built (interleaved runs)",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        f"{'corpus':>8} {'first search KB gz':>19} {'whole index KB gz':>18} "
        f"{'first query ms':>15} {'keystroke median ms':>20} {'p95 ms':>7} "
        f"{'(written: median':>17} {'p95)':>5} {'load':>5}   (4x CPU throttling)"
    )
    sizes = ([] if args.no_seed else [("seed", None)]) + [(str(n), n) for n in args.sizes]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for name, count in sizes:
            site = build_site(name, count, args.reuse)
            variants: list[Path | None] = list(args.ab) or [None]
            pooled: dict[str, list[float]] = {}
            for run, variant in ((r, v) for r in range(args.runs) for v in variants):
                label = name
                if variant is not None:
                    for module in variant.glob("*.js"):
                        shutil.copy(module, site / "assets" / "search" / module.name)
                    if (variant / "search").is_dir():  # the index its modules read
                        shutil.rmtree(site / "search")
                        shutil.copytree(variant / "search", site / "search")
                    label = f"{name}:{variant.name}"
                trace = OUT / f"trace-{name}.json" if args.trace else None
                m = measure(site, browser, trace, args.first_visit)
                pooled.setdefault(label, []).extend(k[1] for k in m["keystrokes"])
                print(
                    f"{label:>8} {m['first_kb']:>19.1f} {m['index_kb']:>18.1f} "
                    f"{m['cold_ms']:>15.0f} {m['median_ms']:>20.0f} {m['p95_ms']:>7.0f} "
                    f"{m['written_median_ms']:>17.0f} {m['written_p95_ms']:>5.0f} "
                    f"{os.getloadavg()[0]:>5.1f}",
                    flush=True,
                )
                saved = OUT / f"keystrokes-{label.replace(':', '-')}-{run}.json"
                saved.write_text(json.dumps(m["keystrokes"]))
                print(split_line(m["keystrokes"], args.classify), flush=True)
                if m["first_visit"]:
                    times = m["first_visit"]
                    print(
                        f"{'':>8} first visit, typed at once: painted median"
                        f" {statistics.median(times):.0f} p95 {percentile(times, 0.95):.0f} ms",
                        flush=True,
                    )
                count, kb, seconds = m["later"]
                if count:
                    print(
                        f"{'':>8} after its install the service worker kept {count} texts"
                        f" ({kb:.0f} KB gz) {seconds:.1f} s after the first page opened",
                        flush=True,
                    )
                if m["trace"]:
                    for clock, prefix in (("wall", ""), ("thread CPU", "cpu ")):
                        print(trace_line(m["trace"], clock, prefix), flush=True)
            if args.ab:
                for label, times in pooled.items():
                    print(
                        f"{label:>8} pooled over {args.runs} runs: painted median"
                        f" {statistics.median(times):.0f} p95 {percentile(times, 0.95):.0f} ms",
                        flush=True,
                    )
        browser.close()


if __name__ == "__main__":
    main()
