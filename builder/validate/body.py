"""Body rules: the three sections, secrecy stamps, raw HTML, unsafe links, personal data."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from builder.diagnostics import Diagnostic
from builder.markdown import inline_text
from builder.messages import diagnostic
from builder.sections import REQUIRED, RawSection

_WHERE = {
    "boi-canh": " ở đầu phần nội dung",
    "noi-dung": " sau phần bối cảnh",
    "goi-y": " sau phần nội dung trọng tâm",
}
_SECRET_STAMP = re.compile(r"^[\s#*_(\[]*((?:TỐI |TUYỆT )?MẬT)[\s*_)\].]*$", re.IGNORECASE)
_HTML = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>")
_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data|file)\s*:[^)\s]*)", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w.,/])(?:\+84|0)\d[\d .]{7,12}\d(?![\w/])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID_NUMBER = re.compile(r"(?<![\d.,])\d{12}(?![\d.,])")


def check_sections(
    sections: list[RawSection], absent: tuple[str, ...], path: str, body_line: int
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    seen: dict[str, RawSection] = {}
    previous_line = body_line
    for section in sections:
        if section.key is None:
            continue
        if section.key in seen:
            first = seen[section.key].line
            problems.append(diagnostic("section.duplicate", path, section.line, title=section.title, first=first))
            continue
        seen[section.key] = section
        if section.key in absent:
            problems.append(diagnostic("section.absent_present", path, section.line, title=section.title, key=section.key))
        elif section.is_empty:
            problems.append(diagnostic("section.empty", path, section.line, title=section.title, key=section.key))
    for key, title in REQUIRED.items():
        if key in seen:
            previous_line = seen[key].line
        elif key not in absent:
            problems.append(diagnostic("section.missing", path, previous_line, title=title, where=_WHERE[key], key=key))
    problems.extend(_check_order(list(seen.values()), path))
    return problems


def _check_order(found: list[RawSection], path: str) -> list[Diagnostic]:
    order = list(REQUIRED)
    for before, after in zip(found, found[1:]):
        assert before.key is not None and after.key is not None
        if order.index(after.key) < order.index(before.key):
            return [diagnostic("section.order", path, after.line, title=after.title)]
    return []


def check_headings(tokens: list[Token], path: str, body_line: int) -> list[Diagnostic]:
    problems = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            line = (token.map or [0])[0] + body_line
            problems.append(diagnostic("body.h1", path, line, title=inline_text(tokens[index + 1])))
    return problems


def scan_body(body: str, body_line: int, contact_ok: tuple[str, ...], path: str) -> list[Diagnostic]:
    """Line-by-line checks of the raw Markdown."""
    problems: list[Diagnostic] = []
    for number, line in _lines(body, body_line):
        stamp = _SECRET_STAMP.match(line)
        if stamp and line.strip():
            problems.append(diagnostic("body.secret_stamp", path, number, value=stamp.group(1)))
        html = _HTML.search(line)
        if html:
            problems.append(diagnostic("body.html", path, number, sample=html.group(0)[:40]))
        for link in _UNSAFE_LINK.finditer(line):
            problems.append(diagnostic("body.unsafe_link", path, number, url=link.group(1)[:60]))
        problems.extend(_personal_data(line, number, contact_ok, path))
    return problems


def _lines(body: str, body_line: int) -> Iterator[tuple[int, str]]:
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence:
            yield body_line + offset, line


def _personal_data(line: str, number: int, allowed: tuple[str, ...], path: str) -> list[Diagnostic]:
    problems = []
    for code, pattern in (("pii.phone", _PHONE), ("pii.email", _EMAIL), ("pii.id_number", _ID_NUMBER)):
        for match in pattern.finditer(line):
            value = match.group(0).strip()
            if value not in allowed:
                problems.append(diagnostic(code, path, number, value=value))
    return problems
