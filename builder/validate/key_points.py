"""`key_points:` of a summary: the 3–5 phrases its share card shows, each copied from its body.

A phrase must occur verbatim in one block of the body (a paragraph, a list item, a heading)
as a reader sees it: after NFC, with every run of spaces, tabs, line breaks and non-breaking
spaces read as one space, emphasis markers dropped, and letter case ignored (an author may
capitalise a phrase taken from mid-sentence). Diacritics, punctuation and word order count:
a phrase that differs in any of them is a rewording, and a card never shows one.
"""

from __future__ import annotations

import difflib
import unicodedata

from markdown_it.token import Token

from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.core.schema import FIELDS_BY_KEY
from builder.read.markdown import ParsedBody
from builder.read.source import SourceFile

KEY = "key_points"
FEWEST = 3
MOST = 5
POINT_MAX = 120
"""Characters of one phrase: a card line holds about 45 at its smallest type; three lines."""
CLOSE = 0.8
"""How alike a passage of the body must be to a missing phrase to be offered in the hint."""


def normalised(text: str) -> str:
    """NFC, one space for every run of white space, no space at either end."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def block_texts(body: ParsedBody) -> list[str]:
    """The plain text of each block of the body, as a reader sees it, normalised."""
    return [normalised(_inline(t)) for t in body.tokens if t.type == "inline"]


def _inline(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts) if token.children else token.content


def check_key_points(
    source: SourceFile, body: ParsedBody
) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """The phrases as written (normalised), and what is wrong with them; () when absent."""
    value = source.meta.get(KEY)
    if value is None:
        return (), []
    line = source.key_lines.get(KEY, source.front_matter_line)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        spec = FIELDS_BY_KEY[KEY]
        return (), [
            diagnostic(
                "value.not_list", source.path, line, key=KEY, label=spec.label, example=spec.example
            )
        ]
    points = [normalised(v) for v in value]
    lines = source.item_lines.get(KEY) or []
    problems = []
    kept = [p for p in points if p]
    if not FEWEST <= len(kept) <= MOST:
        problems.append(
            diagnostic(
                "key_points.count", source.path, line, count=len(kept), low=FEWEST, high=MOST
            )
        )
    blocks = block_texts(body)
    folded = [b.casefold() for b in blocks]
    seen: dict[str, int] = {}
    for index, point in enumerate(points):
        if not point:
            continue
        at = lines[index] if index < len(lines) else line
        first = seen.setdefault(point.casefold(), at)
        if first != at:
            problems.append(
                diagnostic("key_points.repeated", source.path, at, point=point, first=first)
            )
        elif len(point) > POINT_MAX:
            problems.append(
                diagnostic(
                    "key_points.too_long",
                    source.path,
                    at,
                    length=len(point),
                    limit=POINT_MAX,
                    point=point,
                )
            )
        elif not any(point.casefold() in block for block in folded):
            close = closest_passage(point, blocks)
            hint = f'; gần nhất trong bài: "{close}"' if close else ""
            problems.append(
                diagnostic("key_points.not_in_body", source.path, at, point=point, close=hint)
            )
    return tuple(kept), problems


def closest_passage(point: str, blocks: list[str]) -> str:
    """The run of as many words of the body that reads most like `point`, if one is close."""
    size = len(point.split())
    windows = {
        " ".join(words[i : i + size])
        for words in (b.split() for b in blocks)
        for i in range(max(1, len(words) - size + 1))
    }
    by_fold = {w.casefold(): w for w in windows}
    found = difflib.get_close_matches(point.casefold(), list(by_fold), n=1, cutoff=CLOSE)
    return by_fold[found[0]] if found else ""
