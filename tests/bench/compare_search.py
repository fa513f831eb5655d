"""Our search side by side with Pagefind 1.5 and mkdocs-material's lunr, in one run.

On the seed site: how many queries of tests/fixtures/search/ (queries.tsv and the generated
numbers.tsv) each engine puts right first (for "-" queries: finds nothing). On the seed site and
synthetic corpora (tests/bench/make_corpus.py): the gzip KB the first search downloads, the
keystroke latency (median and p95, in Debian's Chromium at 4x CPU throttling) and the seconds
the index takes to build. Pagefind (pinned in tests/bench/package.json, its extended binary)
indexes the very pages `sotay` builds, with its diacritics folding on and a `processTerm` that
folds đ as ours does; Material's lunr (`lang: vi`) runs on the same summaries as plain Material
pages, up to --lunr-up-to directives. Prints figures (with the machine's load average), asserts
nothing.

Usage: python tests/bench/compare_search.py [--sizes 1000 10000] [-v] [--reuse] [--budget S]
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
import time
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / ".bench-out"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from phone import node_tools  # noqa: E402
from search import (  # noqa: E402
    CHROMIUM_ARGS,
    MEASURE_JS,
    QUERIES,
    QuietHandler,
    build_site,
    later_files,
    second_visit,
    throttle,
)

from builder.outputs.search import build_index  # noqa: E402
from builder.pipeline import load_corpus  # noqa: E402


def _read(name: str) -> list[list[str]]:
    text = (REPO / "tests/fixtures/search" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


QUERY_SET = _read("queries.tsv") + _read("numbers.tsv")

PAGEFIND_JS = """async q => {
  if (!window.pf) {
    window.pf = await import("/pagefind/pagefind.js");
    await window.pf.options({
      processTerm: t => t.normalize("NFC").replace(/[đĐ]/g, "d"),
    });
  }
  const start = performance.now();
  const found = await window.pf.search(q);
  const shown = await Promise.all(found.results.slice(0, 5).map(r => r.data()));
  return [performance.now() - start, shown.length ? shown[0].url : ""];
}"""


MATERIAL_JS = """q => new Promise(resolve => {
  const input = document.querySelector(".md-search__input");
  const output = document.querySelector(".md-search-result");
  const start = performance.now();
  const give = () => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now() - start);
    channel.port2.postMessage(null);
  });
  const observer = new MutationObserver(() => { observer.disconnect(); give(); });
  observer.observe(output, {childList: true, characterData: true, subtree: true});
  setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
  input.value = q;
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
})"""
"""Material's lunr: from the keyup it listens to to the frame painted with its answer (its
results rewritten), null when nothing changed within 5 s."""


def _slug(url: str) -> str:
    if not url:
        return "-"
    if "dot-hoc-tap/" in url:
        return "dot-hoc-tap/" + url.split("dot-hoc-tap/")[1].split("/")[0]
    if "van-ban/" not in url:
        return "?"
    parts = url.split("van-ban/")[1].split("/")
    return parts[1] if parts[0] == "toan-van" else parts[0]  # Material's full-text pages


def _typed(query: str) -> str:
    return unicodedata.normalize("NFD", query[5:]) if query.startswith("{NFD}") else query


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def sotay_index_seconds(project: Path) -> float:
    corpus = load_corpus(project).corpus
    start = time.perf_counter()
    build_index(corpus)
    return time.perf_counter() - start


def add_pagefind(site: Path) -> tuple[Path, float]:
    """A copy of `site` with Pagefind's bundle under pagefind/, and the seconds it took."""
    binary = node_tools() / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
    copy = site.parent / "site-pagefind"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    command = [str(binary), "--site", str(copy), "--root-selector", "article"]
    command += ["--force-language", "vi", "--silent"]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return copy, time.perf_counter() - start


def build_material(name: str = "seed", reuse: bool = False) -> tuple[Path, float]:
    """The summaries of corpus `name` (the seed's, or tests/bench/search.py's synthetic ones
    under .bench-out/search-<name>/directives) as plain Material pages with its lunr search
    (`lang: vi`), and the seconds the whole mkdocs build took (when `reuse` found it built,
    the seconds that build took)."""
    project = OUT / f"compare-material-{name}"
    took = project / "build-seconds"
    if reuse and took.exists() and (project / "site" / "search" / "search_index.json").exists():
        return project / "site", float(took.read_text())
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(REPO / "theme", project / "theme")
    shutil.copytree(REPO / "content", project / "content")
    # Material's own templates (its search box among them): ours ask for the sotay plugin's
    # helpers, and this site is plain Material with the theme's stylesheets and scripts.
    for template in (project / "theme").rglob("*.html"):
        template.unlink()
    directives = REPO / "directives" if name == "seed" else OUT / f"search-{name}" / "directives"
    shutil.copytree(directives, project / "content" / "van-ban")
    (project / "content" / "van-ban" / "index.md").write_text("# Văn bản\n", encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - sotay:\n      directives_dir: directives\n", "  - search:\n      lang: vi\n"
    )
    config = config.replace("  - path: assets/search/ui.js\n    type: module\n", "")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    start = time.perf_counter()
    command = [str(BIN / "mkdocs"), "build", "--quiet"]
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    took.write_text(f"{seconds:.3f}")
    return project / "site", seconds


def first_sotay(page: Any, query: str) -> str:
    page.fill("input[name=q]", query)
    page.wait_for_function(
        "q => document.querySelector('[data-sotay-results]').getAttribute('data-query') === q",
        arg=query,
    )
    links = page.locator(".sotay-result > a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return _slug(links[0]) if links else "-"


def first_material(page: Any, query: str) -> str:
    page.fill(".md-search__input", "")
    page.wait_for_timeout(100)
    page.type(".md-search__input", query)
    page.wait_for_timeout(800)
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    return _slug(links[0]) if links else "-"


def right_first(kind: str, site: Path, browser: Any, verbose: bool) -> int:
    base, server = serve(site)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{base}/")
    if kind != "pagefind":
        page.click("label[for=__search].md-header__button")
        page.wait_for_timeout(1500)  # let Material's search worker load its index
    right = 0
    for query, expected in QUERY_SET:
        typed = _typed(query)
        if kind == "sotay":
            got = first_sotay(page, typed)
        elif kind == "material":
            got = first_material(page, typed)
        else:
            got = _slug(page.evaluate(PAGEFIND_JS, typed)[1])
        right += got == expected
        if verbose and got != expected:
            print(f"  {kind}: {query!r} → {got} (expected {expected})")
    page.close()
    server.shutdown()
    return right


def keystrokes(step: int = 1) -> list[str]:
    """Each prefix of each timing query, as the reader types it (every `step`-th one)."""
    typed = [q[:end] + " " * (end % 2) for q in QUERIES for end in range(1, len(q) + 1)]
    return typed[::step]


def timing(
    kind: str, site: Path, browser: Any, step: int = 1, budget: float = 600
) -> dict[str, float]:
    """First-search KB (gzip) and keystroke latencies at 4x CPU throttling.

    `step` > 1 times every `step`-th keystroke only, and timing stops after `budget` seconds
    (`n` says how many were timed): at 10,000 documents a keystroke of some engines takes
    long enough that the full series would not finish in a bench's time. Ours is timed to
    the frame painted with its results, on a second visit (tests/bench/search.py), and also
    to the results written (`w50`, `w95`); Pagefind to its API's answer with the first five
    results' data (no page to draw); lunr to the frame painted with Material's results.
    """
    base, server = serve(site)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    fetched: list[str] = []
    marker = {"pagefind": "/pagefind/", "material": "/search/search_index"}.get(kind, "/search/")

    def note(url: str) -> None:
        if marker in url and "/assets/" not in url:
            fetched.append(url)

    page.on("request", lambda r: note(r.url))
    page.goto(f"{base}/")
    throttle(page)
    if kind == "sotay":
        page.click("label[for=__search].md-header__button")
        page.wait_for_timeout(1000)
        page.evaluate(MEASURE_JS, QUERIES[0])
    elif kind == "material":
        page.click("label[for=__search].md-header__button")
        # its worker downloads the whole index and builds lunr's before it answers
        while page.evaluate(MATERIAL_JS, QUERIES[0]) is None:
            pass
    else:
        page.evaluate(PAGEFIND_JS, QUERIES[0])
    first = sum(gz(site / u.split(base + "/", 1)[1].split("?")[0]) for u in set(fetched))
    if kind == "sotay":
        second_visit(page, later_files(site))
        page.evaluate(MEASURE_JS, QUERIES[0])
    times: list[float] = []
    written: list[float] = []
    until = time.monotonic() + budget
    for typed in keystrokes(step):
        if time.monotonic() > until:
            break
        if kind == "sotay":
            w, painted = page.evaluate(MEASURE_JS, typed)
            times.append(painted)
            written.append(w)
        elif kind == "material":
            t = page.evaluate(MATERIAL_JS, typed)
            if t is not None:
                times.append(t)
        else:
            times.append(page.evaluate(PAGEFIND_JS, typed)[0])
    page.close()
    server.shutdown()
    out = {"first_kb": first / 1000, "n": len(times), **_percentiles(times, "")}
    if written:
        out.update(_percentiles(written, "w"))
    return out


def _percentiles(times: list[float], prefix: str) -> dict[str, float]:
    if not times:
        return {f"{prefix}p50": float("nan"), f"{prefix}p95": float("nan")}
    ordered = sorted(times)
    return {
        f"{prefix}p50": statistics.median(ordered),
        f"{prefix}p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("-v", action="store_true", help="print each query an engine got wrong")
    parser.add_argument(
        "--big-step",
        "--pagefind-step",
        type=int,
        default=3,
        help="at 10,000 directives and more, time every N-th keystroke of each engine only",
    )
    parser.add_argument(
        "--budget", type=float, default=420, help="seconds of keystroke timing per engine and size"
    )
    parser.add_argument(
        "--lunr-up-to",
        type=int,
        default=1000,
        help="build and time Material's lunr on corpora up to this size (its mkdocs build and "
        "its in-browser index grow with every page)",
    )
    parser.add_argument("--reuse", action="store_true", help="keep the sites an earlier run built")
    parser.add_argument("--no-queries", action="store_true", help="skip the query set")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        site = build_site("seed", None, args.reuse)
        if not args.no_queries:
            pagefind_site, _ = add_pagefind(site)
            material_site, material_seconds = build_material("seed", args.reuse)
            print(f"query set: {len(QUERY_SET)} queries on the seed site, right first")
            for kind, where in (("sotay", site), ("pagefind", pagefind_site)):
                print(f"{kind:>9}: {right_first(kind, where, browser, args.v)}", flush=True)
            right = right_first("material", material_site, browser, args.v)
            print(
                f"{'lunr':>9}: {right}   (whole mkdocs build {material_seconds:.1f} s)", flush=True
            )
        print(
            f"\n{'corpus':>7} {'engine':>9} {'first search KB gz':>19} {'keystroke p50 ms':>17} "
            f"{'p95 ms':>7} {'n':>4} {'index build s':>14} {'load':>5}   (4x CPU throttling)"
        )
        for name, count in [("seed", None)] + [(str(n), n) for n in args.sizes]:
            site = build_site(name, count, args.reuse) if count else site
            ours = sotay_index_seconds(site.parent)
            pagefind_site, theirs = add_pagefind(site)
            engines = [("sotay", site, ours), ("pagefind", pagefind_site, theirs)]
            if (count or 0) <= args.lunr_up_to:
                material_site, lunr = build_material(name, args.reuse)
                engines.append(("material", material_site, lunr))
            for kind, where, seconds in engines:
                step = args.big_step if (count or 0) >= 10000 else 1
                m = timing(kind, where, browser, step, args.budget)
                note = f"   (every {step}th keystroke)" if step > 1 else ""
                if kind == "sotay":
                    note += f"   (written: p50 {m['wp50']:.0f}, p95 {m['wp95']:.0f})"
                if kind == "material":
                    note += "   (index build s: the whole mkdocs build)"
                label = "lunr" if kind == "material" else kind
                print(
                    f"{name:>7} {label:>9} {m['first_kb']:>19.1f} {m['p50']:>17.0f} "
                    f"{m['p95']:>7.0f} {m['n']:>4} {seconds:>14.2f} {os.getloadavg()[0]:>5.1f}"
                    + note,
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
