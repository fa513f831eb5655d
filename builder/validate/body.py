"""Body rules: the three sections, secrecy stamps, raw HTML, unsafe links, personal data."""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.core.schema import secret_words
from builder.core.text import visible_text
from builder.read.markdown import inline_text
from builder.read.sections import REQUIRED, RawSection

_WHERE = {
    "boi-canh": " ở đầu phần nội dung",
    "noi-dung": " sau phần bối cảnh",
    "goi-y": " sau phần nội dung trọng tâm",
}
# A line that is only a secrecy stamp, however Word or Markdown decorates it: any horizontal
# space (Word's copy-paste gives non-breaking ones, typists double them), a list, quote or
# heading mark, a number ("1."), emphasis, brackets, and a trailing colon or full stop.
# Around it, as a page header prints it: "- MẬT -".
_H = r"[^\S\n]"


def _stamp_pattern(words: str) -> re.Pattern[str]:
    return re.compile(
        rf"^(?:{_H}|[#*_(\[>+\-–•])*(?:\d+[.)](?:{_H}|[*_(\[])*)?"
        rf"({words})(?:{_H}|[*_)\].:;!\-–•])*$",
        re.IGNORECASE | re.MULTILINE,
    )


_SECRET_STAMP = _stamp_pattern(secret_words(f"{_H}*"))
"""A line that is only a stamp, its words apart or not (`secret_words`)."""

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A backslash escape of Markdown (CommonMark: any ASCII punctuation): the page shows the
character alone."""
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
"""A character reference ("&#7852;", "&Acirc;"): the page shows the character."""
_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_INLINE_MARKS = re.compile(r"[*_~`]+")
"""Emphasis, strike and code marks: the page shows none of them."""
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]")
"""A link's target, inline or by reference: the page shows only its text."""


def _referenced(match: re.Match[str]) -> str:
    char = html.unescape(match.group())
    return " " if _BREAKS.intersection(char) else char


def shown_text(markdown: str) -> str:
    """Markdown's text as the page shows it, closely enough for the secrecy check, each line
    where it was: character references decoded (one that would break the line reads as a
    space), backslash escapes resolved, emphasis, strike and code marks and links' targets
    taken out, then `visible_text` (invisible characters, lookalike letters, fullwidth forms).
    It takes out more than the page does, never less: a stamp the page shows is found."""
    text = _REFERENCE.sub(_referenced, markdown) if "&" in markdown else markdown
    text = _ESCAPED.sub(r"\1", text) if "\\" in text else text
    text = _LINK_TARGET.sub("", text) if "](" in text or "][" in text else text
    return visible_text(_INLINE_MARKS.sub("", text))


def _stamps(body: str) -> list[tuple[int, str]]:
    """(line index, stamp) of each line of `body` that is only a secrecy stamp, or has a table
    cell that is, as the page shows it (`shown_text`), with or without diacritics: the stamp
    as written when the line spells it plainly, else as the page shows it."""
    shown = shown_text(body)
    found: dict[int, str] = {}
    for match in _SECRET_STAMP.finditer(shown):
        found.setdefault(shown.count("\n", 0, match.start()), match.group(1).strip())
    if "|" in shown:
        for index, line in enumerate(shown.split("\n")):
            cells = line.split("|") if "|" in line and index not in found else []
            for match in filter(None, (_SECRET_STAMP.fullmatch(c.strip()) for c in cells)):
                found[index] = match.group(1).strip()
                break
    lines = body.split("\n") if found else []
    for index, value in found.items():
        plain = _SECRET_STAMP.search(lines[index])
        found[index] = plain.group(1).strip() if plain else value
    return sorted(found.items())


_HTML = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>")
_UNSAFE_LINK = re.compile(
    r"\]\(\s*<?\s*((?:javascript|vbscript|data|file)\s*:(?:[^()\s]|\([^()\s]*\))*)",
    re.IGNORECASE,
)
# An image every reader's phone would fetch from another host: http://, https://, `//host`.
_REMOTE_IMAGE = re.compile(
    r"!\[[^\]\n]*\]\(\s*<?\s*((?:[a-z][a-z0-9+.-]*:)?//[^)\s>]*)", re.IGNORECASE
)
_PHONE = re.compile(r"(?:\+84|0)\d[\d .]{7,12}\d(?![\w/])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+")
_ID_NUMBER = re.compile(r"\d{12,}")


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
            problems.append(
                diagnostic(
                    "section.duplicate", path, section.line, title=section.title, first=first
                )
            )
            continue
        seen[section.key] = section
        if section.key in absent:
            problems.append(
                diagnostic(
                    "section.absent_present",
                    path,
                    section.line,
                    title=section.title,
                    key=section.key,
                )
            )
        elif section.is_empty:
            problems.append(
                diagnostic(
                    "section.empty", path, section.line, title=section.title, key=section.key
                )
            )
    for key, title in REQUIRED.items():
        if key in seen:
            previous_line = seen[key].line
        elif key not in absent:
            problems.append(
                diagnostic(
                    "section.missing", path, previous_line, title=title, where=_WHERE[key], key=key
                )
            )
    problems.extend(_check_order(list(seen.values()), path))
    return problems


def _check_order(found: list[RawSection], path: str) -> list[Diagnostic]:
    order = list(REQUIRED)
    for before, after in zip(found, found[1:], strict=False):
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


def scan_body(
    body: str,
    body_line: int,
    contact_ok: tuple[str, ...],
    path: str,
    *,
    html_code: str = "body.html",
) -> list[Diagnostic]:
    """Checks of the raw Markdown, one regex pass each over the whole body (fences skipped).

    Raw HTML is reported as `html_code`: a warning in a summary (it is shown as text), an
    error in a hand-written page (`content.html`).
    """
    fenced = fenced_lines(body)
    lowered = body.lower()
    # A stamp is a stamp even inside a code fence: fenced text is published too.
    problems = [
        diagnostic("body.secret_stamp", path, body_line + line, value=value[:20])
        for line, value in _stamps(body)
    ]
    for code, pattern, group, param, limit in _SCANS:
        reported: set[int] = set()
        if code in _NEEDS and _NEEDS[code] not in lowered:
            continue
        for match in pattern.finditer(body):
            line = body.count("\n", 0, match.start())
            value = match.group(group).strip()
            if line in fenced or not _accept(code, body, match, contact_ok):
                continue
            if code == "body.html" and line in reported:
                continue  # one warning a line is enough for a run of tags
            reported.add(line)
            shown = html_code if code == "body.html" else code
            problems.append(diagnostic(shown, path, body_line + line, **{param: value[:limit]}))
    return sorted(problems, key=lambda d: d.line)


def _accept(code: str, body: str, match: re.Match[str], contact_ok: tuple[str, ...]) -> bool:
    """Filters kept out of the patterns, where look-behinds would cost a check per character."""
    if not code.startswith("pii."):
        return True
    before = body[match.start() - 1] if match.start() else " "
    digits = sum(ch.isdigit() for ch in match.group(0))
    if code == "pii.phone" and (before.isalnum() or before in ".,/" or not 10 <= digits <= 11):
        return False  # "10.000", "1.920 tỉ": thousands separators, not a phone number
    if code == "pii.id_number" and (len(match.group(0)) != 12 or before in ".,"):
        return False
    return match.group(0).strip() not in contact_ok


_NEEDS = {
    "pii.email": "@",
    "body.html": "<",
    "body.unsafe_link": "](",
    "body.remote_image": "![",
}
"""A character a match cannot do without: skip the scan when the body lacks it."""

_SCANS: tuple[tuple[str, re.Pattern[str], int, str, int], ...] = (
    # code, pattern, group shown, message parameter, its length limit
    ("body.html", _HTML, 0, "sample", 40),
    ("body.unsafe_link", _UNSAFE_LINK, 1, "url", 60),
    ("body.remote_image", _REMOTE_IMAGE, 1, "url", 60),
    ("pii.phone", _PHONE, 0, "value", 40),
    ("pii.email", _EMAIL, 0, "value", 80),
    ("pii.id_number", _ID_NUMBER, 0, "value", 20),
)


def secret_stamp(line: str) -> str | None:
    """The stamp ("MẬT", "TỐI MẬT", "TUYỆT MẬT") if `line` is one, however decorated or
    disguised (`shown_text`)."""
    match = _SECRET_STAMP.fullmatch(shown_text(line).strip())
    return match.group(1).strip() if match else None


def fenced_lines(body: str) -> set[int]:
    """Line indexes inside ``` or ~~~ fences, where nothing is checked."""
    if "```" not in body and "~~~" not in body:
        return set()
    fenced, inside = set(), False
    for index, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
        if inside:
            fenced.add(index)
    return fenced
