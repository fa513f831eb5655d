"""Numbering of an official text's paragraphs: markers ("II-", "2.", "đ)", "- ") and levels.

Word conversions decorate the same level of a document in many ways (`## **2. …**`,
`#### **4. …**`, plain `7. …`), so levels come from the markers, never from `#` counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.text import unique_anchor

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
"""The Vietnamese alphabet: "đ)" follows "d)", and there is no "f)", "j)", "w)" or "z)"."""

_TELEX = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}
"""Letters with marks as typed in Telex, so "đ)" gets the anchor piece "dd", not "d" again."""

_ROMAN = re.compile(r"(?=[IVXL])(L?X{0,3}(?:IX|IV|V?I{0,3}))(?:[.)]| ?[-–])\s+")
_DECIMAL = re.compile(r"(\d{1,2}(?:\.\d{1,2})+)\.?\s+")
_ARABIC = re.compile(r"(\d{1,2})(?:[.)]| ?[-–])\s+")
_LETTER = re.compile(rf"([{LETTERS}])[.)]\s+")
_BULLET = re.compile(r"(?:[-+•–]|\*(?!\*))\s+")
_HASHES = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_BOLD_MARKER = re.compile(r"^(\*\*|__)(\S{1,8}?)\1(?=\s)")
_RULE = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")


@dataclass(frozen=True, slots=True)
class Marker:
    """The number or letter opening a paragraph: "II-" → Marker("roman", "ii", "II-")."""

    kind: str
    """`roman`, `arabic`, `letter`, or `decimal-2`, `decimal-3` for "2.1.", "2.1.3."."""
    key: str
    """Anchor piece: "ii", "2", "2-1", "dd" for "đ", "aw" for "ă"."""
    text: str
    """The marker as written, terminator included: "II-", "2.", "đ)"."""


def parse_marker(text: str) -> Marker | None:
    """The marker at the start of `text`, or None: "a) Quán triệt…" → letter "a"."""
    found = _ROMAN.match(text)
    if found and found.group(1):
        return Marker("roman", found.group(1).lower(), found.group(0).strip())
    found = _DECIMAL.match(text)
    if found:
        parts = found.group(1).split(".")
        return Marker(f"decimal-{len(parts)}", "-".join(parts), found.group(0).strip())
    found = _ARABIC.match(text)
    if found:
        return Marker("arabic", str(int(found.group(1))), found.group(0).strip())
    found = _LETTER.match(text)
    if found:
        letter = found.group(1)
        return Marker("letter", _TELEX.get(letter, letter), found.group(0).strip())
    return None


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
    return Paragraph(line, text, hashes, bold, parse_marker(_marker_probe(text)), None)


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
        rank = self.ranks.setdefault(marker.kind, len(self.ranks) + 1)
        self.path = [*self.path[: rank - 1], marker.key]
        pieces = [self.path[0]]
        for parent, key in zip(self.path, self.path[1:], strict=False):
            # "2.1." under "2.": "muc-2-1", not "muc-2-2-1"
            pieces.append(key.removeprefix(parent + "-"))
        return rank, unique_anchor("muc-" + "-".join(pieces), self.taken)
