"""Block: one paragraph, list item or table of a source, whatever the source format."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_BULLET = re.compile(r"^([-+•–]|\*(?!\*))\s+(.*)$")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?>")
_WRAPPED = re.compile(r"^(\*{1,3}|_{1,3})(?=\S)(.*?)(?<=\S)\1$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph as the importer sees it: Markdown inline text plus layout hints.

    `Block(161, "I. NGHỊ QUYẾT SỐ 02-NQ/TW, …", heading=0, bold=False)`
    """

    line: int
    """Line of the source where the block starts (the paragraph number for Word files)."""
    text: str
    """Markdown inline text; emphasis wrapping the whole paragraph is moved to `bold`."""
    heading: int = 0
    """`#` count or Word heading level: a hint only, never what decides the structure."""
    bold: bool = False
    """The whole paragraph is bold or italic (a run-in heading in many guides)."""
    bullet: str = ""
    """List mark as written: "-" or "+" ("" when the block is no list item)."""
    depth: int = 0
    """List nesting level (0 = top) when the source says it (Word's ilvl)."""
    rows: tuple[tuple[str, ...], ...] = ()
    """Cells of a table, row by row; empty for other blocks."""

    @property
    def plain(self) -> str:
        return plain(self.text)

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


def plain(text: str) -> str:
    """Inline Markdown to plain text: emphasis, escapes and HTML tags removed."""
    text = _TAG.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return " ".join(_ESCAPE.sub(r"\1", text).split())


def unwrap(text: str) -> tuple[str, bool]:
    """ "**1. Bối cảnh**" → ("1. Bối cảnh", True); nested wrappers are removed too."""
    wrapped = False
    while True:
        match = _WRAPPED.match(text.strip())
        if not match or match.group(1) in match.group(2):
            return text.strip(), wrapped
        text, wrapped = match.group(2), True


def is_caps(text: str) -> bool:
    """Mostly capital letters: "NGHỊ QUYẾT SỐ 02-NQ/TW" (a few mixed-case codes allowed)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 6:
        return False
    return sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def make_block(text: str, line: int, heading: int = 0, bold: bool = False) -> Block:
    """One paragraph: heading marks, wrapping emphasis and a list mark are taken apart."""
    text = " ".join(text.split())
    match = _HEADING.match(text)
    if match:
        heading, text = len(match.group(1)), match.group(2)
    bullet, text = _bullet(text)
    text, wrapped = unwrap(text)
    if not bullet:
        bullet, text = _bullet(text)
    return Block(line, text, heading, bold or wrapped, bullet)


def _bullet(text: str) -> tuple[str, str]:
    match = _BULLET.match(text)
    if not match:
        return "", text
    mark = "-" if match.group(1) in "-•–*" else "+"
    return mark, match.group(2)


def opens_block(line: str) -> bool:
    """A Markdown heading or a list item starts a new block even without a blank line."""
    return bool(_HEADING.match(line) or _BULLET.match(line.strip()))
