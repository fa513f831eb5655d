"""What a guide says about itself: number, date, issuer, deadlines, audience, Phụ lục 2."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from builder.authoring.importer.blocks import Block, plain
from builder.authoring.importer.casing import CaseBook
from builder.authoring.importer.directive import proper_name
from builder.authoring.importer.heading import TYPES_PATTERN, parse_reference
from builder.core.numbers import NUMBER, normalise_number, parse_day
from builder.core.schema import number_key
from builder.core.text import fold
from builder.read.numbering import parse_marker

_DATE = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
_OWN_NUMBER = re.compile(rf"^(?:Số|SỐ|số)\s*:?\s*(?P<number>{NUMBER})")
_CELL_LINES = re.compile(r"\s+(?=(?:Số|SỐ)\s*:?\s*\d)|\s+\*\s+")
"""Where Word's cell text ran its lines together: before "Số …", around the "*" line."""
_ATTACHED_NUMBER = re.compile(
    rf"Kèm theo Hướng dẫn số\s+(?P<number>{NUMBER})(?:,?\s*ngày\s+(?P<date>{_DATE}))?",
    re.IGNORECASE,
)
_WORD_DATE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
_CARRIES_OUT = re.compile(r"^Thực hiện\s+(?P<what>.+?)\s+về\s", re.IGNORECASE)
_GUIDE_ISSUER = re.compile(r"(?:^|\.\s+)(?P<issuer>[^.]+?)\s+hướng dẫn\s[^.]*$")
_ISSUING_BODY = re.compile(
    r"^(?:Ban|Đảng ủy|Đảng uỷ|Ủy ban|Uỷ ban|Văn phòng|Chi bộ|Tỉnh ủy|Huyện ủy|Thành ủy)\s"
)
_HEADER_BODY = re.compile(r"(?:^|\s)(?=(?:ỦY BAN|UỶ BAN|BAN|VĂN PHÒNG)\s)")
"""Where an issuing body starts in the header's capitals: "ĐẢNG BỘ XÃ AN HÒA | BAN …"."""
_NAMES_ITS_PARENT = re.compile(r"\s(?:ỦY|UỶ)(?:\s|$)")
"""A body named with its committee ("BAN TUYÊN GIÁO TỈNH ỦY") needs no line above it."""
_PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
_ISSUER_WORDS = 14
"""An issuing body's name is short; a longer "issuer" is a sentence read wrongly."""
_DEADLINE = re.compile(rf"hoàn thành trước ngày\s+(?P<date>{_DATE})", re.IGNORECASE)
_REPORT_START = re.compile(r"báo cáo kết quả\b", re.IGNORECASE)
_ABOUT = re.compile(r"\bvề\s+", re.IGNORECASE)
_BY_DATE = re.compile(rf"\s+trước ngày\s+{_DATE}", re.IGNORECASE)
_REPORT = re.compile(
    rf"về\s+(?P<to>[^()]+?)\s+trước ngày\s+(?P<date>{_DATE})\.?"
    r"\s*(?:\((?P<contact>[^)]*)\))?",
    re.IGNORECASE,
)
"""After "báo cáo kết quả … ": "về <to> trước ngày <date> (<contact>)"; see `find_report`."""
_PHONE = re.compile(r"(?:\+84|0)\d[\d .]{7,12}\d")
_ONLY_FOR = re.compile(
    rf"(?P<ref>(?:{TYPES_PATTERN})\s+số\s+{NUMBER}(?:,?\s*ngày\s+{_DATE})?)\s+"
    r"(?:chỉ\s+)?quán triệt đến\s+(?P<who>[^.;]+)",
    re.IGNORECASE,
)
_SUPERSCRIPT = re.compile(r"<sup>.*?</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]")
_HEAD = 25
"""The guide's own number, date and title sit in its first blocks."""


@dataclass(slots=True)
class Guide:
    """The guide's own fields (None where it does not say)."""

    number: str | None = None
    raw_number: str = ""
    number_line: int = 0
    title: str | None = None
    issuer: str | None = None
    date: dt.date | None = None
    implements: str = ""
    deadline: dt.date | None = None
    report: dict[str, Any] = field(default_factory=dict)
    audience: str = ""
    notes: dict[str, str] = field(default_factory=dict)
    """Per number key: "Chỉ quán triệt đến …"."""
    where_to_get: str = ""
    form: dict[str, Any] | None = None


def clean(text: str) -> str:
    """Plain text without footnote marks."""
    return plain(_SUPERSCRIPT.sub("", text))


def head_blocks(blocks: list[Block]) -> list[Block]:
    """The guide's first blocks, each table cell as a block of its own (Party headers sit in
    a two-column borderless table, or in tab-separated lines)."""
    out: list[Block] = []
    for block in blocks[:_HEAD]:
        if not block.is_table:
            out.append(block)
            continue
        for row in block.rows:
            lines = [line for cell in row for line in _CELL_LINES.split(cell)]
            out += [Block(block.line, line) for line in lines if line.strip()]
    return out


def read_guide_fields(blocks: list[Block], tail: list[Block], book: CaseBook) -> Guide:
    """`blocks`: the guide before Phụ lục 1; `tail`: Phụ lục 1's own lines and what follows."""
    guide = Guide()
    head = head_blocks(blocks)
    _own_number(guide, head, tail)
    guide.title = _title(head)
    guide.date = next(
        (parse_day(m.group()) for b in head if (m := _WORD_DATE.search(b.plain))),
        None,
    ) or _attached_date(tail)
    _intro(guide, blocks[:_HEAD], book)
    guide.issuer = guide.issuer or header_issuer(head, book)
    for block in blocks:
        text = clean(block.text)
        deadline = _DEADLINE.search(text)
        if deadline and guide.deadline is None:
            guide.deadline = parse_day(deadline.group("date"))
        report = find_report(text)
        if report and not guide.report:
            guide.report = _report(report, book)
        if not guide.where_to_get and text.startswith("Tài liệu học tập"):
            guide.where_to_get = _where(text)
    _audience(guide, blocks)
    guide.form = report_form(tail)
    return guide


def _own_number(guide: Guide, head: list[Block], tail: list[Block]) -> None:
    """The guide's number: from its own header, else from "Kèm theo Hướng dẫn số …"."""
    found = [(b, _OWN_NUMBER.match(b.plain)) for b in head]
    found += [(b, _ATTACHED_NUMBER.search(b.plain)) for b in tail]
    for block, match in found:
        if match:
            guide.raw_number = match.group("number")
            guide.number = normalise_number(guide.raw_number)
            guide.number_line = block.line
            return


def _attached_date(tail: list[Block]) -> dt.date | None:
    """The date in "(Kèm theo Hướng dẫn số 12-HD/BXDĐ, ngày 05/01/2026 …)"."""
    for block in tail:
        match = _ATTACHED_NUMBER.search(block.plain)
        if match and match.group("date"):
            return parse_day(match.group("date"))
    return None


def _title(head: list[Block]) -> str | None:
    for index, block in enumerate(head[:-1]):
        if block.plain.strip(" *#").upper() == "HƯỚNG DẪN":
            title = head[index + 1].plain.strip().rstrip(".")
            return (title[:1].upper() + title[1:]) or None
    return None


def _intro(guide: Guide, head: list[Block], book: CaseBook) -> None:
    for block in head:
        text = clean(block.text)
        carries_out = _CARRIES_OUT.match(text)
        if not carries_out:
            continue
        guide.implements = carries_out.group("what").strip(" ,")
        issuer = _GUIDE_ISSUER.search(text)
        if issuer:
            guide.issuer = issuer_of(issuer.group("issuer"), book)
        return


def issuer_of(sentence: str, book: CaseBook) -> str | None:
    """ "Thực hiện …, Ban Xây dựng Đảng Đảng ủy xã" → the body after the last comma; None
    when what is left does not read as the name of an issuing body."""
    name = sentence.rsplit(",", 1)[-1].strip()
    if not _ISSUING_BODY.match(name) or len(name.split()) > _ISSUER_WORDS:
        return None
    return proper_name(name, book)


def header_issuer(head: list[Block], book: CaseBook) -> str | None:
    """The issuing body of the header block: the capitals above "Số …" ("ĐẢNG BỘ XÃ AN HÒA"
    over "BAN XÂY DỰNG ĐẢNG" → "Ban Xây dựng Đảng Đảng bộ xã An Hòa"; "BAN TUYÊN GIÁO TỈNH
    ỦY" alone); None when the header names no Ban, Ủy ban or Văn phòng."""
    lines: list[str] = []
    for block in head:
        text = block.plain.replace(_PARTY, "").strip(" *")
        if _OWN_NUMBER.match(text) or text == "HƯỚNG DẪN" or (text and not text.isupper()):
            break
        lines += [text] if text else []
    header = " ".join(lines)
    start = _HEADER_BODY.search(header)
    if start is None:
        return None
    body, parent = header[start.end() :], header[: start.start()].strip()
    if not parent or _NAMES_ITS_PARENT.search(body):
        name = _organ_case(body)
    else:
        name = f"{_organ_case(body)} {_organ_case(parent)}"
    return book.prefer(name) if len(name.split()) <= _ISSUER_WORDS else None


_LEVELS = {"xã", "phường", "huyện", "tỉnh", "quận", "trấn", "phố", "thành"}
_COMMITTEE = {"ủy", "uỷ"}
_NAMED_AFTER = (["ban"], ["ủy", "ban"], ["uỷ", "ban"])
"""The word after these is capitalised: "Ban Tuyên giáo", "Ủy ban Kiểm tra"."""


def _organ_case(caps: str) -> str:
    """ "BAN XÂY DỰNG ĐẢNG" → "Ban Xây dựng Đảng", "ĐẢNG BỘ XÃ AN HÒA" → "Đảng bộ xã An Hòa",
    "BAN TUYÊN GIÁO TỈNH ỦY" → "Ban Tuyên giáo Tỉnh ủy": as the Party's documents write
    their organs (first word, the word after "Ban", Đảng, a committee, the place name)."""
    words = caps.lower().split()
    out: list[str] = []
    place = False
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        upper = (
            index == 0
            or word == "đảng"
            or words[:index] in _NAMED_AFTER
            or (word in _LEVELS and following in _COMMITTEE)
            or (place and word not in _COMMITTEE)
        )
        before = words[index - 1] if index else ""
        place = place or (
            (word in _LEVELS and following not in _COMMITTEE)
            or (word in _COMMITTEE and before in _LEVELS)
        )
        out.append(word[:1].upper() + word[1:] if upper else word)
    return " ".join(out)


def find_report(text: str) -> re.Match[str] | None:
    """ "… báo cáo kết quả … về <to> trước ngày <date> (<contact>)", the first one, in linear
    time: each "về" is tried only when a deadline follows it with no bracket in between."""
    start = _REPORT_START.search(text)
    if start is None:
        return None
    deadlines = [m.start() for m in _BY_DATE.finditer(text, start.end())]
    brackets = [i for i in range(start.end(), len(text)) if text[i] in "()"]
    for about in _ABOUT.finditer(text, start.end()):
        deadline = bisect.bisect_left(deadlines, about.end())
        if deadline == len(deadlines):
            return None
        bracket = bisect.bisect_left(brackets, about.end())
        if bracket < len(brackets) and brackets[bracket] < deadlines[deadline]:
            continue
        match = _REPORT.match(text, about.start())
        if match:
            return match
    return None


def _report(match: re.Match[str], book: CaseBook) -> dict[str, Any]:
    report: dict[str, Any] = {
        "deadline": parse_day(match.group("date")),
        "to": proper_name(match.group("to"), book),
    }
    contact = (match.group("contact") or "").strip()
    if contact:
        report["contact"] = re.sub(r"^qua\s+", "", contact, flags=re.IGNORECASE)
    return report


def contact_phone(report: dict[str, Any]) -> str:
    found = _PHONE.search(str(report.get("contact", "")))
    return found.group() if found else ""


def _where(text: str) -> str:
    match = re.search(r"đã được\s+(.+?)(?:\.\s|\.?$)", text)
    where = match.group(1) if match else text
    return where[:1].upper() + where[1:]


def _audience(guide: Guide, blocks: list[Block]) -> None:
    for index, block in enumerate(blocks):
        marker = parse_marker(block.text)
        heading = plain(marker.rest) if marker else block.plain
        if not fold(heading).lower().startswith("doi tuong") or len(heading) > 80:
            continue
        following = blocks[index + 1 : index + 4]
        if following:
            first = clean(following[0].text)
            guide.audience = re.split(r"\s+đều phải\b|\.\s", first)[0].rstrip(". ")
        for other in following:
            for found in _ONLY_FOR.finditer(clean(other.text)):
                reference = parse_reference(found.group("ref"))
                if reference:
                    who = found.group("who").strip()
                    guide.notes[number_key(reference.number)] = f"Chỉ quán triệt đến {who}"
        return


def report_form(tail: list[Block]) -> dict[str, Any] | None:
    """Phụ lục 2 (the results form): its title, its "Kèm theo…" line and its table."""
    start = next(
        (i for i, b in enumerate(tail) if re.match(r"^phụ lục\s*2\b", b.plain, re.I)), None
    )
    if start is None:
        return None
    title: list[str] = []
    attached = ""
    table: Block | None = None
    for block in tail[start + 1 :]:
        if block.is_table:
            table = block
            break
        text = block.plain
        if text.startswith("(") and "kèm theo" in text.lower():
            attached = text.strip("() ")
        elif not attached:
            title.append(text)
    if table is None:
        return None
    form: dict[str, Any] = {"title": " ".join(title)} if title else {}
    if attached:
        form["attached_to"] = attached
    form.update(_columns(table.rows))
    return form


def _columns(rows: tuple[tuple[str, ...], ...]) -> dict[str, Any]:
    header = list(rows[0])
    sub = list(rows[1]) if len(rows) > 1 and rows[1][:1] == ("",) else []
    sub += [""] * (len(header) - len(sub))
    columns: list[Any] = []
    index = 0
    while index < len(header):
        span = 1
        while index + span < len(header) and not header[index + span]:
            span += 1
        below = [c for c in sub[index : index + span] if c]
        if header[index] and below:
            columns.append({"group": header[index], "columns": below})
        elif header[index]:
            columns.append(header[index])
        index += span
    data = rows[2:] if sub else rows[1:]
    names = [r[1] for r in data if len(r) > 1 and r[1] and plain(r[1]).lower() != "tổng"]
    return {"columns": columns, "rows": names} if names else {"columns": columns}
