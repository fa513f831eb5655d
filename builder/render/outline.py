"""The outline (đề cương) of a summary: its headings and the lead of each point.

Derived from the parsed body, never written by hand: every heading in order; for each
paragraph and list item its lead — the author's `[…]{.y-chinh}` span if there is one, else
its first sentence, shortened at a clause boundary — and, after each of the three parts,
ruled lines for the presenter's own notes.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from builder.model import OutlineItem
from builder.read.numbering import parse_marker
from builder.read.sections import RawSection

LEAD_CLASS = "y-chinh"
MAX_WORDS = 24
"""A lead longer than this is cut at a clause boundary: the outline is for speaking from."""
MIN_WORDS = 6
"""A cut leaves at least this many words after the lead-in, so a point never says nothing."""
LABEL_WORDS = 8
"""A colon within this many words after the number ends a lead-in ("Mục tiêu chung:")."""

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ(“\"0-9])")
_LABEL = re.compile(r"[^.;:!?]*?:\s+")


def lead(children: list[Token]) -> str:
    """The lead of one paragraph: the marked span, else its lead-in and first sentence.

    `**2.1. Mục tiêu chung:** Tăng cường…` keeps "2.1. Mục tiêu chung:" before the
    sentence it introduces: the number alone tells a listener nothing.
    """
    marked = _marked(children)
    if marked:
        return marked
    text = "".join(c.content for c in children if c.type in ("text", "code_inline", "softbreak"))
    text = " ".join(text.replace("\n", " ").split())
    lead_in, rest = split_lead_in(text)
    sentence = _SENTENCE.split(rest, maxsplit=1)[0]
    budget = max(MAX_WORDS - len(lead_in.split()), MIN_WORDS * 2)
    return " ".join(part for part in (lead_in, shorten(sentence, budget)) if part)


def split_lead_in(text: str) -> tuple[str, str]:
    """("2.1. Mục tiêu chung:", "Tăng cường…") from the text of a paragraph."""
    marker = parse_marker(text)  # the project's one reader of paragraph numbering
    at = len(text) - len(marker.rest) if marker else 0
    label = _LABEL.match(text, at)
    if label and len(label.group().split()) <= LABEL_WORDS:
        at = label.end()
    return text[:at].strip(), text[at:]


def _marked(children: list[Token]) -> str:
    inside, parts = False, list[str]()
    for child in children:
        if child.type == "span_open" and LEAD_CLASS in str(child.attrGet("class") or "").split():
            inside = True
        elif child.type == "span_close" and inside:
            return " ".join("".join(parts).split())
        elif inside and child.type == "text":
            parts.append(child.content)
    return ""


def shorten(sentence: str, budget: int = MAX_WORDS) -> str:
    """The sentence, or its start up to a comma, semicolon or colon of the source.

    The cut is the last semicolon or colon within `budget` words, else the last comma, else
    the first boundary after; never inside quotation marks or brackets. A sentence with no
    boundary to cut at is kept whole rather than stopped mid-phrase.
    """
    if len(sentence.split()) <= budget:
        return sentence
    ends = [(end, mark, len(sentence[:end].split())) for end, mark in _boundaries(sentence)]
    strong = [e for e, mark, n in ends if mark in ";:" and MIN_WORDS <= n <= budget]
    weak = [e for e, _, n in ends if MIN_WORDS <= n <= budget]
    beyond = [e for e, _, n in ends if n > budget]
    cut = (strong or weak or [])[-1:] or beyond[:1] or [len(sentence)]
    if cut[0] >= len(sentence.rstrip(" .!?")):
        return sentence
    return sentence[: cut[0]] + " …"


def _boundaries(sentence: str) -> list[tuple[int, str]]:
    """Where the sentence has a clause mark followed by a space, outside quotes and brackets."""
    depth, found = 0, list[tuple[int, str]]()
    for at, char in enumerate(sentence):
        if char in "“(":
            depth += 1
        elif char in "”)":
            depth = max(depth - 1, 0)
        elif char in ";:,.!?" and depth == 0 and sentence[at + 1 : at + 2] in (" ", ""):
            found.append((at, char))
    return found


def build_outline(
    tokens: list[Token], sections: list[RawSection], absent: tuple[str, ...]
) -> tuple[OutlineItem, ...]:
    """Walk the tokens once; a part's notes lines go just before the next part begins."""
    items: list[OutlineItem] = []
    section_at = {s.start: s for s in sections}
    current: RawSection | None = None
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == "footnote_block_open":
            break
        if index in section_at:
            _close(items, current)
            current = section_at[index]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "heading_open":
            key = section_at[index].key or "" if index in section_at else ""
            items.append(OutlineItem("heading", _plain(tokens[index + 1]), int(token.tag[1]), key))
        elif token.type == "paragraph_open" and tokens[index + 1].children is not None:
            items.append(OutlineItem("point", lead(tokens[index + 1].children or []), depth))
    _close(items, current)
    return _with_absent(items, absent)


def _plain(token: Token) -> str:
    return "".join(
        c.content for c in token.children or [] if c.type in ("text", "code_inline")
    ).strip()


def _close(items: list[OutlineItem], section: RawSection | None) -> None:
    if section is not None and section.key:
        items.append(OutlineItem("notes", key=section.key))


def _with_absent(items: list[OutlineItem], absent: tuple[str, ...]) -> tuple[OutlineItem, ...]:
    """A part the source lacks keeps its heading and its blank lines in the outline."""
    from builder.read.sections import REQUIRED

    result = list(items)
    for key in absent:
        notice = [
            OutlineItem("heading", REQUIRED[key], 2, key),
            OutlineItem("point", "Nguồn không nêu phần này; báo cáo viên tự liên hệ thực tế.", 0),
            OutlineItem("notes", key=key),
        ]
        later = list(REQUIRED)[list(REQUIRED).index(key) + 1 :]
        at = next(
            (i for i, it in enumerate(result) if it.kind == "heading" and it.key in later),
            len(result),
        )
        result[at:at] = notice
    return tuple(result)
