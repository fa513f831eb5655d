"""Word (.docx) → blocks, read with python-docx: heading styles, bold, lists, tables."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import docx
from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from builder.authoring.importer.blocks import Block, make_block
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.validate.body import secret_stamp

_LIST_STYLE = re.compile(r"^List (?:Bullet|Number|Paragraph)\s*(\d)?$", re.IGNORECASE)
_HEADING_STYLE = re.compile(r"^(?:heading|tiêu đề|title)\s*(\d?)$", re.IGNORECASE)
MAX_MEMBERS = 1000
"""A guide has a few dozen parts (text, styles, numbering, images); thousands is no guide."""
MAX_UNPACKED = 50_000_000
"""Bytes of all parts once inflated: a long guide with photos stays far below."""
MAX_RATIO = 100
"""Inflated / compressed size of a part above `_RATIO_FROM` bytes (Word's XML: 5 to 30)."""
_RATIO_FROM = 1_000_000
_CHUNK = 65_536
_FORMATS = {
    "decimal": lambda n: str(n),
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26),
    "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": lambda n: _roman(n),
}


def read_docx(path: Path, shown: str) -> tuple[list[Block] | None, list[Diagnostic]]:
    unsafe = check_package(path, shown)  # before python-docx inflates anything
    if unsafe is not None:
        return None, [unsafe]
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        return None, [diagnostic("import.docx_invalid", shown, 0)]
    stamp = hidden_stamp(document, shown)
    if stamp is not None:
        return None, [stamp]
    numbering = Numbering(document)
    blocks: list[Block] = []
    for index, element in enumerate(document.element.body.iterchildren(), start=1):
        if element.tag == qn("w:p"):
            block = _paragraph(Paragraph(element, document), index, numbering)
            if block is not None:
                blocks.append(block)
        elif element.tag == qn("w:tbl"):
            rows = _rows(Table(element, document))
            if rows:
                blocks.append(Block(index, "", rows=rows))
    return blocks, []


_HIDDEN_PLACES = {RT.HEADER: "đầu trang", RT.FOOTER: "chân trang"}


def hidden_stamp(document: Document, shown: str) -> Diagnostic | None:
    """A "MẬT" stamp where the blocks never look: a page header or footer, or a text box
    drawn beside the text (python-docx reads neither); or a paragraph of the text or of a
    table cell that is only a stamp (a cell's paragraphs are joined in its block): the whole
    guide is then refused."""
    for index, element in enumerate(document.element.body.iterchildren(), start=1):
        for box in element.iter(qn("w:txbxContent")):
            found = _stamp_in(box)
            if found:
                return diagnostic(
                    "import.hidden_stamp", shown, index, stamp=found, where="một hộp văn bản"
                )
        found = _stamp_in(element)
        if found:
            return diagnostic("import.stamped", shown, index, stamp=found)
    for rel in sorted(document.part.rels.values(), key=lambda r: r.rId):
        where = _HIDDEN_PLACES.get(rel.reltype)
        found = _stamp_in(rel.target_part.element) if where else None
        if found:
            return diagnostic("import.hidden_stamp", shown, 0, stamp=found, where=where)
    return None


def _stamp_in(element: Any) -> str | None:
    for paragraph in element.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        found = secret_stamp(text) if text.strip() else None
        if found:
            return found
    return None


def check_package(path: Path, shown: str) -> Diagnostic | None:
    """Why the zip at `path` must not be opened, or None: member count, inflated size and
    compression ratio from the directory first, then every part inflated in chunks with the
    bytes counted, XML parts fed to defusedxml (no DTD, no entity) and thrown away."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            if len(members) > MAX_MEMBERS:
                return diagnostic(
                    "import.docx_members",
                    shown,
                    0,
                    count=_vn_count(len(members)),
                    limit=_vn_count(MAX_MEMBERS),
                )
            declared = sum(m.file_size for m in members)
            if declared > MAX_UNPACKED:
                return diagnostic("import.docx_unpacked", shown, 0, limit=MAX_UNPACKED // 10**6)
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > _RATIO_FROM and ratio > MAX_RATIO:
                    return diagnostic(
                        "import.docx_ratio",
                        shown,
                        0,
                        member=member.filename,
                        ratio=_vn_count(int(ratio)),
                    )
            budget = MAX_UNPACKED
            for member in members:
                spent, problem = _inflate(package, member, budget, shown)
                if problem is not None:
                    return problem
                budget -= spent
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        return diagnostic("import.docx_invalid", shown, 0)
    return None


def _inflate(
    package: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int, shown: str
) -> tuple[int, Diagnostic | None]:
    """Bytes that `member` really inflates to (never more than `budget` read), and whether
    its XML is refused."""
    is_xml = member.filename.endswith((".xml", ".rels"))
    parser = DefusedXMLParser(target=_Discard(), forbid_dtd=True) if is_xml else None
    spent = 0
    with package.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            spent += len(chunk)
            if spent > budget:
                return spent, diagnostic(
                    "import.docx_unpacked", shown, 0, limit=MAX_UNPACKED // 10**6
                )
            if parser is None:
                continue
            try:
                parser.feed(chunk)
            except DefusedXmlException:
                return spent, diagnostic("import.docx_entities", shown, 0, member=member.filename)
            except ParseError as error:
                return spent, _broken(member, error, shown)
    if parser is not None:
        try:
            parser.close()
        except ParseError as error:
            return spent, _broken(member, error, shown)
    return spent, None


def _broken(member: zipfile.ZipInfo, error: ParseError, shown: str) -> Diagnostic:
    line = error.position[0] if error.position else 0
    return diagnostic("import.docx_xml", shown, 0, member=member.filename, xml_line=line)


class _Discard:
    """An XML parser target that keeps nothing: the check reads a part in constant memory."""

    def close(self) -> None:
        return None


def _vn_count(value: int) -> str:
    """10000 → "10.000", as Vietnamese writes it."""
    return f"{value:,}".replace(",", ".")


def _paragraph(paragraph: Paragraph, index: int, numbering: Numbering) -> Block | None:
    text, bold = _inline(paragraph)
    if not text.strip():
        return None
    heading = _heading_level(paragraph)
    label, bullet, depth = numbering.label(paragraph)
    block = make_block(text if not label else f"{label} {text}", index, heading, bold)
    if bullet:
        return Block(
            block.line, block.text, heading, block.bold, "-", max(depth, _style_depth(paragraph))
        )
    return block


def _style_depth(paragraph: Paragraph) -> int:
    """ "List Bullet 2" is the second level, whatever its numbering says."""
    match = _LIST_STYLE.match(paragraph.style.name if paragraph.style else "")
    return int(match.group(1)) - 1 if match and match.group(1) else 0


def _heading_level(paragraph: Paragraph) -> int:
    style = paragraph.style
    while style is not None:
        match = _HEADING_STYLE.match(style.name or "")
        if match:
            return int(match.group(1) or 1)
        style = style.base_style
    return 0


def _inline(paragraph: Paragraph) -> tuple[str, bool]:
    """Runs → Markdown (bold as **…**); True when every visible run is bold."""
    pieces: list[tuple[str, bool]] = []
    for item in paragraph.iter_inner_content():
        runs = item.runs if isinstance(item, Hyperlink) else [item]
        for run in runs:
            pieces.append((run.text, _is_bold(run, paragraph)))
    visible = [bold for text, bold in pieces if text.strip()]
    if visible and all(visible):
        return "".join(text for text, _ in pieces), True
    return _markdown(pieces), False


def _is_bold(run: Run, paragraph: Paragraph) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    style = paragraph.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _markdown(pieces: list[tuple[str, bool]]) -> str:
    merged: list[list[Any]] = []
    for text, bold in pieces:
        if merged and merged[-1][1] == bold:
            merged[-1][0] += text
        else:
            merged.append([text, bold])
    out = []
    for text, bold in merged:
        core = text.strip()
        if bold and core:
            start, end = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{start}**{core}**{end}")
        else:
            out.append(text)
    return "".join(out)


def _rows(table: Table) -> tuple[tuple[str, ...], ...]:
    """Cell texts; a merged cell keeps its text in its first column only."""
    rows = []
    above: list[Any] = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []
        for column, cell in enumerate(row.cells):
            merged = (seen and seen[-1] is cell._tc) or (
                column < len(above) and above[column] is cell._tc
            )
            cells.append("" if merged else " ".join(cell.text.split()))
            seen.append(cell._tc)
        above = seen
        rows.append(tuple(cells))
    return tuple(rows)


@dataclass(slots=True)
class Numbering:
    """Word's automatic numbering, rendered as the reader sees it ("2.1.", "a)", "-").

    As Word and LibreOffice count: one counter per abstract list, shared by every numId that
    points to it; a numId's `lvlOverride/startOverride` restarts its level when that numId is
    first used (a Phụ lục starting again at "I.")."""

    document: Document
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    levels: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)

    def label(self, paragraph: Paragraph) -> tuple[str, bool, int]:
        """(label, is_bullet, level) of a numbered paragraph; ("", False, 0) otherwise."""
        num_id, level = _num_pr(paragraph)
        if num_id is None or num_id == "0":
            return "", False, 0
        fmt, text, start = self._level(num_id, level)
        if fmt == "bullet" or fmt == "none":
            return "", fmt == "bullet", level
        abstract, overrides = _num_definition(self.document, num_id)
        counters = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for overridden, value in overrides.items():
                counters[overridden] = value - 1
        current = counters[level]
        counters[level] = (start - 1 if current is None else current) + 1
        for deeper in range(level + 1, 9):
            counters[deeper] = None
        return self._render(num_id, text, counters), False, level

    def _render(self, num_id: str, text: str, counters: list[int | None]) -> str:
        def value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            fmt, _, start = self._level(num_id, level)
            shown = counters[level]
            number = start if shown is None else shown
            return _FORMATS.get(fmt, _FORMATS["decimal"])(max(number, 1))

        return re.sub(r"%(\d)", value, text)

    def _level(self, num_id: str, level: int) -> tuple[str, str, int]:
        key = (num_id, level)
        if key not in self.levels:
            self.levels[key] = _level_definition(self.document, num_id, level)
        return self.levels[key]


def _num_pr(paragraph: Paragraph) -> tuple[str | None, int]:
    """numId and ilvl from the paragraph, or from its style (List Number, List Bullet…)."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    for ppr in sources:
        num_pr = None if ppr is None else ppr.find(qn("w:numPr"))
        if num_pr is None:
            continue
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        level = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        return (num_id.get(qn("w:val")) if num_id is not None else None), min(level, 8)
    return None, 0


def _num_element(document: Document, num_id: str) -> Any:
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None, None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == num_id:
            return numbering, num
    return numbering, None


def _num_definition(document: Document, num_id: str) -> tuple[str, dict[int, int]]:
    """The abstract list a numId counts in ("num:<id>" when it names none), and the levels
    its `lvlOverride/startOverride` restart, with their start values."""
    _, num = _num_element(document, num_id)
    found = None if num is None else num.find(qn("w:abstractNumId"))
    abstract = f"num:{num_id}" if found is None else str(found.get(qn("w:val")))
    overrides: dict[int, int] = {}
    for override in [] if num is None else num.findall(qn("w:lvlOverride")):
        start = override.find(qn("w:startOverride"))
        level = override.get(qn("w:ilvl"))
        if start is not None and level is not None and level.isdigit() and int(level) < 9:
            value = str(start.get(qn("w:val"), "1"))
            overrides[int(level)] = int(value) if value.isdigit() else 1
    return abstract, overrides


def _level_definition(document: Document, num_id: str, level: int) -> tuple[str, str, int]:
    """(numFmt, lvlText, start) of one level: the numId's own `lvlOverride/lvl` if it has one,
    else its abstract list's."""
    numbering, num = _num_element(document, num_id)
    if numbering is None or num is None:
        return "bullet", "", 1
    for override in num.findall(qn("w:lvlOverride")):
        lvl = override.find(qn("w:lvl"))
        if override.get(qn("w:ilvl")) == str(level) and lvl is not None:
            return _values(lvl)
    found = num.find(qn("w:abstractNumId"))
    abstract_id = None if found is None else found.get(qn("w:val"))
    for abstract in numbering.findall(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) != abstract_id:
            continue
        for lvl in abstract.findall(qn("w:lvl")):
            if lvl.get(qn("w:ilvl")) == str(level):
                return _values(lvl)
    return "bullet", "", 1


def _values(lvl: Any) -> tuple[str, str, int]:
    def attr(tag: str, default: str) -> str:
        node = lvl.find(qn(tag))
        return default if node is None else str(node.get(qn("w:val"), default))

    return attr("w:numFmt", "decimal"), attr("w:lvlText", ""), int(attr("w:start", "1"))


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out, value = out + letters, value - number
    return out
