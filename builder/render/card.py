"""A directive's share card: 1080×1350 SVG, its text laid out and wrapped here at build time.

SVG draws each `<text>` on one line and never wraps it, so every line is measured with the
width table of `render/card_metrics.py` (the widest of the common sans-serif faces) and broken
at spaces. The title and the key points shrink together, step by step, until they fit above
the footer; at the smallest type, a title still too long is cut at a word boundary with "…",
and so is a key point past three lines. Nothing is ever drawn past the margins or the footer.

Without `key_points:` the card shows the document alone: kind, number, issuer, date and the
title, in larger type.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from builder.core.numbers import vn_date
from builder.core.schema import DOC_TYPES
from builder.model import Directive
from builder.render.card_metrics import BOLD, REGULAR, UNKNOWN
from builder.render.templating import ENV

WIDTH, HEIGHT = 1080, 1350
"""Portrait 4:5, the size phones' chat and social apps show whole."""
MARGIN = 84
"""Left and right margin: the text never comes nearer the edge."""
TEXT_WIDTH = WIDTH - 2 * MARGIN
BULLET_INDENT = 46
FOOTER = 104
"""Height of the band at the bottom that names the site."""
FONT = "'DejaVu Sans', 'Liberation Sans', Roboto, Arial, 'Noto Sans', sans-serif"
"""System fonts only: nothing is downloaded. The width table covers the widest of them."""
ELLIPSIS = "…"

TITLE_SIZES = (56, 52, 48, 44, 40, 38)
POINT_SIZES = (42, 40, 38, 36, 34, 32)
"""The title's and the key points' type sizes, shrunk together one step at a time."""
ALONE_SIZES = (66, 60, 54, 50, 46, 42)
"""The title's sizes on a card without key points."""
TITLE_LINES = 6
ALONE_LINES = 12
POINT_LINES = 3
NUMBER_SIZES = (96, 84, 72, 60, 52)
NUMBER_LINES = 2
"""A document without a number is named by its issuer instead: that may take two lines."""
NO_NUMBER = "Không ghi số hiệu"
"""What the directive page says of such a document, said on its card too."""

PRIMARY = "#a31515"
"""The site's dark red (theme/assets/sotay.css, `--md-primary-fg-color`)."""
INK = "#1b1b1b"
MUTED = "#474747"
PAPER = "#ffffff"


@dataclass(frozen=True, slots=True)
class Line:
    """One `<text>` of the card: its baseline at (x, y)."""

    x: int
    y: int
    size: int
    text: str
    bold: bool = False
    fill: str = INK


@dataclass(frozen=True, slots=True)
class Card:
    """Everything the template draws, positions computed."""

    label: str
    """The SVG's `<title>`: number and title in full, whatever the lines cut."""
    lines: tuple[Line, ...]
    bullets: tuple[tuple[int, int, int], ...]
    """(centre x, centre y, radius) of each key point's dot."""
    band: int
    """Bottom of the red band holding kind and number."""
    rule: int
    """Top of the short red rule between the title and the key points (0: none)."""
    footer: str
    cut: bool
    """True when a title or a key point was shortened with "…"."""


@functools.cache
def char_width(char: str, bold: bool) -> int:
    """Thousandths of the font size; a letter with tone marks as wide as its base letter."""
    table = BOLD if bold else REGULAR
    if char in table:
        return table[char]
    base = unicodedata.normalize("NFD", char)
    base = unicodedata.normalize("NFC", base[0] + ("\u031b" if "\u031b" in base else ""))
    return table.get(base, UNKNOWN)


@functools.lru_cache(maxsize=1 << 16)
def _units(text: str, bold: bool) -> int:
    return sum(char_width(c, bold) for c in text)


def text_width(text: str, size: int, bold: bool = False) -> float:
    """The width in pixels of `text` set at `size`."""
    return _units(text, bold) * size / 1000


@functools.lru_cache(maxsize=4096)
def wrap(text: str, size: int, width: float, bold: bool = False) -> tuple[str, ...]:
    """Lines of at most `width` pixels, broken at spaces; a word longer than a line is split."""
    room = width * 1000 / size  # in thousandths of the size, as the table counts
    space = char_width(" ", bold)
    lines: list[str] = []
    current: list[str] = []
    used = 0
    for word in text.split():
        units = _units(word, bold)
        if current and used + space + units <= room:
            current.append(word)
            used += space + units
            continue
        if current:
            lines.append(" ".join(current))
        while units > room:
            head = _longest_prefix(word, size, width, bold)
            lines.append(head)
            word = word[len(head) :]
            units = _units(word, bold)
        current, used = [word], units
    if current:
        lines.append(" ".join(current))
    return tuple(lines)


def _longest_prefix(word: str, size: int, width: float, bold: bool) -> str:
    end = 1
    while end < len(word) and text_width(word[: end + 1], size, bold) <= width:
        end += 1
    return word[:end]


def fit(
    text: str, size: int, width: float, most: int, bold: bool = False
) -> tuple[tuple[str, ...], bool]:
    """`text` wrapped in at most `most` lines; when longer, cut at a word boundary with "…"."""
    lines = wrap(text, size, width, bold)
    if len(lines) <= most:
        return lines, False
    words = lines[most - 1].split()  # the lines above stay as they are
    while words:
        last = " ".join(words).rstrip(",;:.–—-") + ELLIPSIS
        if text_width(last, size, bold) <= width:
            return (*lines[: most - 1], last), True
        words.pop()
    return (*lines[: most - 1], ELLIPSIS), True


class _Column:
    """Lines stacked from the top down; `y` is the top of the next line's box."""

    def __init__(self, y: int) -> None:
        self.y = y
        self.lines: list[Line] = []

    def add(
        self,
        texts: Sequence[str],
        size: int,
        leading: float,
        x: int = MARGIN,
        bold: bool = False,
        fill: str = INK,
    ) -> None:
        step = size * leading
        for text in texts:
            # The baseline sits so that the box holds the ascent, stacked tone marks included.
            baseline = self.y + (leading - 1.16) / 2 * size + 0.93 * size
            self.lines.append(Line(x, round(baseline), size, text, bold, fill))
            self.y = round(self.y + step)


@dataclass(frozen=True, slots=True)
class _Body:
    lines: list[Line]
    bullets: list[tuple[int, int, int]]
    rule: int
    bottom: int
    cut: bool


def _header(d: Directive) -> tuple[_Column, int]:
    column = _Column(64)
    column.add([DOC_TYPES.get(d.type, d.type).upper()], 36, 1.4, bold=True, fill=PAPER)
    column.y += 6
    # A document without a number is named by its issuer under its kind, as on paper.
    name = d.number or d.issuer
    for size in NUMBER_SIZES:
        lines, cut = fit(name, size, TEXT_WIDTH, NUMBER_LINES, bold=True)
        if not cut or size == NUMBER_SIZES[-1]:
            break
    column.add(lines, size, 1.15, bold=True, fill=PAPER)
    band = column.y + 44
    column.y = band + 48
    first = d.issuer if d.number else NO_NUMBER
    issued = " · ".join(p for p in (first, vn_date(d.date) if d.date else "") if p)
    column.add(fit(issued, 34, TEXT_WIDTH, 2)[0], 34, 1.35, fill=MUTED)
    column.y += 30
    return column, band


def _body(
    top: int, d: Directive, title_size: int, title_lines: int, point_size: int, point_lines: int
) -> _Body:
    column = _Column(top)
    title, cut = fit(d.title, title_size, TEXT_WIDTH, title_lines, bold=True)
    column.add(title, title_size, 1.28, bold=True)
    bullets: list[tuple[int, int, int]] = []
    rule = 0
    if d.key_points:
        column.y += 40
        rule = column.y
        column.y += 8 + 40
        width = TEXT_WIDTH - BULLET_INDENT
        for index, point in enumerate(d.key_points):
            if index:
                column.y += round(point_size * 0.55)
            lines, shortened = fit(point, point_size, width, point_lines)
            cut = cut or shortened
            first = len(column.lines)
            column.add(lines, point_size, 1.28, x=MARGIN + BULLET_INDENT)
            dot_y = column.lines[first].y - round(point_size * 0.36)
            bullets.append((MARGIN + 12, dot_y, max(6, round(point_size * 0.2))))
    return _Body(column.lines, bullets, rule, column.y, cut)


def layout(d: Directive, site_name: str) -> Card:
    """Where each line of `d`'s card goes: the largest type at which everything fits."""
    header, band = _header(d)
    limit = HEIGHT - FOOTER - 36
    if d.key_points:
        sizes = zip(TITLE_SIZES, POINT_SIZES, strict=True)
        steps = [(t, TITLE_LINES, p, POINT_LINES) for t, p in sizes]
        least, least_point = TITLE_SIZES[-1], POINT_SIZES[-1]
        steps += [(least, n, least_point, POINT_LINES) for n in range(TITLE_LINES - 1, 1, -1)]
        steps += [(least, 2, least_point, 2)]
    else:
        steps = [(s, ALONE_LINES, 0, 0) for s in ALONE_SIZES]
        steps += [(ALONE_SIZES[-1], n, 0, 0) for n in range(ALONE_LINES - 1, 1, -1)]
    for title_size, title_lines, point_size, point_lines in steps:
        body = _body(header.y, d, title_size, title_lines, point_size, point_lines)
        if body.bottom <= limit:
            break
    footer = fit(site_name, 32, TEXT_WIDTH, 1, bold=True)[0][0]
    return Card(
        label=f"{d.kind_and_number}: {d.title}",
        lines=(*header.lines, *body.lines),
        bullets=tuple(body.bullets),
        band=band,
        rule=body.rule,
        footer=footer,
        cut=body.cut,
    )


def card_svg(d: Directive, site_name: str) -> str:
    """The card of `d` as an SVG document."""
    card = layout(d, site_name)
    return ENV.get_template("card.svg").render(
        card=card,
        width=WIDTH,
        height=HEIGHT,
        margin=MARGIN,
        font=FONT,
        primary=PRIMARY,
        paper=PAPER,
        footer_top=HEIGHT - FOOTER,
        footer_y=HEIGHT - FOOTER + 64,
    )
