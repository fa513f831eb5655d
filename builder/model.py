"""The model: plain dataclasses for directives, full texts and the corpus, relations resolved."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from builder.core import urls
from builder.core.numbers import vn_date
from builder.core.schema import DOC_TYPES
from builder.core.spill import Spill, beside
from builder.core.text import fold


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
class OutlineItem:
    """A line of the outline: a heading, a point, or the notes lines closing a part."""

    kind: str
    """`heading`, `point` or `notes`."""
    text: str = ""
    level: int = 0
    """Heading level (2–4), or nesting depth of a point (0 = paragraph, 1 = list item …)."""
    key: str = ""
    """For `notes` and part headings: boi-canh, noi-dung or goi-y."""


class FullTextHeading(NamedTuple):
    """A heading for the table of contents: (3, "muc-ii-2", "2. Hoàn thiện thể chế…")."""

    level: int
    """2, 3, 4…: from the rank of its numbering, not from `#`s."""
    anchor: str
    text: str
    """Plain text, marker included."""


class FullTextSection(NamedTuple):
    """The plain text under one heading, for search; anchor "" is the text before any."""

    anchor: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class FullText:
    """A directive's full text: the paper header and footer as fields, the body as HTML.

    `issuer_lines=("BAN CHẤP HÀNH TRUNG ƯƠNG", "*"), number_line="Số 57-CT/TW", …`
    """

    path: str
    """Path relative to the project root, with `/`."""
    slug: str
    """Slug of the summary it belongs to (the file name without `.md`)."""
    issuer_lines: tuple[str, ...] = ()
    """Left column of the header: the issuing body, line by line."""
    number_line: str = ""
    """Left column, under the issuer: "Số 57-CT/TW"."""
    national_line: str = ""
    """Right column: "ĐẢNG CỘNG SẢN VIỆT NAM"."""
    place_date: str = ""
    """Right column, in italics: "Hà Nội, ngày 31 tháng 12 năm 2025"."""
    kind_lines: tuple[str, ...] = ()
    """Centred name of the document: ("CHỈ THỊ", "CỦA BAN BÍ THƯ")."""
    subject: str = ""
    """Trích yếu, centred under the name."""
    recipients: tuple[str, ...] = ()
    """Nơi nhận, bottom left."""
    signer_lines: tuple[str, ...] = ()
    """Bottom right, above the name: ("T/M BAN BÍ THƯ",)."""
    signer: str = ""
    source: str = ""
    """Where the text was copied from."""
    html: str = ""
    """The body as an HTML fragment (headings with anchors, numbered points, lists)."""
    headings: tuple[FullTextHeading, ...] = ()
    sections: tuple[FullTextSection, ...] = ()
    """Plain text by heading, in order."""

    @property
    def text(self) -> str:
        """All plain text of the body, for a search index that wants one string."""
        return " ".join(s.text for s in self.sections)


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the table `directives/dich/ngon-ngu.yml`, as its author declared it.

    `Language("hnj", "tiếng Mông", "…", (("boi-canh", "…"), ("noi-dung", "…"), ("goi-y", "…")))`
    """

    code: str
    """BCP 47 code, also the folder of its translations and the page's `lang`."""
    name: str
    """Its Vietnamese name as a link says it: "tiếng Mông" ("Bản tiếng Mông")."""
    own_name: str
    """Its name written in itself."""
    headings: tuple[tuple[str, str], ...]
    """(part key, the part's heading in this language), for each of the summary's parts."""


@dataclass(frozen=True, slots=True)
class Translation:
    """A summary's version in another language, written (and perhaps approved) by a person."""

    path: str
    slug: str
    """Slug of the summary it translates."""
    language: Language
    translator: str
    date: dt.date
    approved_by: str = ""
    html: str = ""
    """The body as HTML, in the translation's language."""
    sections: tuple[Section, ...] = ()
    """Its parts, keyed like the summary's (`boi-canh` …), titles as written."""
    headings: tuple[Heading, ...] = ()
    outline: tuple[OutlineItem, ...] = ()
    """Headings and leads for its printed đề cương."""

    @property
    def lang(self) -> str:
        return self.language.code


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
    level: str | None = None
    parents: tuple[str, ...] = ()
    """Slugs of the corpus directives it carries out, from its own `implements`."""


@dataclass(frozen=True, slots=True)
class Reference:
    """An `implements` entry: a directive of the corpus (by slug) or a described parent."""

    slug: str | None
    """Slug of the directive file it points to, when there is one."""
    described: DescribedParent | None = None
    number: str = ""
    """As written, for messages and for a dangling reference."""


@dataclass(frozen=True, slots=True)
class Body:
    """What only a directive's own pages read (its page, outline, search texts): during a
    large build it waits on disk (`Corpus.bodies`) with the full text, the rest of the
    directive in memory for the lists, chains and facets that every other page shows."""

    html: str
    sections: tuple[Section, ...]
    outline: tuple[OutlineItem, ...]


def body_html_key(path: str) -> str:
    """Where a directive's body HTML waits in a large build's spill, apart from the rest of its
    `Body` (kept under its path)."""
    return beside(path, "html")


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
    outline: tuple[OutlineItem, ...] = ()
    """Headings and leads for the printed đề cương."""
    fulltext: FullText | None = None
    """The document's own wording (`directives/toan-van/<slug>.md`), when there is one."""
    updated: dt.date | None = None
    """When the summary was last revised (`updated:`), as its author wrote it; never the build's
    clock, so a rebuild gives the same bytes."""
    translations: tuple[Translation, ...] = ()
    """Its versions in other languages (`directives/dich/<lang>/<slug>.md`), by language code."""
    key_points: tuple[str, ...] = ()
    """The 3–5 phrases of the body its share card shows (`key_points:`), as the author chose."""

    def with_body(self, body: Body, fulltext: FullText | None) -> Directive:
        return dataclasses.replace(
            self, html=body.html, sections=body.sections, outline=body.outline, fulltext=fulltext
        )

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def display_number(self) -> str:
        """How every page, list, search record and PDF names the document: its number, or,
        for one that carries none, its kind and issuer as on paper ("Kế hoạch của Ban Thường
        vụ Đảng ủy xã")."""
        return self.number or f"{DOC_TYPES.get(self.type, self.type)} của {self.issuer}"

    @property
    def kind_and_number(self) -> str:
        """ "Chỉ thị 57-CT/TW", or the kind-and-issuer name of a document without a number."""
        if self.number:
            return f"{DOC_TYPES.get(self.type, self.type)} {self.number}"
        return self.display_number


@dataclass(frozen=True, slots=True)
class ContentPage:
    """A hand-written page of the content folder (`content/huong-dan.md`), checked and
    rendered by the same parser as summaries; the build's lists are filled in per build."""

    path: str
    """Path relative to the project root."""
    src: str
    """Path inside the content folder: how the site engine knows the page."""
    title: str
    description: str
    parts: tuple[tuple[str, str], ...]
    """("html", fragment) or ("list", name of one of `core/schema.PAGE_LISTS`), in order."""
    headings: tuple[Heading, ...] = ()


@dataclass(frozen=True, slots=True)
class Corpus:
    """All directives by slug, with `implements` resolved both ways."""

    directives: dict[str, Directive]
    implemented_by: dict[str, tuple[str, ...]]
    """slug → slugs of the directives that carry it out."""
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    pages: dict[str, ContentPage] = field(default_factory=dict)
    """Hand-written pages that passed every check, by `src`."""
    assets: tuple[str, ...] = ()
    """Files of the content folder's assets folder the site may copy, by path inside it."""
    bulletins: dict[str, Bulletin] = field(default_factory=dict)
    """Published loudspeaker bulletins (never a draft), by name."""

    def bulletins_of(self, directive: Directive) -> list[Bulletin]:
        """The bulletins written for the directive, in their order."""
        found = [b for b in self.bulletins.values() if b.directive == directive.slug]
        return sorted(found, key=lambda b: (b.order is None, b.order or 0, b.date, b.name))

    def campaign_bulletins(self, campaign: Campaign) -> list[Bulletin]:
        """The campaign's own bulletins and those of its documents: by `order`, then the
        campaign's own first and the documents' in the guide's order, then by date."""
        position = {slug: i + 1 for i, slug in enumerate(i.slug for i in campaign.items if i.slug)}
        found = [
            b
            for b in self.bulletins.values()
            if b.campaign == campaign.slug or (b.directive or "") in position
        ]

        def key(b: Bulletin) -> tuple[bool, int, int, dt.date, str]:
            at = 0 if b.campaign == campaign.slug else position[b.directive or ""]
            return (b.order is None, b.order or 0, at, b.date, b.name)

        return sorted(found, key=key)

    bodies: Spill | None = field(default=None, compare=False)
    """Each directive's `Body` by its path, each full text by its own, kept on disk (a large
    build's memory); None: all in the directives. Pages read a body through `full`."""
    derived: dict[str, object] = field(default_factory=dict, init=False, compare=False, repr=False)
    """What is worked out of this corpus once and asked for often (`campaigns_of`); never
    given to a copy (`dataclasses.replace` makes it anew), whose fields may differ."""

    def full(self, directive: Directive) -> Directive:
        """The directive with its body and full text, wherever they are kept."""
        if self.bodies is None or directive.path not in self.bodies:
            return directive
        body = self.bodies.get(directive.path)
        assert isinstance(body, Body)
        if body_html_key(directive.path) in self.bodies:  # kept apart (`pipeline.pack`)
            body = dataclasses.replace(body, html=self.body_html(directive))
        fulltext = directive.fulltext
        if fulltext is not None and fulltext.path in self.bodies:
            kept = self.bodies.get(fulltext.path)
            assert isinstance(kept, FullText)
            fulltext = kept
        return directive.with_body(body, fulltext)

    def body_html(self, directive: Directive) -> str:
        """The directive's body as HTML, wherever it is kept: its page reads nothing else of
        its `Body`, and in a large build that is kept on disk apart (its sections' texts and
        outline are most of what unpickling a body costs)."""
        key = body_html_key(directive.path)
        if self.bodies is None or key not in self.bodies:
            return self.full(directive).html
        html = self.bodies.get(key)
        assert isinstance(html, str)
        return html

    def summarised(self, campaign: Campaign) -> list[Directive]:
        """The campaign's documents that have a summary here, in the guide's order."""
        return [self.directives[i.slug] for i in campaign.items if i.slug]

    def campaigns_of(self, directive: Directive) -> list[Campaign]:
        """Campaigns whose lists include the directive, nearest deadline first."""
        return list(self._campaigns_by_slug().get(directive.slug, ()))

    def _campaigns_by_slug(self) -> dict[str, tuple[Campaign, ...]]:
        """slug → `campaigns_of` it, made once per corpus: every page and outline asks."""
        made = self.derived.get("campaigns_by_slug")
        if isinstance(made, dict):
            return made
        found: dict[str, list[Campaign]] = {}
        for campaign in sorted(self.campaigns.values(), key=lambda c: (c.deadline, c.slug)):
            for slug in dict.fromkeys(i.slug for i in campaign.items if i.slug):
                found.setdefault(slug, []).append(campaign)
        by_slug = {slug: tuple(kept) for slug, kept in found.items()}
        self.derived["campaigns_by_slug"] = by_slug
        return by_slug

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

    def paths_up(self, directive: Directive) -> list[list[Directive | DescribedParent]]:
        """Every route from the directive up to a document that carries out nothing.

        Each path runs from the nearest parent to the top; a route that is a shortcut of a
        longer one (the commune plan → 57-CT/TW beside → 565-CV → 57-CT/TW) is dropped.
        """
        paths: list[list[Directive | DescribedParent]] = []
        stack: list[list[Directive | DescribedParent]] = [[p] for p in self.parents(directive)]
        while stack:
            path = stack.pop()
            above = self._above(path[-1])
            fresh = [p for p in above if all(p is not x for x in path) and p is not directive]
            stack.extend(path + [p] for p in reversed(fresh))
            if not fresh:
                paths.append(path)
        kept = [p for p in paths if not any(p != q and _is_subsequence(p, q) for q in paths)]
        return sorted(kept, key=lambda p: [_ref_key(x) for x in p])

    def _above(self, node: Directive | DescribedParent) -> list[Directive | DescribedParent]:
        if isinstance(node, Directive):
            return self.parents(node)
        return [self.directives[s] for s in node.parents if s in self.directives]

    def descendants(self, directive: Directive) -> list[tuple[Directive, Directive | None]]:
        """Every document below, each once, with the parent it hangs from when not direct."""
        found: dict[str, Directive | None] = {}
        queue: list[tuple[Directive, Directive | None]] = [
            (c, None) for c in self.children(directive)
        ]
        while queue:
            child, via = queue.pop(0)
            if child.slug in found or child.slug == directive.slug:
                continue
            found[child.slug] = via
            queue.extend((g, child) for g in self.children(child))
        items = [(self.directives[s], via) for s, via in found.items()]
        return sorted(items, key=lambda item: sort_key_newest(item[0]))

    def chain_roots(self, directive: Directive) -> list[str]:
        """Slugs of the directive and of every directive above it (for filtering by chain)."""
        seen = {directive.slug}
        for path in self.paths_up(directive):
            seen.update(p.slug for p in path if isinstance(p, Directive))
        return sorted(seen)

    def newest_first(self) -> list[Directive]:
        """Every directive, newest first (`sort_key_newest`): sorted once per corpus, as the
        index, the facets, the home page's list and the search index each ask."""
        made = self.derived.get("newest_first")
        if not isinstance(made, tuple):
            made = tuple(sorted(self.directives.values(), key=sort_key_newest))
            self.derived["newest_first"] = made
        return list(made)


def sort_key_newest(directive: Directive) -> tuple[int, str]:
    """Newest first; undated last; ties by slug so the order never changes."""
    ordinal = directive.date.toordinal() if directive.date else 0
    return (-ordinal, directive.slug)


def _is_subsequence(short: Sequence[object], long: Sequence[object]) -> bool:
    remaining = iter(long)
    return all(any(x is y for y in remaining) for x in short)


def _ref_key(node: Directive | DescribedParent) -> str:
    return node.slug if isinstance(node, Directive) else node.number


def build_corpus(directives: list[Directive], campaigns: list[Campaign] | None = None) -> Corpus:
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
    by_campaign = {c.slug: c for c in sorted(campaigns or [], key=lambda c: c.slug)}
    return Corpus(by_slug, implemented_by, by_campaign)


@dataclass(frozen=True, slots=True)
class CampaignItem:
    """One document of a campaign's list: linked when it has a summary, else described."""

    number: str
    slug: str | None
    """Directive slug when the corpus has its summary."""
    type: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None
    note: str = ""
    with_: str = ""
    """Number of the document it shares a bullet with in the guide."""
    classified: bool = False
    """Listed as secret: shown unlinked, never given a page."""


@dataclass(frozen=True, slots=True)
class CampaignGroup:
    title: str
    items: tuple[CampaignItem, ...]
    incomplete: bool = False
    """The guide's list ends with "…"."""


@dataclass(frozen=True, slots=True)
class FormColumn:
    """A column of the results form, or a group of columns under one heading."""

    title: str
    children: tuple[str, ...] = ()


FORM_KINDS = ("order", "unit", "count", "percent", "text")
"""What a leaf column of the form holds: the row number (TT), the unit's name, a whole number
≥ 0, a percentage computed from two counts, or free text."""


@dataclass(frozen=True, slots=True)
class FormField:
    """One leaf column of the results form, as the spreadsheet and `sotay bao-cao` read it."""

    group: str
    """The heading above it ("Đảng viên"), "" when it stands alone."""
    title: str
    kind: str
    part: int = -1
    """For a percentage: index (in `ReportForm.fields`) of the count it counts."""
    of: int = -1
    """For a percentage: index of the count it is a share of."""
    at_most: int = -1
    """For a count: index of the count it may not exceed ("được học tập" ≤ "được triệu tập")."""
    by_hand: bool = False
    """Completed by the author where the source was cut off."""

    @property
    def label(self) -> str:
        """ "Đảng viên: Tổng số" — how a message names the column."""
        return f"{self.group}: {self.title}" if self.group else self.title


def default_field(group: str, title: str) -> FormField:
    """A column described by its title alone: TT, Tên đơn vị, a percentage shown as written, or
    a count."""
    folded = " ".join(fold(title).lower().split())
    if folded in ("tt", "stt"):
        return FormField(group, title, "order")
    if folded.startswith("ten don vi"):
        return FormField(group, title, "unit")
    return FormField(group, title, "text" if "ty le" in folded else "count")


@dataclass(frozen=True, slots=True)
class ReportForm:
    """Phụ lục 2: the results form each unit fills in and sends back."""

    title: str
    attached_to: str
    columns: tuple[FormColumn, ...]
    rows: tuple[str, ...]
    incomplete: bool = False
    incomplete_note: str = ""
    described: tuple[FormField, ...] = ()
    """The leaf columns as the campaign file describes them; () derives them from the titles."""

    @property
    def leaf_columns(self) -> list[str]:
        return [c for col in self.columns for c in (col.children or (col.title,))]

    @property
    def fields(self) -> tuple[FormField, ...]:
        """One per leaf column, in order."""
        if self.described:
            return self.described
        return tuple(
            default_field(col.title if col.children else "", leaf)
            for col in self.columns
            for leaf in (col.children or (col.title,))
        )

    @property
    def by_hand(self) -> list[str]:
        """Labels of the columns the author completed by hand."""
        return [f.label for f in self.fields if f.by_hand]


@dataclass(frozen=True, slots=True)
class Campaign:
    """A study campaign, as one guide (Hướng dẫn) defines it."""

    path: str
    slug: str
    guide: str | None
    title: str
    issuer: str
    date: dt.date | None
    implements: str
    deadline: dt.date
    report_deadline: dt.date | None
    report_to: str
    report_contact: str
    audience: str
    groups: tuple[CampaignGroup, ...]
    where_to_get: str
    form: ReportForm | None
    html: str
    units: tuple[str, ...] = ()
    """The units that must send a return (`units:`), for `sotay bao-cao`; () when not listed."""
    text: str = ""
    """Plain text of the hand-written body, for search."""

    @property
    def label(self) -> str:
        """How a reader tells two guides of one title apart."""
        if self.guide:
            return f"Hướng dẫn số {self.guide}"
        return f"Hướng dẫn chưa ghi số (hạn học tập {vn_date(self.deadline)})"

    @property
    def items(self) -> list[CampaignItem]:
        return [item for group in self.groups for item in group.items]


@dataclass(frozen=True, slots=True)
class Bulletin:
    """A loudspeaker bulletin (bản tin phát thanh): a short text to be read aloud for one
    directive or one campaign, written or approved by a person (`phat-thanh/<name>.md`)."""

    path: str
    name: str
    """The file name without `.md`: the page's address."""
    title: str
    target: str
    """How the page names what it is read for: "Chỉ thị 57-CT/TW", "Hướng dẫn số …"."""
    author: str
    date: dt.date
    html: str
    """The text to read, as HTML paragraphs (and headings)."""
    words: int
    """Spoken syllables: what a Vietnamese reader counts as words."""
    seconds: int
    """Reading time at `read/bulletin.WORDS_PER_MINUTE`."""
    print_size: int
    """Point size the printed sheet uses so that the text fits on one A4 page, if it can."""
    directive: str | None = None
    """Slug of the directive it is read for."""
    campaign: str | None = None
    """Slug of the campaign it is read for."""
    order: int | None = None
    approved_by: str = ""
    text: str = ""
    """Plain text, for counting and search."""

    @property
    def url(self) -> str:
        return urls.bulletin_url(self.name)

    @property
    def target_url(self) -> str:
        """The page of what it is read for."""
        if self.directive is not None:
            return urls.directive_url(self.directive)
        return urls.campaign_url(self.campaign or "")

    @property
    def spoken(self) -> str:
        """ "1 phút 35 giây", "45 giây", "2 phút": how long the reading takes."""
        minutes, rest = divmod(self.seconds, 60)
        parts = [
            f"{minutes} phút" if minutes else "",
            f"{rest} giây" if rest or not minutes else "",
        ]
        return " ".join(p for p in parts if p)

    @property
    def words_shown(self) -> str:
        """ "1.200 tiếng", as Vietnamese writes the number."""
        return f"{self.words:,} tiếng".replace(",", ".")

    @property
    def length(self) -> str:
        """ "312 tiếng, đọc khoảng 1 phút 34 giây": what a list shows of its length."""
        return f"{self.words_shown}, đọc khoảng {self.spoken}"
