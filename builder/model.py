"""The model: plain dataclasses for directives and the corpus, relations resolved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Section:
    """One H2 part of a summary."""

    key: str | None
    """`boi-canh`, `noi-dung`, `goi-y`, or None for an extra part such as "Những điểm mới"."""
    title: str
    anchor: str
    line: int
    text: str = ""
    """Plain text of the part (sub-headings, paragraphs, lists), for search and snippets."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the body (H2–H4), for the table of contents."""

    level: int
    title: str
    anchor: str


@dataclass(frozen=True, slots=True)
class DescribedParent:
    """A parent document with no summary here: shown as text, never linked.

    `{number: 58-CT/TW, type: chi-thi, issuer: Ban Bí thư, date: 2026-01-10, title: …}`
    """

    number: str
    type: str | None
    issuer: str | None
    date: dt.date | None
    title: str | None


@dataclass(frozen=True, slots=True)
class Reference:
    """An `implements` entry: a directive of the corpus (by slug) or a described parent."""

    slug: str | None
    """Slug of the directive file it points to, when there is one."""
    described: DescribedParent | None = None
    number: str = ""
    """As written, for messages and for a dangling reference."""


@dataclass(frozen=True, slots=True)
class Directive:
    """One summarised document, validated."""

    path: str
    slug: str
    number: str | None
    """Số hiệu, e.g. "57-CT/TW"; None when the document carries none."""
    type: str
    issuer: str
    level: str
    date: dt.date | None
    title: str
    tags: tuple[str, ...]
    implements: tuple[Reference, ...]
    sections: tuple[Section, ...]
    headings: tuple[Heading, ...]
    description: str
    """Title and first sentence of the background: the page's meta description."""
    source: str = ""
    absent: tuple[str, ...] = ()
    absent_reason: str = ""
    html: str = ""
    """The body rendered by markdown-it-py, absent-section notices included."""

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def display_number(self) -> str:
        return self.number or "Chưa rõ số hiệu"


@dataclass(frozen=True, slots=True)
class Corpus:
    """All directives by slug, with `implements` resolved both ways."""

    directives: dict[str, Directive]
    implemented_by: dict[str, tuple[str, ...]]
    """slug → slugs of the directives that carry it out."""

    def parents(self, directive: Directive) -> list[Directive | DescribedParent]:
        found: list[Directive | DescribedParent] = []
        for ref in directive.implements:
            if ref.slug in self.directives:
                found.append(self.directives[ref.slug])
            elif ref.described is not None:
                found.append(ref.described)
        return found

    def children(self, directive: Directive) -> list[Directive]:
        return [self.directives[s] for s in self.implemented_by.get(directive.slug, ())]

    def newest_first(self) -> list[Directive]:
        return sorted(self.directives.values(), key=sort_key_newest)


def sort_key_newest(directive: Directive) -> tuple[int, str]:
    """Newest first; undated last; ties by slug so the order never changes."""
    ordinal = directive.date.toordinal() if directive.date else 0
    return (-ordinal, directive.slug)


def build_corpus(directives: list[Directive]) -> Corpus:
    by_slug = {d.slug: d for d in sorted(directives, key=lambda d: d.slug)}
    children: dict[str, list[str]] = {}
    for directive in by_slug.values():
        for ref in directive.implements:
            if ref.slug in by_slug:
                children.setdefault(ref.slug, []).append(directive.slug)
    implemented_by = {
        slug: tuple(sorted(kids, key=lambda s: sort_key_newest(by_slug[s])))
        for slug, kids in children.items()
    }
    return Corpus(by_slug, implemented_by)
