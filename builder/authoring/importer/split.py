"""Find Phụ lục 1, the documents it summarises and the three parts of each.

Structure is read from numbering and wording only: heading levels (`#`, Word styles) are
hints that guides use inconsistently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from builder.authoring.importer.blocks import Block, is_caps, plain
from builder.authoring.importer.heading import CitedDocument, parse_reference
from builder.core.text import fold
from builder.read.numbering import parse_marker
from builder.read.sections import REQUIRED, section_key

ORDER = tuple(REQUIRED)
_APPENDIX = re.compile(r"^phụ lục\s*(?:số\s*)?(?P<n>\d+|[ivx]+)?\b", re.IGNORECASE)
_GROUP = re.compile(r"^(?:cac\s+)?van ban\s+(?:cua|cap)\b")
_RUN_IN = 120
"""A part heading longer than this carries its first paragraph after a colon."""


@dataclass(slots=True)
class Part:
    """One of the three parts of a summary, as found in the source."""

    key: str
    title: str
    line: int
    number: int | None
    """2 for "2. Nội dung…"; None when the part has no Arabic number."""
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Summary:
    """A summarised document: its heading, what the heading says, and its parts."""

    heading: Block
    reference: CitedDocument
    group: str
    preamble: list[Block] = field(default_factory=list)
    """Blocks before the first recognised part."""
    parts: list[Part] = field(default_factory=list)
    end_line: int = 0


@dataclass(slots=True)
class Listed:
    """A document named in a bare list inside the appendix (no summary)."""

    block: Block
    reference: CitedDocument
    group: str


@dataclass(slots=True)
class Appendix:
    start: Block
    end: int
    """Index in the guide's blocks just past the appendix."""
    summaries: list[Summary] = field(default_factory=list)
    listed: list[Listed] = field(default_factory=list)
    stray: list[Block] = field(default_factory=list)
    """Blocks after the first document that belong to none."""


def appendix_bounds(blocks: list[Block]) -> tuple[int, int] | None:
    """Index of the "Phụ lục 1" block and of the next appendix (or the end)."""
    found = [(i, _appendix_number(b)) for i, b in enumerate(blocks) if _appendix_number(b)]
    starts = [i for i, number in found if number in ("1", "i")]
    if not starts and len(found) == 1:
        starts = [found[0][0]]  # a guide with a single, unnumbered "Phụ lục"
    if not starts:
        return None
    start = starts[0]
    later = [i for i, number in found if i > start and number not in ("1", "i")]
    return start, later[0] if later else len(blocks)


def _appendix_number(block: Block) -> str:
    if block.is_table or block.bullet:
        return ""
    match = _APPENDIX.match(block.plain)
    if not match or len(block.plain) > 300:
        return ""
    return (match.group("n") or "?").lower()


def split_appendix(blocks: list[Block]) -> Appendix | None:
    bounds = appendix_bounds(blocks)
    if bounds is None:
        return None
    start, end = bounds
    appendix = Appendix(blocks[start], end)
    group = ""
    current: Summary | None = None
    for block in blocks[start + 1 : end]:
        title = group_title(block)
        reference = None if title else document_reference(block)
        if title or reference:
            _close(appendix, current)
            current = None
        if title:
            group = title
        elif reference:
            current = Summary(block, reference, group)
        elif current is not None:
            current.preamble.append(block)
        elif appendix.summaries or appendix.listed:
            appendix.stray.append(block)
    _close(appendix, current)
    return appendix


def _close(appendix: Appendix, summary: Summary | None) -> None:
    if summary is None:
        return
    blocks, summary.preamble = summary.preamble, []
    if not blocks:
        appendix.listed.append(Listed(summary.heading, summary.reference, summary.group))
        return
    summary.end_line = blocks[-1].line
    _find_parts(summary, blocks)
    appendix.summaries.append(summary)


def group_title(block: Block) -> str:
    """ "I. CÁC VĂN BẢN CỦA TRUNG ƯƠNG", "a) Văn bản của Tỉnh ủy" → the title; else ""."""
    if block.is_table or len(block.plain) > 120:
        return ""
    marker = parse_marker(block.text)
    text = plain(marker.rest) if marker and marker.kind != "paren" else block.plain
    if not _GROUP.match(fold(text).lower()) or parse_reference(text):
        return ""
    if marker or block.bold or block.heading or is_caps(text):
        return text.rstrip(":. ")
    return ""


def document_reference(block: Block) -> CitedDocument | None:
    """The document a heading-like block names at its start: "VI. KẾ HOẠCH SỐ 64-KH/TU …"."""
    if block.is_table:
        return None
    marker = parse_marker(block.text)
    if marker and (marker.kind == "paren" or len(marker.parts) > 1):
        return None
    text = plain(marker.rest) if marker else block.plain
    reference = parse_reference(text)
    if reference is None:
        return None
    looks_like_heading = (
        marker is not None
        or block.bold
        or block.heading > 0
        or bool(block.bullet)
        or is_caps(text)
        or text.lower().startswith("của ")
    )
    return reference if looks_like_heading else None


def _find_parts(summary: Summary, blocks: list[Block]) -> None:
    reached = -1
    for block in blocks:
        found = part_heading(block)
        if found is not None and ORDER.index(found.key) > reached:
            reached = ORDER.index(found.key)
            summary.parts.append(found)
        elif summary.parts:
            summary.parts[-1].blocks.append(block)
        else:
            summary.preamble.append(block)


def part_heading(block: Block) -> Part | None:
    """ "1. Bối cảnh, sự cần thiết ban hành Chỉ thị", "a) Tình hình", "4. Gợi ý …"."""
    if block.is_table or block.bullet:
        return None
    marker = parse_marker(block.text)
    if marker and (marker.kind in ("paren", "star") or len(marker.parts) > 1):
        return None
    text = plain(marker.rest) if marker else block.plain
    key = section_key(text)
    if key is None:
        return None
    heading_like = marker or block.bold or block.heading or len(text) <= 80
    if not heading_like or (not marker and text.endswith(".") and len(text) > 80):
        return None
    number = marker.parts[0] if marker and marker.kind == "arabic" else None
    title, first = _run_in(text)
    part = Part(key, title, block.line, number)
    if first:
        part.blocks.append(Block(block.line, first))
    return part


def _run_in(text: str) -> tuple[str, str]:
    """ "Bối cảnh: Thời gian qua, …" → ("Bối cảnh", "Thời gian qua, …") when long."""
    head, colon, tail = text.partition(":")
    if len(text) > _RUN_IN and colon and tail.strip() and len(head) <= 100:
        return head.strip(), tail.strip()
    return text.rstrip(" .:;").strip(), ""
