"""Capitals as the guide itself writes them: all-caps headings back to mixed case."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from builder.authoring.importer.blocks import Block, is_caps

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_SENTENCE_END = ".!?:;"

COMMON_FIRST_WORDS = frozenset(
    "thực triển tiếp bảo tăng xây phát nâng đẩy đổi một tổ chấn quản hoàn học".split()
)
"""First words of a title that are never a proper name ("về Thực hiện" → "về thực hiện")."""


class CaseBook:
    """How often the guide writes each word pair with capitals; nothing more.

    Built from the guide's mixed-case paragraphs only; a word at the start of a sentence
    tells nothing and is skipped.
    """

    def __init__(self, blocks: list[Block]) -> None:
        self.pairs: defaultdict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
        self.texts = [b.plain for b in blocks if b.text and not is_caps(b.plain)]
        for text in self.texts:
            self._count(text)

    def _count(self, text: str) -> None:
        words = list(_WORD.finditer(text))
        for first, second in zip(words, words[1:], strict=False):
            if _starts_sentence(text, first.start()):
                continue
            key = (first.group().lower(), second.group().lower())
            self.pairs[key][(first.group(), second.group())] += 1

    def restore(self, text: str) -> str:
        """ "THỦ ĐÔ HÀ NỘI" → "Thủ đô Hà Nội": each word as the guide itself writes it."""
        words = _WORD.findall(text.lower())
        cased = [self._word(words, i) for i in range(len(words))]
        out, position = [], 0
        lowered = text.lower()
        for word, written in zip(words, cased, strict=True):
            start = lowered.index(word, position)
            out.append(lowered[position:start] + written)
            position = start + len(word)
        return "".join(out) + lowered[position:]

    def _word(self, words: list[str], index: int) -> str:
        votes: Counter[str] = Counter()
        if index > 0:
            for (_, second), count in self.pairs[(words[index - 1], words[index])].items():
                votes[second] += count
        if index + 1 < len(words):
            for (first, _), count in self.pairs[(words[index], words[index + 1])].items():
                votes[first] += count
        return votes.most_common(1)[0][0] if votes else words[index]

    def prefer(self, phrase: str) -> str:
        """The guide's most frequent spelling of `phrase` (ties: more capitals)."""
        pattern = re.compile(re.escape(phrase), re.IGNORECASE)
        found = Counter(m.group() for text in self.texts for m in pattern.finditer(text))
        if not found:
            return phrase
        return max(found, key=lambda s: (found[s], sum(c.isupper() for c in s)))


def _starts_sentence(text: str, start: int) -> bool:
    """The word at `start` opens the text, a sentence or a bracket (looks back over spaces only,
    so a paragraph of any length is read in linear time)."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0 or text[end - 1] == "(":
        return True
    return text[end - 1] in _SENTENCE_END and end < start


def sentence_case(title: str, book: CaseBook) -> str:
    """An all-caps title in the guide's own capitals, the first letter capital."""
    text = book.restore(title)
    return text[:1].upper() + text[1:]


def lower_common_first_word(title: str) -> str:
    """ "Về Thực hiện Kết luận …" → "Về thực hiện Kết luận …"; proper names untouched."""
    head, _, rest = title.partition(" ")
    first = rest.split(" ", 1)[0]
    if first[:1].isupper() and first.lower() in COMMON_FIRST_WORDS and not first.isupper():
        return f"{head} {rest[:1].lower()}{rest[1:]}"
    return title
