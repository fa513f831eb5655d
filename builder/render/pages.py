"""Page builders: each generated page (directive, full text, indices, facets, campaign,
bundle, outline) as an HTML fragment rendered from the templates."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from markupsafe import Markup

from builder.core import urls
from builder.core.schema import DOC_TYPES, LEVELS
from builder.core.spill import beside
from builder.model import (
    Campaign,
    ContentPage,
    Corpus,
    DescribedParent,
    Directive,
    Heading,
    OutlineItem,
)
from builder.read.sections import REQUIRED
from builder.render.facets import FACET_KINDS, Facet, FacetKind, facets
from builder.render.form import form_rows
from builder.render.fulltext import render_fulltext_html
from builder.render.print_css import bundle_page_name
from builder.render.templating import ENV, vn_date


@dataclass(frozen=True, slots=True)
class PageContent:
    """What a generated page hands to the site engine."""

    title: str
    """Browser title: starts with the document number."""
    description: str
    html: str
    toc: tuple[Heading, ...]
    stylesheet: str = ""
    """A stylesheet beside the page (relative URL), e.g. its print footer."""
    lang: str = ""
    """The page's language when it is not Vietnamese (a translation): its `<html lang>`."""


def directive_page(directive: Directive, corpus: Corpus, root: str) -> PageContent:
    """The page of one directive; `root` is the relative URL of the site root.

    The summary comes right after its card; campaigns and the chain follow it, so that on a
    phone the first part starts on the first screens. The contents list names them too.
    """
    paths = corpus.paths_up(directive)
    descendants = _by_level(corpus.descendants(directive))
    campaigns = campaign_neighbours(directive, corpus)
    html = ENV.get_template("directive.html").render(
        d=directive,
        root=root,
        body=Markup(corpus.body_html(directive)),  # kept on disk in a large build
        paths=paths,
        descendants=descendants,
        campaigns=campaigns,
        is_described=lambda p: isinstance(p, DescribedParent),
        bulletins=corpus.bulletins_of(directive),
    )
    toc = directive.headings + tuple(Heading(2, REQUIRED[k], k) for k in directive.absent)
    toc = _toc_in_order(directive, toc)
    if campaigns:
        toc += (Heading(2, "Có trong đợt học tập", urls.CAMPAIGNS_ANCHOR),)
    if paths or descendants:
        toc += (Heading(2, "Văn bản liên quan", urls.RELATED_ANCHOR),)
    title = f"{directive.display_number}: {directive.title}"
    return PageContent(title, directive.description, html, toc)


@dataclass(frozen=True, slots=True)
class Related:
    """The summaries one document's chain reaches: above it, below it, and the slugs the list
    filters its chain by (`Corpus.chain_roots`)."""

    above: tuple[str, ...]
    below: tuple[str, ...]
    chain: list[str]


Links = dict[str, frozenset[str]]
"""slug → the slugs it links to, one way (up: its `implements`; down: `implemented_by`)."""


@dataclass(slots=True)
class RelationCache:
    """`serve`: each document's `Related`, found again only for the documents whose routes
    reach one whose links changed (an `implements` edited, a document added or taken away),
    not at every rebuild nor for every document at each such change: routes up and down are
    walked for every document, more of them as the corpus grows."""

    up: Links = field(default_factory=dict)
    """Each summary's links up as the last corpus gave them: every slug its `implements`
    names (in the corpus or not: one added later is reached then) and its described
    parents' `parents`."""
    down: Links = field(default_factory=dict)
    corpus: Corpus | None = None
    found: dict[str, Related] = field(default_factory=dict)

    def related(self, directive: Directive, corpus: Corpus) -> Related:
        if self.corpus is not corpus:
            self._follow(corpus)
        known = self.found.get(directive.slug)
        if known is None:
            known = self.found[directive.slug] = _related(directive, corpus)
        return known

    def _follow(self, corpus: Corpus) -> None:
        """Forget the `Related` of every document whose routes (up or down, as the last corpus
        had them) reach one whose links differ in `corpus`: the others' are as they were."""
        up = {slug: _links_up(d) for slug, d in corpus.directives.items()}
        down = {slug: frozenset(kids) for slug, kids in corpus.implemented_by.items()}
        stale = _reaching(_differing(up, self.up), self.up)
        stale |= _reaching(_differing(down, self.down), self.down)
        for slug in stale:
            self.found.pop(slug, None)
        self.up, self.down, self.corpus = up, down, corpus


def _links_up(directive: Directive) -> frozenset[str]:
    found: set[str] = set()
    for ref in directive.implements:
        if ref.slug is not None:
            found.add(ref.slug)
        if ref.described is not None:
            found.update(ref.described.parents)
    return frozenset(found)


def _differing(now: Links, before: Links) -> set[str]:
    """The slugs whose links differ, or that are in one of the two only."""
    return {slug for slug in now.keys() | before.keys() if now.get(slug) != before.get(slug)}


def _reaching(targets: set[str], links: Links) -> set[str]:
    """`targets` and every slug whose links lead to one of them, in any number of steps."""
    if not targets:
        return set()
    back: dict[str, list[str]] = {}
    for slug, linked in links.items():
        for target in linked:
            back.setdefault(target, []).append(slug)
    found, queue = set(targets), list(targets)
    while queue:
        for slug in back.get(queue.pop(), ()):
            if slug not in found:
                found.add(slug)
                queue.append(slug)
    return found


def _related(directive: Directive, corpus: Corpus) -> Related:
    above = {
        p.slug for path in corpus.paths_up(directive) for p in path if isinstance(p, Directive)
    }
    below = {child.slug for child, _ in corpus.descendants(directive)}
    return Related(tuple(sorted(above)), tuple(sorted(below)), sorted(above | {directive.slug}))


@dataclass(slots=True)
class _Session:
    relations: RelationCache | None = None


SESSION = _Session()
"""What a `serve` session keeps here (`keep_relations`); nothing in a build."""


def keep_relations(cache: RelationCache | None) -> None:
    """`serve`: find each document's relations through `cache` (None: walk them each time)."""
    SESSION.relations = cache


def chain_roots(corpus: Corpus, directive: Directive) -> list[str]:
    """`Corpus.chain_roots`, through the session's `RelationCache` when there is one."""
    kept = SESSION.relations
    return kept.related(directive, corpus).chain if kept else corpus.chain_roots(directive)


def campaign_neighbours(
    directive: Directive, corpus: Corpus
) -> list[tuple[Campaign, Directive | None, Directive | None]]:
    """Each campaign listing `directive`, with the documents before and after it there: its
    page links them by number (`serve` renders it again when either changes)."""
    return [
        (c, *_neighbours(corpus.summarised(c), directive)) for c in corpus.campaigns_of(directive)
    ]


def _neighbours(
    documents: list[Directive], directive: Directive
) -> tuple[Directive | None, Directive | None]:
    """The documents before and after `directive` in a campaign's list (None at either end)."""
    slugs = [d.slug for d in documents]
    at = slugs.index(directive.slug)
    return (documents[at - 1] if at > 0 else None), (
        documents[at + 1] if at + 1 < len(documents) else None
    )


def _by_level(
    items: list[tuple[Directive, Directive | None]],
) -> list[tuple[str, str, list[tuple[Directive, Directive | None]]]]:
    groups = [
        (key, f"Cấp {label.lower()}", [i for i in items if i[0].level == key])
        for key, label in LEVELS.items()
    ]
    return [g for g in groups if g[2]]


def fulltext_page(directive: Directive, root: str) -> PageContent:
    """The document's own wording, laid out as on paper, with the summary one click away."""
    assert directive.fulltext is not None
    html = ENV.get_template("fulltext_page.html").render(
        d=directive, root=root, body=Markup(render_fulltext_html(directive.fulltext))
    )
    toc = tuple(Heading(h.level, h.text, h.anchor) for h in directive.fulltext.headings)
    title = f"{directive.display_number}: Toàn văn — {directive.title}"
    description = f"Toàn văn {_lower_kind(directive)}: {directive.title}."
    return PageContent(title, description, html, toc, stylesheet=urls.PRINT_CSS)


def _lower_kind(directive: Directive) -> str:
    """ "chỉ thị 57-CT/TW", "kế hoạch của Ban Thường vụ Đảng ủy xã": inside a sentence."""
    kind = DOC_TYPES[directive.type]
    return directive.kind_and_number.replace(kind, kind.lower(), 1)


def _toc_in_order(directive: Directive, toc: tuple[Heading, ...]) -> tuple[Heading, ...]:
    if not directive.absent:
        return toc
    order = {h.anchor: i for i, h in enumerate(directive.headings)}
    keys = list(REQUIRED)
    anchors = {s.key: s.anchor for s in directive.sections if s.key}

    def position(heading: Heading) -> float:
        if heading.anchor in order:
            return order[heading.anchor]
        later = [order[anchors[k]] for k in keys[keys.index(heading.anchor) + 1 :] if k in anchors]
        return (min(later) if later else len(order)) - 0.5

    return tuple(sorted(toc, key=position))


def facet_page(facet: Facet, root: str) -> PageContent:
    html = ENV.get_template("facet_page.html").render(
        heading=facet.heading, items=facet.items, root=root
    )
    description = f"{facet.heading}: {len(facet.items)} văn bản, mới nhất trước."
    return PageContent(facet.heading, description, html, ())


def facet_kind_page(kind: FacetKind, root: str) -> PageContent:
    """`van-ban/cap/` and its like: every value of one kind, with its count, linked."""
    html = ENV.get_template("facet_kind.html").render(kind=kind, root=root)
    description = f"{kind.heading}: {len(kind.facets)} nhóm, mỗi nhóm một trang danh sách."
    return PageContent(kind.heading, description, html, ())


def index_page(corpus: Corpus, root: str) -> PageContent:
    """All documents grouped by level, newest first, filterable in the browser."""
    newest = corpus.newest_first()  # sorted once, not once per level
    groups = [
        (level, label, [d for d in newest if d.level == level]) for level, label in LEVELS.items()
    ]
    all_facets = facets(corpus)
    summary = [
        (
            name,
            urls.facet_index_url(kind),
            [(f.label, f.url, len(f.items)) for f in all_facets if f.kind == kind],
        )
        for kind, name in FACET_KINDS
    ]
    html = ENV.get_template("index.html").render(
        groups=groups,
        root=root,
        total=len(corpus.directives),
        facets=[(name, url, entries) for name, url, entries in summary if entries],
        types=[(f.key, f.label) for f in all_facets if f.kind == urls.FACET_TYPE],
        years=[f.key for f in all_facets if f.kind == urls.FACET_YEAR],
        chains=[d for level, _, items in groups for d in items if corpus.children(d)],
        chain_of=functools.partial(chain_roots, corpus),
    )
    toc = tuple(Heading(2, label, level) for level, label, items in groups if items)
    description = (
        f"Danh sách {len(corpus.directives)} văn bản, xếp theo cấp ban hành, mới nhất trước."
    )
    return PageContent("Tất cả văn bản", description, html, toc)


def campaign_page(campaign: Campaign, corpus: Corpus, root: str) -> PageContent:
    html = ENV.get_template("campaign.html").render(
        c=campaign,
        root=root,
        body=Markup(campaign.html),
        directives=corpus.directives,
        form_rows=form_rows(campaign.form) if campaign.form else [],
        form_dir="",
        bulletins=corpus.campaign_bulletins(campaign),
    )
    title = f"{campaign.label}: {campaign.title}"
    description = (
        f"{campaign.label} của {campaign.issuer}: {len(campaign.items)} văn bản cần học tập, "
        f"quán triệt, hoàn thành trước ngày {vn_date(campaign.deadline)}."
    )
    toc = [Heading(2, "Văn bản học tập, quán triệt", urls.LIST_ANCHOR)]
    if campaign.form:
        toc.append(Heading(2, "Phụ lục 2", urls.FORM_ANCHOR))
    if corpus.campaign_bulletins(campaign):
        toc.insert(1, Heading(2, "Bản tin phát thanh", urls.BULLETINS_ANCHOR))  # after the list
    return PageContent(title, description, html, tuple(toc))


def outline_page(directive: Directive, corpus: Corpus, root: str) -> PageContent:
    """The đề cương of one directive, print-first."""
    campaigns = corpus.campaigns_of(directive)
    kept, key = corpus.bodies, outline_key(directive.path)
    page = ENV.get_template("outline.html")
    if kept is not None and key in kept:  # rendered by the worker that read it
        html = page.render(d=directive, campaigns=campaigns, root=root, points=kept.get(key))
    else:
        shown = corpus.full(directive)  # its outline, kept on disk in a large build
        html = page.render(d=shown, campaigns=campaigns, root=root)
    title = f"{directive.display_number}: Đề cương — {directive.title}"
    description = f"Đề cương báo cáo {_lower_kind(directive)}: {directive.title}."
    return PageContent(title, description, html, ())


def outline_key(path: str) -> str:
    """Where a summary's rendered outline points wait in a large build's spill."""
    return beside(path, "outline")


def outline_points(outline: tuple[OutlineItem, ...]) -> tuple[Markup, Markup]:
    """An outline's points as outline_body.html writes them: those of its lead (the headings
    up to the first point, and that point), then the others. Needs no other document: the
    pipeline's workers render them (`pipeline.pack`)."""
    size = next((i for i, item in enumerate(outline, 1) if item.kind != "heading"), len(outline))
    points = ENV.get_template("outline_item.html").module.outline_points  # type: ignore[attr-defined]
    return Markup(points(outline[:size])), Markup(points(outline[size:]))


def standalone_html(content: PageContent, root: str, stylesheets: list[str], site_name: str) -> str:
    """A page written straight to the site, outside the engine: light and print-first."""
    return ENV.get_template("standalone.html").render(
        page=content, root=root, stylesheets=stylesheets, site_name=site_name
    )


def bundle_page(campaign: Campaign, corpus: Corpus, root: str) -> PageContent:
    """Every outline of a campaign on one page, one document per printed page group."""
    outlined = [corpus.full(d) for d in corpus.summarised(campaign)]
    html = ENV.get_template("bundle.html").render(
        c=campaign,
        root=root,
        outlined=outlined,
        others=[i for i in campaign.items if not i.slug],
        campaigns_of=corpus.campaigns_of,
        form_rows=form_rows(campaign.form) if campaign.form else [],
        form_dir="../",
        page_name=bundle_page_name(campaign),
    )
    title = f"{campaign.label}: tập đề cương"
    description = (
        f"Đề cương các văn bản của {campaign.label}, in một lần, có chỗ ghi tên báo cáo viên."
    )
    return PageContent(title, description, html, ())


def campaign_index_page(corpus: Corpus, root: str) -> PageContent:
    html = ENV.get_template("campaigns.html").render(
        campaigns=campaigns_by_deadline(corpus), root=root
    )
    description = "Các đợt học tập, quán triệt: văn bản cần học, hạn hoàn thành và hạn báo cáo."
    return PageContent("Đợt học tập", description, html, ())


def campaigns_by_deadline(corpus: Corpus) -> list[Campaign]:
    return sorted(corpus.campaigns.values(), key=lambda c: (c.deadline, c.slug))


def campaigns_html(corpus: Corpus, root: str) -> str:
    """The home page's list of campaigns (the browser moves expired ones last)."""
    return ENV.get_template("campaign_list.html").render(
        campaigns=campaigns_by_deadline(corpus), root=root
    )


def newest_html(corpus: Corpus, root: str, limit: int = 10) -> str:
    """The list of the newest documents, for the hand-written home page."""
    html: str = ENV.get_template("newest.html").render(
        directives=corpus.newest_first()[:limit], root=root
    )
    return html


READING_LISTS = {"da-luu": "saved", "doc-gan-day": "recent"}
"""The lists kept on the reader's phone, by the name a page asks for them with."""


def content_page(page: ContentPage, corpus: Corpus, root: str) -> PageContent:
    """A hand-written page: its fragments, with the lists it asks for filled in."""
    parts = [
        Markup(value) if kind == "html" else Markup(page_list(value, corpus, root))
        for kind, value in page.parts
    ]
    html = ENV.get_template("content_page.html").render(parts=parts)
    return PageContent(page.title, page.description, html, page.headings)


def page_list(name: str, corpus: Corpus, root: str) -> str:
    """One of the lists a hand-written page may ask for (`core/schema.PAGE_LISTS`)."""
    if name == "cac-dot-hoc-tap":
        return campaigns_html(corpus, root)
    if name == "van-ban-moi":
        return newest_html(corpus, root)
    html: str = ENV.get_template("reading_list.html").render(kind=READING_LISTS[name])
    return html
