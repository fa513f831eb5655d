"""The results form (`report_form`) and the units that must return it (`units`)."""

from __future__ import annotations

from typing import Any

from builder.core.messages import diagnostic, did_you_mean
from builder.core.schema import FORM_COLUMN_KEYS, FORM_GROUP_KEYS
from builder.model import FORM_KINDS, FormColumn, FormField, ReportForm, default_field
from builder.validate.front_matter import Checker, as_written

DEFAULT_TITLE = "Tổng hợp kết quả học tập, quán triệt"
WRITTEN_KINDS = ("count", "percent", "text")
"""The kinds an author may write; TT and "Tên đơn vị" are known by their titles."""
REFERENCES = ("part", "of", "at_most")


def _at(checker: Checker, path: str, code: str, **values: Any) -> None:
    line = checker.source.node_lines.get(path, checker.source.front_matter_line)
    checker.problems.append(diagnostic(code, checker.source.path, line, **values))


class _Leaf:
    """A leaf column as written, before its references are resolved."""

    def __init__(self, path: str, group: str, raw: object, by_hand: bool) -> None:
        self.path = path
        self.raw = raw if isinstance(raw, dict) else {}
        title = self.raw.get("title") if isinstance(raw, dict) else raw
        self.field = default_field(group, str(title if title is not None else ""))
        self.by_hand = by_hand or self.raw.get("completed_by_hand") is True


def check_form(checker: Checker) -> ReportForm | None:
    """`report_form`: its columns, each column's kind, and the counts a column refers to."""
    value = checker.meta.get("report_form")
    if value is None:
        return None
    columns = value.get("columns") if isinstance(value, dict) else None
    if not isinstance(columns, list) or not columns:
        checker.report("campaign.form_invalid", "report_form")
        return None
    parsed: list[FormColumn] = []
    leaves: list[_Leaf] = []
    for c, column in enumerate(columns):
        path = f"report_form.columns[{c}]"
        if isinstance(column, dict) and "group" in column:
            group_leaves = _group(checker, path, column)
            if group_leaves:
                title = str(column["group"])
                parsed.append(FormColumn(title, tuple(leaf.field.title for leaf in group_leaves)))
                leaves += group_leaves
            continue
        leaf = _leaf(checker, path, "", column, False)
        if leaf is not None:
            parsed.append(FormColumn(leaf.field.title))
            leaves.append(leaf)
    return ReportForm(
        title=str(value.get("title") or DEFAULT_TITLE),
        attached_to=str(value.get("attached_to") or ""),
        columns=tuple(parsed),
        rows=tuple(str(r) for r in value.get("rows") or ()),
        incomplete=bool(value.get("incomplete")),
        incomplete_note=str(value.get("incomplete_note") or ""),
        described=_resolved(checker, leaves),
    )


def _group(checker: Checker, path: str, column: dict[str, Any]) -> list[_Leaf]:
    children = column.get("columns")
    title = column.get("group")
    if not isinstance(children, list) or not children or not isinstance(title, str) or not title:
        _at(checker, path, "campaign.form_column_invalid", value=as_written(column))
        return []
    for key in sorted(set(column) - FORM_GROUP_KEYS):
        _at(checker, f"{path}.{key}", "campaign.form_key", key=key, column=title)
    by_hand = column.get("completed_by_hand") is True
    found = [
        _leaf(checker, f"{path}.columns[{i}]", title, child, by_hand)
        for i, child in enumerate(children)
    ]
    return [leaf for leaf in found if leaf is not None]


def _leaf(checker: Checker, path: str, group: str, raw: object, by_hand: bool) -> _Leaf | None:
    if isinstance(raw, (str, int, float)) and str(raw).strip():
        return _Leaf(path, group, str(raw), by_hand)
    if not isinstance(raw, dict) or not isinstance(raw.get("title"), str) or not raw["title"]:
        _at(checker, path, "campaign.form_column_invalid", value=as_written(raw))
        return None
    for key in sorted(set(raw) - FORM_COLUMN_KEYS):
        _at(checker, f"{path}.{key}", "campaign.form_key", key=key, column=raw["title"])
    kind = raw.get("kind")
    if kind is not None and kind not in WRITTEN_KINDS:
        _at(checker, f"{path}.kind", "campaign.form_kind", column=raw["title"], value=kind)
    return _Leaf(path, group, raw, by_hand)


def _resolved(checker: Checker, leaves: list[_Leaf]) -> tuple[FormField, ...]:
    """Each leaf with its kind, and `part`, `of`, `at_most` turned into column indexes."""
    result = []
    for leaf in leaves:
        kind = leaf.raw.get("kind")
        field = leaf.field
        if kind in WRITTEN_KINDS:
            field = FormField(field.group, field.title, str(kind))
        targets = {key: _target(checker, leaf, key, leaves) for key in REFERENCES}
        if field.kind == "percent" and (targets["part"] < 0 or targets["of"] < 0):
            if not ({"part", "of"} & set(leaf.raw)):
                _at(checker, leaf.path, "campaign.form_percent", column=field.label)
            targets["part"] = targets["of"] = -1
            field = FormField(field.group, field.title, "text")
        result.append(
            FormField(
                field.group,
                field.title,
                field.kind,
                part=targets["part"],
                of=targets["of"],
                at_most=targets["at_most"],
                by_hand=leaf.by_hand,
            )
        )
    assert all(f.kind in FORM_KINDS for f in result)
    return tuple(result)


def _target(checker: Checker, leaf: _Leaf, key: str, leaves: list[_Leaf]) -> int:
    """The index of the count column `leaf.raw[key]` names: in its own group first."""
    wanted = leaf.raw.get(key)
    if wanted is None:
        return -1
    counts = [(i, other.field) for i, other in enumerate(leaves) if other.field.kind == "count"]
    for matches in (
        [i for i, f in counts if f.group == leaf.field.group and f.title == wanted],
        [i for i, f in counts if f.label == wanted],
        [i for i, f in counts if f.title == wanted],
    ):
        if len(matches) == 1:
            return matches[0]
    labels = [f.label for _, f in counts]
    close = did_you_mean(str(wanted), labels, "các cột số: " + "; ".join(labels))
    _at(
        checker,
        f"{leaf.path}.{key}",
        "campaign.form_ref",
        column=leaf.field.label,
        key=key,
        value=wanted,
        close=close,
    )
    return -1


def check_units(checker: Checker) -> tuple[str, ...]:
    """`units`: the names of the units that must send a return, each once."""
    value = checker.meta.get("units")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(u, str) and u.strip() for u in value):
        checker.report("campaign.units_invalid", "units")
        return ()
    seen: set[str] = set()
    units = []
    for i, unit in enumerate(value):
        name = " ".join(unit.split())
        if name.casefold() in seen:
            _at(checker, f"units[{i}]", "campaign.unit_twice", unit=name)
            continue
        seen.add(name.casefold())
        units.append(name)
    return tuple(units)
