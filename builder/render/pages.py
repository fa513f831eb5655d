"""Generated pages: the directive page and the all-documents index, as HTML fragments."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from builder.core.memo import Memo
from builder.core.schema import DOC_TYPES, LEVELS
from builder.core.text import slugify
from builder.model import Campaign, Corpus, DescribedParent, Directive, Heading, ReportForm
from builder.read.sections import REQUIRED
from builder.render.fulltext import render_fulltext_html
from builder.render.templating import ENV

INDEX_PATH = "van-ban/index.md"


def directive_path(slug: str) -> str:
    """Source path the page is generated at; its URL is `van-ban/<slug>/`."""
    return f"van-ban/{slug}.md"


def directive_url(slug: str) -> str:
    return f"van-ban/{slug}/"


def vn_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "Chưa rõ ngày"


def on_date(value: dt.date | None) -> str:
    """ "ngày 31/12/2025", or "chưa rõ ngày" for a document that carries no date."""
    return f"ngày {vn_date(value)}" if value else "chưa rõ ngày"


def deadline(value: dt.date) -> Markup:
    """A date; the reader's browser adds "còn N ngày" or "đã hết hạn" (builds stay equal)."""
    iso = value.isoformat()
    return Markup(
        f'<time datetime="{iso}">{vn_date(value)}</time> '
        f'<span class="dht-left" data-deadline="{iso}"></span>'
    )


def campaign_url(slug: str) -> str:
    return f"dot-hoc-tap/{slug}/"


CAMPAIGN_INDEX_PATH = "dot-hoc-tap/index.md"


def campaign_path(slug: str) -> str:
    return f"dot-hoc-tap/{slug}.md"


def extra_files(corpus: Corpus) -> dict[str, bytes]:
    """Files beside the pages: results forms as spreadsheets, running footers for print."""
    files = {
        f"{campaign_url(c.slug)}phu-luc-2.csv": form_csv(c.form)
        for c in corpus.campaigns.values()
        if c.form is not None
    }
    for d in corpus.directives.values():
        files[f"{directive_url(d.slug)}de-cuong/print.css"] = running_footer([d])
    for c in corpus.campaigns.values():
        files[f"{campaign_url(c.slug)}in/print.css"] = running_footer(corpus.summarised(c), c)
    for d in corpus.directives.values():
        if d.fulltext is not None:
            label = f"{print_label(d)} · Toàn văn"
            files[f"{directive_url(d.slug)}toan-van/print.css"] = named_pages(
                [(f"t-{d.slug}", label)]
            )
    return files


def print_label(directive: Directive) -> str:
    """What names a document on paper: its number, else its kind and issuer."""
    if directive.number:
        return directive.number
    return f"{DOC_TYPES[directive.type]} của {directive.issuer} (chưa rõ số hiệu)"


def running_footer(directives: list[Directive], campaign: Campaign | None = None) -> bytes:
    """Print CSS naming each document's pages, so every printed page's footer names its number.

    (Chromium has no `string-set`; named pages with margin boxes do the same job, and a file of
    its own keeps the strict Content-Security-Policy free of inline styles.)
    """
    parts = [(f"d-{d.slug}", f"{print_label(d)} · Đề cương") for d in directives]
    if campaign is not None:
        parts.append((f"c-{campaign.slug}", campaign.label))
    return named_pages(parts, body=parts[-1][0] if campaign else parts[0][0])


def named_pages(parts: list[tuple[str, str]], body: str = "") -> bytes:
    """One named page per (name, footer label); the page body takes `body` (default: the first)."""
    # The page body takes a name too, so no blank page opens the print.
    rules = [f"body {{ page: {body or parts[0][0]}; }}\n"]
    for name, label in parts:
        text = label.replace("\\", "\\\\").replace('"', '\\"')
        rules.append(
            f'[data-page="{name}"] {{ page: {name}; }}\n'
            f'@page {name} {{ @bottom-left {{ content: "{text}"; font-size: 9pt; }} }}\n'
        )
    return "".join(rules).encode("utf-8")


_ENV = ENV
_ENV.filters["vn_date"] = vn_date
_ENV.filters["on_date"] = on_date
_ENV.globals.update(
    DOC_TYPES=DOC_TYPES,
    LEVELS=LEVELS,
    directive_url=directive_url,
    campaign_url=campaign_url,
    deadline=deadline,
)


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


def directive_page(directive: Directive, corpus: Corpus, root: str) -> PageContent:
    """The page of one directive; `root` is the relative URL of the site root."""
    html = _ENV.get_template("directive.html").render(
        d=directive,
        root=root,
        body=Markup(directive.html),
        paths=corpus.paths_up(directive),
        descendants=_by_level(corpus.descendants(directive)),
        campaigns=corpus.campaigns_of(directive),
        is_described=lambda p: isinstance(p, DescribedParent),
    )
    toc = directive.headings + tuple(Heading(2, REQUIRED[k], k) for k in directive.absent)
    title = f"{directive.display_number}: {directive.title}"
    return PageContent(title, directive.description, html, _toc_in_order(directive, toc))


def _by_level(
    items: list[tuple[Directive, Directive | None]],
) -> list[tuple[str, str, list[tuple[Directive, Directive | None]]]]:
    groups = [
        (key, f"Cấp {label.lower()}", [i for i in items if i[0].level == key])
        for key, label in LEVELS.items()
    ]
    return [g for g in groups if g[2]]


def fulltext_src(slug: str) -> str:
    """Source path of the full-text page; its URL is `van-ban/<slug>/toan-van/`."""
    return f"van-ban/{slug}/toan-van.md"


def fulltext_page(directive: Directive, root: str) -> PageContent:
    """The document's own wording, laid out as on paper, with the summary one click away."""
    assert directive.fulltext is not None
    html = _ENV.get_template("fulltext_page.html").render(
        d=directive, root=root, body=Markup(render_fulltext_html(directive.fulltext))
    )
    toc = tuple(Heading(h.level, h.text, h.anchor) for h in directive.fulltext.headings)
    title = f"{directive.display_number}: Toàn văn — {directive.title}"
    kind = DOC_TYPES[directive.type].lower()
    description = f"Toàn văn {kind} {directive.display_number}: {directive.title}."
    return PageContent(title, description, html, toc, stylesheet="print.css")


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


@dataclass(frozen=True, slots=True)
class Facet:
    """A group of documents with its own page: one level, type, year or tag."""

    kind: str
    """URL folder: `cap`, `loai`, `nam` or `chu-de`."""
    key: str
    label: str
    heading: str
    items: tuple[Directive, ...]

    @property
    def path(self) -> str:
        return f"van-ban/{self.kind}/{self.key}.md"

    @property
    def url(self) -> str:
        return f"van-ban/{self.kind}/{self.key}/"


FACET_KINDS = (
    ("cap", "Theo cấp"),
    ("loai", "Theo loại"),
    ("nam", "Theo năm"),
    ("chu-de", "Theo chủ đề"),
)


def facets(corpus: Corpus) -> list[Facet]:
    """Every level, type, year and tag that has documents, each with its documents newest first."""
    found: dict[tuple[str, str], tuple[str, str, list[Directive]]] = {}
    for d in corpus.newest_first():
        keys = [
            ("cap", d.level, LEVELS[d.level], f"Văn bản cấp {LEVELS[d.level].lower()}"),
            ("loai", d.type, DOC_TYPES[d.type], DOC_TYPES[d.type]),
        ]
        if d.year:
            keys.append(("nam", str(d.year), str(d.year), f"Văn bản năm {d.year}"))
        keys += [("chu-de", slugify(t), t, f"Chủ đề: {t}") for t in d.tags]
        for kind, key, label, heading in keys:
            found.setdefault((kind, key), (label, heading, []))[2].append(d)
    order = {kind: i for i, (kind, _) in enumerate(FACET_KINDS)}
    levels = list(LEVELS)
    types = list(DOC_TYPES)

    def sort_key(
        item: tuple[tuple[str, str], tuple[str, str, list[Directive]]],
    ) -> tuple[int, object]:
        (kind, key), (label, _, _) = item
        rank = {
            "cap": levels.index(key) if key in levels else 0,
            "loai": types.index(key) if key in types else 0,
            "nam": -int(key) if key.isdigit() else 0,
        }.get(kind, 0)
        return (order[kind], (rank, label))

    return [
        Facet(k, key, label, heading, tuple(items))
        for (k, key), (label, heading, items) in sorted(found.items(), key=sort_key)
    ]


def facet_page(facet: Facet, root: str) -> PageContent:
    html = _ENV.get_template("facet_page.html").render(
        heading=facet.heading, items=facet.items, root=root
    )
    description = f"{facet.heading}: {len(facet.items)} văn bản, mới nhất trước."
    return PageContent(facet.heading, description, html, ())


def index_page(corpus: Corpus, root: str) -> PageContent:
    """All documents grouped by level, newest first, filterable in the browser."""
    groups = [
        (level, label, [d for d in corpus.newest_first() if d.level == level])
        for level, label in LEVELS.items()
    ]
    all_facets = facets(corpus)
    summary = [
        (name, [(f.label, f.url, len(f.items)) for f in all_facets if f.kind == kind])
        for kind, name in FACET_KINDS
    ]
    html = _ENV.get_template("index.html").render(
        groups=groups,
        root=root,
        total=len(corpus.directives),
        facets=[(name, entries) for name, entries in summary if entries],
        types=[(f.key, f.label) for f in all_facets if f.kind == "loai"],
        years=[f.key for f in all_facets if f.kind == "nam"],
        chains=[d for level, _, items in groups for d in items if corpus.children(d)],
        chain_of=corpus.chain_roots,
    )
    toc = tuple(Heading(2, label, level) for level, label, items in groups if items)
    description = (
        f"Danh sách {len(corpus.directives)} văn bản, xếp theo cấp ban hành, mới nhất trước."
    )
    return PageContent("Tất cả văn bản", description, html, toc)


def campaign_page(campaign: Campaign, corpus: Corpus, root: str) -> PageContent:
    html = _ENV.get_template("campaign.html").render(
        c=campaign,
        root=root,
        body=Markup(campaign.html),
        directives=corpus.directives,
        form_rows=form_rows(campaign.form) if campaign.form else [],
        form_dir="",
    )
    title = f"{campaign.label}: {campaign.title}"
    description = (
        f"{campaign.label} của {campaign.issuer}: {len(campaign.items)} văn bản cần học tập, "
        f"quán triệt, hoàn thành trước ngày {vn_date(campaign.deadline)}."
    )
    toc = [Heading(2, "Văn bản học tập, quán triệt", "van-ban")]
    if campaign.form:
        toc.append(Heading(2, "Phụ lục 2", "phu-luc-2"))
    return PageContent(title, description, html, tuple(toc))


def bundle_path(slug: str) -> str:
    return f"dot-hoc-tap/{slug}/in.md"


def outline_page(directive: Directive, corpus: Corpus, root: str) -> PageContent:
    """The đề cương of one directive, print-first."""
    campaigns = corpus.campaigns_of(directive)
    html = _ENV.get_template("outline.html").render(d=directive, campaigns=campaigns, root=root)
    title = f"{directive.display_number}: Đề cương — {directive.title}"
    kind = DOC_TYPES[directive.type].lower()
    description = f"Đề cương báo cáo {kind} {directive.display_number}: {directive.title}."
    return PageContent(title, description, html, ())


def standalone_html(content: PageContent, root: str, stylesheets: list[str], site_name: str) -> str:
    """A page written straight to the site, outside the engine: light and print-first."""
    return _ENV.get_template("standalone.html").render(
        page=content, root=root, stylesheets=stylesheets, site_name=site_name
    )


OutlineCache = Memo[bytes]
"""path → the outline's bytes, from what it shows: lets `serve` re-render only changed outlines."""


def outline_files(
    corpus: Corpus, stylesheets: list[str], site_name: str, cache: OutlineCache | None = None
) -> dict[str, bytes]:
    """Every directive's outline page, as `van-ban/<slug>/de-cuong/index.html`."""
    files = {}
    for slug, d in corpus.directives.items():
        path = f"{directive_url(slug)}de-cuong/index.html"
        inputs = (d, corpus.campaigns_of(d), stylesheets, site_name)
        outline = functools.partial(_outline_file, d, corpus, stylesheets, site_name)
        files[path] = cache.get(path, inputs, outline) if cache is not None else outline()
    return files


def _outline_file(d: Directive, corpus: Corpus, stylesheets: list[str], site_name: str) -> bytes:
    root = "../../../"
    sheets = [*stylesheets, f"{directive_url(d.slug)}de-cuong/print.css"]
    return standalone_html(outline_page(d, corpus, root), root, sheets, site_name).encode("utf-8")


def bundle_page(campaign: Campaign, corpus: Corpus, root: str) -> PageContent:
    """Every outline of a campaign on one page, one document per printed page group."""
    outlined = corpus.summarised(campaign)
    html = _ENV.get_template("bundle.html").render(
        c=campaign,
        root=root,
        outlined=outlined,
        others=[i for i in campaign.items if not i.slug],
        campaigns_of=corpus.campaigns_of,
        form_rows=form_rows(campaign.form) if campaign.form else [],
        form_dir="../",
    )
    title = f"{campaign.label}: tập đề cương"
    description = (
        f"Đề cương các văn bản của {campaign.label}, in một lần, mỗi văn bản một trang riêng."
    )
    return PageContent(title, description, html, ())


BLANK_ROWS = 4
"""Empty numbered rows added below the guide's own example rows, for filling in by hand."""


def form_rows(form: ReportForm) -> list[list[str]]:
    """The form's body: the guide's rows, blank rows to fill in, and the total row."""
    width = len(form.leaf_columns)
    named = [r for r in form.rows if r.strip(". …")]
    rows = [[str(i + 1), name] for i, name in enumerate(named)]
    rows += [[str(len(rows) + i + 1), ""] for i in range(BLANK_ROWS)]
    rows.append(["", "Tổng"])
    return [row + [""] * (width - len(row)) for row in rows]


def form_csv(form: ReportForm) -> bytes:
    """The form as a spreadsheet: UTF-8 with BOM and CRLF, so Excel opens it with its diacritics."""
    groups = [c for c in form.columns for _ in (c.children or (c.title,))]
    top = [
        g.title if g.children and g.children[0] == leaf or not g.children else ""
        for g, leaf in zip(groups, form.leaf_columns, strict=True)
    ]
    second = [leaf if g.children else "" for g, leaf in zip(groups, form.leaf_columns, strict=True)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([form.title])
    writer.writerows([top, second, *form_rows(form)])
    if form.incomplete:
        writer.writerow([f"Mẫu chưa đầy đủ: {form.incomplete_note}"])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def campaign_index_page(corpus: Corpus, root: str) -> PageContent:
    html = _ENV.get_template("campaigns.html").render(
        campaigns=campaigns_by_deadline(corpus), root=root
    )
    description = "Các đợt học tập, quán triệt: văn bản cần học, hạn hoàn thành và hạn báo cáo."
    return PageContent("Đợt học tập", description, html, ())


def campaigns_by_deadline(corpus: Corpus) -> list[Campaign]:
    return sorted(corpus.campaigns.values(), key=lambda c: (c.deadline, c.slug))


def campaigns_html(corpus: Corpus, root: str) -> str:
    """The home page's list of campaigns (the browser moves expired ones last)."""
    return _ENV.get_template("campaign_list.html").render(
        campaigns=campaigns_by_deadline(corpus), root=root
    )


def newest_markdown(corpus: Corpus, limit: int = 10) -> str:
    """A Markdown list of the newest documents, for the hand-written home page."""
    lines = []
    for d in corpus.newest_first()[:limit]:
        lines.append(
            f"- [**{d.display_number}**]({directive_path(d.slug)}) — {DOC_TYPES[d.type]} "
            f"ngày {vn_date(d.date)} của {d.issuer}: {d.title}"
        )
    return "\n".join(lines)


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


def page_table(corpus: Corpus) -> dict[str, PageSpec]:
    """Every page the core renders: directives, indices, facets, campaigns and bundles."""
    table = {
        INDEX_PATH: PageSpec(
            lambda root: index_page(corpus, root),
            in_nav=True,
            inputs=lambda: tuple(corpus.directives.values()),
        ),
        CAMPAIGN_INDEX_PATH: PageSpec(lambda root: campaign_index_page(corpus, root), in_nav=True),
    }
    for slug, d in corpus.directives.items():
        table[directive_path(slug)] = PageSpec(
            functools.partial(directive_page, d, corpus),
            inputs=functools.partial(_directive_inputs, d, corpus),
        )
        if d.fulltext is not None:
            table[fulltext_src(slug)] = PageSpec(
                functools.partial(fulltext_page, d), inputs=functools.partial(lambda x: x, d)
            )
    for slug, c in corpus.campaigns.items():
        table[campaign_path(slug)] = PageSpec(
            functools.partial(campaign_page, c, corpus), virtual=False
        )
        table[bundle_path(slug)] = PageSpec(functools.partial(bundle_page, c, corpus))
    for facet in facets(corpus):
        table[facet.path] = PageSpec(
            functools.partial(facet_page, facet), inputs=functools.partial(lambda f: f, facet)
        )
    return table


def _directive_inputs(directive: Directive, corpus: Corpus) -> object:
    """What a directive's page shows besides itself: its chain and its campaigns."""
    paths = tuple(tuple(p) for p in corpus.paths_up(directive))
    return (directive, paths, tuple(corpus.descendants(directive)), corpus.campaigns_of(directive))
