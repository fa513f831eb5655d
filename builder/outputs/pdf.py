"""`sotay pdf`: a directive's outline or a campaign's bundle as an A4 PDF, via headless Chromium.

The site is built into a temporary folder, served on 127.0.0.1, and printed by Debian's
Chromium through Playwright, so the PDF is exactly what the browser prints (same print CSS,
fonts embedded by Chromium, Vietnamese shaped by its text engine).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.core import urls
from builder.core.messages import problem
from builder.core.schema import number_key
from builder.core.text import fold, slugify
from builder.model import Campaign, Corpus, Directive
from builder.render.print_css import print_label

CHROMIUM = os.environ.get("SOTAY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass(frozen=True, slots=True)
class Target:
    """What to print: the page's URL path, the label that names it to the user, the file name."""

    url: str
    label: str
    filename: str


def find_target(corpus: Corpus, wanted: str) -> Target | str:
    """A directive number or slug → its outline; a guide number or campaign slug → its bundle.

    A number written in part ("57", "ct 57") finds the one document whose number holds those
    pieces; otherwise the Vietnamese line saying which documents it could mean, or none.
    """
    exact = _exact(corpus, wanted)
    if exact is not None:
        return exact
    pieces = set(_pieces(wanted))
    matches = [t for number, t in _targets(corpus) if pieces and pieces <= set(_pieces(number))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        labels = [t.label for t in matches]
        return problem("pdf.ambiguous", target=wanted, choices=", ".join(labels), first=labels[0])
    return problem("pdf.no_target", target=wanted)


def _exact(corpus: Corpus, wanted: str) -> Target | None:
    key, slug = number_key(wanted), slugify(wanted)
    for d in corpus.directives.values():
        if d.slug == slug or (d.number and number_key(d.number) == key):
            return _outline(d)
    for c in corpus.campaigns.values():
        if c.slug == slug or (c.guide and number_key(c.guide) == key):
            return _bundle(c)
    return None


def _targets(corpus: Corpus) -> list[tuple[str, Target]]:
    """Every printable thing with the number it may be asked by."""
    found = [(d.number, _outline(d)) for d in corpus.directives.values() if d.number]
    return found + [(c.guide, _bundle(c)) for c in corpus.campaigns.values() if c.guide]


def _outline(d: Directive) -> Target:
    return Target(urls.outline_url(d.slug), print_label(d), urls.outline_pdf(d.slug))


def _bundle(c: Campaign) -> Target:
    return Target(urls.bundle_url(c.slug), c.guide or c.label, urls.outline_pdf(c.slug))


def _pieces(text: str) -> list[str]:
    """ "57-CT/TW" → ["57", "CT", "TW"]; "ct 57" → ["CT", "57"]."""
    return [p for p in re.split(r"[^0-9A-Z]+", fold(text).upper()) if p]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that keeps the terminal clean."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, TimeoutError):
            pass  # the browser closed a connection it no longer needed


def print_pdf(site: Path, target: Target, output: Path) -> str | None:
    """Print `target` of a built site to `output`; a Vietnamese message on failure."""
    from playwright.sync_api import Error

    try:
        with chromium(site) as (browser, base):
            page = browser.new_page()
            page.goto(f"{base}/{target.url}", wait_until="networkidle")
            # The print CSS's margin boxes name each page's own document and number the
            # pages; Chromium's header/footer template would print a second footer over them.
            page.pdf(path=str(output), format="A4", prefer_css_page_size=True)
    except ChromiumMissing as missing:
        return str(missing)
    except Error as error:
        return f"Chromium không in được PDF: {error.message.splitlines()[0]}"
    return None


class ChromiumMissing(Exception):
    """No Chromium where `CHROMIUM` says: the message tells the user how to install it."""


@contextlib.contextmanager
def chromium(site: Path) -> Iterator[tuple[Any, str]]:
    """Debian's Chromium with `site` served on 127.0.0.1: yields (browser, base URL).

    Shared by `sotay pdf` and `sotay anh` (outputs/card.py); Playwright's own errors pass
    through for the caller to word."""
    if not Path(CHROMIUM).exists():
        raise ChromiumMissing(
            f"không tìm thấy trình duyệt Chromium ở {CHROMIUM} (gợi ý: apt-get install -y chromium)"
        )
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser, f"http://127.0.0.1:{server.server_port}"
            browser.close()
    finally:
        server.shutdown()


def temporary_site() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="sotay-pdf-")
