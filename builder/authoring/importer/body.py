"""A part's blocks → Markdown: numbered sub-points as headings or bold leads, lists nested."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from builder.authoring.importer.blocks import Block, plain
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.read.numbering import Marker, parse_marker

_BOLD_RUN = re.compile(r"^(\*{2,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1\s*(.*)$")
_SHORT = 120
"""A numbered line up to this long, or one not ending a sentence, is a sub-heading."""
_FOOTNOTE_HTML = re.compile(r"<sup>\s*(\d{1,2})\s*</sup>")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FOOTNOTE_MARK = re.compile(r"(?<=[^\s\d])([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})")
_FOOTNOTE_DEF = re.compile(r"^(?:\[\^(\d{1,2})\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}))\s+(.*)$")


@dataclass(slots=True)
class Writer:
    """Turns the blocks of one part into Markdown chunks, nothing more."""

    number: int | None
    """The part's own number (2 in "2. Nội dung…"), to read slips like "2." for "2.2."."""
    source: str
    offset: int = 0
    """Added to the heading level of numbered points ("2.1." is `###` at offset 0)."""
    chunks: list[str] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    last_point: tuple[int, ...] = ()
    list_top: str = ""
    """Mark of the current list's top-level items: a "+" under "-" items nests."""

    def markdown(self, blocks: list[Block]) -> str:
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            self.add(block, following)
        return join_chunks(self.chunks)

    def add(self, block: Block, following: Block | None) -> None:
        if block.is_table:
            self._emit(table_markdown(block.rows))
        elif block.bullet:
            self._item(block)
        else:
            marker = parse_marker(block.text)
            if marker and marker.kind == "arabic":
                self._numbered(block, marker, following)
            elif block.heading and not marker:
                self._emit("### " + _heading_text(block.text))
            else:
                self._emit(footnotes(_bolded(block)))

    def _emit(self, chunk: str, item: bool = False) -> None:
        self.chunks.append(("\0" if item else "") + chunk)
        if not item:
            self.list_top = ""

    def _item(self, block: Block) -> None:
        in_list = bool(self.chunks) and self.chunks[-1].startswith("\0")
        top = self.list_top if in_list else ""
        nested = block.depth > 0 or (block.bullet != top and top != "")
        depth = max(block.depth, 1) if nested else 0
        self._emit("  " * depth + "- " + footnotes(_bolded(block)), item=True)
        self.list_top = top or block.bullet

    def _numbered(self, block: Block, marker: Marker, following: Block | None) -> None:
        parts = self._slip(block, marker)
        if len(parts) < 2:
            self._emit(footnotes(_bolded(block)))
            return
        self.last_point = parts
        label = ".".join(str(p) for p in parts) + "."
        rest = marker.rest.strip()
        bold = _BOLD_RUN.match(rest)
        if bold and bold.group(3):
            self._lead(label, bold.group(2), bold.group(3), parts)
        elif not block.bold and _colon_lead(rest):
            head, _, tail = rest.partition(": ")
            self._emit(f"**{label} {plain(head)}:** {footnotes(tail.strip())}")
        elif block.bold or _opens_points(parts, following) or _heading_like(rest):
            self._emit(self._hashes(parts) + f" {label} {_heading_text(rest)}")
        else:
            self._emit(f"**{label}** {footnotes(rest)}")

    def _lead(self, label: str, head: str, tail: str, parts: tuple[int, ...]) -> None:
        """ "**2.6. Tổ chức thực hiện.** Ban Bí thư …": a heading, then its paragraph."""
        if head.rstrip().endswith(":"):
            self._emit(f"**{label} {plain(head).rstrip(':')}:** {footnotes(tail)}")
            return
        self._emit(self._hashes(parts) + f" {label} {_heading_text(head)}")
        self._emit(footnotes(tail))

    def _hashes(self, parts: tuple[int, ...]) -> str:
        return "#" * min(len(parts) + 1 + self.offset, 6)

    def _slip(self, block: Block, marker: Marker) -> tuple[int, ...]:
        """ "2. Mục tiêu cụ thể" after "2.1." inside part 2 means "2.2."."""
        parts, last = marker.parts, self.last_point
        if len(parts) != 1 or self.number is None or len(last) < 2 or last[0] != self.number:
            return parts
        if parts[0] not in (self.number, last[1] + 1):
            return parts
        fixed = (self.number, last[1] + 1)
        label = ".".join(str(p) for p in fixed) + "."
        self.notes.append(
            diagnostic(
                "import.numbering_slip", self.source, block.line, raw=marker.raw, label=label
            )
        )
        return fixed


def _colon_lead(rest: str) -> bool:
    head, colon, tail = rest.partition(": ")
    return bool(colon) and 0 < len(plain(head)) <= 80 and bool(tail.strip())


def _opens_points(parts: tuple[int, ...], following: Block | None) -> bool:
    if following is None:
        return False
    marker = parse_marker(following.text)
    return bool(marker and marker.kind == "arabic" and marker.parts[: len(parts)] == parts)


def _heading_like(rest: str) -> bool:
    text = plain(rest)
    return len(text) <= _SHORT or not text.endswith(".")


def _heading_text(text: str) -> str:
    return plain(text).rstrip(" .:;")


def _bolded(block: Block) -> str:
    """Keep a paragraph's bold when the source made the whole of it bold."""
    if block.bold and not block.heading and len(block.plain) <= _SHORT:
        return f"**{block.text}**"
    return block.text


def footnotes(text: str) -> str:
    """ "<sup>1</sup>" and "¹" → "[^1]"; a line "¹ <https://…>" → "[^1]: <https://…>"."""
    text = _FOOTNOTE_HTML.sub(r"[^\1]", text)
    definition = _FOOTNOTE_DEF.match(text)
    if definition:
        number = definition.group(1) or definition.group(2).translate(_SUPERSCRIPT)
        return f"[^{number}]: {definition.group(3)}"
    return _FOOTNOTE_MARK.sub(lambda m: f"[^{m.group(1).translate(_SUPERSCRIPT)}]", text)


def table_markdown(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(row) for row in rows)
    cells = [[c.replace("|", "\\|") for c in row] + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(row) + " |" for row in cells]
    lines.insert(1, "|" + "---|" * width)
    return "\n".join(lines)


def join_chunks(chunks: list[str]) -> str:
    """Chunks → Markdown: list items one per line, everything else a blank line apart."""
    out: list[str] = []
    for index, chunk in enumerate(chunks):
        item = chunk.startswith("\0")
        if index and not (item and chunks[index - 1].startswith("\0")):
            out.append("")
        out.append(chunk.lstrip("\0"))
    return "\n".join(out)
