"""The results form (Phụ lục 2) as a spreadsheet that Excel opens with its diacritics."""

from __future__ import annotations

import csv
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
    if form.incomplete:
        rows.append([f"Mẫu chưa đầy đủ: {form.incomplete_note}"])
    writer.writerows([as_text(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
