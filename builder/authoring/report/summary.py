"""The summary of the returns: one row per unit, totals, percentages recomputed from the
totals, the units still to report; written as a workbook and as a printable A4 page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from builder.authoring.report.check import Entry, share
from builder.authoring.report.read import key
from builder.model import Campaign, ReportForm
from builder.render import sheet
from builder.render.templating import ENV, vn_date

Figure = int | float | None


@dataclass(frozen=True, slots=True)
class Summary:
    campaign: Campaign
    form: ReportForm
    rows: list[tuple[str, list[Figure]]]
    """(unit, a figure for each field: counts, recomputed percentages, None elsewhere)."""
    total: list[Figure]
    missing: list[str]
    errors: int
    """Errors in the returns: the rows they concern are not in the totals."""
    faulty_files: list[str]

    @property
    def complete(self) -> bool:
        return not self.errors and not self.missing


def summarise(
    campaign: Campaign, form: ReportForm, entries: list[Entry], errors: int, faulty: list[str]
) -> Summary:
    fields = form.fields
    order = {key(u): i for i, u in enumerate(campaign.units)}
    ranked = sorted(enumerate(entries), key=lambda e: (order.get(key(e[1].unit), len(order)), e[0]))
    rows = [(entry.unit, _figures(form, entry.counts)) for _, entry in ranked]
    sums = {
        i: sum(entry.counts.get(i, 0) for entry in entries)
        for i, f in enumerate(fields)
        if f.kind == "count"
    }
    reported = {key(entry.unit) for entry in entries}
    missing = [u for u in campaign.units if key(u) not in reported]
    return Summary(campaign, form, rows, _figures(form, sums), missing, errors, faulty)


def _figures(form: ReportForm, counts: dict[int, int]) -> list[Figure]:
    figures: list[Figure] = []
    for i, f in enumerate(form.fields):
        if f.kind == "count":
            figures.append(counts.get(i))
        elif f.kind == "percent":
            figures.append(share(counts.get(f.part), counts.get(f.of)))
        else:
            figures.append(None)
    return figures


def vn_figure(value: Figure) -> str:
    """10000 → "10.000", 87.5 → "87,5", 100.0 → "100": numbers as Vietnamese writes them."""
    if value is None:
        return ""
    whole, _, decimals = f"{float(value):.1f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped if decimals == "0" else f"{grouped},{decimals}"


def title_lines(summary: Summary) -> list[str]:
    c = summary.campaign
    lines = [f"TỔNG HỢP PHỤ LỤC 2 — {c.label.upper()}", summary.form.title]
    if c.report_deadline:
        to = f"; gửi {c.report_to}" if c.report_to else ""
        lines.append(f"Hạn báo cáo: {vn_date(c.report_deadline)}{to}")
    if not summary.complete:
        lines.append("CHƯA ĐỦ: " + incomplete_reason(summary))
    return lines


def incomplete_reason(summary: Summary) -> str:
    parts = []
    if summary.errors:
        files = ", ".join(summary.faulty_files)
        parts.append(f"{summary.errors} lỗi ở {files}, các dòng có lỗi không được cộng")
    if summary.missing:
        parts.append(f"{len(summary.missing)} đơn vị chưa báo cáo")
    return "; ".join(parts) + "."


def summary_xlsx(summary: Summary, today: dt.date) -> bytes:
    """The summary as a workbook: the form's header, a row per unit, the total row."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tổng hợp"
    fields = summary.form.fields
    width = len(fields)
    first = sheet.header(ws, summary.form, sheet.title_rows(ws, title_lines(summary), width) + 1)
    rows = [(str(n), unit, figures) for n, (unit, figures) in enumerate(summary.rows, start=1)]
    rows.append(("", "Tổng", summary.total))
    for r, (number, unit, figures) in enumerate(rows, start=first):
        for c, (f, value) in enumerate(zip(fields, figures, strict=True), start=1):
            if f.kind == "order":
                sheet.text(ws, r, c, number)
            elif f.kind == "unit":
                sheet.text(ws, r, c, unit)
            elif value is not None:
                ws.cell(row=r, column=c).value = value
    last = first + len(rows) - 1
    for c in range(1, width + 1):
        ws.cell(row=last, column=c).font = Font(bold=True)
    sheet.box(ws, first, last, width)
    below = last + 2
    if summary.missing:
        sheet.text(ws, below, 1, "Chưa báo cáo: " + "; ".join(summary.missing) + ".")
        below += 1
    sheet.text(ws, below, 1, "Nơi nhận: " + "; ".join(recipients(summary)))
    return sheet.workbook_bytes(wb, today)


def recipients(summary: Summary) -> list[str]:
    to = summary.campaign.report_to
    return ([f"{to} (để báo cáo)"] if to else []) + ["Lưu."]


def summary_html(summary: Summary, today: dt.date) -> str:
    """The summary as one printable A4 page, through the autoescaped template."""
    rows = [
        (str(n), unit, [vn_figure(v) for v in figures])
        for n, (unit, figures) in enumerate(summary.rows, start=1)
    ]
    return ENV.get_template("report_summary.html").render(
        s=summary,
        c=summary.campaign,
        form=summary.form,
        rows=rows,
        total=[vn_figure(v) for v in summary.total],
        kinds=[f.kind for f in summary.form.fields],
        reason="" if summary.complete else incomplete_reason(summary),
        recipients=recipients(summary),
        today=today,
    )
