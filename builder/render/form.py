"""The results form (Phụ lục 2) as a table: the guide's rows, blank rows and the total."""

from __future__ import annotations

from builder.model import ReportForm

BLANK_ROWS = 4
"""Empty numbered rows added below the guide's own example rows, for filling in by hand."""


def form_rows(form: ReportForm) -> list[list[str]]:
    """The form's body: the guide's rows, blank rows to fill in, and the total row."""
    width = len(form.leaf_columns)
    named = [r for r in form.rows if r.strip(". …")]
    rows = [[str(i + 1), name] for i, name in enumerate(named)]
    rows += [[str(len(rows) + i + 1), ""] for i in range(BLANK_ROWS)]
    rows.append(["", "Tổng"])
    return [row + [""] * (width - len(row)) for row in rows]
