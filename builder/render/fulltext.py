"""The full text (toàn văn) of a directive: `directives/toan-van/<slug>.md` → FullText → HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from markupsafe import Markup

from builder.core import urls
from builder.core.diagnostics import Diagnostic, has_errors, sort_key
from builder.core.messages import diagnostic, did_you_mean
from builder.core.schema import Field
from builder.core.text import fold
from builder.read.markdown import PARSER, inline_text
from builder.read.numbering import Outline, Paragraph, read_paragraph
from builder.read.source import load_source
from builder.render.templating import ENV
from builder.validate.body import scan_body

"""Folder of full texts inside the directives folder; a full text shares its summary's slug."""

MAX_TITLE_WORDS = 40
"""A numbered paragraph this short, with no closing punctuation, is a title ("1. Tăng cường…")."""

_SENTENCE_END = (".", ";", ":", ",", "…", "!", "?")

TEXT_FIELDS: tuple[Field, ...] = (
    Field("number_line", "dòng số hiệu", False, "Số 57-CT/TW"),
    Field("national_line", "dòng tên Đảng", False, "ĐẢNG CỘNG SẢN VIỆT NAM"),
    Field("place_date", "địa danh, ngày tháng", False, "Hà Nội, ngày 31 tháng 12 năm 2025"),
    Field("subject", "trích yếu", False, "về tăng cường bảo đảm an ninh mạng …"),
    Field("signer", "người ký", False, "Trần Cẩm Tú"),
    Field("source", "nguồn toàn văn", False, "Toàn văn Chỉ thị số 57-CT/TW …"),
)
LIST_FIELDS: tuple[Field, ...] = (
    Field("issuer_lines", "cơ quan ban hành", False, '[BAN CHẤP HÀNH TRUNG ƯƠNG, "*"]'),
    Field("kind_lines", "tên loại văn bản", False, "[CHỈ THỊ, CỦA BAN BÍ THƯ]"),
    Field("recipients", "nơi nhận", False, '["Bộ Chính trị, Ban Bí thư (để báo cáo),", …]'),
    Field("signer_lines", "thẩm quyền ký", False, "[T/M BAN BÍ THƯ]"),
    Field("contact_ok", "thông tin liên hệ được phép giữ", False, '["0383.412.944"]'),
)
FIELDS_BY_KEY = {f.key: f for f in (*TEXT_FIELDS, *LIST_FIELDS)}

# Same shape as the body scan's tag pattern: a tag, not "a < b" or "<15%".
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>")


class FullTextHeading(NamedTuple):
    """A heading for the table of contents: (3, "muc-ii-2", "2. Hoàn thiện thể chế…")."""

    level: int
    """2, 3, 4…: from the rank of its numbering, not from `#`s."""
    anchor: str
    text: str
    """Plain text, marker included."""


class FullTextSection(NamedTuple):
    """The plain text under one heading, for search; anchor "" is the text before any."""

    anchor: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class FullText:
    """A directive's full text: the paper header and footer as fields, the body as HTML.

    `issuer_lines=("BAN CHẤP HÀNH TRUNG ƯƠNG", "*"), number_line="Số 57-CT/TW", …`
    """

    path: str
    """Path relative to the project root, with `/`."""
    slug: str
    """Slug of the summary it belongs to (the file name without `.md`)."""
    issuer_lines: tuple[str, ...] = ()
    """Left column of the header: the issuing body, line by line."""
    number_line: str = ""
    """Left column, under the issuer: "Số 57-CT/TW"."""
    national_line: str = ""
    """Right column: "ĐẢNG CỘNG SẢN VIỆT NAM"."""
    place_date: str = ""
    """Right column, in italics: "Hà Nội, ngày 31 tháng 12 năm 2025"."""
    kind_lines: tuple[str, ...] = ()
    """Centred name of the document: ("CHỈ THỊ", "CỦA BAN BÍ THƯ")."""
    subject: str = ""
    """Trích yếu, centred under the name."""
    recipients: tuple[str, ...] = ()
    """Nơi nhận, bottom left."""
    signer_lines: tuple[str, ...] = ()
    """Bottom right, above the name: ("T/M BAN BÍ THƯ",)."""
    signer: str = ""
    source: str = ""
    """Where the text was copied from."""
    html: str = ""
    """The body as an HTML fragment (headings with anchors, numbered points, lists)."""
    headings: tuple[FullTextHeading, ...] = ()
    sections: tuple[FullTextSection, ...] = ()
    """Plain text by heading, in order."""

    @property
    def text(self) -> str:
        """All plain text of the body, for a search index that wants one string."""
        return " ".join(s.text for s in self.sections)


def fulltext_path(directives_dir: Path, slug: str) -> Path:
    """Where the full text of the summary `directives_dir/<slug>.md` lives (it may not exist)."""
    return directives_dir / urls.FULLTEXT_DIR / f"{slug}.md"


def load_fulltext(root: Path, path: Path) -> tuple[FullText | None, list[Diagnostic]]:
    """Read, check and render one full text; None when it has errors."""
    source, problems = load_source(root, path)
    if source is None:
        return None, problems
    rel, body, body_line = source.path, source.body, source.body_line
    meta, key_lines, item_lines = source.meta, source.key_lines, source.item_lines
    header, problems = check_header(meta, key_lines, rel)
    contact_ok = tuple(header.pop("contact_ok", ()))
    problems += _scan_header(header, key_lines, item_lines, contact_ok, rel)
    problems += scan_fulltext_body(body, body_line, contact_ok, rel)
    problems.sort(key=sort_key)
    if has_errors(problems):
        return None, problems
    parts = build_body(body, body_line)
    fulltext = FullText(
        path=rel,
        slug=path.stem,
        html=parts.html,
        headings=tuple(parts.headings),
        sections=parts.finish(),
        **header,
    )
    return fulltext, problems


def check_header(
    meta: dict[str, Any], key_lines: dict[str, int], rel: str
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Header values by key (texts as str, lists as tuples); unknown keys, wrong types → errors."""
    problems = _unknown_keys(meta, key_lines, rel)
    header: dict[str, Any] = {}
    for spec in TEXT_FIELDS:
        value = meta.get(spec.key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            problems.append(_wrong_type("value.not_text", spec, value, key_lines, rel))
        elif value:
            header[spec.key] = " ".join(value.split())
    for spec in LIST_FIELDS:
        value = meta.get(spec.key)
        if isinstance(value, (str, int)):
            value = [value]
        if value is not None and not _is_text_list(value):
            problems.append(_wrong_type("value.not_list", spec, value, key_lines, rel))
        elif value:
            header[spec.key] = tuple(str(v).strip() for v in value if str(v).strip())
    return header, problems


def _unknown_keys(meta: dict[str, Any], key_lines: dict[str, int], rel: str) -> list[Diagnostic]:
    known = list(FIELDS_BY_KEY)
    by_label = {fold(f.label).lower(): f.key for f in FIELDS_BY_KEY.values()}
    problems = []
    for key in meta:
        if key in FIELDS_BY_KEY:
            continue
        if fold(key).lower() in by_label:  # "nơi nhận:" written for "recipients:"
            suggestion = f'có phải "{by_label[fold(key).lower()]}"?'
        else:
            suggestion = did_you_mean(key, known, "các khóa hợp lệ: " + ", ".join(known))
        problems.append(
            diagnostic("key.unknown", rel, key_lines.get(key, 1), key=key, suggestion=suggestion)
        )
    return problems


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, (str, int)) for v in value)


def _wrong_type(
    code: str, spec: Field, value: object, key_lines: dict[str, int], rel: str
) -> Diagnostic:
    written = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=1000, sort_keys=False
    ).strip()
    line = key_lines.get(spec.key, 1)
    return diagnostic(
        code, rel, line, key=spec.key, label=spec.label, value=written, example=spec.example
    )


def _scan_header(
    header: dict[str, Any],
    key_lines: dict[str, int],
    item_lines: dict[str, list[int]],
    contact_ok: tuple[str, ...],
    rel: str,
) -> list[Diagnostic]:
    """The body checks on every header value, at the line of its key or list item."""
    problems: list[Diagnostic] = []
    for key, value in header.items():
        values = value if isinstance(value, tuple) else (value,)
        lines = item_lines.get(key, [])
        if len(lines) != len(values):  # one text for a list, or blank items dropped
            lines = [key_lines.get(key, 1)] * len(values)
        for text, line in zip(values, lines, strict=False):
            problems += scan_fulltext_body(text, line, contact_ok, rel)
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


@dataclass(slots=True)
class BodyParts:
    """What the body becomes: HTML, headings for the table of contents, text by section."""

    html: str = ""
    headings: list[FullTextHeading] = field(default_factory=list)
    sections: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def add_text(self, text: str) -> None:
        if not self.sections:
            self.sections.append(("", "", []))
        self.sections[-1][2].append(text)

    def finish(self) -> tuple[FullTextSection, ...]:
        return tuple(
            FullTextSection(anchor, title, " ".join(texts))
            for anchor, title, texts in self.sections
            if texts or anchor
        )


def build_body(body: str, body_line: int = 1) -> BodyParts:
    """Headings and numbered points from the numbering and wording, lists from bullets."""
    parts = BodyParts()
    outline = Outline()
    html: list[str] = []
    in_list = False
    for block in split_blocks(body, body_line):
        if isinstance(block, Table):
            html.append(_close_list(in_list) + PARSER.render(block.markdown))
            parts.add_text(_table_text(block.markdown))
            in_list = False
            continue
        if block.bullet is not None:
            html.append(("" if in_list else '<ul class="tv-list">\n') + _li(block.bullet))
            parts.add_text(plain(block.bullet))
            in_list = True
            continue
        html.append(_close_list(in_list) + _block_html(block, outline, parts))
        in_list = False
    html.append(_close_list(in_list))
    parts.html = "".join(html)
    return parts


def _block_html(block: Paragraph, outline: Outline, parts: BodyParts) -> str:
    if block.rule:
        return '<hr class="tv-rule">\n'
    text = plain(block.text)
    if block.marker is None:
        parts.add_text(text)
        if block.hashes:
            return f'<p class="tv-title"><strong>{inline(block.text)}</strong></p>\n'
        return f"<p>{inline(block.text)}</p>\n"
    rank, anchor = outline.place(block.marker)
    if is_title(block, text):
        level = min(rank + 1, 6)
        parts.headings.append(FullTextHeading(level, anchor, text))
        parts.sections.append((anchor, text, []))
        return f'<h{level} id="{anchor}">{inline(block.text)}</h{level}>\n'
    parts.add_text(text)
    return f'<p class="tv-point tv-level-{rank}" id="{anchor}">{inline(block.text)}</p>\n'


def is_title(block: Paragraph, text: str) -> bool:
    """A numbered paragraph that reads as a title: decorated as one, or short and unpunctuated."""
    if block.hashes or block.bold:
        return True
    return len(text.split()) <= MAX_TITLE_WORDS and not text.rstrip().endswith(_SENTENCE_END)


@dataclass(frozen=True, slots=True)
class Table:
    """A run of `| … |` rows, rendered by the Markdown parser as one table."""

    line: int
    markdown: str


def split_blocks(body: str, body_line: int = 1) -> list[Paragraph | Table]:
    """One paragraph a line (blank lines between are optional); a hard break joins the next line."""
    lines = body.split("\n")
    blocks: list[Paragraph | Table] = []
    index = 0
    while index < len(lines):
        start = index
        if not lines[index].strip():
            index += 1
        elif lines[index].lstrip().startswith("|"):
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                index += 1
            blocks.append(Table(body_line + start, "\n".join(lines[start:index])))
        else:
            while _continues(lines, index):
                index += 1
            index += 1
            blocks.append(read_paragraph("\n".join(lines[start:index]), body_line + start))
    return blocks


def _continues(lines: list[str], index: int) -> bool:
    """A line ending in a hard break ("  " or "\\") runs on into a next, non-blank line."""
    has_next = index + 1 < len(lines) and bool(lines[index + 1].strip())
    return has_next and lines[index].endswith(("  ", "\\"))


def inline(text: str) -> str:
    """Inline Markdown (bold, italic, escapes) to HTML; raw HTML comes out as text."""
    return str(PARSER.renderInline(text)).strip()


def plain(text: str) -> str:
    """Plain text of inline Markdown: "**3.** Ban…" → "3. Ban…"."""
    tokens = PARSER.parseInline(text)
    children = tokens[0].children or [] if tokens else []
    words = (" " if child.type.endswith("break") else child.content for child in children)
    return " ".join("".join(words).split())


def _table_text(table: str) -> str:
    tokens = PARSER.parse(table)
    return " ".join(inline_text(t) for t in tokens if t.type == "inline")


def _li(text: str) -> str:
    return f"<li>{inline(text)}</li>\n"


def _close_list(in_list: bool) -> str:
    return "</ul>\n" if in_list else ""


def render_fulltext_html(fulltext: FullText) -> str:
    """The full text laid out as on paper: header columns, name, body, recipients, signature."""
    html: str = ENV.get_template("fulltext.html").render(ft=fulltext, body=Markup(fulltext.html))
    return html
