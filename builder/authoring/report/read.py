"""A returned Phụ lục 2 → its rows, each cell under the form column its header names.

Offices return the form as they saved it: an .xlsx from Excel or LibreOffice (merged header
cells hold their text in the first cell only), a CSV with a BOM and `;` (LibreOffice, Excel in
a Vietnamese locale), a CSV with `,` (the phone's export, the site's own CSV). Columns are found
by their header text, folded, in any order; a title row above and blank rows are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.core.text import fold
from builder.model import FormField, ReportForm

Cell = str | int | float | None
MAX_BYTES = 5 * 1024 * 1024
"""A return is one table of a few dozen rows; anything larger is not a return."""
DELIMITERS = (";", ",", "\t")
UNIT_HEADER = "ten don vi"


@dataclass(frozen=True, slots=True)
class RawRow:
    """One body row of a return: its line (as the spreadsheet numbers it) and its cells by the
    index of the form's field; a column the return lacks is absent."""

    line: int
    cells: dict[int, Cell]


@dataclass(slots=True)
class Table:
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def key(text: object) -> str:
    """A header as compared: folded, lower case, one space, no trailing colon."""
    return " ".join(fold(str(text or "")).lower().split()).rstrip(":")


def read_return(path: Path, shown: str, form: ReportForm) -> Table:
    """The rows of the return at `path`, or one problem saying why it cannot be read."""
    grid = _grid(path, shown)
    if isinstance(grid, Diagnostic):
        return Table(problems=[grid])
    return _table(grid, shown, form)


def _grid(path: Path, shown: str) -> list[list[Cell]] | Diagnostic:
    try:
        data = path.read_bytes()
    except OSError as error:
        return diagnostic("report.unreadable", shown, 0, reason=_why(error))
    if len(data) > MAX_BYTES:
        return diagnostic("report.unreadable", shown, 0, reason="tệp quá lớn")
    if data.startswith(b"PK"):
        try:
            return _xlsx(data)
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
            return diagnostic("report.unreadable", shown, 0, reason=f"Excel hỏng: {error}")
    if path.suffix.lower() in (".xls", ".ods", ".docx", ".pdf"):
        reason = f"dạng {path.suffix} chưa đọc được, hãy lưu thành .xlsx hoặc .csv"
        return diagnostic("report.unreadable", shown, 0, reason=reason)
    return _csv(data)


def _why(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "không có tệp này"
    if isinstance(error, IsADirectoryError):
        return "đây là thư mục, không phải tệp"
    if isinstance(error, PermissionError):
        return "không có quyền đọc"
    return error.strerror or type(error).__name__


def _xlsx(data: bytes) -> list[list[Cell]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheet = book.worksheets[0]
    grid: list[list[Cell]] = []
    for row in sheet.iter_rows():
        values: list[Cell] = []
        for cell in row:
            value = cell.value
            if isinstance(value, bool) or value is None:
                values.append(None)
            elif isinstance(value, (int, float)):
                percent = "%" in str(cell.number_format)
                values.append(value * 100 if percent else value)
            else:
                values.append(str(value))
        grid.append(values)
    return grid


def _csv(data: bytes) -> list[list[Cell]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")  # Excel's "CSV" in a Vietnamese Windows
    lines = [line for line in text.splitlines() if line.strip()][:12]
    delimiter = max(DELIMITERS, key=lambda d: sum(line.count(d) for line in lines))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [list(row) for row in reader]


def _table(grid: list[list[Cell]], shown: str, form: ReportForm) -> Table:
    top_at = next(
        (i for i, row in enumerate(grid) if any(key(c) == UNIT_HEADER for c in row)), None
    )
    if top_at is None:
        return Table(problems=[diagnostic("report.no_header", shown, 0)])
    grouped = any(c.children for c in form.columns)
    sub = grid[top_at + 1] if grouped and top_at + 1 < len(grid) else []
    columns = _columns(grid[top_at], sub)
    fields = form.fields
    found: dict[int, int] = {}
    table = Table()
    for index, wanted in enumerate(fields):
        position = _find(columns, wanted, fields)
        if position is not None:
            found[index] = position
        elif wanted.kind in ("unit", "count"):
            line = top_at + 1
            table.problems.append(
                diagnostic("report.missing_column", shown, line, column=wanted.label)
            )
    if not any(fields[i].kind == "unit" for i in found):
        return Table(problems=[diagnostic("report.no_header", shown, top_at + 1)])
    body = top_at + (2 if sub else 1)
    for number, row in enumerate(grid[body:], start=body + 1):
        cells = {i: _clean(row[p]) if p < len(row) else None for i, p in found.items()}
        table.rows.append(RawRow(number, cells))
    return table


def _columns(top: list[Cell], sub: list[Cell]) -> list[tuple[str, str]]:
    """(heading, sub-heading) of each column, a merged heading carried over its columns."""
    result = []
    heading = ""
    for i in range(max(len(top), len(sub))):
        above = key(top[i]) if i < len(top) else ""
        below = key(sub[i]) if i < len(sub) else ""
        if above:
            heading = above
        elif not below:
            heading = ""
        result.append((above if not below else heading, below))
    return result


def _find(
    columns: list[tuple[str, str]], wanted: FormField, fields: tuple[FormField, ...]
) -> int | None:
    title, group = key(wanted.title), key(wanted.group)
    if group:
        exact = [i for i, c in enumerate(columns) if c == (group, title)]
        if exact:
            return exact[0]
        # a return whose group heading was lost: the title alone, when no other group has it
        if sum(key(f.title) == title for f in fields) == 1:
            loose = [i for i, c in enumerate(columns) if c[1] == title]
            return loose[0] if len(loose) == 1 else None
        return None
    alone = [i for i, c in enumerate(columns) if c[0] == title and not c[1]]
    return alone[0] if alone else None


def _clean(cell: Cell) -> Cell:
    if isinstance(cell, str):
        cell = " ".join(cell.split())
        return cell or None
    return cell
