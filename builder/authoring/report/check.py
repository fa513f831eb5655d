"""The rules a return's rows must keep before they are added up.

Errors (the row is left out of the totals): a count that is not a whole number, a negative
count, more studied than convened or convened than the total, a row with figures but no unit,
the same unit twice. Warnings (the row is kept): a percentage that does not match its counts
(the summary recomputes it), a unit that is not in the campaign's `units:` list.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from builder.authoring.report.read import Cell, RawRow, key
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.model import ReportForm

TOTAL_ROWS = {"tong", "tong cong", "cong", "tong so"}
"""A unit cell that names the total row of a return, not a unit."""
PERCENT_SLACK = 0.5
"""Points a written percentage may differ from its counts: a unit may round to a whole %."""
UNIT_LIKENESS = 0.85
"""How alike a unit's name and a listed one must be to suggest it: every name starts "chi bo"."""
Reporter = Callable[..., None]
"""Reports one message code, with its values, at the row being checked."""
_THOUSANDS = re.compile(r"\d{1,3}(?:[.\s]\d{3})+")
"""10.000 or 10 000: a whole number written with Vietnamese thousands separators."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One unit's accepted return: its figures by field index (counts only)."""

    unit: str
    counts: dict[int, int]
    where: str
    """`tệp:dòng`, for the message of a second return of the same unit."""


@dataclass(slots=True)
class Checked:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def share(part: int | None, of: int | None) -> float | None:
    """`part` as a percentage of `of`, one decimal; None when `of` is 0 or unknown."""
    if part is None or not of:
        return None
    return round(part * 100 / of, 1)


def whole(cell: Cell) -> int | None | str:
    """A count cell → its number, None when blank, or the text when it is not a whole number."""
    if cell is None:
        return None
    if isinstance(cell, (int, float)):
        return int(cell) if float(cell).is_integer() else str(cell).replace(".", ",")
    text = cell.strip()
    if _THOUSANDS.fullmatch(text.lstrip("-")):
        text = re.sub(r"[.\s]", "", text)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text


def percent(cell: Cell) -> float | None:
    """A percentage as written (87,5 · 87.5 · 87,5%), None when blank or not a number."""
    if cell is None:
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    text = cell.strip().rstrip("%").strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


class Checker:
    """Checks the rows of every return in turn; remembers which unit came from where."""

    def __init__(self, form: ReportForm, units: tuple[str, ...]) -> None:
        self.form = form
        self.fields = form.fields
        self.units = {key(u): u for u in units}
        self.seen: dict[str, str] = {}
        self.result = Checked()

    def row(self, shown: str, raw: RawRow) -> None:
        unit_index = next(i for i, f in enumerate(self.fields) if f.kind == "unit")
        name = raw.cells.get(unit_index)
        unit = " ".join(str(name).split()) if name is not None else ""
        figures = {
            i: c for i, c in raw.cells.items() if self.fields[i].kind == "count" and c is not None
        }
        if key(unit) in TOTAL_ROWS or not figures:
            return  # the return's own total, a note, a blank or a placeholder row ("Chi bộ ....")
        problems: list[Diagnostic] = []

        def report(code: str, **values: object) -> None:
            problems.append(diagnostic(code, shown, raw.line, **values))

        if not unit:
            report("report.no_unit")
        shown_unit = unit or "(không tên)"
        counts: dict[int, int] = {}
        for i, cell in figures.items():
            value = whole(cell)
            label = self.fields[i].label
            if isinstance(value, str):
                report("report.not_number", unit=shown_unit, column=label, value=value)
            elif value is not None and value < 0:
                report("report.negative", unit=shown_unit, column=label, value=value)
            elif value is not None:
                counts[i] = value
        self._chain(counts, shown_unit, report)
        self._percentages(raw, counts, shown_unit, report)
        if unit and not any(p.is_error for p in problems):
            unit = self._known(unit, report)
            where = f"{shown}:{raw.line}"
            first = self.seen.get(key(unit))
            if first is not None:
                report("report.duplicate", unit=unit, first=first)
            else:
                self.seen[key(unit)] = where
        self.result.problems += problems
        if unit and not any(p.is_error for p in problems):
            self.result.entries.append(Entry(unit, counts, where))

    def _chain(self, counts: dict[int, int], unit: str, report: Reporter) -> None:
        for i, value in sorted(counts.items()):
            limit = self.fields[i].at_most
            if limit >= 0 and limit in counts and value > counts[limit]:
                report(
                    "report.exceeds",
                    unit=unit,
                    column=self.fields[i].label,
                    value=value,
                    limit=self.fields[limit].label,
                    limit_value=counts[limit],
                )

    def _percentages(
        self, raw: RawRow, counts: dict[int, int], unit: str, report: Reporter
    ) -> None:
        for i, spec in enumerate(self.fields):
            if spec.kind != "percent":
                continue
            written = percent(raw.cells.get(i))
            if written is None:
                continue
            expected = share(counts.get(spec.part), counts.get(spec.of))
            if expected is None or abs(written - expected) > PERCENT_SLACK:
                report(
                    "report.percent",
                    unit=unit,
                    column=spec.label,
                    value=_shown(written),
                    part=_count(counts, spec.part),
                    of=_count(counts, spec.of),
                    expected=_shown(expected) if expected is not None else "—",
                )

    def _known(self, unit: str, report: Reporter) -> str:
        """The unit as the campaign's list spells it; a warning when it is not listed."""
        if not self.units:
            return unit
        listed = self.units.get(key(unit))
        if listed is not None:
            return listed
        close = difflib.get_close_matches(key(unit), list(self.units), n=1, cutoff=UNIT_LIKENESS)
        hint = (
            f'có phải "{self.units[close[0]]}"?'
            if close
            else 'nếu đúng là đơn vị phải báo cáo, thêm vào "units:" của tệp đợt học tập'
        )
        report("report.unknown_unit", unit=unit, close=hint)
        return unit


def _count(counts: dict[int, int], index: int) -> str:
    return str(counts[index]) if index in counts else "?"


def _shown(value: float) -> str:
    """87.5 → "87,5", 100.0 → "100": as Vietnamese writes a percentage."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
