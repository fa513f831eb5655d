"""Read a document reference: "NGHỊ QUYẾT SỐ 02-NQ/TW, NGÀY 17/3/2026 CỦA BỘ CHÍNH TRỊ VỀ …"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from builder.authoring.importer.blocks import is_caps
from builder.core.numbers import NUMBER, TYPE_WORDS, normalise_number, parse_day

TYPES_PATTERN = "|".join(re.escape(words) for words, _ in TYPE_WORDS)
_REFERENCE = re.compile(
    rf"^(?:của\s+)?(?P<type>{TYPES_PATTERN})\s+(?:số\s+)?(?P<number>{NUMBER})"
    r"(?:\s*,?\s*(?:ban hành\s+)?ngày\s+(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}))?"
    r"\s*,?\s*(?:của\s+(?P<issuer>.+?)\s*,?\s+)?(?:(?P<ve>về)\s+(?P<title>.+))?$",
    re.DOTALL,
)
_PARENT = re.compile(
    r"^về\s+(?:việc\s+)?(?:tiếp tục\s+)?(?:triển khai\s+)?(?:thực hiện\s+)?(?=\S)", re.IGNORECASE
)
_SECRET = re.compile(r"\s*\(\s*(?:tối |tuyệt )?mật\s*\)\s*$", re.IGNORECASE)
_TRAILING = re.compile(r"[\s.;,…]+$")
_LOCAL = re.compile(r"\s+trên địa bàn\s+(?:tỉnh|xã|huyện|thành phố|phường)\s.*$")


@dataclass(frozen=True, slots=True)
class CitedDocument:
    """A document as a heading or a list names it; None where the text does not say."""

    type: str
    number: str
    """Normalised: "92 -KH/ĐU" → "92-KH/ĐU"."""
    raw_number: str
    """As written, to report a normalisation."""
    date: dt.date | None
    issuer: str | None
    title: str | None
    """"Về …", as written (capitals untouched), classification mark and end dots removed."""
    secret: bool = False
    title_fixes: tuple[tuple[str, str], ...] = ()
    """Numbers inside the title written with stray spaces, and how they were rewritten."""

    @property
    def renumbered(self) -> bool:
        return " ".join(self.raw_number.split()) != self.number


def parse_reference(text: str) -> CitedDocument | None:
    """The reference that `text` starts with (capitals or not), or None."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    match = _REFERENCE.match(lowered.strip())
    if not match:
        return None
    offset = len(lowered) - len(lowered.lstrip())

    def original(group: str) -> str | None:
        start, end = match.span(group)
        return None if start < 0 else text[start + offset : end + offset]

    type_key = dict(TYPE_WORDS)[match.group("type")]
    raw_number = original("number") or ""
    date = parse_day(match.group("date") or "")
    title, secret, fixes = _title(original("title"))
    issuer = original("issuer")
    number = normalise_number(raw_number)
    return CitedDocument(type_key, number, raw_number, date, issuer, title, secret, fixes)


def _title(raw: str | None) -> tuple[str | None, bool, tuple[tuple[str, str], ...]]:
    if raw is None:
        return None, False, ()
    text = " ".join(raw.replace("**", "").split())
    text = _TRAILING.sub("", text)
    secret = bool(_SECRET.search(text))
    text = _TRAILING.sub("", _SECRET.sub("", text))
    text, fixes = fix_numbers(text)
    return ("Về " + text if text else None), secret, tuple(fixes)


def fix_numbers(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Numbers written with stray spaces inside a text: "72- NQ/TW" → "72-NQ/TW"."""
    fixed: list[tuple[str, str]] = []

    def repair(match: re.Match[str]) -> str:
        number = normalise_number(match.group())
        if " ".join(match.group().split()) != number and " " in match.group():
            fixed.append((match.group(), number))
            return number
        return match.group()

    return re.sub(NUMBER, repair, text), fixed


def parent_of(title: str) -> CitedDocument | None:
    """ "Về thực hiện Chỉ thị số 58-CT/TW, ngày 10/01/2026 của Ban Bí thư về …" → 58-CT/TW."""
    match = _PARENT.match(title)
    if not match or match.end() == len("về "):
        return None
    return parse_reference(title[match.end() :])


def drop_locality(title: str) -> str:
    """A parent at a higher level is not "trên địa bàn tỉnh Lai Châu": that is the child's."""
    return _LOCAL.sub("", title)


def is_caps_title(title: str) -> bool:
    return is_caps(title[3:]) if title.startswith("Về ") else is_caps(title)
