"""The campaign file: the guide's fields and its document lists, in the campaign schema."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.authoring.importer.blocks import Block, plain
from builder.authoring.importer.casing import CaseBook, lower_common_first_word, sentence_case
from builder.authoring.importer.directive import proper_name
from builder.authoring.importer.guide import Guide, clean, contact_phone
from builder.authoring.importer.heading import TYPES_PATTERN, CitedDocument, parse_reference
from builder.authoring.importer.split import Appendix, group_title
from builder.authoring.importer.write import Draft, Value, front_matter, key_line
from builder.core import urls
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.core.schema import number_key
from builder.core.text import fold, slugify
from builder.read.numbering import parse_marker

_SPLIT_ITEMS = re.compile(rf";\s+(?=(?:{TYPES_PATTERN})\s+(?:số\s+)?\d)", re.IGNORECASE)
_UNLISTED = "Văn bản có tóm tắt trong Phụ lục 1"
_LIST_HEADING = re.compile(
    r"^(?:cac\s+|danh muc\s+)?(?:tai lieu|van ban)\s+(?:hoc tap|nghien cuu|quan triet)"
)
_SHORT_HEADING = 80


@dataclass(slots=True)
class Group:
    title: str
    line: int
    items: list[dict[str, Any] | str] = field(default_factory=list)
    incomplete: bool = False


@dataclass(slots=True)
class Lists:
    """The guide's document groups being built, with what was seen so far."""

    context_source: str
    book: CaseBook
    known: set[str]
    notes_by_number: dict[str, str]
    groups: list[Group] = field(default_factory=list)
    seen: dict[tuple[str, int | None], str] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)
    references: dict[str, CitedDocument] = field(default_factory=dict)
    """The first list entry of each number: mixed-case titles for the directives."""
    lines: set[int] = field(default_factory=set)
    """Source lines of the lists, left out of the campaign's text."""

    def add(self, group: Group, block: Block, reference: CitedDocument, with_: str = "") -> None:
        key = (number_key(reference.number), reference.date.year if reference.date else None)
        self.references.setdefault(key[0], reference)
        self.lines.add(block.line)
        title = _title(reference, block, self)
        self.notes += renumbering_notes(reference, self.context_source, block.line)
        distinct = key in self.seen and self.seen[key] != title
        if key in self.seen and not distinct:
            return
        if distinct:
            self.notes.append(
                diagnostic(
                    "import.duplicate", self.context_source, block.line, number=reference.number
                )
            )
        self.seen.setdefault(key, title or "")
        group.items.append(self._item(reference, title, with_, distinct, block))

    def _item(
        self, reference: CitedDocument, title: str | None, with_: str, distinct: bool, block: Block
    ) -> dict[str, Any] | str:
        note = self.notes_by_number.get(number_key(reference.number), "")
        if number_key(reference.number) in self.known and not reference.secret and not note:
            return reference.number
        item: dict[str, Any] = {"number": reference.number}
        if distinct:
            item["distinct"] = True
        item["type"] = reference.type
        if reference.date:
            item["date"] = reference.date
        if reference.issuer:
            item["issuer"] = proper_name(reference.issuer, self.book)
        if title:
            item["title"] = title
        if with_:
            item["with"] = with_
        if reference.secret:
            item["classification"] = "mat"
            self.notes.append(
                diagnostic(
                    "import.classified", self.context_source, block.line, number=reference.number
                )
            )
        if note:
            item["note"] = note
        return item

    def numbers(self) -> set[str]:
        found = set()
        for group in self.groups:
            for item in group.items:
                found.add(number_key(item if isinstance(item, str) else item["number"]))
        return found


def renumbering_notes(reference: CitedDocument, source: str, line: int) -> list[Diagnostic]:
    """One note per number written with stray spaces (the document's own, or in its title)."""
    fixes = list(reference.title_fixes)
    if reference.renumbered:
        fixes.insert(0, (reference.raw_number, reference.number))
    return [
        diagnostic("import.number_fixed", source, line, raw=raw, number=new) for raw, new in fixes
    ]


def _title(reference: CitedDocument, block: Block, lists: Lists) -> str | None:
    title = reference.title
    if title is None:
        return None
    if title[3:].isupper():
        return (
            "Về "
            + sentence_case(title[3:], lists.book)[:1].lower()
            + sentence_case(title[3:], lists.book)[1:]
        )
    fixed = lower_common_first_word(title)
    if fixed != title:
        before, after = " ".join(title.split()[:2]), " ".join(fixed.split()[:2])
        lists.notes.append(
            diagnostic(
                "import.case_fixed", lists.context_source, block.line, before=before, after=after
            )
        )
    return fixed


def read_lists(blocks: list[Block], lists: Lists) -> None:
    """The guide's own lists: a group heading, then one item per document."""
    current: Group | None = None
    for block in blocks:
        title = group_title(block) or _list_heading(block)
        if title:
            current = Group(title, block.line)
            lists.groups.append(current)
            lists.lines.add(block.line)
            continue
        references = _item_references(block) if current is not None else []
        if current is not None and references:
            _add_item(current, block, references, lists)
        elif current is not None and current.items:
            current = None
    lists.groups[:] = [g for g in lists.groups if g.items]


def _list_heading(block: Block) -> str:
    """ "1. Tài liệu học tập", "Các văn bản học tập, quán triệt:" → the heading; else ""."""
    if block.is_table or block.bullet or len(block.plain) > _SHORT_HEADING:
        return ""
    marker = parse_marker(block.text)
    text = plain(marker.rest) if marker else block.plain
    if not _LIST_HEADING.match(fold(text).lower()):
        return ""
    return sentence_case(text, CaseBook([])) if text.isupper() else text.rstrip(":. ")


def _item_references(block: Block) -> list[CitedDocument]:
    marker = parse_marker(block.text)
    if not block.bullet and not (marker and marker.kind in ("arabic", "paren")):
        return []
    text = clean(marker.rest if marker and not block.bullet else block.text)
    pieces = _SPLIT_ITEMS.split(text)
    references = [parse_reference(piece) for piece in pieces]
    return [r for r in references if r is not None] if references[0] else []


def _add_item(group: Group, block: Block, references: list[CitedDocument], lists: Lists) -> None:
    main = references[0]
    for position, reference in enumerate(references):
        lists.add(group, block, reference, main.number if position else "")
    if block.plain.rstrip().endswith(("...", "…")):
        group.incomplete = True
        lists.notes.append(
            diagnostic("import.incomplete", lists.context_source, block.line, group=group.title)
        )


def add_appendix_entries(appendix: Appendix, lists: Lists) -> None:
    """Documents the appendix lists without summary, and summaries missing from the lists."""
    present = lists.numbers()
    by_heading: dict[str, Group] = {}
    for listed in appendix.listed:
        if number_key(listed.reference.number) in present:
            continue
        title = sentence_case(listed.group, lists.book) if listed.group else _UNLISTED
        group = by_heading.get(title) or Group(title, listed.block.line)
        if title not in by_heading:
            by_heading[title] = group
            lists.groups.append(group)
        lists.add(group, listed.block, listed.reference)
    for heading in sorted({listed.group for listed in appendix.listed}):
        count = sum(1 for listed in appendix.listed if listed.group == heading)
        line = next(listed.block.line for listed in appendix.listed if listed.group == heading)
        lists.notes.append(
            diagnostic(
                "import.listed",
                lists.context_source,
                line,
                heading=sentence_case(heading, lists.book) if heading else "…",
                count=count,
            )
        )
    _add_unlisted(appendix, lists, lists.numbers())


def _add_unlisted(appendix: Appendix, lists: Lists, present: set[str]) -> None:
    missing = [s for s in appendix.summaries if number_key(s.reference.number) not in present]
    if not missing:
        return
    group = Group(_UNLISTED, missing[0].heading.line)
    lists.groups.append(group)
    for summary in missing:
        group.items.append(summary.reference.number)
        lists.notes.append(
            diagnostic(
                "import.not_listed",
                lists.context_source,
                summary.heading.line,
                number=summary.reference.number,
                group=_UNLISTED,
            )
        )


def campaign_slug(guide: Guide) -> str:
    """The guide's number as a slug; without one, the month of its deadline."""
    if guide.number:
        return slugify(guide.number)
    if guide.deadline:
        return f"han-thang-{guide.deadline.month}-{guide.deadline.year}"
    return "huong-dan-chua-so"


def campaign_draft(
    guide: Guide, lists: Lists, content_dir: Path, shown_dir: str, source: str, body: str
) -> Draft:
    slug = campaign_slug(guide)
    path = content_dir / urls.CAMPAIGNS_FOLDER / f"{slug}.md"
    shown = f"{shown_dir}/{urls.CAMPAIGNS_FOLDER}/{slug}.md"
    text = _front_matter(guide, lists, source) + "\n" + body
    label = guide.number or "hướng dẫn chưa ghi số"
    count = sum(len(group.items) for group in lists.groups)
    draft = Draft(path, text, f"đợt học tập {label}, {count} văn bản")
    draft.notes += _campaign_notes(guide, text, shown, source)
    return draft


def _front_matter(guide: Guide, lists: Lists, source: str) -> str:
    fields: list[tuple[str, Value, str]] = [
        ("guide", guide.number, "" if guide.number else "nguồn chưa ghi số hướng dẫn"),
        ("title", guide.title, "" if guide.title else "cần điền"),
        ("issuer", guide.issuer, "" if guide.issuer else "cần điền"),
        ("date", guide.date, "" if guide.date else "nguồn chưa ghi ngày ban hành"),
    ]
    if guide.implements:
        fields.append(("implements", guide.implements, ""))
    fields.append(("deadline", guide.deadline, "" if guide.deadline else "cần điền"))
    if guide.report:
        fields.append(("report", guide.report, ""))
    if guide.audience:
        fields.append(("audience", guide.audience, ""))
    fields.append(("documents", [_group_value(g) for g in lists.groups], ""))
    if guide.where_to_get:
        fields.append(("where_to_get", guide.where_to_get, ""))
    if guide.form:
        fields.append(("report_form", guide.form, "kiểm tra với bản gốc"))
    footer = [f"Nhập bằng `sotay import` từ {source}; kiểm tra lại trước khi đăng."]
    return front_matter(fields, footer)


def _group_value(group: Group) -> dict[str, Value]:
    value: dict[str, Value] = {"group": group.title, "items": list(group.items)}
    if group.incomplete:
        value["incomplete"] = True
    return value


def _campaign_notes(guide: Guide, text: str, shown: str, source: str) -> list[Diagnostic]:
    notes = []
    if guide.number is None:
        notes.append(diagnostic("import.guide_null", shown, key_line(text, "guide")))
    elif guide.raw_number and " ".join(guide.raw_number.split()) != guide.number:
        notes.append(
            diagnostic(
                "import.number_fixed",
                source,
                guide.number_line,
                raw=guide.raw_number,
                number=guide.number,
            )
        )
    if guide.date is None:
        notes.append(diagnostic("import.date_null", shown, key_line(text, "date")))
    for key, label, hint in (
        ("title", "tên hướng dẫn", "dòng ngay sau chữ HƯỚNG DẪN"),
        ("issuer", "cơ quan ban hành", 'ví dụ "Ban Xây dựng Đảng Đảng ủy xã …"'),
        ("deadline", "hạn hoàn thành học tập", "dạng 2026-07-05"),
    ):
        if getattr(guide, key) is None:
            line = key_line(text, key)
            notes.append(diagnostic("import.field", shown, line, label=label, key=key, hint=hint))
    phone = contact_phone(guide.report)
    if phone:
        notes.append(diagnostic("import.contact", shown, key_line(text, "report"), value=phone))
    if guide.form:
        notes.append(diagnostic("import.form", shown, key_line(text, "report_form")))
    return notes
