"""Mend paragraphs that a page break or a line wrap cut in two."""

from __future__ import annotations

import re
from dataclasses import replace

from builder.authoring.importer.blocks import Block, is_caps, plain
from builder.read.numbering import parse_marker

_SPLIT_NUMBER = re.compile(r"\d\s*-$")
_NUMBER_TAIL = re.compile(r"^[^\W\d_]{1,6}\s*/")
_CLOSED = tuple(".!?:…")
_DIGITS = "0123456789"
_STANDALONE = re.compile(
    r"^(?:phụ lục|hướng dẫn$|nơi nhận|số\s*:?\s*\d+\s*-|(?:k/t|t/m|t/l|tm\.|kt\.)\s"
    r"|(?:phó\s+)?trưởng ban$|(?:phó\s+)?bí thư$)",
    re.IGNORECASE,
)
"""Lines that stand alone: appendix titles, the document kind, signature blocks."""
_SHORT_CAPS = 4
"""An all-caps line this short is a title or a signature line, never half a heading."""
_LONG = 60
"""A line this long that stops without punctuation was cut, not ended."""
_HEAD = 200
"""How much of a mended paragraph's start the anchored patterns need."""


def rejoin(blocks: list[Block]) -> list[Block]:
    """Join each block to the previous one when it only continues it (linear time: the joined
    paragraph is kept in pieces, and only its head, tail and letter counts are looked at)."""
    out: list[Block] = []
    joined: _Joined | None = None
    for block in blocks:
        glue = None if joined is None else _glue(joined, block)
        if joined is not None and glue is not None:
            joined.add(glue, block)
            continue
        if joined is not None:
            out.append(joined.block())
        joined = _Joined(block)
    if joined is not None:
        out.append(joined.block())
    return out


class _Joined:
    """A paragraph being mended: its first block's layout, its pieces, and what `_glue` reads
    of its plain text (all of it while short; past `_HEAD`, the head, the last piece and the
    letter counts, so that mending a long run of blocks takes linear time)."""

    def __init__(self, first: Block) -> None:
        self.first = first
        self.pieces = [first.text]
        self.head = first.plain
        self.complete = True
        self.last = self.head
        self.length = len(self.head)
        self.letters = sum(c.isalpha() for c in self.head)
        self.upper = sum(c.isupper() for c in self.head)

    def add(self, glue: str, block: Block) -> None:
        self.pieces[-1] = self.pieces[-1].rstrip()
        self.pieces += [glue, block.text.lstrip()]
        text = block.plain
        self.complete = self.complete and self.length < _HEAD
        if self.complete:
            self.head = plain("".join(self.pieces))
        self.last = text or self.last
        self.length += len(glue) + len(text)
        self.letters += sum(c.isalpha() for c in text)
        self.upper += sum(c.isupper() for c in text)

    @property
    def start(self) -> str:
        """Enough of the start for the anchored patterns; "…" marks that more follows."""
        return self.head if self.complete else self.head[:_HEAD] + " …"

    @property
    def end(self) -> str:
        return self.head if self.complete else self.last

    @property
    def size(self) -> int:
        return len(self.head) if self.complete else self.length

    @property
    def caps(self) -> bool:
        if self.complete:
            return is_caps(self.head)
        return self.letters >= 6 and self.upper >= 0.85 * self.letters

    def block(self) -> Block:
        if len(self.pieces) == 1:
            return self.first
        return replace(self.first, text="".join(self.pieces))


def _glue(joined: _Joined, block: Block) -> str | None:
    """ "" or " " when `block` continues the paragraph; None when it starts something new."""
    previous = joined.first
    if previous.is_table or block.is_table or block.bullet or parse_marker(block.text):
        return None
    head, before, after = joined.start, joined.end, block.plain
    if not head or not before or not after:
        return None
    if _STANDALONE.match(after) or _STANDALONE.match(head):
        return None  # "TRƯỞNG BAN" of a signature, then the next page's "PHỤ LỤC 1"
    if joined.caps and is_caps(after) and not before.endswith(_CLOSED):
        if len(head.split()) <= _SHORT_CAPS:
            return None  # "HƯỚNG DẪN", "PHỤ LỤC 1": a line of its own
        return " "  # an all-caps heading over two paragraphs
    if block.heading != previous.heading or block.bold != previous.bold:
        return None
    if _SPLIT_NUMBER.search(before) and _NUMBER_TAIL.match(after):
        return ""  # "Nghị quyết số 19-" + "NQ/TW ngày …"
    if joined.caps:
        return None  # a heading is not continued by a lower-case line (the trích yếu)
    if before.endswith(_CLOSED):
        return None
    if after[0].islower() or (after[0] in _DIGITS and before[-1] not in _DIGITS):
        return " "
    long_text = joined.size >= _LONG and not previous.heading and not previous.bold
    first_word = after.split(" ", 1)[0]
    if long_text and before[-1].isalpha() and first_word[:-1].isalpha() and first_word[-1] in ".,;":
        return " "  # "… quảng bá hình ảnh đất và người Lai" + "Châu. Xây dựng …"
    return None
