"""Search cost on a phone: bytes downloaded by a first search and keystroke-to-results latency.

For the seed site and synthetic corpora of 100 and 1,000 directives: builds each site, serves
it on 127.0.0.1, types queries in Debian's Chromium with 4x CPU throttling, and prints the
gzip size of what the first search fetched, of the whole index, and the latencies.

Usage: python tests/bench/search.py [--sizes 100 1000]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
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
    if (list.getAttribute("data-query") === q) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(list, {attributes: true, childList: true});
  input.value = q;
  input.dispatchEvent(new Event("input"));
})"""


def build_site(name: str, count: int | None) -> Path:
    project = OUT / f"search-{name}"
    shutil.rmtree(project, ignore_errors=True)
    for folder in ("theme", "content"):
        shutil.copytree(REPO / folder, project / folder)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    if count is None:
        shutil.copytree(REPO / "directives", project / "directives")
    else:
        make_corpus(count, project / "directives")
    sotay = Path(sys.executable).parent / "sotay"
    subprocess.run([str(sotay), "build"], cwd=project, check=True, capture_output=True)
    return project / "site"


def _is_index(url: str) -> bool:
    """A file of the search index (not the search modules under assets/search/)."""
    return "/search/" in url and "/assets/" not in url


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def measure(site: Path, browser: Any) -> dict[str, float]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    page = browser.new_page(viewport={"width": 360, "height": 740})
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if _is_index(r.url) else None)
    page.goto(f"{base}/")
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.click("label[for=__search].md-header__button")
    page.wait_for_timeout(1000)  # a reader takes a moment between opening the box and typing
    cold = page.evaluate(MEASURE_JS, QUERIES[0])
    first_bytes = sum(gz(site / u.split(base + "/", 1)[1]) for u in set(fetched))
    warm = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            warm.append(page.evaluate(MEASURE_JS, query[:end] + " " * (end % 2)))
    page.close()
    server.shutdown()
    index = sum(gz(p) for p in (site / "search").rglob("*.json"))
    return {
        "first_kb": first_bytes / 1000,
        "index_kb": index / 1000,
        "cold_ms": cold,
        "median_ms": statistics.median(warm),
        "p95_ms": sorted(warm)[int(len(warm) * 0.95)],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        f"{'corpus':>8} {'first search KB gz':>19} {'whole index KB gz':>18} "
        f"{'first query ms':>15} {'keystroke median ms':>20} {'p95 ms':>7}   (4x CPU throttling)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for name, count in [("seed", None)] + [(str(n), n) for n in args.sizes]:
            m = measure(build_site(name, count), browser)
            print(
                f"{name:>8} {m['first_kb']:>19.1f} {m['index_kb']:>18.1f} {m['cold_ms']:>15.0f} "
                f"{m['median_ms']:>20.0f} {m['p95_ms']:>7.0f}",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
