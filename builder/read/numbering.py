"""Numbering of an official text's paragraphs: markers ("II-", "2.1.", "đ)", "(3)", "*") and levels.

Word conversions decorate the same level of a document in many ways (`## **2. …**`,
`#### **4. …**`, plain `7. …`), so levels come from the markers, never from `#` counts.
One recogniser serves the importer and the full texts; the full texts take only the
markers that number an outline (`outline_marker`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from builder.core.text import unique_anchor

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
"""The Vietnamese alphabet: "đ)" follows "d)", and there is no "f)", "j)", "w)" or "z)"."""

_TELEX = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}
"""Letters with marks as typed in Telex, so "đ)" gets the anchor piece "dd", not "d" again."""

MarkerKind = Literal["roman", "arabic", "letter", "paren", "star"]

_LEAD = r"(?P<lead>\*{1,3}|_{1,3})?"
_PATTERNS: tuple[tuple[MarkerKind, re.Pattern[str]], ...] = (
    ("roman", re.compile(_LEAD + r"(?P<raw>(?P<value>[IVXL]{1,7})\s*[.\-–)])\s+")),
    ("arabic", re.compile(_LEAD + r"(?P<raw>(?P<value>\d{1,2}(?:\.\d{1,2})+)\.?)\s+")),
    ("arabic", re.compile(_LEAD + r"(?P<raw>(?P<value>\d{1,2})(?:[.)]| ?[-–]))\s+")),
    ("letter", re.compile(_LEAD + rf"(?P<raw>(?P<value>[{LETTERS}])[.)])\s+")),
    ("paren", re.compile(_LEAD + rf"(?P<raw>\((?P<value>\d{{1,2}}|[{LETTERS}])\))\s+")),
    ("star", re.compile(_LEAD + r"(?P<raw>\\?\*)(?P<value>)\s+")),
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_OUTLINE_KINDS = ("roman", "arabic", "letter")
_BULLET = re.compile(r"(?:[-+•–]|\*(?!\*))\s+")
_HASHES = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_BOLD_MARKER = re.compile(r"^(\*\*|__)(\S{1,8}?)\1(?=\s)")
_RULE = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")


@dataclass(frozen=True, slots=True)
class Marker:
    """The numbering of a paragraph and the text after it.

    `parse_marker("**2.6. Tổ chức thực hiện.** Ban Bí thư …")` →
    `Marker("arabic", (2, 6), "2.6.", "**Tổ chức thực hiện.** Ban Bí thư …")`
    """

    kind: MarkerKind
    """`roman` "II-", `arabic` "2." and "2.1.", `letter` "đ)", `paren` "(3)", `star` "*"."""
    parts: tuple[int, ...]
    """(2, 1, 3) for "2.1.3."; (7,) for "VII."; (7,) for "đ)", the 7th letter; () for "*"."""
    raw: str
    """As written, terminator included: "VII.", "XIV –", "2.1.2", "đ)"."""
    rest: str
    """The text after the marker, with any emphasis that opened before the marker."""

    @property
    def label(self) -> str:
        """The marker written the usual way: "2.1.2" → "2.1.2."."""
        if self.kind == "arabic":
            return ".".join(str(p) for p in self.parts) + "."
        return self.raw

    @property
    def series(self) -> str:
        """What the marker counts in, for ranking: `roman`, `arabic`, `letter`, or
        `decimal-2`, `decimal-3` for "2.1.", "2.1.3."."""
        if self.kind == "arabic" and len(self.parts) > 1:
            return f"decimal-{len(self.parts)}"
        return self.kind

    @property
    def key(self) -> str:
        """Anchor piece: "ii", "2", "2-1", "dd" for "đ", "aw" for "ă"."""
        if self.kind == "roman":
            return _to_roman(self.parts[0]).lower()
        if self.kind == "letter":
            letter = LETTERS[self.parts[0] - 1]
            return _TELEX.get(letter, letter)
        return "-".join(str(p) for p in self.parts)


def parse_marker(text: str) -> Marker | None:
    """The leading numbering of `text` (inline Markdown), or None: "a) Quán triệt…" → "a)"."""
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


def outline_marker(text: str) -> Marker | None:
    """The marker numbering a full text's paragraph: no "(3)", "*", or emphasis before it."""
    marker = parse_marker(text)
    if marker is None or marker.kind not in _OUTLINE_KINDS or text.startswith(("*", "_")):
        return None
    return marker


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


def _parts(kind: MarkerKind, value: str) -> tuple[int, ...] | None:
    if kind == "roman":
        number = roman_value(value)
        return None if number is None else (number,)
    if kind in ("arabic", "paren") and value[:1].isdigit():
        return tuple(int(p) for p in value.split("."))
    if kind in ("letter", "paren"):
        return (LETTERS.index(value) + 1,)
    return ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a full text, its decorations read: `## **2. Hoàn thiện…**`."""

    line: int
    """Line in the file."""
    text: str
    """The paragraph without heading hashes or a bold wrapper around all of it."""
    hashes: int
    """Number of `#` it was written with (0: none)."""
    bold: bool
    """The whole paragraph was bold (`**…**`)."""
    marker: Marker | None
    bullet: str | None
    """The text after a bullet ("- ", "+ ", "• ", "* "), when the paragraph is one."""
    rule: bool = False
    """A thematic break (`-----`)."""


def read_paragraph(source: str, line: int) -> Paragraph:
    """Strip a paragraph's decorations and find its marker or bullet."""
    text, hashes = source.strip(), 0
    if _RULE.match(text):
        return Paragraph(line, text, 0, False, None, None, rule=True)
    heading = _HASHES.match(text)
    if heading:
        hashes, text = len(heading.group(1)), heading.group(2)
    bold = _is_bold_whole(text)
    if bold:
        text = text[2:-2].strip()
    bullet = _BULLET.match(text)
    if bullet and not hashes and not bold:
        return Paragraph(line, text, hashes, bold, None, text[bullet.end() :])
    return Paragraph(line, text, hashes, bold, outline_marker(_marker_probe(text)), None)


def _is_bold_whole(text: str) -> bool:
    """`**…**` around the whole text, not `**a** and **b**`."""
    for wrap in ("**", "__"):
        inner = text[2:-2]
        if len(text) > 4 and text.startswith(wrap) and text.endswith(wrap) and wrap not in inner:
            return not inner.endswith("\\")  # `**a\**` closes nothing
    return False


def _marker_probe(text: str) -> str:
    """The text with bold around its leading marker removed: "**3.** Ban…" → "3. Ban…"."""
    bold_marker = _BOLD_MARKER.match(text)
    if bold_marker:
        return bold_marker.group(2) + text[bold_marker.end() :]
    if text.startswith(("**", "__")):
        return text[2:]  # "**1. Mục đích**: nội dung…": the bold run starts with the marker
    return text


class Outline:
    """Ranks marker kinds by first appearance and gives each numbered paragraph its anchor.

    Roman before Arabic before letters is the usual order, but a text that opens with
    "1." has Arabic numbers at the top: ranks are derived, never assumed.
    """

    def __init__(self) -> None:
        self.ranks: dict[str, int] = {}
        self.path: list[str] = []
        self.taken: set[str] = set()

    def place(self, marker: Marker) -> tuple[int, str]:
        """Rank (1 = top) and anchor of a numbered paragraph: "đ)" under "1." → "muc-1-dd"."""
        rank = self.ranks.setdefault(marker.series, len(self.ranks) + 1)
        self.path = [*self.path[: rank - 1], marker.key]
        pieces = [self.path[0]]
        for parent, key in zip(self.path, self.path[1:], strict=False):
            # "2.1." under "2.": "muc-2-1", not "muc-2-2-1"
            pieces.append(key.removeprefix(parent + "-"))
        return rank, unique_anchor("muc-" + "-".join(pieces), self.taken)
