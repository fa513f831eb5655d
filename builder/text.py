"""Vietnamese text helpers: NFC, diacritic folding, slugs and anchors."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Drop Vietnamese diacritics: "Định hướng" → "Dinh huong" (Đ/đ fold to D/d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """Lowercase ASCII slug: "27-HD/BXDĐĐU" → "27-hd-bxdddu", "Định hướng" → "dinh-huong"."""
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
