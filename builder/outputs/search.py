"""Search index built from the model: folded Vietnamese tokens, sharded for small downloads.

Files written under `search/` of the site:
- `docs.json`: one short record per document (number, title, level, type, year, url, sections),
  the codes of the fields the postings name (`fields`) and the length of a shard key;
- `shards/<key>.json`: token → postings, one shard per first two letters of the token, so a
  query downloads only the shards of its own words (the cost grows with the vocabulary of
  the query, not with the corpus);
- `text/<id>.json`: a document's section texts, fetched only for the results shown (snippets).
The browser side (`theme/assets/search/`) folds queries with the same rules as `tokens` and
weighs each field by the name `fields` gives its code.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from builder.core import urls
from builder.core.schema import DOC_TYPES, LEVELS
from builder.core.text import search_fold
from builder.model import Campaign, Corpus, Directive

FIELDS = {"number": 0, "title": 1, "type": 2, "issuer": 3, "tags": 4, "section": 10}
"""Field codes of a posting, written in docs.json for the browser; section i is coded 10 + i."""
SHARD_KEY_LENGTH = 2
PREFETCH_UP_TO = 50
"""A corpus this small downloads its whole index when the search box opens (tens of KB)."""

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
    """Counts of `tokens(text)`, folding each distinct word once rather than each occurrence."""
    counts: Counter[str] = Counter()
    for word, count in Counter(_SPLIT.split(search_fold(text))).items():
        if word:
            for token in _word_tokens(word):
                counts[token] += count
    return counts


def shard_key(token: str) -> str:
    return token[:SHARD_KEY_LENGTH]


def prefetch_all(corpus: Corpus) -> bool:
    return len(corpus.directives) <= PREFETCH_UP_TO


def prefetched(corpus: Corpus, files: list[str]) -> list[str]:
    """Search files the service worker keeps from the start: all of a small corpus's index
    (snippets of full texts included, so that searching offline shows them too)."""
    return files if prefetch_all(corpus) else ["search/docs.json"]


Fields = tuple[tuple[str, int], ...]
"""(text, field code) of each field of a document."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What a result shows and what the filters test."""

    number: str
    title: str
    level: str
    """Level key ("trung-uong"…), "" for a campaign; `level_label` is what the reader sees."""
    level_label: str
    type: str
    type_label: str
    year: int
    day: date | None
    url: str
    parents: tuple[int, ...] = ()
    """Ids of the documents this one carries out: they come first when both hold a phrase."""
    fulltext: bool = False
    summary: int | None = None
    """A full text's summary (its id): the browser shows both as one result."""


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable page: what a result shows, its weighted fields, its sections' text."""

    record: SearchRecord
    fields: Fields
    sections: list[tuple[str, str, str]]
    """(anchor, title, text) of each part."""

    def as_json(self) -> dict[str, object]:
        """The record in docs.json: one or two letters a key, read by theme/assets/search/ and
        named by the filters of theme/partials/search.html (`lv`, `ty`, `y`)."""
        r = self.record
        record: dict[str, object] = {
            "n": r.number,
            "t": r.title,
            "lv": r.level,
            "l": r.level_label,
            "ty": r.type,
            "tl": r.type_label,
            "y": r.year,
            "d": r.day.strftime("%d/%m/%Y") if r.day else "",
            "u": r.url,
            "s": [[anchor, title] for anchor, title, _ in self.sections],
        }
        if r.parents:
            record["p"] = list(r.parents)
        if r.fulltext:
            record["f"] = 1
        if r.summary is not None:
            record["o"] = r.summary
        return record


Postings = tuple[tuple[str, int, int], ...]
"""(token, field code, count) of one document."""

PostingCache = dict[str, tuple[Directive, Postings]]
"""slug → (directive, its postings): lets `serve` re-tokenise only what changed."""


def build_index(corpus: Corpus, cache: PostingCache | None = None) -> dict[str, str]:
    """Every search file as path → JSON text (sorted keys, no spaces: byte-identical builds)."""
    directives = corpus.newest_first()
    ids = {d.slug: i for i, d in enumerate(directives)}
    docs = [_directive_doc(d, ids) for d in directives]
    docs += [_campaign_doc(c) for c in sorted(corpus.campaigns.values(), key=lambda c: c.slug)]
    docs += [_fulltext_doc(d, ids[d.slug]) for d in directives if d.fulltext is not None]
    shards: Shards = defaultdict(lambda: defaultdict(list))
    for doc_id, doc in enumerate(docs):
        directive = directives[doc_id] if doc_id < len(directives) else None
        for token, code, count in _cached_postings(doc, directive, cache):
            shards[shard_key(token)][token].extend((doc_id, code, count))
    meta = {
        "docs": [d.as_json() for d in docs],
        "fields": FIELDS,
        "key_length": SHARD_KEY_LENGTH,
        "shards": sorted(shards),
        "prefetch": prefetch_all(corpus),
    }
    files = {"search/docs.json": _dump(meta)}
    for key, postings in shards.items():
        files[f"search/shards/{key}.json"] = _dump(postings)
    for doc_id, doc in enumerate(docs):
        files[f"search/text/{doc_id}.json"] = _dump([list(s) for s in doc.sections])
    return files


def _fields(number: str | None, title: str, kind: str, issuer: str, tags: str = "") -> Fields:
    return (
        (number or "", FIELDS["number"]),
        (title, FIELDS["title"]),
        (kind, FIELDS["type"]),
        (issuer, FIELDS["issuer"]),
        (tags, FIELDS["tags"]),
    )


def _directive_record(
    directive: Directive,
    title: str,
    url: str,
    parents: tuple[int, ...] = (),
    summary: int | None = None,
) -> SearchRecord:
    return SearchRecord(
        number=directive.display_number,
        title=title,
        level=directive.level,
        level_label=LEVELS[directive.level],
        type=directive.type,
        type_label=DOC_TYPES[directive.type],
        year=directive.year or 0,
        day=directive.date,
        url=url,
        parents=parents,
        fulltext=summary is not None,
        summary=summary,
    )


def _directive_doc(directive: Directive, ids: dict[str, int]) -> SearchDoc:
    kind, tags = DOC_TYPES[directive.type], " ".join(directive.tags)
    fields = _fields(directive.number, directive.title, kind, directive.issuer, tags)
    sections = [(s.anchor, s.title, s.text) for s in directive.sections]
    parents = tuple(sorted(ids[r.slug] for r in directive.implements if r.slug in ids))
    url = urls.directive_url(directive.slug)
    return SearchDoc(_directive_record(directive, directive.title, url, parents), fields, sections)


def _fulltext_doc(directive: Directive, summary: int) -> SearchDoc:
    """The full text as its own record, which the browser ranks below summaries (`f`) and
    shows inside its summary's result (`o`)."""
    assert directive.fulltext is not None
    kind = DOC_TYPES[directive.type]
    fields = _fields(directive.number, f"Toàn văn {directive.title}", kind, directive.issuer)
    ft = directive.fulltext
    sections = [(s.anchor, s.title or "Phần mở đầu", s.text) for s in ft.sections]
    ending = " ".join((*ft.signer_lines, ft.signer, "Nơi nhận:", *ft.recipients))
    sections.append(("", "Nơi nhận, chữ ký", ending))
    title, url = f"Toàn văn: {directive.title}", urls.fulltext_url(directive.slug)
    return SearchDoc(_directive_record(directive, title, url, summary=summary), fields, sections)


def _campaign_doc(campaign: Campaign) -> SearchDoc:
    listed = " ".join(f"{i.number} {i.title or ''} {i.note}" for i in campaign.items)
    sections = [
        (urls.LIST_ANCHOR, "Văn bản học tập, quán triệt", listed),
        ("", "Hướng dẫn", campaign.text),
    ]
    if campaign.form:
        columns = " ".join(campaign.form.leaf_columns)
        sections.append(
            (
                urls.FORM_ANCHOR,
                "Phụ lục 2",
                f"Phụ lục 2, mẫu báo cáo kết quả: {campaign.form.title} {columns}",
            )
        )
    title = f"{campaign.label} {campaign.title} đợt học tập quán triệt"
    fields = _fields(campaign.guide, title, "Hướng dẫn", campaign.issuer)
    day = campaign.date or campaign.deadline
    record = SearchRecord(
        number=campaign.guide or "Hướng dẫn chưa ghi số",
        title=f"{campaign.title} (hạn {campaign.deadline.strftime('%d/%m/%Y')})",
        level="",
        level_label="Đợt học tập",
        type="huong-dan",
        type_label="Hướng dẫn",
        year=day.year,
        day=day,
        url=urls.campaign_url(campaign.slug),
    )
    return SearchDoc(record, fields, sections)


Shards = dict[str, dict[str, list[int]]]


def _cached_postings(
    doc: SearchDoc, directive: Directive | None, cache: PostingCache | None
) -> Postings:
    if cache is None or directive is None:
        return _postings(doc)
    known = cache.get(directive.slug)
    if known is None or known[0] != directive:
        known = cache[directive.slug] = (directive, _postings(doc))
    return known[1]


def _postings(doc: SearchDoc) -> Postings:
    first = FIELDS["section"]
    texts = [*doc.fields]
    texts += [(title + " " + text, first + i) for i, (_, title, text) in enumerate(doc.sections)]
    return tuple(
        (token, code, count) for text, code in texts for token, count in token_counts(text).items()
    )


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
