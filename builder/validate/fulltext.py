"""Full text rules: known header keys, texts and lists, the body scan, no raw HTML."""

from __future__ import annotations

import re
from typing import Any

from builder.core.diagnostics import Diagnostic, sort_key
from builder.core.messages import diagnostic
from builder.core.schema import FULLTEXT_FIELDS_BY_KEY, FULLTEXT_LIST_FIELDS, FULLTEXT_TEXT_FIELDS
from builder.read.source import SourceFile
from builder.validate.body import scan_body
from builder.validate.front_matter import Checker, as_written, check_unknown_keys

# Same shape as the body scan's tag pattern: a tag, not "a < b" or "<15%".
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>")


def check_fulltext(source: SourceFile) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The header values by key (without `contact_ok`) and every problem of the file."""
    header, problems = check_header(source)
    contact_ok = tuple(header.pop("contact_ok", ()))
    problems += _scan_header(header, source, contact_ok)
    problems += scan_fulltext_body(source.body, source.body_line, contact_ok, source.path)
    return header, sorted(problems, key=sort_key)


def check_header(source: SourceFile) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Header values by key (texts as str, lists as tuples); unknown keys, wrong types → errors."""
    checker = Checker(source, FULLTEXT_FIELDS_BY_KEY)
    check_unknown_keys(checker)
    header: dict[str, Any] = {}
    for spec in FULLTEXT_TEXT_FIELDS:
        value = source.meta.get(spec.key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            _wrong_type(checker, "value.not_text", spec.key, value)
        elif value:
            header[spec.key] = " ".join(value.split())
    for spec in FULLTEXT_LIST_FIELDS:
        value = source.meta.get(spec.key)
        if isinstance(value, (str, int)):
            value = [value]
        if value is not None and not _is_text_list(value):
            _wrong_type(checker, "value.not_list", spec.key, value)
        elif value:
            header[spec.key] = tuple(str(v).strip() for v in value if str(v).strip())
    return header, checker.problems


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, (str, int)) for v in value)


def _wrong_type(checker: Checker, code: str, key: str, value: object) -> None:
    spec = checker.fields[key]
    checker.report(
        code, key, key=key, label=spec.label, value=as_written(value), example=spec.example
    )


def _scan_header(
    header: dict[str, Any], source: SourceFile, contact_ok: tuple[str, ...]
) -> list[Diagnostic]:
    """The body checks on every header value, at the line of its key or list item."""
    problems: list[Diagnostic] = []
    for key, value in header.items():
        values = value if isinstance(value, tuple) else (value,)
        lines = source.item_lines.get(key, [])
        if len(lines) != len(values):  # one text for a list, or blank items dropped
            lines = [source.key_lines.get(key, 1)] * len(values)
        for text, line in zip(values, lines, strict=False):
            problems += scan_fulltext_body(text, line, contact_ok, source.path)
    return problems


def scan_fulltext_body(
    body: str, body_line: int, contact_ok: tuple[str, ...], rel: str
) -> list[Diagnostic]:
    """The summary's body scan, with raw HTML an error: a full text copies words, never code."""
    problems = [d for d in scan_body(body, body_line, contact_ok, rel) if d.code != "body.html"]
    for index, line in enumerate(body.split("\n")):
        tag = _HTML_TAG.search(line)
        if tag:
            problems.append(diagnostic("fulltext.html", rel, body_line + index, sample=tag[0][:40]))
    return sorted(problems, key=lambda d: d.line)
