"""Bulletin rules: its fields, what it is read for, a body of plain paragraphs, its length."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markdown_it.token import Token

from builder.core.diagnostics import Diagnostic, sort_key
from builder.core.messages import diagnostic, did_you_mean
from builder.core.schema import BULLETIN_FIELDS_BY_KEY, number_key
from builder.model import Campaign, Directive
from builder.read.bulletin import (
    PRINT_SIZES,
    Block,
    excess_words,
    print_size,
    printed_lines,
    sheet_lines,
)
from builder.read.markdown import ParsedBody
from builder.read.source import SourceFile
from builder.validate.body import scan_body
from builder.validate.front_matter import (
    Checker,
    as_written,
    check_classification,
    check_date,
    check_unknown_keys,
)

_NOT_PLAIN = {
    "table_open": "một bảng",
    "fence": "một khối mã",
    "code_block": "một khối mã",
    "image": "một ảnh",
}
"""Markdown a listener cannot hear, by token type, as a message names it."""


@dataclass(frozen=True, slots=True)
class BulletinFields:
    """A bulletin's front matter, checked; None where a required value was missing or wrong."""

    title: str | None
    target: str | None
    """`for` as written: a number or a campaign file's name."""
    author: str | None
    date: dt.date | None
    order: int | None
    approved_by: str
    draft: bool | None
    """None when written as neither true nor false."""
    contact_ok: tuple[str, ...]


def check_bulletin(source: SourceFile, body: ParsedBody) -> tuple[BulletinFields, list[Diagnostic]]:
    """Every rule of one bulletin that needs no other file."""
    checker = Checker(source, BULLETIN_FIELDS_BY_KEY)
    check_unknown_keys(checker)
    draft = _draft(checker)

    def needed(key: str) -> bool:
        """Who wrote it and when is filled in by the person who takes the draft over."""
        return draft is False or key in checker.meta

    fields = BulletinFields(
        title=checker.text("title"),
        target=checker.text("for"),
        author=checker.text("author") if needed("author") else None,
        date=_required_date(checker) if needed("date") else None,
        order=_order(checker),
        approved_by=checker.text("approved_by") or "",
        draft=draft,
        contact_ok=checker.text_list("contact_ok"),
    )
    check_classification(checker)
    problems = checker.problems
    problems += scan_body(source.body, source.body_line, fields.contact_ok, source.path)
    problems += _not_plain(body.tokens, source.path, source.body_line)
    if not any(t.type == "inline" and t.content.strip() for t in body.tokens):
        problems.append(diagnostic("bulletin.empty", source.path, source.body_line))
    return fields, sorted(problems, key=sort_key)


def _required_date(checker: Checker) -> dt.date | None:
    if checker.meta.get("date") is None:
        checker.text("date")  # reports the key missing, or empty when written "date: null"
        return None
    return check_date(checker, "date")


def _order(checker: Checker) -> int | None:
    value = checker.meta.get("order")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    checker.report("bulletin.order", "order", value=_shown(value))
    return None


def _draft(checker: Checker) -> bool | None:
    """True or False as written; None when it is neither (the bulletin is kept off the site)."""
    value = checker.meta.get("draft", False)
    if isinstance(value, bool):
        return value
    checker.report("bulletin.draft_value", "draft", value=_shown(value))
    return None


def _shown(value: object) -> str:
    """A YAML value as the author wrote it: `0`, `có`, `[1, 2]`."""
    return as_written(value) if isinstance(value, (list, dict)) else str(value)


def _not_plain(tokens: list[Token], path: str, body_line: int) -> list[Diagnostic]:
    problems = []
    for token in tokens:
        kinds = [token.type, *(c.type for c in token.children or [])]
        found = next((_NOT_PLAIN[k] for k in kinds if k in _NOT_PLAIN), None)
        if found is not None:
            line = body_line + (token.map or [0])[0]
            problems.append(diagnostic("bulletin.not_plain", path, line, what=found))
    return problems


@dataclass(frozen=True, slots=True)
class Targets:
    """What a bulletin may be read for, from the corpus being built."""

    directives: dict[str, Directive]
    """Number key → the summary with that number (unique numbers only)."""
    campaigns: dict[str, Campaign]
    """Campaign file name and guide-number key → the campaign."""
    secret: set[str]
    """Number keys of documents known to be secret: summaries refused for it, items a
    campaign lists as classified."""


def resolve_target(
    written: str, targets: Targets, path: str, line: int
) -> Directive | Campaign | Diagnostic:
    """The directive or campaign `for:` names (a number first names a summary)."""
    key = number_key(written)
    if key in targets.secret:
        return diagnostic("bulletin.for_secret", path, line, value=written)
    if key in targets.directives:
        return targets.directives[key]
    if written in targets.campaigns:
        return targets.campaigns[written]
    if key in targets.campaigns:
        return targets.campaigns[key]
    numbers = {d.number for d in targets.directives.values() if d.number}
    choices = sorted(numbers | {c.guide or c.slug for c in targets.campaigns.values()})
    close = did_you_mean(written, choices, "các giá trị có: " + ", ".join(choices))
    return diagnostic("bulletin.unknown_target", path, line, value=written, close=close)


def length_warning(blocks: list[Block], words: int, path: str, line: int) -> Diagnostic | None:
    """A bulletin longer than one A4 sheet holds at the announcer's size (the first size)."""
    size = PRINT_SIZES[0]
    if printed_lines(blocks, size) <= sheet_lines(size):
        return None
    fitting = print_size(blocks)
    shown = {"words": _thousands(words), "size": size}
    shown["excess"] = _thousands(excess_words(blocks, words, size))
    if printed_lines(blocks, fitting) <= sheet_lines(fitting):
        return diagnostic("bulletin.too_long", path, line, fitting=fitting, **shown)
    over = _thousands(excess_words(blocks, words, fitting))
    return diagnostic("bulletin.over_sheet", path, line, smallest=fitting, over=over, **shown)


def _thousands(n: int) -> str:
    """10.000, as Vietnamese writes it."""
    return f"{n:,}".replace(",", ".")
