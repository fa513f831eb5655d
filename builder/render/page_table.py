"""The page table: every page the core renders, by the path the site engine knows it by."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from builder.core import urls
from builder.core.memo import Memo
from builder.model import Campaign, ContentPage, Corpus, DescribedParent, Directive
from builder.render.bulletin import bulletin_page
from builder.render.facets import Facet, FacetKind, facet_kinds, facets
from builder.render.pages import (
    SESSION,
    PageContent,
    bundle_page,
    campaign_index_page,
    campaign_neighbours,
    campaign_page,
    directive_page,
    facet_kind_page,
    facet_page,
    fulltext_page,
    index_page,
    outline_page,
    standalone_html,
)
from builder.render.search_page import search_page
from builder.render.translation import translation_outline_file, translation_page

Render = Callable[[str], PageContent]
"""Renders a page given the relative URL of the site root."""


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A page whose content the core renders, by the source path the engine knows it by."""

    render: Render
    virtual: bool = True
    """No file on disk: the engine must be handed one (hand-written campaign files are not)."""
    in_nav: bool = False
    inputs: Callable[[], object] | None = None
    """Everything the page shows: equal inputs render an equal page (`serve` skips it)."""
    owner: str = ""
    """The source file whose slug or tag gives the page its address ("" for the site's own)."""


def page_table(corpus: Corpus) -> dict[str, PageSpec]:
    """Every page the core renders: directives, indices, facets, campaigns and bundles."""
    return dict(page_claims(corpus))


def collisions(claims: list[tuple[str, PageSpec]]) -> list[tuple[str, list[PageSpec]]]:
    """Pages of `claims` (`page_claims`) that would be written at one address (`a/b.md` and
    `a/b/index.md` alike), with every claimant: a slug or tag that takes a generated page's
    place, or two that meet."""
    by_url: dict[str, list[PageSpec]] = {}
    for src, spec in claims:
        by_url.setdefault(urls.page_url(src), []).append(spec)
    return [(url, specs) for url, specs in sorted(by_url.items()) if len(specs) > 1]


def page_claims(corpus: Corpus) -> list[tuple[str, PageSpec]]:
    """Every page the core renders with the path it claims, in order (a later claim of one
    path would replace an earlier one: `collisions` reports them)."""
    claims = [
        (
            urls.INDEX_SRC,
            PageSpec(
                lambda root: index_page(corpus, root),
                in_nav=True,
                inputs=functools.partial(_index_inputs, corpus),
            ),
        ),
        (
            urls.CAMPAIGN_INDEX_SRC,
            PageSpec(
                lambda root: campaign_index_page(corpus, root),
                in_nav=True,
                inputs=lambda: tuple(corpus.campaigns.values()),
            ),
        ),
        (urls.SEARCH_PAGE_SRC, PageSpec(search_page, inputs=tuple)),
    ]

    def claim(src: str, spec: PageSpec) -> None:
        claims.append((src, spec))

    for slug, d in corpus.directives.items():
        claim(
            urls.directive_src(slug),
            PageSpec(
                functools.partial(directive_page, d, corpus),
                inputs=functools.partial(_directive_inputs, d, corpus),
                owner=d.path,
            ),
        )
        if d.fulltext is not None:
            claim(
                urls.fulltext_src(slug),
                PageSpec(
                    functools.partial(_fulltext_page, d, corpus),
                    inputs=functools.partial(lambda x: x, d),
                    owner=d.path,
                ),
            )
        for t in d.translations:
            claim(
                urls.translation_src(slug, t.lang),
                PageSpec(
                    functools.partial(translation_page, d, t),
                    inputs=functools.partial(lambda x, y: (x, y), d, t),
                    owner=t.path,
                ),
            )
    for slug, c in corpus.campaigns.items():
        claim(
            urls.campaign_src(slug),
            PageSpec(
                functools.partial(campaign_page, c, corpus),
                virtual=False,
                inputs=functools.partial(_campaign_inputs, c, corpus),
                owner=c.path,
            ),
        )
        claim(
            urls.bundle_src(slug),
            PageSpec(
                functools.partial(bundle_page, c, corpus),
                inputs=functools.partial(_bundle_inputs, c, corpus),
                owner=c.path,
            ),
        )
    for name, b in corpus.bulletins.items():
        claim(
            urls.bulletin_src(name),
            PageSpec(
                functools.partial(bulletin_page, b),
                inputs=functools.partial(lambda x: x, b),
                owner=b.path,
            ),
        )
    for facet in facets(corpus):
        claim(
            facet.path,
            PageSpec(
                functools.partial(facet_page, facet),
                inputs=functools.partial(_facet_inputs, facet, corpus),
                owner=facet.items[0].path if facet.kind == urls.FACET_TAG and facet.items else "",
            ),
        )
    for kind in facet_kinds(corpus):
        claim(
            kind.path,
            PageSpec(
                functools.partial(facet_kind_page, kind),
                inputs=functools.partial(_kind_inputs, kind),
            ),
        )
    return claims


def _fulltext_page(directive: Directive, corpus: Corpus, root: str) -> PageContent:
    return fulltext_page(corpus.full(directive), root)  # its text, on disk in a large build


def _directive_inputs(directive: Directive, corpus: Corpus) -> object:
    """What a directive's page shows besides itself: its chain, campaigns (with the documents
    before and after it there) and bulletins; of another document, only what the chain or
    the pager shows of it (`listed`, `named`; a descendant's parent: its name), of a campaign
    its link, name and deadline: a related document's edited body, tags or key points, a
    campaign's edited guide leave this page as it was. Under `serve`, each document its chain
    reaches, whole (kept the same object while unchanged, so compared at once)."""
    kept = SESSION.relations
    if kept is not None:  # `serve`: their own `implements` say how they are linked
        related = kept.related(directive, corpus)
        return (
            directive,
            tuple(corpus.directives[s] for s in related.above + related.below),
            campaign_neighbours(directive, corpus),
            corpus.bulletins_of(directive),
        )
    paths = tuple(
        tuple(p if isinstance(p, DescribedParent) else listed(p) for p in path)
        for path in corpus.paths_up(directive)
    )
    below = tuple(
        (listed(c), via.display_number if via else None) for c, via in corpus.descendants(directive)
    )
    campaigns = tuple(
        ((c.slug, c.label, c.deadline), named(before), named(after))
        for c, before, after in campaign_neighbours(directive, corpus)
    )
    return (directive, paths, below, campaigns, corpus.bulletins_of(directive))


LISTED = ("slug", "number", "type", "issuer", "level", "date", "title")
"""What a list of documents (`doc_list.html`) and a directive's chain (`directive.html`: each
document above and below it) show of a document: its link, number or kind and issuer
(`display_number`), `issued_by` (kind, date, issuer), level and title. A page naming another
document for these alone is rendered again only when one of them changes (tested field by
field of `core/schema.FIELDS` in tests/test_incremental.py)."""


def listed(d: Directive) -> tuple[object, ...]:
    """The fields `LISTED` names of a document, in that order."""
    return (d.slug, d.number, d.type, d.issuer, d.level, d.date, d.title)


def named(d: Directive | None) -> tuple[object, ...] | None:
    """What the pager of a campaign shows of the documents before and after: its link, its
    `display_number` and whether that is a number (kept on one line)."""
    return None if d is None else (d.slug, bool(d.number), d.display_number)


def content_inputs(page: ContentPage, corpus: Corpus) -> object:
    """What a hand-written page shows: itself, and what the lists it may ask for are made of
    (the campaigns, the newest documents as a list shows them)."""
    return (page, tuple(corpus.campaigns.values()), _every_listed(corpus))


def _every_listed(corpus: Corpus) -> tuple[tuple[object, ...], ...]:
    """`listed` of every document, made once per corpus: each hand-written page asks."""
    kept = corpus.derived.get("listed")
    if isinstance(kept, tuple):
        return kept
    made = tuple(_listed_by_slug(corpus).values())
    corpus.derived["listed"] = made
    return made


def _listed_by_slug(corpus: Corpus) -> dict[str, tuple[object, ...]]:
    """slug → `listed` of its document, made once per corpus: the index, every facet page
    and every hand-written page ask (each document about five times)."""
    kept = corpus.derived.get("listed_by_slug")
    if isinstance(kept, dict):
        return kept
    made = {slug: listed(d) for slug, d in corpus.directives.items()}
    corpus.derived["listed_by_slug"] = made
    return made


def _campaign_inputs(campaign: Campaign, corpus: Corpus) -> object:
    """What a campaign's page shows: itself, its documents (whole: their translations too)
    and its bulletins."""
    documents = tuple(corpus.summarised(campaign))
    return (campaign, documents, tuple(corpus.campaign_bulletins(campaign)))


def _bundle_inputs(campaign: Campaign, corpus: Corpus) -> object:
    """What a campaign's outlines on one page show: the campaign, its documents whole, and
    the campaigns each of them is in."""
    documents = tuple(corpus.summarised(campaign))
    return (campaign, documents, tuple(tuple(corpus.campaigns_of(d)) for d in documents))


def _index_inputs(corpus: Corpus) -> object:
    """What `index_page` shows: every document as a list shows it, and what its facets
    (level, type, year, tags) and chains (the documents here it carries out) are made of."""
    known, shown = corpus.directives, _listed_by_slug(corpus)
    return tuple(
        (shown[d.slug], d.tags, tuple(sorted({r.slug for r in d.implements if r.slug in known})))
        for d in known.values()
    )


def _facet_inputs(facet: Facet, corpus: Corpus) -> object:
    shown = _listed_by_slug(corpus)
    items = tuple(
        shown[d.slug] if corpus.directives.get(d.slug) is d else listed(d) for d in facet.items
    )
    return (facet.kind, facet.key, facet.label, facet.heading, items)


def _kind_inputs(kind: FacetKind) -> object:
    """What a kind's page shows of each facet: its label, link and count."""
    return (kind.kind, kind.name, tuple((f.label, f.url, len(f.items)) for f in kind.facets))


OutlineCache = Memo[bytes]
"""path → the outline's bytes, from what it shows: lets `serve` re-render only changed outlines."""


def outline_files(
    corpus: Corpus, stylesheets: list[str], site_name: str, cache: OutlineCache | None = None
) -> dict[str, bytes]:
    """Every directive's outline page, as `van-ban/<slug>/de-cuong/index.html`."""
    return dict(iter_outline_files(corpus, stylesheets, site_name, cache))


def iter_outline_files(
    corpus: Corpus,
    stylesheets: list[str],
    site_name: str,
    cache: OutlineCache | None = None,
    only: Iterable[Directive] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """`outline_files` one at a time, each rendered when asked for (a large build's memory);
    `only`: of these directives alone."""
    for d in corpus.directives.values() if only is None else only:
        slug = d.slug
        path = urls.outline_file(slug)
        inputs = (d, corpus.campaigns_of(d), stylesheets, site_name)
        outline = functools.partial(_outline_file, d, corpus, stylesheets, site_name)
        yield path, cache.get(path, inputs, outline) if cache is not None else outline()
        for t in d.translations:
            path = urls.translation_outline_file(slug, t.lang)
            shown = (d, t, corpus.campaigns_of(d), stylesheets, site_name)
            render = functools.partial(
                translation_outline_file, d, t, corpus, stylesheets, site_name
            )
            yield path, cache.get(path, shown, render) if cache is not None else render()


def own_files(d: Directive) -> tuple[str, ...]:
    """The files beside the pages a directive alone makes: its outline and its translations',
    its outline's print CSS and its full text's, its card (`iter_outline_files`, `extra_files`,
    `card_files`); `serve` keeps them as written while the directive is the same object."""
    files = [urls.outline_file(d.slug), urls.outline_print_css(d.slug), urls.card_url(d.slug)]
    files += [urls.translation_outline_file(d.slug, t.lang) for t in d.translations]
    if d.fulltext is not None:
        files.append(urls.fulltext_print_css(d.slug))
    return tuple(files)


def _outline_file(d: Directive, corpus: Corpus, stylesheets: list[str], site_name: str) -> bytes:
    root = "../" * urls.outline_url(d.slug).count("/")
    sheets = [*stylesheets, urls.outline_print_css(d.slug)]
    return standalone_html(outline_page(d, corpus, root), root, sheets, site_name).encode("utf-8")
