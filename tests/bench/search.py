"""Search cost on a phone: bytes downloaded by a first search and keystroke-to-results latency.

For the seed site and synthetic corpora of 100 and 1,000 directives: builds each site, serves
it on 127.0.0.1, types queries in Debian's Chromium with 4x CPU throttling, and prints the
gzip size of what the first search fetched, of the whole index, and the latencies: from the
input event to the results painted (and, in brackets, to the results written into the page),
with the load average of the machine when each row was timed. The first search is a first
visit's; the keystrokes are timed on a second visit, the service worker in place.

Usage: python tests/bench/search.py [--sizes 100 1000] [--no-seed] [--reuse] [--runs N]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import threading
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
  const observer = new MutationObserver(() => {
    if (list.getAttribute("data-query") !== q) return;
    observer.disconnect();
    const written = performance.now() - start;
    /* Painted: a task posted from the next frame's callback runs once that frame is drawn. */
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve([written, performance.now() - start]);
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


def second_visit(page: Any) -> None:
    """The reader comes back: the service worker has finished keeping the site's files (its
    background download no longer competes with typing) and controls the page and its search
    worker. The search box is opened again."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.goto(page.url.split("?")[0])  # the address holds the last query: the page again
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    throttle(page)
    page.click("label[for=__search].md-header__button")
    page.wait_for_timeout(1000)


def measure(site: Path, browser: Any) -> dict[str, float]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    page = browser.new_page(viewport={"width": 360, "height": 740})
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if _is_index(r.url) else None)
    page.goto(f"{base}/")
    throttle(page)
    page.click("label[for=__search].md-header__button")
    page.wait_for_timeout(1000)  # a reader takes a moment between opening the box and typing
    cold = page.evaluate(MEASURE_JS, QUERIES[0])[1]
    first_bytes = sum(gz(site / u.split(base + "/", 1)[1]) for u in set(fetched))
    second_visit(page)
    page.evaluate(MEASURE_JS, QUERIES[0])
    warm = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            warm.append(page.evaluate(MEASURE_JS, query[:end] + " " * (end % 2)))
    page.close()
    server.shutdown()
    index = sum(gz(p) for p in (site / "search").rglob("*.json"))
    written = [w for w, _ in warm]
    painted = [p for _, p in warm]
    return {
        "first_kb": first_bytes / 1000,
        "index_kb": index / 1000,
        "cold_ms": cold,
        "written_median_ms": statistics.median(written),
        "written_p95_ms": percentile(written, 0.95),
        "median_ms": statistics.median(painted),
        "p95_ms": percentile(painted, 0.95),
    }


def percentile(times: list[float], share: float) -> float:
    return sorted(times)[int(len(times) * share)]


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
            for _ in range(args.runs):
                m = measure(site, browser)
                print(
                    f"{name:>8} {m['first_kb']:>19.1f} {m['index_kb']:>18.1f} "
                    f"{m['cold_ms']:>15.0f} {m['median_ms']:>20.0f} {m['p95_ms']:>7.0f} "
                    f"{m['written_median_ms']:>17.0f} {m['written_p95_ms']:>5.0f} "
                    f"{os.getloadavg()[0]:>5.1f}",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
