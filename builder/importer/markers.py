"""Numbering at the start of a paragraph: "I.", "VII-", "2.", "2.1.2", "a)", "(3)", "*"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MarkerKind = Literal["roman", "arabic", "letter", "paren", "star"]

_LEAD = r"(?P<lead>\*{1,3}|_{1,3})?"
_PATTERNS: tuple[tuple[MarkerKind, re.Pattern[str]], ...] = (
    ("roman", re.compile(_LEAD + r"(?P<raw>(?P<value>[IVXL]{1,7})\s*[.\-–)])\s+")),
    ("arabic", re.compile(_LEAD + r"(?P<raw>(?P<value>\d{1,2}(?:\.\d{1,2})+)\.?)\s+")),
    ("arabic", re.compile(_LEAD + r"(?P<raw>(?P<value>\d{1,2})[.)])\s+")),
    ("letter", re.compile(_LEAD + r"(?P<raw>(?P<value>[a-zđ])[.)])\s+")),
    ("paren", re.compile(_LEAD + r"(?P<raw>\((?P<value>\d{1,2}|[a-zđ])\))\s+")),
    ("star", re.compile(_LEAD + r"(?P<raw>\\?\*)(?P<value>)\s+")),
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


@dataclass(frozen=True, slots=True)
class Marker:
    """The numbering of a paragraph and the text after it.

    `parse_marker("**2.6. Tổ chức thực hiện.** Ban Bí thư …")` →
    `Marker("arabic", (2, 6), "2.6.", "**Tổ chức thực hiện.** Ban Bí thư …")`
    """

    kind: MarkerKind
    parts: tuple[int, ...]
    """(2, 1, 3) for "2.1.3."; (7,) for "VII."; (1,) for "a)"."""
    raw: str
    """As written: "VII.", "2.1.2", "a)"."""
    rest: str
    """The text after the marker, with any emphasis that opened before the marker."""

    @property
    def label(self) -> str:
        """The marker written the usual way: "2.1.2" → "2.1.2."."""
        if self.kind == "arabic":
            return ".".join(str(p) for p in self.parts) + "."
        return self.raw


def roman_value(text: str) -> int | None:
    """ "VII" → 7, "IV" → 4; None for what is no well-formed numeral."""
    total, previous = 0, 0
    for char in reversed(text):
        value = _ROMAN[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total if 0 < total < 90 and _to_roman(total) == text else None


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        while value >= number:
            out, value = out + letters, value - number
    return out + "I" * value


def parse_marker(text: str) -> Marker | None:
    """The leading numbering of `text` (inline Markdown), or None."""
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = _parts(kind, match.group("value"))
        if parts is None:
            continue
        rest = (match.group("lead") or "") + text[match.end() :]
        return Marker(kind, parts, match.group("raw"), rest)
    return None


def _parts(kind: MarkerKind, value: str) -> tuple[int, ...] | None:
    if kind == "roman":
        number = roman_value(value)
        return None if number is None else (number,)
    if kind == "arabic" or (kind == "paren" and value.isdigit()):
        return tuple(int(p) for p in value.split("."))
    if kind in ("letter", "paren"):
        return (ord(value) - ord("a") + 1,) if value != "đ" else (5,)
    return ()
