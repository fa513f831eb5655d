"""The outline (đề cương) of a summary: its headings and the lead of each point.

Derived from the parsed body, never written by hand: every heading in order; for each
paragraph and list item its lead — the author's `[…]{.y-chinh}` span if there is one, else
its first sentence, shortened at a clause boundary — and, after each of the three parts,
ruled lines for the presenter's own notes.

The outline prints on at most two A4 pages however long the summary: when every point does
not fit (`PAGE_LINES`, estimated in printed lines), the sub-points are folded — a list item's
later paragraphs, nested items, the unnumbered paragraphs that follow a numbered one — and
then a point longer than a printed line is cut at an earlier clause mark to fit on one
(keeping `CLAUSE_WORDS`, or as a last resort `MIN_WORDS`). Outlines that fit keep every point.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.token import Token

from builder.model import OutlineItem
from builder.read.numbering import parse_marker
from builder.read.sections import RawSection

LEAD_CLASS = "y-chinh"
MAX_WORDS = 24
"""A lead longer than this is cut at a clause boundary: the outline is for speaking from."""
MIN_WORDS = 6
"""A cut leaves at least this many words after the lead-in, so a point never says nothing."""
CLAUSE_WORDS = 9
"""Fitting a point on one line keeps at least this many words first; `MIN_WORDS` if need be."""
LABEL_WORDS = 8
"""A colon within this many words after the number ends a lead-in ("Mục tiêu chung:")."""

LINE_CHARS = 100
"""Characters in one printed line of a point (10.5 pt on A4, theme/assets/sotay.css print)."""
PAGE_LINES = 78
"""What two A4 pages hold below the title, in the lines `printed_lines` estimates. Chromium
prints 43 lines a page (263 mm of 23.1 px lines); two pages less a title of up to 7 lines and
a notes block pushed over the page break leave about 75, and the estimate reads 3 to 5 lines
more than the seed outlines measure when printed."""
HEADING_SPACE = 0.7
"""A heading's margins, in lines."""
POINT_SPACE = 0.1
NOTES_LINES = 4.5
"""The notes block: its title and three ruled lines of 1.5 em with their margins."""

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ(“\"0-9])")
_LABEL = re.compile(r"[^.;:!?]*?:\s+")


def lead(children: list[Token], max_words: int = MAX_WORDS) -> str:
    """The lead of one paragraph: the marked span, else its lead-in and first sentence.

    `**2.1. Mục tiêu chung:** Tăng cường…` keeps "2.1. Mục tiêu chung:" before the
    sentence it introduces: the number alone tells a listener nothing.
    """
    return _lead(_Point.of(children), max_words)


def _lead(point: _Point, max_words: int = MAX_WORDS) -> str:
    if point.marked:
        return point.marked
    budget = max(max_words - len(point.lead_in.split()), MIN_WORDS * 2)
    shortened = _shorten(point.sentence, budget, point.ends)
    return " ".join(part for part in (point.lead_in, shortened) if part)


@dataclass(slots=True)
class _Point:
    """What every try of `build_outline` reads of one paragraph, worked out once: its marked
    lead, else its lead-in, its first sentence and (when first asked) that sentence's clause
    marks with the words before each (`_counted`)."""

    marked: str
    lead_in: str = ""
    sentence: str = ""
    _ends: list[tuple[int, str, int]] | None = None

    @classmethod
    def of(cls, children: list[Token], text: str | None = None) -> _Point:
        """`text`: the paragraph's `_text`, when already at hand."""
        marked = _marked(children)
        if marked:
            return cls(marked)
        lead_in, rest = split_lead_in(_text(children) if text is None else text)
        return cls(marked, lead_in, _SENTENCE.split(rest, maxsplit=1)[0])

    def ends(self) -> list[tuple[int, str, int]]:
        if self._ends is None:
            self._ends = _counted(self.sentence, _boundaries(self.sentence))
        return self._ends


def _text(children: list[Token]) -> str:
    text = "".join(c.content for c in children if c.type in ("text", "code_inline", "softbreak"))
    return " ".join(text.replace("\n", " ").split())


def split_lead_in(text: str) -> tuple[str, str]:
    """("2.1. Mục tiêu chung:", "Tăng cường…") from the text of a paragraph."""
    marker = parse_marker(text)  # the project's one reader of paragraph numbering
    at = len(text) - len(marker.rest) if marker else 0
    label = _LABEL.match(text, at)
    if label and len(label.group().split()) <= LABEL_WORDS:
        at = label.end()
    return text[:at].strip(), text[at:]


def _marked(children: list[Token]) -> str:
    inside, parts = False, list[str]()
    for child in children:
        if child.type == "span_open" and LEAD_CLASS in str(child.attrGet("class") or "").split():
            inside = True
        elif child.type == "span_close" and inside:
            return " ".join("".join(parts).split())
        elif inside and child.type == "text":
            parts.append(child.content)
    return ""


def shorten(sentence: str, budget: int = MAX_WORDS) -> str:
    """The sentence, or its start up to a comma, semicolon or colon of the source.

    The cut is the last semicolon or colon within `budget` words, else the last comma in the
    second half of the budget (a comma sooner mostly parts a list: "Báo cáo, đề xuất…"), else
    the first boundary after; never inside quotation marks or brackets. A sentence with no
    boundary to cut at is kept whole rather than stopped mid-phrase.
    """
    return _shorten(sentence, budget, lambda: _counted(sentence, _boundaries(sentence)))


def _shorten(sentence: str, budget: int, counted: Callable[[], list[tuple[int, str, int]]]) -> str:
    """`shorten`, the sentence's `_counted` clause marks given by `counted` when needed."""
    if len(sentence.split()) <= budget:
        return sentence
    ends = counted()
    strong = [e for e, mark, n in ends if mark in ";:" and MIN_WORDS <= n <= budget]
    weak = [e for e, _, n in ends if max(MIN_WORDS, budget // 2) <= n <= budget]
    beyond = [e for e, _, n in ends if n > budget]
    cut = (strong or weak or [])[-1:] or beyond[:1] or [len(sentence)]
    if cut[0] >= len(sentence.rstrip(" .!?")):
        return sentence
    return sentence[: cut[0]] + " …"


_MARK = re.compile(r"[“(”)]|[;:,.!?](?= |\Z)")
"""An opening or closing quote or bracket, or a clause mark followed by a space or the end."""


def _counted(sentence: str, ends: list[tuple[int, str]]) -> list[tuple[int, str, int]]:
    """Each (end, mark) with `len(sentence[:end].split())`, counted on from the previous end
    rather than split again from the start (a long point has many marks)."""
    counted, words, since = [], 0, 0
    for end, mark in ends:
        part = sentence[since:end]
        words += len(part.split())
        if since and part[:1] and not part[0].isspace() and not sentence[since - 1].isspace():
            words -= 1  # a word that began before `since`, counted already
        since = end
        counted.append((end, mark, words))
    return counted


def _boundaries(sentence: str) -> list[tuple[int, str]]:
    """Where the sentence has a clause mark followed by a space, outside quotes and brackets."""
    depth, found = 0, list[tuple[int, str]]()
    for match in _MARK.finditer(sentence):  # only the characters that matter, not each one
        char = match.group()
        if char in "“(":
            depth += 1
        elif char in "”)":
            depth = max(depth - 1, 0)
        elif depth == 0:
            found.append((match.start(), char))
    return found


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A heading or notes line as it will be, or a point still to be given its lead."""

    item: OutlineItem
    children: list[Token] | None = None
    sub: bool = False
    """A sub-point, folded first when the outline is too long."""
    text: str | None = None
    """The paragraph's `_text`, when `_candidates` needed it."""


def build_outline(
    tokens: list[Token], sections: list[RawSection], absent: tuple[str, ...]
) -> tuple[OutlineItem, ...]:
    """Every point if they fit on two pages, else the top-level points with shorter leads."""
    candidates = _candidates(tokens, sections)
    points = [_Point.of(c.children, c.text) if c.children is not None else None for c in candidates]
    leads = [_lead(p) if p is not None else "" for p in points]
    cuts: dict[int, _Cuts | None] = {}
    for fold, tight in ((False, 0), (True, 0), (True, CLAUSE_WORDS), (True, MIN_WORDS)):
        items = _with_absent(_choose(candidates, points, leads, fold, tight, cuts), absent)
        if printed_lines(items) <= PAGE_LINES:
            break
    return items


def _candidates(tokens: list[Token], sections: list[RawSection]) -> list[_Candidate]:
    """Walk the tokens once; a part's notes lines go just before the next part begins."""
    found: list[_Candidate] = []
    section_at = {s.start: s for s in sections}
    current: RawSection | None = None
    depth = 0
    paragraphs: list[int] = []  # paragraphs so far in each open list item
    numbered = False  # a numbered paragraph outside lists since the last heading
    for index, token in enumerate(tokens):
        if token.type == "footnote_block_open":
            break
        if index in section_at:
            found += _notes(current)
            current = section_at[index]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            paragraphs.append(0)
        elif token.type == "list_item_close":
            paragraphs.pop()
        elif token.type == "heading_open":
            key = section_at[index].key or "" if index in section_at else ""
            heading = OutlineItem("heading", _plain(tokens[index + 1]), int(token.tag[1]), key)
            found.append(_Candidate(heading))
            numbered = False
        elif token.type == "paragraph_open" and tokens[index + 1].children is not None:
            children = tokens[index + 1].children or []
            text = None
            if paragraphs:
                sub = depth > 1 or paragraphs[-1] > 0
                paragraphs[-1] += 1
            else:
                text = _text(children)
                has_number = parse_marker(text) is not None
                sub, numbered = numbered and not has_number, numbered or has_number
            found.append(_Candidate(OutlineItem("point", level=depth), children, sub, text))
    return found + _notes(current)


def _choose(
    candidates: list[_Candidate],
    points: list[_Point | None],
    leads: list[str],
    fold: bool,
    tight: int,
    cuts: dict[int, _Cuts | None] | None = None,
) -> list[OutlineItem]:
    """The outline with or without its sub-points; with `tight` (the fewest words a cut
    keeps), each point on one line where a clause mark allows. `points` and `leads`: each
    candidate's `_Point` and `lead`, worked out once for every try; `cuts`: each point's
    `_cuts` by its place, filled in by the first try that needs it."""
    items, cuts = [], {} if cuts is None else cuts
    for at, (c, point, text) in enumerate(zip(candidates, points, leads, strict=True)):
        if point is None:
            items.append(c.item)
        elif not (fold and c.sub):
            if tight:
                if at not in cuts:
                    cuts[at] = _cuts(point, c.item.level, text)
                text = _one_line(cuts[at], c.item.level, text, tight)
            items.append(OutlineItem("point", text, c.item.level))
    return items


@dataclass(frozen=True, slots=True)
class _Cuts:
    """Where a point's lead may be cut to fit on one line: its lead-in, its first sentence and
    that sentence's clause marks with the words before each (`_counted`)."""

    lead_in: str
    sentence: str
    ends: list[tuple[int, str, int]]


def _cuts(point: _Point, level: int, text: str) -> _Cuts | None:
    """None when the lead stays as it is: the author marked it, or it fits on one line."""
    if point.marked or printed_lines([OutlineItem("point", text, level)]) <= 1 + POINT_SPACE:
        return None
    return _Cuts(point.lead_in, point.sentence, point.ends())


def _one_line(found: _Cuts | None, level: int, text: str, fewest: int) -> str:
    """`text`, the lead, cut at the last clause mark of its sentence that lets it fit on one
    printed line and keeps at least `fewest` words of the sentence; else the shortest such cut."""
    if found is None:
        return text
    lead_in, sentence = found.lead_in, found.sentence
    room = LINE_CHARS - (2 + 2 * level) - len(lead_in) - len("  …")
    cuts = [
        end
        for end, _, words in found.ends
        if fewest <= words and end < len(sentence.rstrip(" .!?"))
    ]
    cut = [e for e in cuts if e <= room][-1:] or cuts[:1]
    shorter = (
        " ".join(part for part in (lead_in, sentence[: cut[0]] + " …") if part) if cut else text
    )
    return shorter if len(shorter) < len(text) else text


def printed_lines(items: tuple[OutlineItem, ...] | list[OutlineItem]) -> float:
    """How many lines the outline takes on paper, estimated from its characters."""
    lines = 0.0
    for item in items:
        if item.kind == "heading":
            lines += math.ceil(len(item.text) / LINE_CHARS) + HEADING_SPACE
        elif item.kind == "point":
            indent = 2 + 2 * item.level  # the dash, and 1 em a level
            lines += math.ceil((len(item.text) + indent) / LINE_CHARS) + POINT_SPACE
        else:
            lines += NOTES_LINES
    return round(lines, 2)  # an estimate: no float noise decides a page


def _plain(token: Token) -> str:
    return "".join(
        c.content for c in token.children or [] if c.type in ("text", "code_inline")
    ).strip()


def _notes(section: RawSection | None) -> list[_Candidate]:
    if section is not None and section.key:
        return [_Candidate(OutlineItem("notes", key=section.key))]
    return []


def _with_absent(items: list[OutlineItem], absent: tuple[str, ...]) -> tuple[OutlineItem, ...]:
    """A part the source lacks keeps its heading and its blank lines in the outline."""
    from builder.read.sections import REQUIRED

    result = list(items)
    for key in absent:
        notice = [
            OutlineItem("heading", REQUIRED[key], 2, key),
            OutlineItem("point", "Nguồn không nêu phần này; báo cáo viên tự liên hệ thực tế.", 0),
            OutlineItem("notes", key=key),
        ]
        later = list(REQUIRED)[list(REQUIRED).index(key) + 1 :]
        at = next(
            (i for i, it in enumerate(result) if it.kind == "heading" and it.key in later),
            len(result),
        )
        result[at:at] = notice
    return tuple(result)
