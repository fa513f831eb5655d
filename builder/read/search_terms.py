"""A document's search terms: folded Vietnamese tokens and their counts by field.

Counting them needs nothing but the document itself, so the pipeline's worker processes count
each summary's as they read it (`postings`); `outputs/search.py` assembles the shards from
them and counts the few pages the workers never see (campaigns, full texts, translations).
The browser side (`theme/assets/search/`) folds queries with the same rules as `tokens`.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from operator import add

from builder.core.schema import DOC_TYPES
from builder.core.spill import beside
from builder.core.text import search_fold

FIELDS = {"number": 0, "title": 1, "type": 2, "issuer": 3, "tags": 4, "section": 10}
"""Field codes of a posting, written in docs.json for the browser; section i is coded 10 + i."""

_SPLIT = re.compile(r"[^a-z0-9]+")
_RUNS = re.compile(r"[a-z]+|[0-9]+")
"""A word splits where letters meet digits: phones glue "ct57", "57ct" as one word."""
_IY = re.compile(r"^(qu|[bcdghklmnpqrstvx]{1,2})y$")
"""Syllables spelled with final i or y alike: tỉ/tỷ, kĩ/kỹ, lí/lý, quí/quý."""


def fold_token(token: str) -> str:
    """One run of letters or of digits as the index spells it: "tỷ" → "ti"; a number loses
    its leading zeros ("04" → "4"), as people say "Chỉ thị 4" for 04-CT/TW."""
    if token[0].isdigit():
        return token.lstrip("0") or "0"
    return token[:-1] + "i" if token.endswith("y") and _IY.match(token) else token


def _word_tokens(word: str) -> list[str]:
    return [fold_token(run) for run in _RUNS.findall(word)]


def tokens(text: str) -> list[str]:
    """ "Thủy lợi, 57-CT/TW" → ["thuy", "loi", "57", "ct", "tw"]; "ct04" → ["ct", "4"]."""
    return [t for word in _SPLIT.split(search_fold(text)) if word for t in _word_tokens(word)]


def token_counts(text: str) -> Counter[str]:
    """Counts of `tokens(text)`, in the order they first occur, folding each distinct word
    once (`_spelled_tokens`) rather than each occurrence. A space stays a space once folded,
    so the text's words, as written between spaces, give its tokens one after the other."""
    counts: Counter[str] = Counter()
    for word, count in Counter(text.split()).items():
        for token in _spelled_tokens(word):
            counts[token] += count
    return counts


@functools.lru_cache(maxsize=1 << 16)
def _spelled_tokens(word: str) -> tuple[str, ...]:
    """`tokens` of a word as written ("Đảng,"): the words of a corpus are few (syllables, with
    their punctuation), so most are folded once per process."""
    return tuple(tokens(word))


SUCCESSOR_BITS = 4
"""A body posting's count carries, in its low SUCCESSOR_BITS bits, which words may follow the
token in the document's section texts (`successor_bit` of each): the browser knows from the
postings alone that a document cannot hold a query's words side by side, without its text."""


@functools.lru_cache(maxsize=1 << 16)
def successor_bit(token: str) -> int:
    """The bit of `token` in a successor mask (one of SUCCESSOR_BITS): FNV-1a (32 bits) of its
    letters modulo SUCCESSOR_BITS; the same in theme/assets/search/score.js `successorBit`."""
    h = 0x811C9DC5
    for byte in token.encode("ascii"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return 1 << (h % SUCCESSOR_BITS)


def text_tokens(text: str) -> list[str]:
    """`tokens(text)`, folding each word as written between spaces once (`_spelled_tokens`)."""
    return [token for word in text.split() for token in _spelled_tokens(word)]


_MEMO_LIMIT = 1 << 17
"""Words as written kept by `_LAST` and `_FIRST_BIT` before they start afresh (a long serve
session, a corpus of many numbers)."""


class _WordMemo(dict[str, object]):
    """Word as written → a value made once from its tokens (`__missing__`), looked up in C by
    `map(memo.__getitem__, words)` (a long text has thousands of words)."""

    def __init__(self, make: Callable[[tuple[str, ...]], object]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, word: str) -> object:
        if len(self) > _MEMO_LIMIT:
            self.clear()
        value = self[word] = self.make(_spelled_tokens(word))
        return value


_NAMES: list[str] = []
"""The tokens `_LAST` has coded, by number (`_token_code`)."""
_CODES: dict[str, int] = {}


def _token_code(token: str) -> int:
    """A number for `token`, shifted by SUCCESSOR_BITS: a successor bit added to it gives one
    int for a (token, bit) pair, cheaper to make and to hash than a tuple."""
    code = _CODES.get(token)
    if code is None:
        code = _CODES[token] = len(_NAMES) << SUCCESSOR_BITS
        _NAMES.append(token)
    return code


_LAST = _WordMemo(lambda spelled: _token_code(spelled[-1]) if spelled else 0)
"""A word's last token (the one a next word follows), coded (`_token_code`)."""
_FIRST_BIT = _WordMemo(lambda spelled: successor_bit(spelled[0]) if spelled else 0)
"""The successor bit of a word's first token (0 for a word without one)."""


def _section_counts(title: str, text: str, pairs: set[int]) -> dict[str, int]:
    """`token_counts(title + " " + text)`, and into `pairs` each token of `text` with the bit
    of the token after it (`_token_code` + `successor_bit`: the neighbours of
    `text_tokens(text)`), in one pass over the text's distinct words; the neighbours of
    words side by side are paired in C (`map`, `set`: a long text has thousands of words)."""
    counts: dict[str, int] = {}
    for word, count in Counter(title.split()).items():
        for token in _spelled_tokens(word):
            counts[token] = counts.get(token, 0) + count
    words = text.split()
    bare = False
    for word, count in Counter(words).items():
        spelled = _spelled_tokens(word)
        for token in spelled:
            counts[token] = counts.get(token, 0) + count
        if len(spelled) != 1:
            bare = bare or not spelled
            pairs.update(_inner_pairs(word))
    if bare:  # a word without a token ("–") stands between two neighbours
        words = list(filter(_spelled_tokens, words))
    pairs.update(map(add, map(_LAST.__getitem__, words), map(_FIRST_BIT.__getitem__, words[1:])))
    return counts


def _successor_masks(pairs: set[int]) -> dict[str, int]:
    """token → the bits of the tokens after it, from (token, bit) pairs (`_section_counts`)."""
    masks: dict[str, int] = {}
    low = (1 << SUCCESSOR_BITS) - 1
    for pair in pairs:
        token = _NAMES[pair >> SUCCESSOR_BITS]
        masks[token] = masks.get(token, 0) | pair & low
    return masks


@functools.lru_cache(maxsize=1 << 16)
def _inner_pairs(word: str) -> tuple[int, ...]:
    """Each token with the bit of the token after it (coded as `_section_counts` does)
    inside one word as written: "57-CT/TW"."""
    spelled = _spelled_tokens(word)
    return tuple(
        _token_code(before) + successor_bit(after) for before, after in itertools.pairwise(spelled)
    )


Fields = tuple[tuple[str, int], ...]
"""(text, field code) of each field of a document."""

Postings = tuple[tuple[str, int, int], ...]
"""(token, field code, count) of one document."""


def document_fields(
    number: str | None, title: str, kind: str, issuer: str, tags: str = ""
) -> Fields:
    """The number's own part ("57-CT") names the document; the part after "/" ("TW", "TU")
    names who issued it, shared by most documents of a province, and is indexed as issuer:
    a query word "tu" (tư, từ, tú) must not weigh as a document number."""
    own, _, suffix = (number or "").partition("/")
    return (
        (own, FIELDS["number"]),
        (title, FIELDS["title"]),
        (kind, FIELDS["type"]),
        (f"{suffix} {issuer}", FIELDS["issuer"]),
        (tags, FIELDS["tags"]),
    )


def summary_fields(
    number: str | None, title: str, type_key: str, issuer: str, tags: Iterable[str]
) -> Fields:
    """`document_fields` of a summary: its type by name ("Chỉ thị"), its tags as one text. The
    one spelling for the worker that counts a summary's postings (`pipeline.pack`) and the
    search index that counts them otherwise (`outputs/search`)."""
    return document_fields(number, title, DOC_TYPES[type_key], issuer, " ".join(tags))


def postings(fields: Fields, sections: Iterable[tuple[str, str]]) -> Postings:
    """A posting for each field holding the token, and one for the body: coded with the
    section (its title and text) where the token is most frequent (the first of equals) and
    counting it there, as the browser weighs a word by its best section. One posting a body
    word, not one a section, keeps the shards of a large corpus small. A body posting's count
    is shifted by SUCCESSOR_BITS, the bits below saying which words follow the token in any
    section's text (`successor_bit`)."""
    found = [
        (token, code, count) for text, code in fields for token, count in token_counts(text).items()
    ]
    body: dict[str, tuple[int, int]] = {}
    pairs: set[int] = set()
    for i, (title, text) in enumerate(sections):
        for token, count in _section_counts(title, text, pairs).items():
            if count > body.get(token, (0, 0))[1]:
                body[token] = (i, count)
    follows = _successor_masks(pairs)
    first = FIELDS["section"]
    found += [
        (token, first + best, count << SUCCESSOR_BITS | follows.get(token, 0))
        for token, (best, count) in body.items()
    ]
    return tuple(found)


def postings_key(path: str) -> str:
    """Where a summary's postings wait in the build's spill (`Corpus.bodies`), beside its body
    (kept under its path)."""
    return beside(path, "postings")
