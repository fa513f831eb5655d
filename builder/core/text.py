"""Vietnamese text helpers: NFC, diacritic folding, slugs and anchors."""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _fold_table() -> dict[int, str | None]:
    """Every precomposed Latin letter (À…ỹ) to its base letter; combining marks dropped."""
    table: dict[int, str | None] = {ord("Đ"): "D", ord("đ"): "d", ord("Ð"): "D", ord("ð"): "d"}
    for code in range(0x00C0, 0x1F00):
        base = unicodedata.normalize("NFD", chr(code))
        if len(base) > 1 and base[0].isascii() and all(unicodedata.combining(c) for c in base[1:]):
            table[code] = base[0]
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Drop Vietnamese diacritics: "Định hướng" → "Dinh huong" (Đ/đ fold to D/d); NFD too."""
    return text.translate(_FOLD)


_MARKS = re.compile(r"[\u0300-\u036f]+")
"""Vietnamese tones and vowel marks once NFD has split them off their letters."""


def search_fold(text: str) -> str:
    """Lowercase `fold` for search: "Thủy lợi Đảng" → "thuy loi dang"; other characters stay.

    The browser folds queries with the same rules (theme/assets/search/fold.js): the cases
    both must agree on are in tests/fixtures/search/folding.json.
    """
    text = text.replace("Đ", "d").replace("đ", "d").replace("Ð", "d").replace("ð", "d")
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


@functools.lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """Lowercase ASCII slug: "27-HD/BXDĐĐU" → "27-hd-bxdddu", "Định hướng" → "dinh-huong".

    Remembered: `serve` slugs every number, tag and file name of the corpus again at each
    rebuild."""
    return _NON_SLUG.sub("-", fold(text).lower()).strip("-")


def compact_number(number: str) -> str:
    """Remove stray spaces inside a document number: "92 -KH/ĐU" → "92-KH/ĐU"."""
    return re.sub(r"\s*([-/])\s*", r"\1", number.strip())


def unique_anchor(base: str, taken: set[str]) -> str:
    """Return `base`, or `base-1`, `base-2`… whichever is not yet in `taken`; record it."""
    anchor = base or "muc"
    suffix = 0
    while anchor in taken:
        suffix += 1
        anchor = f"{base or 'muc'}-{suffix}"
    taken.add(anchor)
    return anchor


def toc_slugify(value: str, separator: str = "-") -> str:
    """Python-Markdown `toc` slugify for hand-written pages, folding like `slugify`."""
    return slugify(value).replace("-", separator)
