"""The guide's own text (purpose, forms, deadlines…) as the campaign page's Markdown."""

from __future__ import annotations

from builder.authoring.importer.blocks import Block, is_caps, plain
from builder.authoring.importer.body import Writer, join_chunks
from builder.authoring.importer.casing import CaseBook, sentence_case
from builder.read.numbering import parse_marker

_SHORT = 80


def guide_markdown(blocks: list[Block], skip: set[int], book: CaseBook, source: str) -> str:
    """Blocks after the guide's opening paragraph, up to "Nơi nhận", lists left out."""
    start = next((i + 1 for i, b in enumerate(blocks) if b.plain.startswith("Thực hiện ")), 0)
    writer = Writer(None, source, offset=1)
    kept = [b for b in blocks[start:] if b.line not in skip]
    for index, block in enumerate(kept):
        if block.plain.lower().startswith("nơi nhận"):
            break
        heading = _section_heading(block, book)
        if heading:
            writer.chunks.append(heading)
            writer.list_top = ""
        else:
            writer.add(block, kept[index + 1] if index + 1 < len(kept) else None)
    return join_chunks(writer.chunks) + "\n"


def _section_heading(block: Block, book: CaseBook) -> str:
    """ "II. NỘI DUNG, HÌNH THỨC" → "## Nội dung, hình thức"; "1. Tổ chức …" → "### …"."""
    if block.bullet or block.is_table:
        return ""
    marker = parse_marker(block.text)
    if marker is None or len(marker.parts) != 1 or marker.kind not in ("roman", "arabic"):
        return ""
    text = plain(marker.rest).rstrip(" .:")
    if len(text) > _SHORT or ": " in text:
        return ""
    if marker.kind == "roman":
        return "## " + (sentence_case(text, book) if is_caps(text) else text)
    return f"### {marker.label} {text}"
