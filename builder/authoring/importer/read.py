"""Read a guide (.txt, .md, .docx, and .doc or .pdf through a converter) into blocks; legacy
encodings are refused, never guessed."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from builder.authoring.importer.blocks import Block, make_block, opens_block
from builder.authoring.importer.rejoin import rejoin
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.read.source import find_mojibake, read_text
from builder.validate.body import secret_stamp

SUFFIXES = (".txt", ".md", ".docx", ".doc", ".pdf")
_HARD_BREAK = re.compile(r"( {2,}|\\)$")
_MANY_LINES = 20
_BLANK_RATIO = 10
"""Fewer blank lines than one in ten paragraphs: the text was saved by Word, not typed."""


def read_guide(path: Path, shown: str) -> tuple[list[Block] | None, list[Diagnostic]]:
    """Blocks of the guide at `path` (`shown` is how messages name it), or why not."""
    if not path.is_file():
        return None, [diagnostic("import.no_file", shown, 0)]
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        return None, [diagnostic("import.suffix", shown, 0, suffix=suffix or "(không có)")]
    text: str | None = None  # a PDF's or a text guide's lines, looked at for a stamp
    if suffix in (".docx", ".doc"):
        blocks, problems = _word(path, shown)
    elif suffix == ".pdf":
        from builder.authoring.importer.convert import pdf_text

        text, problem = pdf_text(path, shown)
        blocks = None if text is None else _pdf_blocks(text)
        problems = [problem] if problem else []
    else:
        text, problems = read_text(path, shown)
        if text is None:
            blocks = None
        elif suffix == ".txt" and is_saved_as_text(text):
            blocks = line_blocks(text)
        else:
            blocks = text_blocks(text)
    stamp = None if text is None else stamped(_numbered(text), shown)
    if stamp is not None:
        return None, [stamp]
    if blocks is None:
        return None, problems
    mojibake = find_mojibake("\n".join(b.text for b in blocks), shown)
    if mojibake:
        return None, [mojibake]
    return rejoin(blocks), problems


def _word(path: Path, shown: str) -> tuple[list[Block] | None, list[Diagnostic]]:
    from builder.authoring.importer.docx import read_docx

    if path.suffix.lower() == ".docx":
        return read_docx(path, shown)
    from builder.authoring.importer.convert import doc_to_docx

    with tempfile.TemporaryDirectory(prefix="sotay-doc-") as folder:
        converted, problem = doc_to_docx(path, shown, Path(folder))
        if converted is None:
            return None, [problem] if problem else []
        return read_docx(converted, shown)


def stamped(lines: Iterable[tuple[int, str]], shown: str) -> Diagnostic | None:
    """The first line of a text or PDF guide that is only a secrecy stamp ("MẬT", "- Tối mật
    -", "TUYET MAT"), a column of a printed header counting as a line (a Word guide's
    paragraphs are looked at by `docx.hidden_stamp`): the guide is refused."""
    for number, line in lines:
        for cell in line.split("\t"):
            found = secret_stamp(cell) if cell.strip() else None
            if found:
                return diagnostic("import.stamped", shown, number, stamp=found)
    return None


def _numbered(text: str) -> Iterable[tuple[int, str]]:
    return enumerate(text.split("\n"), start=1)


def _pdf_blocks(text: str) -> list[Block]:
    """pdftotext's layout: lines wrapped as printed, no blank line between paragraphs; each
    line is a block (header columns a table row) and `rejoin` mends the wrapped sentences."""
    blocks: list[Block] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line:
            _add_row(blocks, line, number)
        elif line.strip():
            blocks.append(make_block(line.strip(), number))
    return blocks


def is_saved_as_text(text: str) -> bool:
    """Word's "Save as Text": one paragraph per line and (almost) no blank lines."""
    lines = [line for line in text.split("\n") if line.strip()]
    blanks = text.count("\n") + 1 - len(lines)
    return len(lines) >= _MANY_LINES and blanks * _BLANK_RATIO < len(lines)


def line_blocks(text: str) -> list[Block]:
    """Save-as-Text: each line is a paragraph (Word wrote no line breaks inside one)."""
    blocks: list[Block] = []
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        if line.strip():
            blocks.append(make_block(line.strip(), number))
    return blocks


def text_blocks(text: str) -> list[Block]:
    """Plain text or Markdown → blocks: paragraphs joined as Markdown joins them."""
    blocks: list[Block] = []
    lines: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line and line.strip():
            _flush(blocks, lines, first)
            _add_row(blocks, line, number)
            continue
        starts_new = not line.strip() or opens_block(line)
        if starts_new or (lines and _HARD_BREAK.search(lines[-1])):
            _flush(blocks, lines, first)
        if line.strip():
            first = first if lines else number
            lines.append(line)
    _flush(blocks, lines, first)
    return blocks


def _flush(blocks: list[Block], lines: list[str], first: int) -> None:
    if lines:
        text = " ".join(_HARD_BREAK.sub("", line).strip() for line in lines)
        blocks.append(make_block(text, first))
        lines.clear()


def _add_row(blocks: list[Block], line: str, number: int) -> None:
    cells = tuple(cell.strip() for cell in line.rstrip().split("\t"))
    last = blocks[-1] if blocks else None
    if last is not None and last.is_table and last.line + len(last.rows) == number:
        blocks[-1] = Block(last.line, last.text, rows=(*last.rows, cells))
    else:
        blocks.append(Block(number, "", rows=(cells,)))
