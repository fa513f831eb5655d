"""Campaign rules: the guide's fields, its document lists, its results form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from builder.core.messages import diagnostic
from builder.core.schema import (
    CAMPAIGN_FIELDS_BY_KEY,
    CAMPAIGN_ITEM_KEYS,
    DOC_TYPES,
    SECRET_CLASSES,
    classification_key,
    number_key,
    parse_date,
    secret_mark,
)
from builder.core.text import compact_number, slugify
from builder.model import CampaignGroup, CampaignItem, Directive
from builder.read.source import SourceFile
from builder.validate.form import check_form, check_units
from builder.validate.front_matter import (
    Checker,
    as_written,
    check_date,
    check_needs_human,
    check_unknown_keys,
    choice_hint,
)


class CampaignChecker(Checker):
    """Reads one campaign file; `lookup` maps number keys to the corpus's directives."""

    def __init__(self, source: SourceFile, lookup: dict[str, list[Directive]]) -> None:
        super().__init__(source, CAMPAIGN_FIELDS_BY_KEY)
        self.lookup = lookup

    def at(self, path: str, code: str, **values: Any) -> None:
        line = self.source.node_lines.get(path, self.source.front_matter_line)
        self.problems.append(diagnostic(code, self.source.path, line, **values))


def check_campaign_fields(checker: CampaignChecker) -> dict[str, Any]:
    """Every top-level field, normalised; None where missing or invalid."""
    check_unknown_keys(checker)
    check_needs_human(checker)
    guide = checker.text("guide", nullable=True)
    if guide is not None:
        guide = compact_number(guide)
        expected = slugify(guide)
        if checker.source.stem != expected:
            checker.report(
                "file.name",
                "guide",
                name=checker.source.stem + ".md",
                number=guide,
                expected=expected + ".md",
            )
    report = _report(checker)
    return {
        "guide": guide,
        "title": checker.text("title"),
        "issuer": checker.text("issuer"),
        "date": check_date(checker, "date"),
        "implements": checker.text("implements") or "",
        "deadline": check_date(checker, "deadline"),
        "audience": checker.text("audience") or "",
        "where_to_get": checker.text("where_to_get") or "",
        "groups": _groups(checker),
        "form": check_form(checker),
        "units": check_units(checker),
        **report,
    }


def _report(checker: CampaignChecker) -> dict[str, Any]:
    value = checker.meta.get("report")
    if value is None:
        return {"report_deadline": None, "report_to": "", "report_contact": ""}
    if not isinstance(value, dict) or set(value) - {"deadline", "to", "contact"}:
        checker.report("campaign.report_invalid", "report")
        return {"report_deadline": None, "report_to": "", "report_contact": ""}
    parsed = parse_date(str(value.get("deadline", "")))
    deadline = None if isinstance(parsed, str) else parsed
    if isinstance(parsed, str):
        checker.at(
            "report.deadline", "date.invalid", value=value.get("deadline", ""), reason=parsed
        )
    return {
        "report_deadline": deadline,
        "report_to": str(value.get("to") or ""),
        "report_contact": str(value.get("contact") or ""),
    }


def _groups(checker: CampaignChecker) -> tuple[CampaignGroup, ...]:
    groups = checker.meta.get("documents")
    if not isinstance(groups, list):
        if "documents" in checker.meta:
            checker.report("campaign.group_invalid", "documents")
        return ()
    seen: dict[str, str] = {}
    result = []
    for g, group in enumerate(groups):
        path = f"documents[{g}]"
        if (
            not isinstance(group, dict)
            or not isinstance(group.get("items"), list)
            or not group.get("group")
        ):
            checker.at(path, "campaign.group_invalid")
            continue
        items = [
            _item(checker, f"{path}.items[{i}]", raw, seen) for i, raw in enumerate(group["items"])
        ]
        kept = tuple(item for item in items if item is not None)
        result.append(CampaignGroup(str(group["group"]), kept, bool(group.get("incomplete"))))
    return tuple(result)


def _item(
    checker: CampaignChecker, path: str, raw: object, seen: dict[str, str]
) -> CampaignItem | None:
    if isinstance(raw, (str, int)):
        raw = {"number": str(raw)}
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("number"), str)
        or set(raw) - CAMPAIGN_ITEM_KEYS
    ):
        checker.at(path, "campaign.item_invalid", value=as_written(raw))
        return None
    number = compact_number(raw["number"])
    date = parse_date(str(raw["date"])) if raw.get("date") else None
    kind = raw.get("type")
    if kind is not None and kind not in DOC_TYPES:
        hint = choice_hint(str(kind), DOC_TYPES)
        label = "loại văn bản"
        checker.at(f"{path}.type", "choice.invalid", label=label, value=kind, suggestion=hint)
        return None
    if isinstance(date, str):
        checker.at(path, "campaign.item_invalid", value=as_written(raw))
        return None
    if not raw.get("distinct"):  # the author confirmed: another document with the same number
        _check_duplicate(checker, path, number, seen)
    classified = _classified(checker, path, raw)
    directive = _linked(checker, number, date)
    if classified and directive is not None:
        _secret_with_summary(checker, path, number, directive)
    if directive is None and not classified and not raw.get("title"):
        checker.at(path, "campaign.undescribed", number=number)
    return CampaignItem(
        number=number,
        slug=None if classified or directive is None else directive.slug,
        type=raw.get("type"),
        date=date,
        issuer=raw.get("issuer"),
        title=raw.get("title"),
        # A classified entry shows its number and title only: no note may describe it.
        note="" if classified else str(raw.get("note") or ""),
        with_=compact_number(str(raw.get("with") or "")),
        classified=classified,
    )


def _secret_with_summary(
    checker: CampaignChecker, path: str, number: str, directive: Directive
) -> None:
    """A guide marks a document secret that has a summary here: neither may be published."""
    checker.at(path, "campaign.secret_has_summary", number=number, summary=directive.path)
    campaign = checker.source.path
    checker.problems.append(
        diagnostic("classification.listed_secret", directive.path, 1, campaign=campaign)
    )


def _check_duplicate(
    checker: CampaignChecker, path: str, number: str, seen: dict[str, str]
) -> None:
    key = number_key(number)
    if key in seen:
        first = checker.source.node_lines.get(seen[key], 0)
        checker.at(path, "campaign.duplicate", number=number, first=first)
    else:
        seen[key] = path


def _classified(checker: CampaignChecker, path: str, raw: dict[str, Any]) -> bool:
    value = raw.get("classification")
    mark = secret_mark(str(raw.get("title") or ""))
    if mark and value in (None, ""):
        checker.at(path, "campaign.secret_unmarked", number=raw["number"], value=mark)
        return True
    if value in (None, ""):
        return False
    if classification_key(str(value)) in SECRET_CLASSES:
        return True
    checker.at(f"{path}.classification", "classification.invalid", value=value)
    return False


def _linked(checker: CampaignChecker, number: str, date: dt.date | None) -> Directive | None:
    candidates = checker.lookup.get(number_key(number), [])
    if date is not None:
        candidates = [d for d in candidates if d.date is None or d.date.year == date.year]
    return candidates[0] if len(candidates) == 1 else None
