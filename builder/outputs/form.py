"""The results form (Phụ lục 2) as spreadsheets: a CSV that Excel opens with its diacritics,
and an .xlsx with the guide's merged header, formulas and number validation."""

from __future__ import annotations

import csv
import datetime as dt
import io

from builder.model import ReportForm
from builder.render.form import form_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What makes Excel or LibreOffice read a cell as a formula (`=HYPERLINK(…)`, `+cmd|…`)."""


def as_text(cell: str) -> str:
    """A cell that a spreadsheet shows as written and never runs: a leading `'` marks it text."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def form_csv(form: ReportForm) -> bytes:
    """The form as a spreadsheet: UTF-8 with BOM and CRLF, so Excel opens it with its diacritics."""
    groups = [c for c in form.columns for _ in (c.children or (c.title,))]
    top = [
        g.title if g.children and g.children[0] == leaf or not g.children else ""
        for g, leaf in zip(groups, form.leaf_columns, strict=True)
    ]
    second = [leaf if g.children else "" for g, leaf in zip(groups, form.leaf_columns, strict=True)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    rows = [[form.title], top, second, *form_rows(form)]
    if form.by_hand:
        rows.append(["Cột ghi thêm (bản nguồn bị cắt): " + "; ".join(form.by_hand) + "."])
    if form.incomplete:
        rows.append([f"Mẫu chưa đầy đủ: {form.incomplete_note}"])
    writer.writerows([as_text(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def form_xlsx(form: ReportForm, date: dt.date | None) -> bytes:
    """The form as an Excel workbook, dated `date` (the guide's) so that rebuilds are identical.

    Title and "Kèm theo…" on top, the two-row header, the guide's rows and blank rows to fill in
    (counts accept whole numbers ≥ 0, percentages are formulas), and a total row of sums.
    """
    # openpyxl takes a tenth of a second to import: only a campaign with a form needs it.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from builder.render import sheet

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Phụ lục 2"
    fields = form.fields
    width = len(fields)
    lines = ["Phụ lục 2", form.title] + ([f"({form.attached_to})"] if form.attached_to else [])
    first = sheet.header(ws, form, sheet.title_rows(ws, lines, width) + 1)
    body = form_rows(form)
    last = first + len(body) - 1
    for r, row in enumerate(body, start=first):
        total = r == last
        for c, (field, cell) in enumerate(zip(fields, row, strict=True), start=1):
            letter = get_column_letter(c)
            if field.kind == "percent":
                ws.cell(row=r, column=c).value = sheet.percent_formula(fields, field, r)
            elif total and field.kind == "count":
                ws.cell(row=r, column=c).value = f"=SUM({letter}{first}:{letter}{last - 1})"
            elif cell:
                sheet.text(ws, r, c, cell)
    sheet.count_validation(ws, fields, first, last - 1)
    sheet.box(ws, first, last, width)
    notes = []
    if form.by_hand:
        notes.append("Cột ghi thêm (bản nguồn bị cắt): " + "; ".join(form.by_hand) + ".")
    if form.incomplete:
        notes.append(f"Mẫu chưa đầy đủ: {form.incomplete_note}")
    for offset, note in enumerate(notes, start=2):
        sheet.text(ws, last + offset, 1, note)
    return sheet.workbook_bytes(wb, date)
