"""Document numbers ("57-CT/TW"), the type and level they imply, and Vietnamese dates."""

from __future__ import annotations

import datetime as dt
import re

from builder.core.text import compact_number, fold

NUMBER = (
    r"\d{1,4}[A-Za-z]?\s*-\s*[^\W\d_]{1,6}(?:-[^\W\d_]{1,6})?"
    r"\s*/\s*[^\W\d_]{1,10}(?:-[^\W\d_]{1,10})?(?![^\W_])"
)
"""A number as guides write it, stray spaces included: "92 -KH/ĐU", "72- NQ/TW"."""

WHOLE_NUMBER = re.compile(
    r"(?<![^\W_])\d{1,4}[A-Za-z]?-[^\W\d_]{1,6}(?:-[^\W\d_]{1,6})?/[^\W\d_]{1,10}"
    r"(?:-[^\W\d_]{1,10})?(?![^\W_])"
)
"""A number written without spaces inside a text ("57-CT/TW", "27-HD/BXDĐĐU"): a page keeps
it on one line, so it never breaks after "57-"."""

CODE_TYPES: dict[str, str] = {
    "NQ": "nghi-quyet",
    "CT": "chi-thi",
    "KL": "ket-luan",
    "QD": "quy-dinh",
    "QC": "quy-che",
    "CTR": "chuong-trinh",
    "KH": "ke-hoach",
    "HD": "huong-dan",
    "DA": "de-an",
    "TB": "thong-bao",
    "CV": "cong-van",
}
"""Type code of a number (folded to ASCII capitals) → document type."""

TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("chương trình hành động", "chuong-trinh"),
    ("chương trình", "chuong-trinh"),
    ("nghị quyết", "nghi-quyet"),
    ("chỉ thị", "chi-thi"),
    ("kết luận", "ket-luan"),
    ("quy định", "quy-dinh"),
    ("quy chế", "quy-che"),
    ("kế hoạch", "ke-hoach"),
    ("hướng dẫn", "huong-dan"),
    ("đề án", "de-an"),
    ("thông báo", "thong-bao"),
    ("công văn", "cong-van"),
)
"""How a text names each type (lowercase), longest first."""

_LEVEL_SUFFIXES: tuple[tuple[str, str], ...] = (("TW", "trung-uong"), ("TU", "tinh"), ("DU", "xa"))
_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_WORD_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def number_pieces(text: str) -> list[str]:
    """The pieces a number is asked by, as people say it: "57-CT/TW" → ["57", "CT", "TW"];
    "ct 57" → ["CT", "57"]; "Chỉ thị 04" and "ct 4" both hold "4" (the leading zero dropped)."""
    pieces = [p for p in re.split(r"[^0-9A-Z]+", fold(text).upper()) if p]
    return [p.lstrip("0") or "0" if p.isdigit() else p for p in pieces]


def normalise_number(raw: str) -> str:
    """ "92 -KH/ĐU" → "92-KH/ĐU"; "18-CTR/TU" → "18-CTr/TU"; "57-ct/tw" → "57-CT/TW"."""
    number = compact_number(" ".join(raw.split()))
    head, _, suffix = number.partition("/")
    digits, _, code = head.partition("-")
    code = "CTr" if fold(code).upper() == "CTR" else code.upper()
    return f"{digits.upper()}-{code}/{suffix.upper()}"


def type_code(number: str) -> str:
    """The folded type code: "20-CTr/TU" → "CTR", "06-QĐ/TW" → "QD"."""
    head = number.split("/", 1)[0]
    return fold(head.partition("-")[2]).upper()


def type_of_number(number: str) -> str | None:
    """ "57-CT/TW" → "chi-thi"; None when the code is unknown."""
    return CODE_TYPES.get(type_code(number))


def level_of_number(number: str) -> str | None:
    """ "57-CT/TW" → trung-uong, "64-KH/TU" → tinh, "92-KH/ĐU" → xa; None if unsure."""
    suffix = fold(number.rpartition("/")[2]).upper()
    for ending, level in _LEVEL_SUFFIXES:
        if suffix.endswith(ending):
            return level
    return None


def parse_day(text: str) -> dt.date | None:
    """The first date of `text`: "17/3/2026" or "ngày 28 tháng 5 năm 2026"."""
    found = _DATE.search(text) or _WORD_DATE.search(text)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def vn_date(date: dt.date) -> str:
    """2026-03-05 → "05/3/2026", 2026-01-10 → "10/01/2026", as Party documents write dates.

    Nghị định 30/2020/NĐ-CP: a day below 10 and the months 1 and 2 take a leading zero
    (so "01/12" can never be misread as "1/12" amended to "11/12"); other months do not.
    """
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


def vn_count(count: int) -> str:
    """10000 → "10.000", as Vietnamese groups thousands (a comma is the decimal mark)."""
    return f"{count:,}".replace(",", ".")
