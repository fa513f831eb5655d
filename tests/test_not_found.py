"""The 404 page: Vietnamese, a search and a way home that work from any depth, styled under a
sub-path; its search knows the site's root, never a protocol-relative "//" host."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.outputs.pdf import QuietHandler
from conftest import make_project, run_sotay


def _bases(page: Path) -> list[str]:
    return re.findall(r'data-base="([^"]*)"', page.read_text(encoding="utf-8"))


def test_the_404_page_searches_the_site_root(repo_site: Path) -> None:
    assert _bases(repo_site / "404.html") == ["/"]


def test_every_page_searches_relative_to_itself(repo_site: Path) -> None:
    pages = sorted(p for p in repo_site.rglob("index.html"))
    bases = {p.relative_to(repo_site).as_posix(): _bases(p) for p in pages}
    wrong = {
        page: found
        for page, found in bases.items()
        if found and (found[0].startswith("//") or not found[0].endswith("/"))
    }
    assert len(bases) > 20 and wrong == {}
    assert bases["index.html"] == ["./"]


def test_the_404_page_speaks_vietnamese_and_leads_home(repo_site: Path) -> None:
    page = (repo_site / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in page and "<title>Không tìm thấy trang - " in page
    assert "<h1>Không tìm thấy trang</h1>" in page
    assert '<form class="sotay-notfound" action="/" method="get" role="search">' in page
    assert '<a class="md-button" href="/">Về trang chủ</a>' in page


class _SubPath(QuietHandler):
    """A server holding the site under /sotay/ that answers a missing page with 404.html,
    as the nginx sample's error_page does."""

    def translate_path(self, path: str) -> str:
        inside = path.split("?")[0].removeprefix(PREFIX.rstrip("/"))
        return super().translate_path(inside if inside != path else "/missing-outside")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


PREFIX = "/sotay/"


@pytest.fixture(scope="module")
def sub_path_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site built with `site_url` under /sotay/ and served there."""
    root = make_project(tmp_path_factory.mktemp("subpath") / "project")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"site_url: http://127.0.0.1{PREFIX}\n",
        encoding="utf-8",
    )
    done = run_sotay("build", cwd=root)
    assert done.returncode == 0, done.stderr
    handler = functools.partial(_SubPath, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    server.shutdown()


def test_under_a_sub_path_the_404_page_is_styled_and_its_search_works(
    browser: Any, sub_path_url: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = page.goto(f"{sub_path_url}khong/co/trang/nay/", wait_until="networkidle")
    assert response is not None and response.status == 404
    assert page.text_content("h1") == "Không tìm thấy trang"
    page.screenshot(path=str(tmp_path / "404.png"))
    # only the missing page itself failed: every stylesheet and script came from /sotay/
    assert failed == [f"{sub_path_url}khong/co/trang/nay/"]
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
    assert sheets and all(s.startswith(sub_path_url) for s in sheets)
    header = page.eval_on_selector(".md-header", "h => getComputedStyle(h).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "transparent")
    home = page.get_attribute("a.md-button", "href")
    assert home == PREFIX
    page.fill("#sotay-notfound-q", "57-CT/TW")
    page.click(".sotay-notfound button")
    page.wait_for_url(f"{sub_path_url}?q=57-CT%2FTW")
    page.wait_for_selector("[data-sotay-results] a[href*='57-ct-tw']", timeout=15_000)
    page.close()
