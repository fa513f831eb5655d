"""Phụ lục 2 as an Excel workbook (openpyxl): the guide's two-row header, widths, formulas,
validation, and bytes that do not change from one build to the next.

Shared by the blank form beside the campaign page (`outputs/form.py`) and the summary that
`sotay bao-cao` writes (`authoring/report/`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from builder.model import FormField, ReportForm

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDTHS = {"order": 5.0, "unit": 30.0, "count": 13.0, "percent": 11.0, "text": 16.0}
"""Column width (in characters) by what the column holds."""
HEADER_HEIGHT = 66.0
"""Points: room for a header title wrapped on four lines."""
FALLBACK_DATE = dt.datetime(2026, 1, 1)
"""The workbook's date when the campaign has no date of its own (a guide with "ngày /4/2026")."""


def text(ws: Worksheet, row: int, column: int, value: str) -> Cell:
    """A text cell that Excel shows as written: "=1+1" stays text, never a formula."""
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell), "a merged cell's value lives in its first cell"
    cell.value = value
    cell.data_type = "s"
    return cell


def header(ws: Worksheet, form: ReportForm, top: int) -> int:
    """The guide's two-row header at row `top`, widths set; returns the first body row."""
    fields = form.fields
    index = 1
    for column in form.columns:
        if column.children:
            span = len(column.children)
            text(ws, top, index, column.title)
            end = index + span - 1
            ws.merge_cells(start_row=top, start_column=index, end_row=top, end_column=end)
            for offset, child in enumerate(column.children):
                text(ws, top + 1, index + offset, child)
            index += span
        else:
            text(ws, top, index, column.title)
            ws.merge_cells(start_row=top, start_column=index, end_row=top + 1, end_column=index)
            index += 1
    for i, field in enumerate(fields, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS[field.kind]
        for row in (top, top + 1):
            cell = ws.cell(row=row, column=i)
            cell.font = Font(bold=True)
            cell.alignment = HEADER_ALIGN
            cell.border = BOX
    ws.row_dimensions[top + 1].height = HEADER_HEIGHT
    ws.freeze_panes = f"C{top + 2}"
    return top + 2


def title_rows(ws: Worksheet, lines: list[str], width: int) -> int:
    """Lines above the header, each merged across the form; returns the next free row."""
    for row, line in enumerate(lines, start=1):
        text(ws, row, 1, line).font = Font(bold=row == 1)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return len(lines) + 1


def percent_formula(fields: tuple[FormField, ...], field: FormField, row: int) -> str:
    """`=IF(F7>0,ROUND(G7/F7*100,1),"")`: the share, computed by the spreadsheet itself."""
    part = f"{get_column_letter(field.part + 1)}{row}"
    of = f"{get_column_letter(field.of + 1)}{row}"
    return f'=IF(N({of})>0,ROUND(N({part})/{of}*100,1),"")'


def count_validation(ws: Worksheet, fields: tuple[FormField, ...], first: int, last: int) -> None:
    """Count cells accept only whole numbers ≥ 0 (Excel and LibreOffice refuse anything else)."""
    rule = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số không hợp lệ",
        error="Ghi số nguyên từ 0 trở lên.",
    )
    ws.add_data_validation(rule)
    for i, field in enumerate(fields, start=1):
        if field.kind == "count":
            letter = get_column_letter(i)
            rule.add(f"{letter}{first}:{letter}{last}")


def box(ws: Worksheet, first: int, last: int, width: int) -> None:
    for row in ws.iter_rows(min_row=first, max_row=last, max_col=width):
        for cell in row:
            cell.border = BOX


def workbook_bytes(wb: Workbook, date: dt.date | None) -> bytes:
    """The workbook's bytes, the same for the same content: its properties dated `date` (not
    today) and every zip member dated the same, in one order."""
    when = dt.datetime.combine(date, dt.time()) if date else FALLBACK_DATE
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "Sổ tay báo cáo viên"
    raw = io.BytesIO()
    # openpyxl's own `save` stamps "modified" with the clock; its writer, given a zip, does not.
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(member.filename))
    return fixed.getvalue()
