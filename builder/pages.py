"""Generated pages: the directive page and the all-documents index, as HTML fragments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from builder.model import Corpus, DescribedParent, Directive, Heading
from builder.schema import DOC_TYPES, LEVELS
from builder.sections import REQUIRED

INDEX_PATH = "van-ban/index.md"


def directive_path(slug: str) -> str:
    """Source path the page is generated at; its URL is `van-ban/<slug>/`."""
    return f"van-ban/{slug}.md"


def directive_url(slug: str) -> str:
    return f"van-ban/{slug}/"


def vn_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "Chưa rõ ngày"


_ENV = Environment(
    loader=PackageLoader("builder", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.filters["vn_date"] = vn_date
_ENV.globals.update(DOC_TYPES=DOC_TYPES, LEVELS=LEVELS, directive_url=directive_url)


@dataclass(frozen=True, slots=True)
class PageContent:
    """What a generated page hands to the site engine."""

    title: str
    """Browser title: starts with the document number."""
    description: str
    html: str
    toc: tuple[Heading, ...]


def directive_page(directive: Directive, corpus: Corpus, root: str) -> PageContent:
    """The page of one directive; `root` is the relative URL of the site root."""
    html = _ENV.get_template("directive.html").render(
        d=directive,
        root=root,
        body=Markup(directive.html),
        parents=corpus.parents(directive),
        children=corpus.children(directive),
        is_described=lambda p: isinstance(p, DescribedParent),
    )
    toc = directive.headings + tuple(Heading(2, REQUIRED[k], k) for k in directive.absent)
    title = f"{directive.display_number}: {directive.title}"
    return PageContent(title, directive.description, html, _toc_in_order(directive, toc))


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


def index_page(corpus: Corpus, root: str) -> PageContent:
    """All documents grouped by level, newest first."""
    groups = [
        (level, label, [d for d in corpus.newest_first() if d.level == level])
        for level, label in LEVELS.items()
    ]
    html = _ENV.get_template("index.html").render(
        groups=groups, root=root, total=len(corpus.directives)
    )
    toc = tuple(Heading(2, label, level) for level, label, items in groups if items)
    description = (
        f"Danh sách {len(corpus.directives)} văn bản, xếp theo cấp ban hành, mới nhất trước."
    )
    return PageContent("Tất cả văn bản", description, html, toc)


def newest_markdown(corpus: Corpus, limit: int = 10) -> str:
    """A Markdown list of the newest documents, for the hand-written home page."""
    lines = []
    for d in corpus.newest_first()[:limit]:
        lines.append(
            f"- [**{d.display_number}**]({directive_path(d.slug)}) — {DOC_TYPES[d.type]} "
            f"ngày {vn_date(d.date)} của {d.issuer}: {d.title}"
        )
    return "\n".join(lines)
