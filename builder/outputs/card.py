"""Share cards: each directive's SVG beside its page, and `sotay anh`'s PNG through Chromium.

The PNG is the SVG of the built site as Debian's Chromium draws it (the launcher of
`outputs/pdf.py`), at 1080×1350 and one device pixel per pixel, so it is exactly the card the
site serves. Only the corpus's directives get a card: a classified file never enters it.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from pathlib import Path

from builder.core import urls
from builder.core.memo import Memo
from builder.core.messages import problem
from builder.core.numbers import number_pieces
from builder.core.schema import number_key
from builder.core.text import fold, slugify
from builder.model import Corpus, Directive
from builder.outputs.pdf import ChromiumMissing, chromium
from builder.render.card import HEIGHT, WIDTH, card_svg

CLOSE = 0.5
"""How alike a number must be to the one asked for to be offered instead."""


CardCache = Memo[bytes]
"""Site path → a card, from what it shows: `serve` draws again only the cards that changed."""


def card_files(
    corpus: Corpus,
    site_name: str,
    cache: CardCache | None = None,
    only: Iterable[Directive] | None = None,
) -> dict[str, bytes]:
    """Site path → SVG of every directive's card (`only`: of these directives alone)."""
    files = {}
    for d in corpus.directives.values() if only is None else only:
        path = urls.card_url(d.slug)
        draw = functools.partial(_card, d, site_name)
        shown = (d.type, d.number, d.issuer, d.date, d.title, d.key_points, site_name)
        files[path] = cache.get(path, shown, draw) if cache is not None else draw()
    return files


def _card(d: Directive, site_name: str) -> bytes:
    return card_svg(d, site_name).encode("utf-8")


def find_directives(corpus: Corpus, wanted: str | None) -> list[Directive] | str:
    """The directive asked for by number or slug (all of them for None), or why none is.

    A number written in part ("57", "ct 57") finds the one directive whose number holds those
    pieces; an unknown number is answered with the numbers that look like it.
    """
    directives = sorted(corpus.directives.values(), key=lambda d: d.slug)
    if wanted is None:
        return directives
    key, slug = number_key(wanted), slugify(wanted)
    for d in directives:
        if d.slug == slug or (d.number and number_key(d.number) == key):
            return [d]
    pieces = set(number_pieces(wanted))
    numbered = [d for d in directives if d.number]
    matches = [d for d in numbered if pieces and pieces <= set(number_pieces(d.number or ""))]
    if len(matches) == 1:
        return matches
    if matches:
        labels = [d.display_number for d in matches]
        return problem("card.ambiguous", target=wanted, choices=", ".join(labels), first=labels[0])
    return problem("card.no_target", target=wanted, suggestion=_suggestion(wanted, numbered))


def _suggestion(wanted: str, numbered: list[Directive]) -> str:
    by_key = {fold(d.number or "").upper(): d.display_number for d in numbered}
    close = difflib.get_close_matches(fold(wanted).upper(), list(by_key), n=3, cutoff=CLOSE)
    if close:
        return "có phải " + " hay ".join(by_key[c] for c in close) + "?"
    shown = ", ".join(sorted(by_key.values())) or "chưa có văn bản nào"
    return f"các số hiệu có: {shown}"


def write_pngs(site: Path, directives: list[Directive], folder: Path) -> str | None:
    """Draw each directive's card of the built `site` into `folder`/<slug>.png; a Vietnamese
    message on failure."""
    from playwright.sync_api import Error

    folder.mkdir(parents=True, exist_ok=True)
    try:
        with chromium(site) as (browser, base):
            page = browser.new_page(
                viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1
            )
            for d in directives:
                page.goto(f"{base}/{urls.card_url(d.slug)}", wait_until="load")
                clip = {"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT}
                page.screenshot(path=str(folder / urls.card_png(d.slug)), clip=clip)
    except ChromiumMissing as missing:
        return str(missing)
    except Error as error:
        return f"Chromium không vẽ được ảnh: {error.message.splitlines()[0]}"
    return None
