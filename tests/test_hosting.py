"""Intranet hosting: the sample nginx policy matches the built site, which passes it cleanly."""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_campaigns_browser import SUBPATH, _SubPathHandler

from conftest import REPO

NGINX = REPO / "deploy" / "nginx.conf"
CSP = re.search(
    r'add_header Content-Security-Policy "([^"]+)"', NGINX.read_text(encoding="utf-8")
).group(1)


def _inline_scripts(site: Path) -> set[str]:
    scripts = set()
    for page in site.rglob("*.html"):
        for attrs, body in re.findall(
            r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page.read_text(encoding="utf-8"), re.S
        ):
            if "application/json" not in attrs:
                scripts.add(body)
    return scripts


def test_every_inline_script_is_allowed_by_the_sample_policy(repo_site: Path) -> None:
    allowed = set(re.findall(r"'sha256-([^']+)'", CSP))
    scripts = _inline_scripts(repo_site)
    assert scripts
    missing = [
        s[:60]
        for s in scripts
        if base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() not in allowed
    ]
    assert missing == []
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP


class _PolicyHandler(_SubPathHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


@pytest.fixture(scope="module")
def strict_url(repo_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_PolicyHandler, directory=str(repo_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{SUBPATH}"
    server.shutdown()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "van-ban/",
        "van-ban/57-ct-tw/",
        "dot-hoc-tap/han-thang-5-2026/",
        "van-ban/chu-de/an-ninh-mang/",
    ],
)
def test_pages_run_under_the_policy_without_console_errors(
    browser: Any, strict_url: str, path: str
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(strict_url + path, wait_until="networkidle")
    page.click("label[for=__search].md-header__button")
    page.fill("input[name=q]", "57 ct tw")
    page.locator("[data-sotay-results][data-query='57 ct tw']").wait_for(
        state="attached"
    )  # no eval: CSP
    assert page.locator(".sotay-result__number").first.inner_text() == "57-CT/TW"
    assert errors == []
    page.close()
