"""The page table: every page the core renders, by the path the site engine knows it by."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from builder.core import urls
from builder.core.memo import Memo
from builder.model import Corpus, Directive
from builder.render.bulletin import bulletin_page
from builder.render.facets import facet_kinds, facets
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


def collisions(corpus: Corpus) -> list[tuple[str, list[PageSpec]]]:
    """Pages that would be written at one address (`a/b.md` and `a/b/index.md` alike), with
    every claimant: a slug or tag that takes a generated page's place, or two that meet."""
    by_url: dict[str, list[PageSpec]] = {}
    for src, spec in page_claims(corpus):
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
                inputs=lambda: tuple(corpus.directives.values()),
            ),
        ),
        (
            urls.CAMPAIGN_INDEX_SRC,
            PageSpec(lambda root: campaign_index_page(corpus, root), in_nav=True),
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
            PageSpec(functools.partial(campaign_page, c, corpus), virtual=False, owner=c.path),
        )
        claim(
            urls.bundle_src(slug), PageSpec(functools.partial(bundle_page, c, corpus), owner=c.path)
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
                inputs=functools.partial(lambda f: f, facet),
                owner=facet.items[0].path if facet.kind == urls.FACET_TAG and facet.items else "",
            ),
        )
    for kind in facet_kinds(corpus):
        claim(
            kind.path,
            PageSpec(
                functools.partial(facet_kind_page, kind),
                inputs=functools.partial(lambda k: k, kind),
            ),
        )
    return claims


def _fulltext_page(directive: Directive, corpus: Corpus, root: str) -> PageContent:
    return fulltext_page(corpus.full(directive), root)  # its text, on disk in a large build


def _directive_inputs(directive: Directive, corpus: Corpus) -> object:
    """What a directive's page shows besides itself: its chain, campaigns (with the documents
    before and after it there) and bulletins."""
    kept = SESSION.relations
    if kept is not None:  # `serve`: each document its chain reaches, as it is (their own
        related = kept.related(directive, corpus)  # `implements` say how they are linked)
        return (
            directive,
            tuple(corpus.directives[s] for s in related.above + related.below),
            campaign_neighbours(directive, corpus),
            corpus.bulletins_of(directive),
        )
    paths = tuple(tuple(p) for p in corpus.paths_up(directive))
    return (
        directive,
        paths,
        tuple(corpus.descendants(directive)),
        campaign_neighbours(directive, corpus),
        corpus.bulletins_of(directive),
    )


OutlineCache = Memo[bytes]
"""path → the outline's bytes, from what it shows: lets `serve` re-render only changed outlines."""


def outline_files(
    corpus: Corpus, stylesheets: list[str], site_name: str, cache: OutlineCache | None = None
) -> dict[str, bytes]:
    """Every directive's outline page, as `van-ban/<slug>/de-cuong/index.html`."""
    return dict(iter_outline_files(corpus, stylesheets, site_name, cache))


def iter_outline_files(
    corpus: Corpus, stylesheets: list[str], site_name: str, cache: OutlineCache | None = None
) -> Iterator[tuple[str, bytes]]:
    """`outline_files` one at a time, each rendered when asked for (a large build's memory)."""
    for slug, d in corpus.directives.items():
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


def _outline_file(d: Directive, corpus: Corpus, stylesheets: list[str], site_name: str) -> bytes:
    root = "../" * urls.outline_url(d.slug).count("/")
    sheets = [*stylesheets, urls.outline_print_css(d.slug)]
    return standalone_html(outline_page(d, corpus, root), root, sheets, site_name).encode("utf-8")
