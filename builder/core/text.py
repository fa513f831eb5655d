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


@functools.cache
def _marked_forms() -> dict[str, str]:
    """Base letter → every letter `fold` takes to it, both cases ("a" → "aàá…ẶẬ")."""
    forms: dict[str, str] = {}
    for code, base in _FOLD.items():
        if base:
            for key in {base.lower(), base.upper()}:
                forms[key] = forms.get(key, key.lower() + key.upper()) + chr(code)
    return forms


def any_marks(word: str, *, also: dict[str, str] | None = None) -> str:
    """A regex matching `word` with any Vietnamese diacritics on its letters or none, in any
    case ("MAT" matches "MẬT", "mật", "Mat"); `also` adds characters that may stand for a
    letter ({"I": "l1"})."""
    forms = _marked_forms()
    extra = also or {}
    parts = []
    for char in word:
        letters = forms.get(char, char.lower() + char.upper()) + extra.get(char, "")
        parts.append("[" + re.escape("".join(dict.fromkeys(letters))) + "]")
    return "".join(parts)


def fold(text: str) -> str:
    """Drop Vietnamese diacritics: "Định hướng" → "Dinh huong" (Đ/đ fold to D/d); NFD too."""
    return text.translate(_FOLD)


_MARKS = re.compile(r"[\u0300-\u036f]+")
"""Vietnamese tones and vowel marks once NFD has split them off their letters."""


def search_fold(text: str) -> str:
    """Lowercase `fold` for search: "Thủy lợi Đảng" → "thuy loi dang"; invisible characters
    dropped (`invisible_characters`: "Ngh\u200bị" is the word the page shows, "nghi"); other
    characters stay.

    The browser folds queries with the same rules (theme/assets/search/fold.js): the cases
    both must agree on are in tests/fixtures/search/folding.json.
    """
    text = text.replace("Đ", "d").replace("đ", "d").replace("Ð", "d").replace("ð", "d")
    text = _MARKS.sub("", unicodedata.normalize("NFD", text)).lower()
    return text if text.isascii() else _without_invisible(text)


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


_IGNORABLE_EXTRA = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
"""Default-ignorable characters beside the format ones (category Cf): the combining grapheme
joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other variation selectors."""

_CF_PLANES = (
    (0x0000, 0x10000),
    (0x11000, 0x11100),
    (0x13430, 0x13460),
    (0x1BCA0, 0x1BCA4),
    (0x1D173, 0x1D17B),
    (0xE0000, 0xE0080),
)
"""Where Unicode places its format characters (category Cf): the BMP and these few ranges of
the other planes (tests/test_secrecy.py checks it against every code point)."""


@functools.cache
def invisible_characters() -> str:
    """Every character a reader does not see, which `visible_text` drops (category Cf:
    zero-width spaces and joiners, soft hyphen, byte-order mark, bidi controls; and
    `_IGNORABLE_EXTRA`), worked out at the first call (~40 ms)."""
    codes = (c for a, b in _CF_PLANES for c in range(a, b) if unicodedata.category(chr(c)) == "Cf")
    return "".join(map(chr, codes)) + _IGNORABLE_EXTRA


def _class_of(codes: list[int]) -> str:
    """A regex class of `codes` as ranges of consecutive ones."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    spans = (re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return "[" + "".join(spans) + "]"


@functools.cache
def _invisible_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """`invisible_characters` of the BMP, and all of them: a search of a body for the first
    is 10 times quicker than for the second (sre walks a class beyond the BMP slowly), which
    is looked for only when the text holds a character beyond the BMP (`_ASTRAL`)."""
    codes = [ord(c) for c in invisible_characters()]
    bmp = [c for c in codes if c < 0x10000]
    return re.compile(_class_of(bmp) + "+"), re.compile(_class_of(codes) + "+")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _without_invisible(text: str) -> str:
    bmp, every = _invisible_patterns()
    return (every if _ASTRAL.search(text) else bmp).sub("", text)


_OTHER_SCRIPT = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f\u20a0-\u2bff]")
"""A character outside Latin, its marks and the common punctuation and symbols: the text may
hold a letter of another script that looks like a Latin one."""


@functools.cache
def _lookalike_table() -> dict[int, str]:
    """Letters and digits of other scripts that look like an ASCII one (Cyrillic "М", Greek
    "Τ", Cherokee "Ꮇ"…) → that ASCII character, from Unicode's confusables (TR39) as the
    confusable-homoglyphs package keeps them; read only when a text holds such a letter.
    TR39 takes I, l and 1 for one another and maps them to "l": a check reads "l" as "I"."""
    from confusable_homoglyphs.confusables import confusables_data

    table: dict[int, str] = {}

    def add(char: str, ascii_char: str) -> None:
        if len(char) == 1 and not char.isascii() and _other_script(char):
            table.setdefault(ord(char), ascii_char)

    for char, glyphs in sorted(confusables_data.items()):
        for glyph in glyphs:
            other = glyph["c"]
            if len(other) == 1 and other.isascii() and other.isalnum():
                add(char, other)
            elif len(char) == 1 and char.isascii() and char.isalnum():
                add(other, char)
    return table


def _other_script(char: str) -> bool:
    name = unicodedata.name(char, "")
    return bool(name) and not name.startswith("LATIN") and bool(_OTHER_SCRIPT.match(char))


def visible_text(text: str) -> str:
    """`text` as a reader sees its letters, for checks that must not be fooled by how a text
    was typed or pasted: invisible characters dropped (`invisible_characters`), compatibility
    forms made plain (NFKC: fullwidth "Ｍ", mathematical "𝐌", non-breaking spaces), letters of
    other scripts that look like Latin ones taken for them (`_lookalike_table`), NFC. Lines stay
    as they are (no character here is or makes a line break), so a match's line is the
    source's. Never shown to a reader and never written back."""
    text = _without_invisible(text)
    if text.isascii():
        return text
    if not _OTHER_SCRIPT.search(text):  # Vietnamese: NFKC alone, 6 times quicker
        return unicodedata.normalize("NFKC", text)
    table = _lookalike_table()
    text = unicodedata.normalize("NFKD", text.translate(table))
    return unicodedata.normalize("NFC", text.translate(table))
