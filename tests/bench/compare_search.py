"""Our search against mkdocs-material's lunr search on the same seed pages and query set.

Builds the repository's summaries twice — with `sotay` (our index) and as plain Material pages
with its search plugin (`lang: vi`) — types every query of tests/fixtures/search/queries.tsv
into each site's search box in Debian's Chromium, and prints how many put the expected
document first (for "-" queries: found nothing), and the index size.

Usage: python tests/bench/compare_search.py
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / ".bench-out"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from search import CHROMIUM_ARGS, QuietHandler  # noqa: E402

QUERIES = [
    line.split("\t")
    for line in (REPO / "tests/fixtures/search/queries.tsv")
    .read_text(encoding="utf-8")
    .splitlines()
    if line and not line.startswith("#")
]


def build(kind: str) -> Path:
    project = OUT / f"compare-{kind}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(REPO / "theme", project / "theme")
    shutil.copytree(REPO / "content", project / "content")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if kind == "sotay":
        shutil.copytree(REPO / "directives", project / "directives")
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        subprocess.run([str(BIN / "sotay"), "build"], cwd=project, check=True, capture_output=True)
    else:
        shutil.rmtree(project / "theme" / "partials")  # Material's own header and search box
        shutil.copytree(REPO / "directives", project / "content" / "van-ban")
        (project / "content" / "van-ban" / "index.md").write_text("# Văn bản\n", encoding="utf-8")
        config = config.replace(
            "  - sotay:\n      directives_dir: directives\n", "  - search:\n      lang: vi\n"
        )
        config = config.replace("  - path: assets/search/ui.js\n    type: module\n", "")
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        subprocess.run(
            [str(BIN / "mkdocs"), "build", "--quiet"], cwd=project, check=True, capture_output=True
        )
    return project / "site"


def first_result(page: Any, kind: str, query: str) -> str:
    if kind == "sotay":
        page.fill("input[name=q]", query)
        page.wait_for_function(
            "q => document.querySelector('[data-sotay-results]').getAttribute('data-query') === q",
            arg=query,
        )
        links = page.locator(".sotay-result > a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
    else:
        page.fill(".md-search__input", "")
        page.wait_for_timeout(100)
        page.type(".md-search__input", query)
        page.wait_for_timeout(800)
        links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    if not links:
        return "-"
    if "dot-hoc-tap/" in links[0]:
        return "dot-hoc-tap/" + links[0].split("dot-hoc-tap/")[1].split("/")[0]
    return links[0].split("van-ban/")[1].split("/")[0] if "van-ban/" in links[0] else "?"


def run(kind: str, site: Path, browser: Any) -> int:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"http://127.0.0.1:{server.server_port}/")
    page.click("label[for=__search].md-header__button")
    page.wait_for_timeout(1500)  # let Material's search worker load its index
    right = 0
    for query, expected in QUERIES:
        typed = unicodedata.normalize("NFD", query[5:]) if query.startswith("{NFD}") else query
        got = first_result(page, kind, typed)
        right += got == expected
        if "-v" in sys.argv and got != expected:
            print(f"  {kind}: {query!r} → {got} (expected {expected})")
    page.close()
    server.shutdown()
    return right


def main() -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for kind in ("sotay", "material"):
            site = build(kind)
            size = sum(
                len(gzip.compress(p.read_bytes())) for p in (site / "search").rglob("*.json")
            )
            print(
                f"{kind:>9}: {run(kind, site, browser)}/{len(QUERIES)} queries right first; index {size / 1000:.1f} KB gzip"
            )
        browser.close()


if __name__ == "__main__":
    main()
