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
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.core import urls
from builder.core.messages import problem
from builder.core.numbers import number_pieces
from builder.core.schema import number_key
from builder.core.text import slugify
from builder.model import Bulletin, Campaign, Corpus, Directive
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
    found = find_document(corpus, wanted)
    if isinstance(found, str):
        return found
    return _outline(found) if isinstance(found, Directive) else _bundle(found)


def find_document(corpus: Corpus, wanted: str) -> Directive | Campaign | str:
    """The directive or campaign asked for by number or file name, or why none is."""
    exact = _exact(corpus, wanted)
    if exact is not None:
        return exact
    pieces = set(number_pieces(wanted))
    matches = [
        t for number, t in _targets(corpus) if pieces and pieces <= set(number_pieces(number))
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        labels = [_label(t) for t in matches]
        return problem("pdf.ambiguous", target=wanted, choices=", ".join(labels), first=labels[0])
    return problem("pdf.no_target", target=wanted)


def find_bulletin(corpus: Corpus, wanted: str) -> Target | str:
    """A bulletin by its name ("04-ct-tw", "phat-thanh/04-ct-tw.md"), else the one bulletin
    read for the document or campaign asked for by number; or why there is none, or many."""
    name = slugify(wanted.removesuffix(".md").rsplit("/", 1)[-1])
    if name in corpus.bulletins:
        return _bulletin(corpus.bulletins[name])
    names = ", ".join(sorted(corpus.bulletins)) or "chưa có bản tin nào"
    found = find_document(corpus, wanted)
    if isinstance(found, str):
        return problem("pdf.no_bulletin", target=wanted, names=names)
    key = "directive" if isinstance(found, Directive) else "campaign"
    read_for = [b for _, b in sorted(corpus.bulletins.items()) if getattr(b, key) == found.slug]
    if len(read_for) == 1:
        return _bulletin(read_for[0])
    if read_for:
        choices = ", ".join(b.name for b in read_for)
        return problem(
            "pdf.many_bulletins", target=_label(found), choices=choices, first=read_for[0].name
        )
    return problem("pdf.no_bulletin", target=_label(found), names=names)


def find_translation(corpus: Corpus, wanted: str, lang: str) -> Target | str:
    """The outline of the summary's translation into `lang`, or why there is none."""
    found = find_document(corpus, wanted)
    if isinstance(found, str):
        return found
    if not isinstance(found, Directive):
        return problem(
            "pdf.no_translation",
            target=_label(found),
            lang=lang,
            langs="đợt học tập không có bản dịch",
            folder=urls.TRANSLATIONS_DIR,
        )
    for t in found.translations:
        if t.language.code == lang:
            label = f"{print_label(found)} ({t.language.name})"
            return Target(
                urls.translation_outline_url(found.slug, lang),
                label,
                urls.translation_outline_pdf(found.slug, lang),
            )
    langs = ", ".join(f"{t.language.code} ({t.language.name})" for t in found.translations)
    return problem(
        "pdf.no_translation",
        target=_label(found),
        lang=lang,
        langs=f"có: {langs}" if langs else "chưa có bản dịch nào",
        folder=urls.TRANSLATIONS_DIR,
    )


def _exact(corpus: Corpus, wanted: str) -> Directive | Campaign | None:
    key, slug = number_key(wanted), slugify(wanted)
    for d in corpus.directives.values():
        if d.slug == slug or (d.number and number_key(d.number) == key):
            return d
    for c in corpus.campaigns.values():
        if c.slug == slug or (c.guide and number_key(c.guide) == key):
            return c
    return None


def _targets(corpus: Corpus) -> list[tuple[str, Directive | Campaign]]:
    """Every printable document with the number it may be asked by."""
    found: list[tuple[str, Directive | Campaign]] = [
        (d.number, d) for d in corpus.directives.values() if d.number
    ]
    return found + [(c.guide, c) for c in corpus.campaigns.values() if c.guide]


def _label(found: Directive | Campaign) -> str:
    return print_label(found) if isinstance(found, Directive) else found.guide or found.label


def _outline(d: Directive) -> Target:
    return Target(urls.outline_url(d.slug), print_label(d), urls.outline_pdf(d.slug))


def _bundle(c: Campaign) -> Target:
    return Target(urls.bundle_url(c.slug), _label(c), urls.outline_pdf(c.slug))


def _bulletin(b: Bulletin) -> Target:
    return Target(urls.bulletin_url(b.name), f"bản tin {b.name}", urls.bulletin_pdf(b.name))


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
