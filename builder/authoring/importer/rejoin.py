"""Mend paragraphs that a page break or a line wrap cut in two."""

from __future__ import annotations

import re
from dataclasses import replace

from builder.authoring.importer.blocks import Block, is_caps
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


def rejoin(blocks: list[Block]) -> list[Block]:
    """Join each block to the previous one when it only continues it."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        glue = None if previous is None else _glue(previous, block)
        if previous is not None and glue is not None:
            out[-1] = replace(previous, text=previous.text.rstrip() + glue + block.text.lstrip())
        else:
            out.append(block)
    return out


def _glue(previous: Block, block: Block) -> str | None:
    """ "" or " " when `block` continues `previous`; None when it starts something new."""
    if previous.is_table or block.is_table or block.bullet or parse_marker(block.text):
        return None
    before, after = previous.plain, block.plain
    if not before or not after:
        return None
    if _STANDALONE.match(after) or _STANDALONE.match(before):
        return None  # "TRƯỞNG BAN" of a signature, then the next page's "PHỤ LỤC 1"
    if is_caps(before) and is_caps(after) and not before.endswith(_CLOSED):
        if len(before.split()) <= _SHORT_CAPS:
            return None  # "HƯỚNG DẪN", "PHỤ LỤC 1": a line of its own
        return " "  # an all-caps heading over two paragraphs
    if block.heading != previous.heading or block.bold != previous.bold:
        return None
    if _SPLIT_NUMBER.search(before) and _NUMBER_TAIL.match(after):
        return ""  # "Nghị quyết số 19-" + "NQ/TW ngày …"
    if is_caps(before):
        return None  # a heading is not continued by a lower-case line (the trích yếu)
    if before.endswith(_CLOSED):
        return None
    if after[0].islower() or (after[0] in _DIGITS and before[-1] not in _DIGITS):
        return " "
    long_text = len(before) >= _LONG and not previous.heading and not previous.bold
    first_word = after.split(" ", 1)[0]
    if long_text and before[-1].isalpha() and first_word[:-1].isalpha() and first_word[-1] in ".,;":
        return " "  # "… quảng bá hình ảnh đất và người Lai" + "Châu. Xây dựng …"
    return None
