"""Front matter rules: required keys, known keys, allowed values, dates, secrecy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic, did_you_mean
from builder.core.schema import (
    DOC_TYPES,
    FIELDS_BY_KEY,
    LEVELS,
    REFERENCE_KEYS,
    SECRET_CLASSES,
    TITLE_MAX,
    Field,
    classification_key,
    is_valid_number,
    parse_date,
    secret_mark,
)
from builder.core.text import compact_number, fold
from builder.read.sections import REQUIRED
from builder.read.source import SourceFile


@dataclass(frozen=True, slots=True)
class ParentFacts:
    """What an `implements` entry tells of a parent with no summary here, as written."""

    type: str | None
    issuer: str | None
    date: dt.date | None
    title: str | None
    level: str | None


@dataclass(frozen=True, slots=True)
class RawRef:
    """An `implements` entry as written, before it is resolved against the corpus."""

    number: str
    year: int | None
    described: ParentFacts | None
    line: int
    above: tuple[str, ...] = ()
    """Numbers a described parent itself carries out (its own `implements`)."""


@dataclass(slots=True)
class FrontMatter:
    """Normalised front matter values; None where a value was missing or invalid."""

    number: str | None = None
    number_null: bool = False
    """True when `number: null` is written: a document that carries no number."""
    type: str | None = None
    issuer: str | None = None
    level: str | None = None
    date: dt.date | None = None
    updated: dt.date | None = None
    title: str | None = None
    tags: tuple[str, ...] = ()
    implements: list[RawRef] = field(default_factory=list)
    source: str = ""
    absent: tuple[str, ...] = ()
    absent_reason: str = ""
    contact_ok: tuple[str, ...] = ()
    slug: str | None = None


class Checker:
    """Reads one file's front matter, collecting every problem (no early exit)."""

    def __init__(self, source: SourceFile, fields: dict[str, Field] = FIELDS_BY_KEY) -> None:
        self.source = source
        self.fields = fields
        self.meta = source.meta
        self.problems: list[Diagnostic] = []

    def line(self, field_key: str) -> int:
        return self.source.key_lines.get(field_key, self.source.front_matter_line)

    def report(self, code: str, field_key: str, /, **values: Any) -> None:
        """Report `code` at the line of `field_key` (the opening `---` when the key is absent)."""
        self.problems.append(diagnostic(code, self.source.path, self.line(field_key), **values))

    def text(self, key: str, *, nullable: bool = False) -> str | None:
        """A required or optional one-line text value."""
        spec = self.fields[key]
        if key not in self.meta:
            if spec.required:
                self.report("key.missing", key, key=key, label=spec.label, example=spec.example)
            return None
        value = self.meta[key]
        if value is None and nullable:
            return None
        if value is None:
            value = ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.report(
                "value.not_text",
                key,
                key=key,
                label=spec.label,
                value=as_written(value),
                example=spec.example,
            )
            return None
        if not value.strip():
            self.report("value.empty", key, key=key, label=spec.label, example=spec.example)
            return None
        value = " ".join(value.split())
        if key == "title" and len(value) > TITLE_MAX:
            length = f"{len(value):,}".replace(",", ".")
            self.report("title.too_long", key, length=length, limit=TITLE_MAX)
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            spec = self.fields[key]
            self.report("value.not_list", key, key=key, label=spec.label, example=spec.example)
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())


def check_front_matter(source: SourceFile) -> tuple[FrontMatter, list[Diagnostic]]:
    checker = Checker(source)
    check_unknown_keys(checker)
    fm = FrontMatter(
        number=_number(checker),
        number_null="number" in source.meta and source.meta["number"] is None,
        type=choice(checker, "type", DOC_TYPES, "type.invalid"),
        issuer=checker.text("issuer"),
        level=choice(checker, "level", LEVELS, "level.invalid"),
        date=check_date(checker, "date"),
        updated=check_date(checker, "updated"),
        title=checker.text("title"),
        tags=checker.text_list("tags"),
        implements=_implements(checker),
        source=checker.text("source") or "",
        absent=_absent(checker),
        absent_reason=checker.text("absent_reason") or "",
        contact_ok=checker.text_list("contact_ok"),
        slug=checker.text("slug"),
    )
    check_classification(checker)
    check_needs_human(checker)
    if fm.absent and not fm.absent_reason:
        checker.report("absent.no_reason", "absent")
    return fm, checker.problems


def check_needs_human(checker: Checker) -> None:
    """Each point an importer left for a person is a warning until that person removes it."""
    for point in checker.text_list("needs_human"):
        checker.report("needs_human.open", "needs_human", point=point)


def check_unknown_keys(checker: Checker) -> None:
    known = list(checker.fields)
    by_label = {fold(f.label).lower(): f.key for f in checker.fields.values()}
    for key in checker.meta:
        if key in checker.fields:
            continue
        if fold(str(key)).lower() in by_label:  # "ngày ban hành:" written for "date:"
            suggestion = f'có phải "{by_label[fold(str(key)).lower()]}"?'
        else:
            suggestion = did_you_mean(key, known, "các khóa hợp lệ: " + ", ".join(known))
        checker.report("key.unknown", key, key=key, suggestion=suggestion)


def as_written(value: object) -> str:
    """A YAML value shown the way an author writes it, not as Python prints it."""
    return yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=1000, sort_keys=False
    ).strip()


def _number(checker: Checker) -> str | None:
    raw = checker.text("number", nullable=True)
    if raw is None:
        return None
    fixed = compact_number(raw)
    if not is_valid_number(fixed):
        checker.report("number.format", "number", value=raw)
        return None
    if fixed != raw:
        checker.report("number.spaces", "number", value=raw, fixed=fixed)
    return fixed


def choice(checker: Checker, key: str, choices: dict[str, str], code: str) -> str | None:
    value = checker.text(key)
    if value is None or value in choices:
        return value
    checker.report(code, key, value=value, suggestion=choice_hint(value, choices))
    return None


def choice_hint(value: str, choices: dict[str, str]) -> str:
    """The nearest allowed value, if one is close, and always the whole list."""
    allowed = ", ".join(choices)
    close = did_you_mean(value, list(choices), "")
    return f"{close} Chọn một trong: {allowed}" if close else f"chọn một trong: {allowed}"


def check_date(checker: Checker, key: str) -> dt.date | None:
    value = checker.text(key, nullable=True)
    if value is None:
        return None
    parsed = parse_date(value)
    if isinstance(parsed, str):
        checker.report("date.invalid", key, value=value, reason=parsed)
        return None
    return parsed


def _absent(checker: Checker) -> tuple[str, ...]:
    values = checker.text_list("absent")
    for value in values:
        if value not in REQUIRED:
            checker.report("absent.invalid", "absent", value=value)
    return tuple(v for v in values if v in REQUIRED)


def check_classification(checker: Checker) -> None:
    mark = secret_mark(str(checker.meta.get("title") or ""))
    if mark:
        checker.report("classification.in_title", "title", value=mark)
    if "classification" not in checker.meta or checker.meta["classification"] in (None, ""):
        return
    value = str(checker.meta["classification"])
    code = (
        "classification.secret"
        if classification_key(value) in SECRET_CLASSES
        else "classification.invalid"
    )
    checker.report(code, "classification", value=value)


def _implements(checker: Checker) -> list[RawRef]:
    entries = checker.meta.get("implements")
    if entries is None:
        return []
    if not isinstance(entries, list):
        entries = [entries]
    lines = checker.source.item_lines.get("implements") or []
    refs = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else checker.line("implements")
        ref = _reference(checker, entry, line)
        if ref is not None:
            refs.append(ref)
    return refs


def _reference(checker: Checker, entry: object, line: int) -> RawRef | None:
    path = checker.source.path
    if isinstance(entry, (str, int)) and str(entry).strip():
        return RawRef(compact_number(str(entry)), None, None, line)
    if not isinstance(entry, dict) or not isinstance(entry.get("number"), str):
        checker.problems.append(
            diagnostic("implements.entry_invalid", path, line, value=as_written(entry))
        )
        return None
    unknown = sorted(set(entry) - REFERENCE_KEYS)
    date = parse_date(str(entry["date"])) if entry.get("date") else None
    above = entry.get("implements") or []
    for key, choices, label in (("type", DOC_TYPES, "loại văn bản"), ("level", LEVELS, "cấp")):
        value = entry.get(key)
        if value is not None and value not in choices:
            hint = choice_hint(str(value), choices)
            checker.problems.append(
                diagnostic("choice.invalid", path, line, label=label, value=value, suggestion=hint)
            )
            return None
    if (
        unknown
        or isinstance(date, str)
        or not isinstance(above, list)
        or not all(isinstance(n, str) for n in above)
    ):
        checker.problems.append(
            diagnostic("implements.entry_invalid", path, line, value=as_written(entry))
        )
        return None
    number = compact_number(entry["number"])
    described = None
    if set(entry) - {"number", "date"}:
        described = ParentFacts(
            entry.get("type"),
            entry.get("issuer"),
            date,
            entry.get("title"),
            entry.get("level"),
        )
    refs_above = tuple(compact_number(n) for n in above)
    return RawRef(number, date.year if date else None, described, line, refs_above)
