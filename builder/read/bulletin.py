"""A loudspeaker bulletin's body read for speaking: its spoken length and printed size.

`directives/phat-thanh/<name>.md` holds plain paragraphs (headings allowed) to be read aloud on
the commune's loudspeakers. Vietnamese is written one syllable a word-space, and a reader's
pace is measured in syllables ("tiếng"), so the words counted here are the space-separated
pieces that hold a letter or a digit: "Chỉ thị 57-CT/TW" is three, a dash alone is none.
"""

from __future__ import annotations

import math
from pathlib import Path

from markdown_it.token import Token

from builder.core.urls import BULLETIN_DIR
from builder.read.markdown import inline_text

WORDS_PER_MINUTE = 200
"""Syllables read aloud a minute. No Vietnamese source found states a loudspeaker pace; the one
measurement found (television hosts' opening lines, 26 s each: 3,7 to 5,5 "từ" a second, 4,4
on average — emcovu.com, "Trong vòng 1 phút nên đọc bao nhiêu từ?", which itself asks whether
syllables should have been counted) is of conversation. Outdoor loudspeakers echo between
houses and listeners hear each sentence once, so a bulletin is timed below the slowest host
measured (3,7 a second = 222 a minute): 200 a minute, an assumption named here once."""

PRINT_SIZES = (16, 14, 12)
"""Point sizes of the announcer's printed copy: the first at which the whole text fits one A4
sheet, 16 pt when it can, never under 12 pt (theme/assets/sotay.css, `data-print-size`)."""
SHEET_PX = 870
"""Height one A4 sheet leaves the text, in CSS px: 263 mm between the print margins (994 px)
less the bulletin's printed header (117 px with a one-line title) and a little to spare."""
LINE_HEIGHT = 1.4
"""The printed text's line height, in em."""
LINE_CHARS_PT = 1120
"""Characters of Vietnamese text in one printed line, times the point size: 70 at 16 pt,
93 at 12 pt (Chromium's sans-serif on the 178 mm line of theme/assets/sotay.css's @page)."""
PARAGRAPH_GAP = 0.45 / LINE_HEIGHT
"""Space after a paragraph, in lines."""
HEADING_GAP = 0.65 / LINE_HEIGHT
"""Space around a heading, in lines."""

Block = tuple[bool, str]
"""(is a heading, its plain text): what the printed length is estimated from."""


def bulletin_folder(directives_dir: Path) -> Path:
    """Where the bulletins of `directives_dir` live (the folder may not exist)."""
    return directives_dir / BULLETIN_DIR


def count_words(text: str) -> int:
    """Spoken syllables of a plain text: space-separated pieces with a letter or digit."""
    return sum(1 for piece in text.split() if any(ch.isalnum() for ch in piece))


def reading_seconds(words: int) -> int:
    """Seconds it takes to read `words` syllables aloud at `WORDS_PER_MINUTE`, rounded up."""
    return math.ceil(words * 60 / WORDS_PER_MINUTE)


def printed_lines(blocks: list[Block], size: int) -> float:
    """Lines the text takes printed at `size` pt, each block rounded up to whole lines."""
    per_line = LINE_CHARS_PT / size
    return sum(
        math.ceil(len(text) / per_line) + (HEADING_GAP if heading else PARAGRAPH_GAP)
        for heading, text in blocks
    )


def sheet_lines(size: int) -> float:
    """Lines of text one A4 sheet holds at `size` pt."""
    return SHEET_PX / (size * 96 / 72 * LINE_HEIGHT)


def print_size(blocks: list[Block]) -> int:
    """The point size the printed sheet uses: the largest at which the text fits one A4 page,
    else the smallest (the text then runs over; the checker warns)."""
    for size in PRINT_SIZES:
        if printed_lines(blocks, size) <= sheet_lines(size):
            return size
    return PRINT_SIZES[-1]


def excess_words(blocks: list[Block], words: int, size: int) -> int:
    """About how many syllables to cut for the text to fit one sheet at `size` pt."""
    lines = printed_lines(blocks, size)
    return max(0, math.ceil(words * (lines - sheet_lines(size)) / lines)) if lines else 0


def text_blocks(tokens: list[Token]) -> list[Block]:
    """(is a heading, plain text) of every paragraph, list item and heading of a body."""
    blocks: list[Block] = []
    for index, token in enumerate(tokens):
        if token.type == "inline" and token.content.strip():
            heading = index > 0 and tokens[index - 1].type == "heading_open"
            blocks.append((heading, " ".join(inline_text(token).split())))
    return blocks
