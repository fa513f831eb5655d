"""Facets: the groups of documents (one level, type, year or tag) that have a page of their own."""

from __future__ import annotations

from dataclasses import dataclass

from builder.core import urls
from builder.core.schema import DOC_TYPES, LEVELS
from builder.core.text import slugify
from builder.model import Corpus, Directive


@dataclass(frozen=True, slots=True)
class Facet:
    """A group of documents with its own page: one level, type, year or tag."""

    kind: str
    """URL folder: `urls.FACET_LEVEL`, `FACET_TYPE`, `FACET_YEAR` or `FACET_TAG`."""
    key: str
    label: str
    heading: str
    items: tuple[Directive, ...]

    @property
    def path(self) -> str:
        return urls.facet_src(self.kind, self.key)

    @property
    def url(self) -> str:
        return urls.facet_url(self.kind, self.key)


FACET_KINDS = (
    (urls.FACET_LEVEL, "Theo cấp"),
    (urls.FACET_TYPE, "Theo loại"),
    (urls.FACET_YEAR, "Theo năm"),
    (urls.FACET_TAG, "Theo chủ đề"),
)
"""Each kind of facet with its name, in the order the index lists them."""


@dataclass(frozen=True, slots=True)
class FacetKind:
    """The page of one kind of facet (`van-ban/cap/`): each of its values, with its count."""

    kind: str
    name: str
    """ "Theo cấp": the kind's name in the index's list."""
    facets: tuple[Facet, ...]

    @property
    def path(self) -> str:
        return urls.facet_index_src(self.kind)

    @property
    def url(self) -> str:
        return urls.facet_index_url(self.kind)

    @property
    def heading(self) -> str:
        """ "Văn bản theo cấp"."""
        return f"Văn bản {self.name[0].lower()}{self.name[1:]}"


def facet_kinds(corpus: Corpus) -> list[FacetKind]:
    """Every kind of facet, each with its values in the index's order (an empty kind too: its
    page says there is nothing yet, so a link to it never fails)."""
    found = facets(corpus)
    return [
        FacetKind(kind, name, tuple(f for f in found if f.kind == kind))
        for kind, name in FACET_KINDS
    ]


_Found = dict[tuple[str, str], tuple[str, str, list[Directive]]]
"""(kind, key) → (label, heading, documents)."""


_last: list[tuple[dict[str, Directive], tuple[Facet, ...]]] = []
"""The directives last asked about (a corpus's, shared by the corpora `dataclasses.replace`
makes of it) and their facets: the page table, the index page and the kinds' pages each ask
(seven times a build), and `serve` builds again at every edit."""


_last_keys: dict[str, tuple[Directive, list[tuple[str, str, str, str]]]] = {}
"""slug → the directive last asked about and its `_keys`: an unchanged summary, the same
object under `serve`, is not asked again (its tags slugified at every edit)."""


def facets(corpus: Corpus) -> list[Facet]:
    """Every level, type, year and tag that has documents, each with its documents newest first."""
    if _last and _last[0][0] is corpus.directives:  # all it reads: kept by `replace`
        return list(_last[0][1])
    found: _Found = {}
    kept = _last_keys.copy()
    _last_keys.clear()
    for d in corpus.newest_first():
        keys = kept.get(d.slug)
        if keys is None or keys[0] is not d:
            keys = (d, _keys(d))
        _last_keys[d.slug] = keys
        for kind, key, label, heading in keys[1]:
            found.setdefault((kind, key), (label, heading, []))[2].append(d)
    made = [
        Facet(k, key, label, heading, tuple(items))
        for (k, key), (label, heading, items) in sorted(found.items(), key=_sort_key)
    ]
    _last[:] = [(corpus.directives, tuple(made))]
    return made


def _keys(d: Directive) -> list[tuple[str, str, str, str]]:
    """(kind, key, label, heading) of every facet the document belongs to."""
    level = LEVELS[d.level]
    keys = [
        (urls.FACET_LEVEL, d.level, level, f"Văn bản cấp {level.lower()}"),
        (urls.FACET_TYPE, d.type, DOC_TYPES[d.type], DOC_TYPES[d.type]),
    ]
    if d.year:
        keys.append((urls.FACET_YEAR, str(d.year), str(d.year), f"Văn bản năm {d.year}"))
    keys += [(urls.FACET_TAG, slugify(t), t, f"Chủ đề: {t}") for t in d.tags]
    return keys


def _sort_key(item: tuple[tuple[str, str], tuple[str, str, list[Directive]]]) -> tuple[int, object]:
    """Kinds in FACET_KINDS order; levels and types in schema order, years newest first."""
    (kind, key), (label, _, _) = item
    levels, types = list(LEVELS), list(DOC_TYPES)
    rank = {
        urls.FACET_LEVEL: levels.index(key) if key in levels else 0,
        urls.FACET_TYPE: types.index(key) if key in types else 0,
        urls.FACET_YEAR: -int(key) if key.isdigit() else 0,
    }.get(kind, 0)
    order = [k for k, _ in FACET_KINDS]
    return (order.index(kind), (rank, label))
