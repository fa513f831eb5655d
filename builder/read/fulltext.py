"""A full text's body read into blocks: numbered headings and points, bullets, rules, tables.

`directives/toan-van/<slug>.md` is written one paragraph a line, the way it is printed; its
structure comes from the numbering and the wording ("1.", "a)", "-"), never from `#`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from builder.core.urls import FULLTEXT_DIR
from builder.read.markdown import PARSER, inline_text
from builder.read.numbering import Outline, Paragraph, read_paragraph

MAX_TITLE_WORDS = 40
"""A numbered paragraph this short, with no closing punctuation, is a title ("1. Tăng cường…")."""

_SENTENCE_END = (".", ";", ":", ",", "…", "!", "?")

BlockKind = Literal["heading", "point", "paragraph", "title", "bullet", "rule", "table"]
"""`heading`: a numbered title; `point`: a numbered paragraph; `title`: an unnumbered
paragraph written with `#`s; `bullet`: one list item; `rule`: `-----`; `table`: `| … |` rows."""


@dataclass(frozen=True, slots=True)
class Table:
    """A run of `| … |` rows, rendered by the Markdown parser as one table."""

    line: int
    markdown: str


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a full text's body, placed: a point "a) …" at rank 2 gets "muc-1-a"."""

    kind: BlockKind
    markdown: str
    """Inline Markdown of the block, decorations and bullet stripped; a table's rows."""
    text: str = ""
    """Plain text, for search."""
    level: int = 0
    """A heading's level (2–6), from its rank; a point's rank (1 = top)."""
    anchor: str = ""
    """`id` of a heading or point: "muc-ii-2"."""


def fulltext_path(directives_dir: Path, slug: str) -> Path:
    """Where the full text of the summary `directives_dir/<slug>.md` lives (it may not exist)."""
    return directives_dir / FULLTEXT_DIR / f"{slug}.md"


def read_blocks(body: str, body_line: int = 1) -> list[Block]:
    """Headings and numbered points from the numbering and wording, bullets, rules, tables."""
    outline = Outline()
    return [_place(block, outline) for block in split_blocks(body, body_line)]


def _place(block: Paragraph | Table, outline: Outline) -> Block:
    if isinstance(block, Table):
        return Block("table", block.markdown, table_text(block.markdown))
    if block.bullet is not None:
        return Block("bullet", block.bullet, plain(block.bullet))
    if block.rule:
        return Block("rule", block.text)
    text = plain(block.text)
    if block.marker is None:
        return Block("title" if block.hashes else "paragraph", block.text, text)
    rank, anchor = outline.place(block.marker)
    if is_title(block, text):
        return Block("heading", block.text, text, min(rank + 1, 6), anchor)
    return Block("point", block.text, text, rank, anchor)


def is_title(block: Paragraph, text: str) -> bool:
    """A numbered paragraph that reads as a title: decorated as one, or short and unpunctuated."""
    if block.hashes or block.bold:
        return True
    return len(text.split()) <= MAX_TITLE_WORDS and not text.rstrip().endswith(_SENTENCE_END)


def split_blocks(body: str, body_line: int = 1) -> list[Paragraph | Table]:
    """One paragraph a line (blank lines between are optional); a hard break joins the next line."""
    lines = body.split("\n")
    blocks: list[Paragraph | Table] = []
    index = 0
    while index < len(lines):
        start = index
        if not lines[index].strip():
            index += 1
        elif lines[index].lstrip().startswith("|"):
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                index += 1
            blocks.append(Table(body_line + start, "\n".join(lines[start:index])))
        else:
            while _continues(lines, index):
                index += 1
            index += 1
            blocks.append(read_paragraph("\n".join(lines[start:index]), body_line + start))
    return blocks


def _continues(lines: list[str], index: int) -> bool:
    """A line ending in a hard break ("  " or "\\") runs on into a next, non-blank line."""
    has_next = index + 1 < len(lines) and bool(lines[index + 1].strip())
    return has_next and lines[index].endswith(("  ", "\\"))


def plain(text: str) -> str:
    """Plain text of inline Markdown: "**3.** Ban…" → "3. Ban…"."""
    tokens = PARSER.parseInline(text)
    children = tokens[0].children or [] if tokens else []
    words = (" " if child.type.endswith("break") else child.content for child in children)
    return " ".join("".join(words).split())


def table_text(table: str) -> str:
    tokens = PARSER.parse(table)
    return " ".join(inline_text(t) for t in tokens if t.type == "inline")
