"""The three parts of a summary: recognise them among a body's H2 headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from builder.core.text import fold
from builder.read.markdown import inline_text

REQUIRED: dict[str, str] = {
    "boi-canh": "Bối cảnh, sự cần thiết ban hành",
    "noi-dung": "Nội dung trọng tâm, cốt lõi",
    "goi-y": "Gợi ý liên hệ, vận dụng",
}
"""Required sections in their order, with the title used in messages and skeletons."""

_LEADING_NUMBER = re.compile(r"^\s*(?:[ivxlc]+|\d+(?:\.\d+)*)\s*[.)\-–]\s*")
_SITUATION = re.compile(r"^(?:ve\s+)?(?:khai quat|danh gia)(?:\s+chung)?(?:\s+ve)?\s+tinh hinh")
"""Sources' own words for the situation part: "I- Khái quát tình hình", "Về đánh giá tình hình"."""
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("boi canh", "boi-canh"),
    ("tinh hinh", "boi-canh"),
    ("su can thiet", "boi-canh"),
    ("noi dung", "noi-dung"),
    ("goi y", "goi-y"),
)


@dataclass(frozen=True, slots=True)
class RawSection:
    """An H2 heading and the tokens under it, as found in the body."""

    key: str | None
    """`boi-canh`, `noi-dung`, `goi-y`, or None for an extra section."""
    title: str
    anchor: str
    line: int
    """File line of the heading."""
    start: int
    """Index of the heading_open token."""
    end: int
    """Index just past the section's last token."""

    @property
    def is_empty(self) -> bool:
        return self.end - self.start <= 3


def section_key(title: str) -> str | None:
    """ "1. Tình hình" → boi-canh; "4. Gợi ý liên hệ, vận dụng với chi bộ" → goi-y."""
    text = _LEADING_NUMBER.sub("", fold(title).lower()).strip(" *_")
    if _SITUATION.match(text):
        return "boi-canh"
    for prefix, key in _PREFIXES:
        if text.startswith(prefix):
            return key
    return None


def split_sections(tokens: list[Token], body_line: int) -> list[RawSection]:
    """Cut the body at each H2; footnote definitions at the end belong to no section."""
    starts = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    limit = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
    sections = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else limit
        title = inline_text(tokens[start + 1]).strip()
        line = (tokens[start].map or [0])[0] + body_line
        anchor = str(tokens[start].attrGet("id") or "")
        sections.append(RawSection(section_key(title), title, anchor, line, start, end))
    return sections
