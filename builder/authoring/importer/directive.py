"""One summarised document → the text of its directive file, and what a person must check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.authoring.importer.blocks import Block
from builder.authoring.importer.body import Writer
from builder.authoring.importer.casing import CaseBook, lower_common_first_word, sentence_case
from builder.authoring.importer.heading import (
    TYPES_PATTERN,
    CitedDocument,
    drop_locality,
    is_caps_title,
    parent_of,
)
from builder.authoring.importer.split import ORDER, Part, Summary
from builder.authoring.importer.write import Draft, Value, front_matter, key_line
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.core.numbers import NUMBER, level_of_number, normalise_number, vn_date
from builder.core.schema import FIELDS_BY_KEY, LEVELS, number_key
from builder.core.text import slugify
from builder.read.sections import REQUIRED

_ISSUED = re.compile(
    rf"ban hành\s+(?:{TYPES_PATTERN})\s+(?:số\s+)?(?P<number>{NUMBER})", re.IGNORECASE
)
_ISSUER_WORDS = frozenset("vụ ủy uỷ trị thư hành bộ tỉnh xã trung ương chấp thường đảng".split())
_PART_NAMES = {
    "boi-canh": "bối cảnh",
    "noi-dung": "nội dung trọng tâm",
    "goi-y": "gợi ý liên hệ, vận dụng",
}
_NO_PARTS = (
    "noi-dung: nguồn không chia phần Bối cảnh, Nội dung, Gợi ý; cả bản tóm tắt được đưa vào "
    "phần Nội dung trọng tâm, cốt lõi"
)
_HUMAN_FIELDS = {
    "issuer": "nguồn không ghi rõ cơ quan ban hành",
    "level": "không suy ra được cấp ban hành từ số hiệu",
    "date": "nguồn không ghi đủ ngày, tháng, năm ban hành",
    "title": "nguồn không ghi trích yếu",
}
_FILL_HINTS = {
    "issuer": 'ghi cơ quan ban hành đúng như văn bản, ví dụ "Ban Thường vụ Tỉnh ủy"',
    "level": "trung-uong, tinh hoặc xa",
    "date": "ngày ban hành, dạng 2026-03-17",
    "title": 'trích yếu, bắt đầu bằng "Về …"',
}


@dataclass(slots=True)
class Context:
    """What every document of one guide shares."""

    source: str
    """The guide as messages name it."""
    origin: str
    """`source:` of each directive: "Phụ lục 1 của Hướng dẫn số …"."""
    listed: dict[str, CitedDocument]
    """The guide's own list entries (mixed case) by number key."""
    book: CaseBook
    known: set[str]
    """Number keys that have a directive file (already, or written by this import)."""
    directives_dir: Path
    shown_dir: str
    notes: list[Diagnostic] = field(default_factory=list)


def directive_draft(summary: Summary, context: Context) -> Draft:
    reference = summary.reference
    line = summary.heading.line
    human: list[str] = []
    if not summary.parts:
        context.notes.append(
            diagnostic("import.no_parts", context.source, line, number=reference.number)
        )
        summary.parts = [Part("noi-dung", REQUIRED["noi-dung"], line, None, summary.preamble)]
        summary.preamble = []
        human.append(_NO_PARTS)
    if reference.renumbered:
        context.notes.append(
            diagnostic(
                "import.number_fixed",
                context.source,
                line,
                raw=reference.raw_number,
                number=reference.number,
            )
        )
    for raw, fixed in reference.title_fixes:
        context.notes.append(
            diagnostic("import.number_fixed", context.source, line, raw=raw, number=fixed)
        )
    meta = _meta(summary, context)
    body, absent = _body(summary, context)
    human += [f"{key}: {_HUMAN_FIELDS[key]}" for key in _HUMAN_FIELDS if not meta.get(key)]
    path = context.directives_dir / f"{slugify(reference.number)}.md"
    text = _text(meta, absent, summary, context, human) + "\n" + body
    shown = f"{context.shown_dir}/{path.name}"
    label = f"{reference.number} ({reference.type}, {_day(meta)})"
    draft = Draft(path, text, label, needs_human=bool(human))
    for key in ("issuer", "level", "date", "title"):
        if not meta.get(key):
            spec = FIELDS_BY_KEY[key]
            draft.notes.append(
                diagnostic(
                    "import.field",
                    shown,
                    key_line(text, key),
                    label=spec.label,
                    key=key,
                    hint=_FILL_HINTS[key],
                )
            )
    return draft


def _day(meta: dict[str, Any]) -> str:
    return vn_date(meta["date"]) if meta.get("date") else "chưa rõ ngày"


def _meta(summary: Summary, context: Context) -> dict[str, Any]:
    reference = summary.reference
    entry = context.listed.get(number_key(reference.number))
    title = _title(summary, entry, context)
    level = level_of_number(reference.number)
    return {
        "number": reference.number,
        "type": reference.type,
        "issuer": _issuer(summary, entry, context),
        "level": level,
        "date": reference.date or (entry.date if entry else None),
        "title": title,
        "implements": _implements(title, level, context),
    }


def _title(summary: Summary, entry: CitedDocument | None, context: Context) -> str | None:
    if entry and entry.title:
        return _fixed_case(entry.title, summary.heading.line, context)
    title = summary.reference.title
    if title and is_caps_title(title):
        rest = sentence_case(title[3:], context.book)
        cased = "Về " + rest[:1].lower() + rest[1:]
        context.notes.append(
            diagnostic(
                "import.caps_title",
                context.source,
                summary.heading.line,
                number=summary.reference.number,
                title=cased,
            )
        )
        return cased
    return _fixed_case(title, summary.heading.line, context) if title else None


def _fixed_case(title: str, line: int, context: Context) -> str:
    fixed = lower_common_first_word(title)
    if fixed != title:
        before, after = " ".join(title.split()[:2]), " ".join(fixed.split()[:2])
        context.notes.append(
            diagnostic("import.case_fixed", context.source, line, before=before, after=after)
        )
    return fixed


def _issuer(summary: Summary, entry: CitedDocument | None, context: Context) -> str | None:
    for written in (entry.issuer if entry else None, summary.reference.issuer):
        if written:
            return proper_name(written, context.book)
    for part in summary.parts:
        found = issuer_in_text(part.blocks, summary.reference.number)
        if found:
            return found
    return None


def proper_name(written: str, book: CaseBook) -> str:
    """An issuer as the guide usually writes it: "BAN BÍ THƯ" → "Ban Bí thư"."""
    name = " ".join(written.replace("**", "").split()).rstrip(",. ")
    if name.isupper():
        name = book.restore(name)
    name = book.prefer(name)
    return name[:1].upper() + name[1:]


def issuer_in_text(blocks: list[Block], number: str) -> str | None:
    """ "…, Ban Bí thư ban hành Chỉ thị số 57-CT/TW nhằm …" → "Ban Bí thư"."""
    for block in blocks:
        text = block.plain
        for match in _ISSUED.finditer(text):
            if normalise_number(match.group("number")) != number:
                continue
            name = _name_before(text[: match.start()].split())
            if name:
                return name
    return None


def _name_before(words: list[str]) -> str:
    taken: list[str] = []
    for word in reversed(words):
        if word[-1] in ",.;:(" or not (word[0].isupper() or word.lower() in _ISSUER_WORDS):
            break
        taken.insert(0, word)
    while taken and not taken[0][0].isupper():
        taken.pop(0)
    return " ".join(taken)


def _implements(title: str | None, level: str | None, context: Context) -> list[Value]:
    parent = parent_of(title) if title else None
    if parent is None:
        return []
    if number_key(parent.number) in context.known:
        return [parent.number]
    parent_level = level_of_number(parent.number)
    parent_title = parent.title
    if parent_title and _rank(parent_level) < _rank(level):
        parent_title = drop_locality(parent_title)
    described: dict[str, Value] = {"number": parent.number, "type": parent.type}
    if parent.issuer:
        described["issuer"] = proper_name(parent.issuer, context.book)
    if parent.date:
        described["date"] = parent.date
    if parent_title:
        described["title"] = parent_title
    return [described]


def _rank(level: str | None) -> int:
    return list(LEVELS).index(level) if level in LEVELS else len(LEVELS)


def _body(summary: Summary, context: Context) -> tuple[str, list[str]]:
    found = {part.key: part for part in summary.parts}
    first = summary.parts[0]
    if summary.preamble:
        context.notes.append(
            diagnostic(
                "import.unplaced",
                context.source,
                summary.preamble[0].line,
                number=summary.reference.number,
                title=first.title,
            )
        )
        first.blocks[:0] = summary.preamble
    _check_numbering(summary, context)
    chunks, absent = [], []
    for key in ORDER:
        part = found.get(key)
        if part is None or not part.blocks:
            absent.append(key)
            line = part.line if part else summary.heading.line
            context.notes.append(
                diagnostic(
                    "import.absent",
                    context.source,
                    line,
                    number=summary.reference.number,
                    title=REQUIRED[key],
                    key=key,
                )
            )
            continue
        writer = Writer(part.number, context.source)
        chunks.append(f"## {part.title}\n\n{writer.markdown(part.blocks)}\n")
        context.notes.extend(writer.notes)
    return "\n".join(chunks), absent


def _check_numbering(summary: Summary, context: Context) -> None:
    numbers = [part.number for part in summary.parts if part.number is not None]
    for before, after in zip(numbers, numbers[1:], strict=False):
        if after != before + 1:
            line = next(p.line for p in summary.parts if p.number == after)
            context.notes.append(
                diagnostic("import.part_jump", context.source, line, before=before, after=after)
            )


def _text(
    meta: dict[str, Any], absent: list[str], summary: Summary, context: Context, human: list[str]
) -> str:
    fields: list[tuple[str, Value, str]] = [
        ("number", meta["number"], ""),
        ("type", meta["type"], ""),
        ("issuer", meta["issuer"], "" if meta["issuer"] else "cần điền"),
        ("level", meta["level"], "" if meta["level"] else "cần điền: trung-uong | tinh | xa"),
        ("date", meta["date"], "" if meta["date"] else "cần điền"),
        ("title", meta["title"], "" if meta["title"] else "cần điền"),
        ("tags", [], "từ khóa, ví dụ [an ninh mạng, chuyển đổi số]"),
        ("implements", meta["implements"], ""),
        ("source", context.origin, ""),
    ]
    if absent:
        names = ", ".join(_PART_NAMES[key] for key in absent)
        reason = f"Phụ lục 1 không nêu phần {names} cho văn bản này."
        fields += [("absent", absent, ""), ("absent_reason", reason, "")]
    if human:
        fields.append(("needs_human", human, "xóa từng dòng khi đã kiểm tra"))
    last = summary.end_line or summary.heading.line
    footer = [
        f"Nhập bằng `sotay import` từ {context.source}, dòng {summary.heading.line}–{last}.",
        "Kiểm tra lại trước khi đăng; ghi mỗi lỗi chính tả đã sửa thành một dòng chú thích.",
    ]
    return front_matter(fields, footer)
