"""Search index built from the model: folded Vietnamese tokens, sharded for small downloads.

Files written under `search/` of the site (their names: builder/core/urls.py):
- `docs.json`: what ranking and the filters need of every document, a column a field
  (`_columns`), the codes of the fields the postings name (`fields`), the length of a
  shard key and the names of the other files (`files`, from core/urls.py `search_files`);
- `shards/<key>.json`: token → postings, one shard per first two letters of the token, so a
  query downloads only the shards of its own words (the cost grows with the vocabulary of
  the query, not with the corpus); each posting is (gap from the token's previous document
  id, field code, count), the gaps keeping the numbers short; a body posting's count is
  shifted by `successor_bits` (docs.json), the bits below naming the words that may follow
  the token in the document's texts (read/search_terms.py `successor_bit`);
- `numbers.json`: every document number, for the suggestions of a query finding nothing;
- `record/<id>.json`: what a result shows (number, title, labels, date, url, headings);
- `text/<id>.json`: a document's section texts, fetched only for the results shown (snippets).
The browser side (`theme/assets/search/`) folds queries with the same rules as `tokens` and
weighs each field by the name `fields` gives its code.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import itertools
import json
import re
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Literal, NamedTuple, overload

from builder.core import urls
from builder.core.memo import Memo
from builder.core.numbers import vn_date
from builder.core.schema import DOC_TYPES, LEVELS
from builder.core.spill import Spill
from builder.model import Bulletin, Campaign, Corpus, Directive, Translation
from builder.read.search_terms import (
    FIELDS,
    SUCCESSOR_BITS,
    Fields,
    Postings,
    postings_key,
    summary_fields,
    tokens,
)
from builder.read.search_terms import document_fields as _fields
from builder.read.search_terms import fold_token as fold_token
from builder.read.search_terms import postings as document_postings
from builder.read.search_terms import token_counts as token_counts

SHARD_KEY_LENGTH = 2
PREFETCH_UP_TO = 50
"""A corpus this small downloads its whole index when the search box opens (tens of KB)."""
OFFLINE_SEARCH_UP_TO = 2000
"""Up to this many directives the service worker keeps every shard and record at install, and
every text once it runs (`Precache`): ~0.85 MB and ~4.6 MB gzip at 1,000 directives."""


def shard_key(token: str) -> str:
    return token[:SHARD_KEY_LENGTH]


def prefetch_all(corpus: Corpus) -> bool:
    return len(corpus.directives) <= PREFETCH_UP_TO


class Precache(NamedTuple):
    """Search files the service worker keeps: `install`, before it takes the site over, and
    `later`, in the background once it has (builder/outputs/sw.js `keepLater`)."""

    install: list[str]
    later: list[str]


def prefetched(corpus: Corpus, files: list[str]) -> Precache:
    """Search files the service worker keeps, so that a reader who opened the site once can
    search at a meeting without signal, and searches online from the phone's own storage:
    all of a small corpus's index at install; up to OFFLINE_SEARCH_UP_TO directives, all but
    the texts at install and the texts later (a failed text must not fail the install, nor
    the texts delay it); beyond, only docs.json (10,000 directives: ~45 MB of texts)."""
    if prefetch_all(corpus):
        return Precache(files, [])
    if len(corpus.directives) <= OFFLINE_SEARCH_UP_TO:
        texts = [f for f in files if f.startswith(urls.SEARCH_TEXTS)]
        return Precache([f for f in files if not f.startswith(urls.SEARCH_TEXTS)], texts)
    return Precache([urls.SEARCH_DOCS], [])


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
    language: str = ""
    """A translation's language as a reader names it ("tiếng Mông"): the result says which
    language the words matched in."""


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable page: what a result shows, its weighted fields, its sections' text."""

    record: SearchRecord
    fields: Fields
    sections: list[tuple[str, str, str]]
    """(anchor, title, text) of each part."""

    def as_json(self) -> dict[str, object]:
        """What a shown result reads, in `record/<id>.json`: one or two letters a key, read by
        theme/assets/search/results.js."""
        r = self.record
        return {
            "n": r.number,
            "t": r.title,
            "l": r.level_label,
            "tl": r.type_label,
            "d": vn_date(r.day) if r.day else "",
            "u": r.url,
            "s": [[anchor, title] for anchor, title, _ in self.sections],
            **({"lg": r.language} if r.language else {}),
        }


def _campaign_filter(
    corpus: Corpus,
    records: Sequence[SearchRecord | None],
    ids: dict[str, int],
    campaign_ids: dict[str, int] | None = None,
) -> dict[str, object]:
    """The campaign filter: each campaign's id and label (`list`), and for each document the
    campaigns that list it (`of`: id → campaign ids; a full text goes with its summary, a
    campaign with itself). Campaigns are numbered after the summaries unless `campaign_ids`
    (slug → id: `serve`'s `SessionIndex`) says otherwise; a None record is an unused id."""
    campaigns = sorted(corpus.campaigns.values(), key=lambda c: c.slug)
    first = len(corpus.directives)
    numbered = campaign_ids or {c.slug: first + i for i, c in enumerate(campaigns)}
    of: dict[int, list[int]] = defaultdict(list)
    for campaign in campaigns:
        at = numbered[campaign.slug]
        of[at].append(at)
        for item in campaign.items:
            if item.slug in ids and at not in of[ids[item.slug]]:
                of[ids[item.slug]].append(at)
    for doc_id, record in enumerate(records):
        summary = record.summary if record is not None else None
        if summary is not None and summary in of:
            of[doc_id] = of[summary]
    labels = [[numbered[c.slug], c.label] for c in campaigns]
    return {"list": labels, "of": {str(k): v for k, v in sorted(of.items())}}


@dataclass(frozen=True, slots=True)
class _Row:
    """What docs.json's columns hold of one document (`_columns`)."""

    level: str
    type: str
    year: int
    day: int
    """yyyymmdd, 0 without a date."""
    words: int
    summary: int | None
    parents: tuple[int, ...]


def _row(r: SearchRecord) -> _Row:
    day = int(r.day.strftime("%Y%m%d")) if r.day else 0
    return _Row(r.level, r.type, r.year, day, _title_words(r.title), r.summary, r.parents)


@functools.lru_cache(maxsize=1 << 16)
def _title_words(title: str) -> int:
    """A title's length in words."""
    return len(tokens(title))


def _columns(rows: Sequence[_Row | None]) -> dict[str, object]:
    """What ranking and the filters need of every document, in docs.json, one column a key:
    level and type as their place in `levels`, `types` (named by the filters of
    theme/partials/search.html: `lv`, `ty`, `y`), the year, the day as yyyymmdd, the title's
    length in words (`w`), each full text's summary (`o`) and each carrying-out document's
    originals (`p`). Titles and numbers stay in `record/<id>.json`, fetched for the results
    shown: at 10,000 documents they would weigh more than the rest of a first search.
    An id no document holds (None: a page deleted in a `serve` session) has zeros, which no
    posting names and the year filter skips."""
    levels = sorted({r.level for r in rows if r is not None})
    types = sorted({r.type for r in rows if r is not None})
    level_at = {level: i for i, level in enumerate(levels)}
    type_at = {kind: i for i, kind in enumerate(types)}
    return {
        "levels": levels,
        "types": types,
        "lv": [level_at[r.level] if r else 0 for r in rows],
        "ty": [type_at[r.type] if r else 0 for r in rows],
        "y": [r.year if r else 0 for r in rows],
        "d": [r.day if r else 0 for r in rows],
        "w": [r.words if r else 0 for r in rows],
        "o": {str(i): r.summary for i, r in enumerate(rows) if r and r.summary is not None},
        "p": {str(i): list(r.parents) for i, r in enumerate(rows) if r and r.parents},
    }


PostingCache = Memo[Postings]
"""slug → its postings, from the directive: lets the build cache re-tokenise only what
changed."""


@dataclass
class IndexCache:
    """What `iter_index` made last time, for the build cache to reuse: each
    file's JSON (`files`: path → text, from what the file holds: a record's fields, a
    shard's documents with the mark of their postings there), so that a file whose inputs
    are equal is not encoded again (a document's text is: it would double its weight in
    the cache).

    A summary's postings in a shard are known by a mark, a 64-bit digest of them (`marks`,
    computed only when its postings change, kept as a string and a few arrays a summary):
    a shard is known by the ids and marks of its documents, numbers only, and made again
    only when one of them changed. The same entry gives the places of the summary's postings
    shard by shard, so that making a shard again picks out only its own postings (without
    grouping every document's postings, nor keeping them grouped: 400,000 tuples at 1.000).
    """

    files: Memo[str] = dataclasses.field(default_factory=Memo)
    docs: Memo[Kept] = dataclasses.field(default_factory=Memo)
    """A summary's page key → what its record and text were, from what they are made of
    (`_Source.inputs`): an unchanged summary is not made again, its text not encoded again
    (`iter_index` with `lazy`)."""
    marks: Memo[tuple[str, bytes, bytes, bytes]] = dataclasses.field(default_factory=Memo)
    """slug → (its shard keys joined by NUL, their marks as int64, the places of its postings
    shard after shard and where each shard's places end, both int32), from the postings."""

    def marked(self, slug: str, postings: Postings) -> dict[str, tuple[object, _Part]]:
        """A summary's mark in each shard it is in, with its postings and their places there
        (`_Made.parts`)."""
        keys, packed, order, ends = self.marks.get(slug, postings, partial(_marks, postings))
        marks, places, stops = array("q"), array("i"), array("i")
        marks.frombytes(packed)
        places.frombytes(order)
        stops.frombytes(ends)
        names = keys.split("\0") if keys else []
        starts = [0, *stops[:-1]]
        return {
            key: (mark, (postings, (places, start, stop)))
            for key, mark, start, stop in zip(names, marks, starts, stops, strict=True)
        }

    def keep_only(self, slugs: list[str]) -> None:
        self.marks.keep_only(slugs)
        self.docs.keep_only((_SUMMARY, slug) for slug in slugs)


@dataclass(frozen=True, slots=True)
class Kept:
    """What the build cache keeps of a summary's search files: its record (docs.json's
    columns), its `record/<id>.json` as a value, and the digest of its text's file."""

    record: SearchRecord
    shown: dict[str, object]
    text: bytes


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A file `iter_index` gives by its digest (`file_digest`), when a build kept what it
    holds: made (`make`) only if the site does not hold those bytes already."""

    digest: bytes
    make: Callable[[], str]


def file_digest(content: bytes) -> bytes:
    """How the build cache knows a file it wrote beside the pages (the plugin's `written`)."""
    return hashlib.blake2b(content, digest_size=16).digest()


Places = tuple["array[int]", int, int]
"""The places of a summary's postings in one shard: `places[start:stop]`."""
_Part = tuple[Postings, Places | None]
"""A document's postings in one shard: all its postings and their places there, or (None)
those postings alone (`_picked`)."""


def _marks(postings: Postings) -> tuple[str, bytes, bytes, bytes]:
    """See `IndexCache.marks`: the groups as `_by_shard` makes them, each known by a digest."""
    groups = _shard_places(postings)

    def mark(places: list[int]) -> int:
        group = tuple(postings[at] for at in places)
        digest = hashlib.blake2b(repr(group).encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)

    order, ends = array("i"), array("i")
    for places in groups.values():
        order.extend(places)
        ends.append(len(order))
    marks = array("q", map(mark, groups.values()))
    return "\0".join(groups), marks.tobytes(), order.tobytes(), ends.tobytes()


def build_index(corpus: Corpus, cache: PostingCache | None = None) -> dict[str, str]:
    """Every search file as path → JSON text (sorted keys, no spaces: byte-identical builds)."""
    return dict(iter_index(corpus, cache))


@overload
def iter_index(
    corpus: Corpus,
    cache: PostingCache | None = None,
    made: IndexCache | None = None,
    session: SessionIndex | None = None,
    lazy: Literal[False] = False,
) -> Iterator[tuple[str, str]]: ...


@overload
def iter_index(
    corpus: Corpus,
    cache: PostingCache | None,
    made: IndexCache | None,
    session: SessionIndex | None,
    lazy: bool,
) -> Iterator[tuple[str, str | Unchanged]]: ...


def iter_index(
    corpus: Corpus,
    cache: PostingCache | None = None,
    made: IndexCache | None = None,
    session: SessionIndex | None = None,
    lazy: bool = False,
) -> Iterator[tuple[str, str | Unchanged]]:
    """`build_index` as a stream: each document's record and text are given as soon as its
    postings are counted, so no more than one document's text is held at a time (a body kept
    on disk, `Corpus.bodies`, is read back for it); the shards and docs.json come last.
    With `made`, what did not change since the last call is given again without encoding;
    with `session` (`serve`), ids stay as they were and only the files that changed are
    given (`SessionIndex.update`: `cache` and `made` unused); with `lazy` (`sotay build`
    with its cache), an unchanged summary is not made again and its text is given as
    `Unchanged`."""
    if session is not None:  # `serve`: only the files what changed touches
        yield from session.update(corpus)
        return
    if made is None:  # a build from nothing keeps no cache: the compact stream, flat memory
        yield from _fresh_index(corpus, cache)
        return
    directives = corpus.newest_first()
    keys = _doc_keys(corpus, directives)
    numbered = {k: i for i, k in enumerate(keys)}
    ids = {k[1]: i for k, i in numbered.items() if k[0] == _SUMMARY}
    campaign_ids = {k[1]: i for k, i in numbered.items() if k[0] == _CAMPAIGN}
    members: dict[str, list[tuple[int, Postings, Places | None]]] = defaultdict(list)
    """shard key → (doc id, its postings there, or a summary's postings and their places
    there) of each document in it: a summary's are picked out only when the shard is made
    again (`_shard_of`)."""
    known: dict[str, list[object]] = defaultdict(list)
    """shard key → doc id, its mark (or postings) there, … (flat: a shard's inputs)"""
    records: list[SearchRecord | None] = [None] * (max(numbered.values(), default=-1) + 1)
    files, seen = made.files, []
    for page, doc_id in numbered.items():
        source = _source(corpus, page, ids, campaign_ids)
        if lazy and source.directive is not None:
            doc = _known_doc(source, cache, corpus.bodies, made, page)
        else:
            doc = _made_doc(source, cache, corpus.bodies, made)
        for shard, (mark, part) in doc.parts.items():
            known[shard] += (doc_id, mark)
            members[shard].append((doc_id, *part))
        records[doc_id] = doc.record
        record = urls.search_record(doc_id)
        yield record, files.get(record, doc.shown, partial(_dump, doc.shown))
        # A text (most of the index's bytes) is encoded each time: kept, it would double
        # what the sections weigh in memory and in the build cache.
        yield urls.search_text(doc_id), doc.text
        seen.append(record)
    made.keep_only([d.slug for d in directives])
    present = sorted(members)
    yield urls.SEARCH_DOCS, _dump(_meta(corpus, records, ids, present, campaign_ids))
    yield urls.SEARCH_NUMBERS, _dump(_numbers(records))
    for key, in_shard in members.items():
        shard = urls.search_shard(key)
        seen.append(shard)
        yield shard, files.get(shard, tuple(known[key]), partial(_shard_of, in_shard))
    files.keep_only(seen)


def _shard_of(in_shard: list[tuple[int, Postings, Places | None]]) -> str:
    return _shard_json([(doc_id, _picked(postings, at)) for doc_id, postings, at in in_shard])


def _picked(postings: Postings, at: Places | None) -> Postings:
    """A document's postings in one shard: all given, or a summary's picked out by place."""
    return postings if at is None else tuple(postings[i] for i in at[0][at[1] : at[2]])


DocKey = tuple[str, ...]
"""A searchable page: (`_SUMMARY`, slug), (`_CAMPAIGN`, slug), (`_FULLTEXT`, slug),
(`_TRANSLATION`, slug, language), (`_BULLETIN`, name)."""
_SUMMARY, _CAMPAIGN, _FULLTEXT, _TRANSLATION, _BULLETIN = "s", "c", "f", "t", "b"


def _doc_keys(corpus: Corpus, directives: list[Directive]) -> list[DocKey]:
    """Every searchable page in the order a build numbers them: summaries (newest first),
    campaigns, full texts, translations, bulletins."""
    keys: list[DocKey] = [(_SUMMARY, d.slug) for d in directives]
    keys += [(_CAMPAIGN, slug) for slug in sorted(corpus.campaigns)]
    keys += [(_FULLTEXT, d.slug) for d in directives if d.fulltext is not None]
    keys += [(_TRANSLATION, d.slug, t.lang) for d in directives for t in d.translations]
    keys += [(_BULLETIN, name) for name in sorted(corpus.bulletins)]
    return keys


@dataclass(frozen=True, slots=True)
class _Source:
    """How to make one searchable page's SearchDoc, and everything it is made from."""

    inputs: object
    """Equal inputs make an equal SearchDoc (the ids it names included)."""
    make: Callable[[], SearchDoc]
    directive: Directive | None
    """A summary's directive: its postings may be cached by it."""


def _source(corpus: Corpus, key: DocKey, ids: dict[str, int], campaigns: dict[str, int]) -> _Source:
    kind, name = key[0], key[1]
    if kind == _CAMPAIGN:
        campaign = corpus.campaigns[name]
        return _Source(campaign, partial(_campaign_doc, campaign), None)
    if kind == _BULLETIN:
        bulletin = corpus.bulletins[name]
        make = partial(_bulletin_doc, corpus, bulletin, ids, campaigns)
        target: tuple[object, int]  # what it is read for, and that one's id
        if bulletin.directive is not None:
            target = (corpus.directives[bulletin.directive], ids[bulletin.directive])
        else:
            assert bulletin.campaign is not None
            target = (corpus.campaigns[bulletin.campaign], campaigns[bulletin.campaign])
        return _Source((bulletin, target), make, None)
    directive = corpus.directives[name]
    if kind == _SUMMARY:
        parents = tuple(sorted(ids[r.slug] for r in directive.implements if r.slug in ids))
        make = partial(_summary_doc, corpus, directive, ids)
        return _Source((directive, parents), make, directive)
    if kind == _FULLTEXT:
        make = partial(_full_text_doc, corpus, directive, ids[name])
        return _Source((directive, ids[name]), make, None)
    translation = next(t for t in directive.translations if t.lang == key[2])
    make = partial(_translation_doc, directive, translation, ids[name])
    return _Source((directive, translation, ids[name]), make, None)


def _summary_doc(corpus: Corpus, directive: Directive, ids: dict[str, int]) -> SearchDoc:
    return _directive_doc(corpus.full(directive), ids)


def _full_text_doc(corpus: Corpus, directive: Directive, summary: int) -> SearchDoc:
    return _fulltext_doc(corpus.full(directive), summary)


@dataclass(frozen=True, slots=True)
class _Made:
    """What one searchable page gives the index."""

    record: SearchRecord
    shown: dict[str, object]
    """Its `record/<id>.json`."""
    text: str | Unchanged
    """Its `text/<id>.json`, encoded (or by its digest: `_known_doc`)."""
    parts: dict[str, tuple[object, _Part]]
    """shard key → its mark there (a summary's; others': their postings there), the shard's
    input, and its postings there, or a summary's postings and their places (`_picked`)."""


def _made_doc(
    source: _Source,
    cache: PostingCache | None,
    kept: Spill | None,
    made: IndexCache,
) -> _Made:
    doc = source.make()
    postings = _cached_postings(doc, source.directive, cache, kept)
    parts: dict[str, tuple[object, tuple[Postings, Places | None]]]
    if source.directive is None:
        parts = {key: (group, (group, None)) for key, group in _by_shard(postings).items()}
    else:
        parts = made.marked(source.directive.slug, postings)
    return _Made(doc.record, doc.as_json(), _text(doc), parts)


def _text(doc: SearchDoc) -> str:
    return _dump([list(s) for s in doc.sections])


def _known_doc(
    source: _Source, cache: PostingCache | None, kept: Spill | None, made: IndexCache, page: DocKey
) -> _Made:
    """A summary's `_Made` for `sotay build` with its cache: made again only when what it is
    made of changed (`IndexCache.docs`); else its record as kept, its text by digest, and its
    marks and places in each shard from its postings (both kept by their memos)."""
    directive = source.directive
    assert directive is not None
    if cache is None or kept is not None:  # (never: the build cache keeps postings, no spill)
        return _made_doc(source, cache, kept, made)
    now: list[_Made] = []

    def make() -> Kept:
        doc = _made_doc(source, cache, kept, made)
        now.append(doc)
        assert isinstance(doc.text, str)
        return Kept(doc.record, doc.shown, file_digest(doc.text.encode("utf-8")))

    last = made.docs.get(page, source.inputs, make)
    if now:
        return now[0]
    postings = cache.get(directive.slug, directive, lambda: _postings(source.make()))
    text = Unchanged(last.text, lambda: _text(source.make()))
    return _Made(last.record, last.shown, text, made.marked(directive.slug, postings))


@dataclass(slots=True)
class _Entry:
    """What one searchable page gave a `SessionIndex`: kept small, as its files are written
    (its text is the pipeline's sections again: never kept here)."""

    key: DocKey
    inputs: object
    """Equal inputs make an equal page (`_Source.inputs`): it is not made again."""
    record: SearchRecord
    row: _Row
    number: tuple[str, str, int] | None
    """Its line of numbers.json but its id (`_number_of`)."""
    postings: bytes
    """Its postings, shard after shard, packed (`_pack`): read back only when it changes."""


SESSION_FLUSH = 200_000
"""Postings a `SessionIndex` collects before it puts them in its token lists: a session's
first index holds no more than these at a time beside the lists."""


@dataclass
class SessionIndex:
    """`serve`: what keeps a session's search index quick to update after an edit.

    Each searchable page keeps its id through the session (`number`): adding, renaming or
    deleting a file changes the shards holding its words only, not the ids of every page
    after it (a shard spells ids as gaps: shifted ids would make every shard again); a page
    is made again only when its inputs change (`entries`), and only the files it changes are
    given again (`update`: its record and text, the shards whose tokens it changes, docs.json
    and numbers.json); the others stay as written (`kept`). A session's first index numbers
    pages as `sotay build` does; after an addition, a deletion or a change of date the ids
    may differ from a build's (a new page takes the lowest free id, a deleted page's id is
    unused till then): results are the same, only documents equal in score, year and date
    may come in another order. `sotay build` never uses it.
    """

    ids: dict[DocKey, int] = dataclasses.field(default_factory=dict)
    entries: dict[int, _Entry] = dataclasses.field(default_factory=dict)
    """doc id → what its page gave."""
    lists: dict[str, _TokenList] = dataclasses.field(default_factory=dict)
    """token → the documents holding it, in id order, with its entry's JSON: a change of one
    document re-encodes its segment and its successor's gap only."""
    tokens: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    """shard key → its tokens."""
    kept: list[str] = dataclasses.field(default_factory=list)
    """The search files the last `update` left as they were (the site still holds them)."""
    encoded: dict[str, tuple[object, str]] = dataclasses.field(default_factory=dict)
    """A part of docs.json or numbers.json → its value and JSON at the last call."""

    def update(self, corpus: Corpus) -> Iterator[tuple[str, str]]:
        """The search files that changed since the last call, the first call all of them;
        then `kept` names the others (a file in neither is gone)."""
        keys = _doc_keys(corpus, corpus.newest_first())
        numbered = self.number(keys)
        ids = {k[1]: i for k, i in numbered.items() if k[0] == _SUMMARY}
        campaign_ids = {k[1]: i for k, i in numbered.items() if k[0] == _CAMPAIGN}
        last, self.entries = self.entries, {}
        changes: _Changes = defaultdict(dict)
        stale: dict[str, set[str]] = defaultdict(set)
        made, pending = [], 0
        for page, doc_id in numbered.items():
            source = _source(corpus, page, ids, campaign_ids)
            old = last.get(doc_id)
            if old is not None and old.key == page and old.inputs == source.inputs:
                self.entries[doc_id] = old
                continue
            doc = source.make()
            groups = _by_shard(_cached_postings(doc, source.directive, None, corpus.bodies))
            record = doc.record
            entry = _Entry(
                page, source.inputs, record, _row(record), _number_of(record), _pack(groups)
            )
            self.entries[doc_id] = entry
            if old is None or old.postings != entry.postings:
                before = _unpack(old.postings) if old is not None else {}
                pending += _changed(doc_id, before, groups, changes, stale)
            made.append(doc_id)
            yield urls.search_record(doc_id), _dump(doc.as_json())
            yield urls.search_text(doc_id), _text(doc)
            if pending > SESSION_FLUSH:
                self._apply(changes)
                changes, pending = defaultdict(dict), 0
        for doc_id, old in last.items():
            if doc_id not in self.entries:
                _changed(doc_id, _unpack(old.postings), {}, changes, stale)
        self._apply(changes)
        remade = self._shards(stale)
        yield from self._files(corpus, ids, campaign_ids)
        for key in remade:
            yield urls.search_shard(key), self._shard(key)
        self._keep(set(made), remade)

    def _apply(self, changes: _Changes) -> None:
        for token, by_doc in changes.items():
            held = self.lists.get(token)
            if held is None:
                held = self.lists[token] = _TokenList(f"{_dump(token)}:[")
            held.apply(sorted(by_doc.items()))
            if not held.order:
                del self.lists[token]

    def _shards(self, stale: dict[str, set[str]]) -> list[str]:
        """Bring each stale shard's tokens up to date; the shards to make again."""
        remade = []
        for key, changed in stale.items():
            held = self.tokens.setdefault(key, set())
            for token in changed:
                if token in self.lists:
                    held.add(token)
                else:
                    held.discard(token)
            if held:
                remade.append(key)
            else:
                del self.tokens[key]
        return remade

    def _shard(self, key: str) -> str:
        """A shard's JSON, as `_shard_json` writes it."""
        lists = self.lists
        return (
            "{"
            + ",".join(lists[t].head + lists[t].body + "]" for t in sorted(self.tokens[key]))
            + "}"
        )

    def _files(
        self, corpus: Corpus, ids: dict[str, int], campaign_ids: dict[str, int]
    ) -> Iterator[tuple[str, str]]:
        """docs.json and numbers.json, from what each page gave."""
        size = max(self.entries, default=-1) + 1
        records: list[SearchRecord | None] = [None] * size
        rows: list[_Row | None] = [None] * size
        lines: list[tuple[str, str, int] | None] = [None] * size
        for doc_id, entry in self.entries.items():
            records[doc_id], rows[doc_id], lines[doc_id] = entry.record, entry.row, entry.number
        numbers = [(*line, doc_id) for doc_id, line in enumerate(lines) if line is not None]
        meta = _meta(corpus, records, ids, sorted(self.tokens), campaign_ids, rows)
        columns = meta.pop("docs")
        assert isinstance(columns, dict)
        docs = _joined({k: self._encoded(f"docs.{k}", v) for k, v in columns.items()})
        yield (
            urls.SEARCH_DOCS,
            _joined({"docs": docs, **{k: self._encoded(k, v) for k, v in meta.items()}}),
        )
        yield urls.SEARCH_NUMBERS, self._encoded("numbers", numbers)

    def _encoded(self, name: str, value: object) -> str:
        """`_dump(value)`: the text of the last call when `value` is equal (of docs.json's
        columns, an edit changes one or two)."""
        last = self.encoded.get(name)
        if last is None or last[0] != value:
            last = self.encoded[name] = (value, _dump(value))
        return last[1]

    def _keep(self, made: set[int], remade: list[str]) -> None:
        again = set(remade)
        self.kept = [
            path
            for doc_id in self.entries
            if doc_id not in made
            for path in (urls.search_record(doc_id), urls.search_text(doc_id))
        ]
        self.kept += [urls.search_shard(key) for key in self.tokens if key not in again]

    def number(self, keys: list[DocKey]) -> dict[DocKey, int]:
        """Each page's id: its id of the last call, else the lowest free one (in `keys`'
        order: a first call numbers pages as a build does)."""
        present = set(keys)
        kept = {key: i for key, i in self.ids.items() if key in present}
        taken = set(kept.values())
        free = (i for i in itertools.count() if i not in taken)
        for key in keys:
            if key not in kept:
                kept[key] = next(free)
        self.ids = kept
        return kept


def _joined(parts: dict[str, str]) -> str:
    """`_dump` of a dict whose values are given as JSON already."""
    return "{" + ",".join(f"{_dump(k)}:{v}" for k, v in sorted(parts.items())) + "}"


_Changes = dict[str, dict[int, "list[tuple[int, int]] | None"]]
"""token → doc id → its postings of the token now (None: it holds it no more)."""


def _changed(
    doc_id: int,
    old: dict[str, Postings],
    new: dict[str, Postings],
    changes: _Changes,
    stale: dict[str, set[str]],
) -> int:
    """Note in `changes` and `stale` (shard key → tokens) the tokens of the shards where a
    document's postings went from `old` to `new`; how many postings it noted."""
    noted = 0
    for key in old.keys() | new.keys():
        if old.get(key) == new.get(key):  # an edit changes a few shards only
            continue
        for token, _, _ in old.get(key, ()):
            changes[token][doc_id] = None
            stale[key].add(token)
        for token, code, count in new.get(key, ()):
            now = changes[token].get(doc_id)
            if now is None:
                now = changes[token][doc_id] = []
            now.append((code, count))
            stale[key].add(token)
        noted += len(new.get(key, ()))
    return noted


def _pack(groups: dict[str, Postings]) -> bytes:
    """A document's postings by shard key as a `SessionIndex` keeps them: shard after shard
    (`_by_shard` gives the groups back, each in its order), a line each, compressed."""
    grouped = itertools.chain.from_iterable(groups.values())
    lines = "\n".join(f"{token}\t{code}\t{count}" for token, code, count in grouped)
    return zlib.compress(lines.encode("utf-8"), 1)


def _unpack(packed: bytes) -> dict[str, Postings]:
    """`_pack`'s postings grouped by shard key again."""
    text = zlib.decompress(packed).decode("utf-8")
    postings = []
    for line in text.split("\n") if text else ():
        token, code, count = line.split("\t")
        postings.append((token, int(code), int(count)))
    return _by_shard(tuple(postings))


def _meta(
    corpus: Corpus,
    records: Sequence[SearchRecord | None],
    ids: dict[str, int],
    shards: list[str],
    campaign_ids: dict[str, int] | None = None,
    rows: Sequence[_Row | None] | None = None,
) -> dict[str, object]:
    """docs.json: the documents' columns (from `rows` when given), the campaign filter, the
    shards there are."""
    return {
        "docs": _columns([_row(r) if r else None for r in records] if rows is None else rows),
        "campaigns": _campaign_filter(corpus, records, ids, campaign_ids),
        "fields": FIELDS,
        "key_length": SHARD_KEY_LENGTH,
        "successor_bits": SUCCESSOR_BITS,
        "shards": shards,
        "prefetch": prefetch_all(corpus),
        "files": urls.search_files(),
    }


def _by_shard(postings: Postings) -> dict[str, Postings]:
    """A document's postings grouped by shard key, keys in the order they first appear."""
    return {
        key: tuple(postings[at] for at in places) for key, places in _shard_places(postings).items()
    }


def _shard_places(postings: Postings) -> dict[str, list[int]]:
    """The places of a document's postings grouped by shard key (`shard_key`, inlined:
    400,000 calls at 1,000 documents), keys in the order they first appear."""
    groups: dict[str, list[int]] = {}
    for at, posting in enumerate(postings):
        key = posting[0][:SHARD_KEY_LENGTH]
        group = groups.get(key)
        if group is None:
            groups[key] = [at]
        else:
            group.append(at)
    return groups


def _shard_json(by_doc: list[tuple[int, Postings]]) -> str:
    """One shard: token → its postings, (gap from the token's previous document id, field
    code, count) each, documents in id order."""
    shard: dict[str, array[int]] = {}
    last: dict[str, int] = {}
    for doc_id, group in by_doc:
        for token, code, count in group:
            gap = doc_id - last.get(token, 0)
            last[token] = doc_id
            postings = shard.get(token)
            if postings is None:
                postings = shard[token] = array("q")
            postings.extend((gap, code, count))
    return _dump({token: postings.tolist() for token, postings in shard.items()})


def _segment(gap: int, postings: list[tuple[int, int]]) -> str:
    """One document's postings of a token in the token's entry: the first after `gap` from
    the previous document's id, the others after a gap of 0 (the same document)."""
    return f"{gap}," + ",0,".join(f"{code},{count}" for code, count in postings)


def _regapped(segment: str, gap: int) -> str:
    """`segment` with another gap before it (its previous document changed)."""
    return f"{gap},{segment.partition(',')[2]}"


SPLICE_UP_TO = 4
"""A token list changed in up to this many documents splices each one's segment in place;
more are put in all at once (a session's first index, a change of many documents)."""


@dataclass(slots=True)
class _TokenList:
    """The documents holding one token in a `SessionIndex`, in id order, with its entry's
    JSON: `head` (`"token":[`), then `body`, the documents' segments (`_segment`) joined by
    commas, each `sizes` long."""

    head: str
    order: array[int] = dataclasses.field(default_factory=partial(array, "i"))
    sizes: array[int] = dataclasses.field(default_factory=partial(array, "i"))
    body: str = ""

    def apply(self, changes: list[tuple[int, list[tuple[int, int]] | None]]) -> None:
        """Give each document (in id order) these postings of the token (None: none)."""
        order = self.order
        if order and len(changes) <= SPLICE_UP_TO:
            for doc_id, postings in changes:
                self._set(doc_id, postings)
            return
        if not order or changes[0][0] > order[-1]:  # after every document it holds
            previous = order[-1] if order else 0
            segments = []
            for doc_id, postings in changes:
                if postings is not None:
                    segments.append(_segment(doc_id - previous, postings))
                    order.append(doc_id)
                    previous = doc_id
            self.sizes.extend(map(len, segments))
            self.body = ",".join([self.body, *segments] if self.body else segments)
            return
        self._rebuild(changes)

    def _rebuild(self, changes: list[tuple[int, list[tuple[int, int]] | None]]) -> None:
        ids, segments, at = self.order.tolist(), [], 0
        for size in self.sizes:
            segments.append(self.body[at : at + size])
            at += size + 1
        for doc_id, postings in changes:
            _set_segment(ids, segments, doc_id, postings)
        self.order, self.sizes = array("i", ids), array("i", map(len, segments))
        self.body = ",".join(segments)

    def _set(self, doc_id: int, postings: list[tuple[int, int]] | None) -> None:
        """One document's segment spliced into `body`, with the gap of the one after it."""
        order = self.order
        at = bisect.bisect_left(order, doc_id)
        present = at < len(order) and order[at] == doc_id
        if postings is None and not present:
            return
        previous = order[at - 1] if at else 0
        ids, segments, stop = [], [], at + 1 if present else at
        if postings is not None:
            ids.append(doc_id)
            segments.append(_segment(doc_id - previous, postings))
            previous = doc_id
        if stop < len(order):  # the next document's gap changes
            ids.append(order[stop])
            segments.append(_regapped(self._segment_at(stop), order[stop] - previous))
            stop += 1
        self._replace(at, stop, ids, segments)

    def _offset(self, at: int) -> int:
        """Where segment `at` starts in `body`."""
        return sum(self.sizes[:at]) + at

    def _segment_at(self, at: int) -> str:
        start = self._offset(at)
        return self.body[start : start + self.sizes[at]]

    def _replace(self, lo: int, hi: int, ids: list[int], segments: list[str]) -> None:
        """Segments `lo` to `hi` (excluded) replaced by `segments`, of documents `ids`."""
        body, count = self.body, len(self.order)
        text = ",".join(segments)
        if lo == count:  # appended after the last one
            start = stop = len(body)
            text = "," + text if count else text
        else:
            start = self._offset(lo)
            stop = start + sum(self.sizes[lo:hi]) + hi - lo - 1
            if not segments:  # a comma goes with the segments
                start, stop = (start - 1, stop) if lo else (start, min(stop + 1, len(body)))
        self.body = body[:start] + text + body[stop:]
        self.order[lo:hi] = array("i", ids)
        self.sizes[lo:hi] = array("i", map(len, segments))


def _set_segment(
    order: list[int], segments: list[str], doc_id: int, postings: list[tuple[int, int]] | None
) -> None:
    """Give document `doc_id` these postings of the token (None: none), re-encoding its
    segment and the gap of the document after it."""
    at = bisect.bisect_left(order, doc_id)
    present = at < len(order) and order[at] == doc_id
    previous = order[at - 1] if at else 0
    if postings is None:
        if not present:
            return
        del order[at], segments[at]
    elif present:
        segments[at] = _segment(doc_id - previous, postings)
        at, previous = at + 1, doc_id
    else:
        order.insert(at, doc_id)
        segments.insert(at, _segment(doc_id - previous, postings))
        at, previous = at + 1, doc_id
    if at < len(order):
        segments[at] = _regapped(segments[at], order[at] - previous)


def _fresh_index(corpus: Corpus, cache: PostingCache | None) -> Iterator[tuple[str, str]]:
    """`iter_index` with nothing kept for a next build (`--clean`, a large corpus): postings
    go straight into each shard's arrays, a few integers each, so memory stays flat at 10.000
    documents. The files are byte for byte those of `iter_index` with a cache (tested)."""
    directives = corpus.newest_first()
    ids = {d.slug: i for i, d in enumerate(directives)}
    shards: dict[str, dict[str, array[int]]] = defaultdict(dict)
    last: dict[str, int] = {}
    records: list[SearchRecord] = []
    for doc_id, (doc, directive) in enumerate(_docs(corpus, directives, ids)):
        for token, code, count in _cached_postings(doc, directive, cache, corpus.bodies):
            gap = doc_id - last.get(token, 0)
            last[token] = doc_id
            shard = shards[token[:SHARD_KEY_LENGTH]]
            postings = shard.get(token)
            if postings is None:
                postings = shard[token] = array("q")
            postings.extend((gap, code, count))
        records.append(doc.record)
        yield urls.search_record(doc_id), _dump(doc.as_json())
        yield urls.search_text(doc_id), _dump([list(s) for s in doc.sections])
    yield urls.SEARCH_DOCS, _dump(_meta(corpus, records, ids, sorted(shards)))
    yield urls.SEARCH_NUMBERS, _dump(_numbers(records))
    for key, by_token in shards.items():
        yield urls.search_shard(key), _dump({t: p.tolist() for t, p in by_token.items()})


def _docs(
    corpus: Corpus, directives: list[Directive], ids: dict[str, int]
) -> Iterator[tuple[SearchDoc, Directive | None]]:
    """Every searchable page in id order (`_doc_keys`), with the directive a summary's
    postings may be cached by."""
    keys = _doc_keys(corpus, directives)
    campaigns = {k[1]: i for i, k in enumerate(keys) if k[0] == _CAMPAIGN}
    for key in keys:
        source = _source(corpus, key, ids, campaigns)
        yield source.make(), source.directive


_OWN_NUMBER = re.compile(r"^(\d+)-([^/]+)")


def _numbers(records: Sequence[SearchRecord | None]) -> list[tuple[str, str, int, int]]:
    """(number, its folded code, its digits, id) of each summary and campaign guide with a
    number: what a query that finds nothing is offered instead ("nq 999" → the nearest NQ),
    fetched only then."""
    found = []
    for doc_id, record in enumerate(records):
        number = _number_of(record) if record is not None else None
        if number is not None:
            found.append((*number, doc_id))
    return found


def _number_of(record: SearchRecord) -> tuple[str, str, int] | None:
    """A record's line of numbers.json but its id: None for a full text or no number."""
    match = _OWN_NUMBER.match(record.number)
    if match is None or record.fulltext:
        return None
    return record.number, "".join(tokens(match.group(2))), int(match.group(1))


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
    fields = summary_fields(
        directive.number, directive.title, directive.type, directive.issuer, directive.tags
    )
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


def _translation_doc(directive: Directive, translation: Translation, summary: int) -> SearchDoc:
    """A translation as its own record, shown inside its summary's result like a full text
    (`o`), naming its language (`lg`); its languages' names are its title words, so "tiếng
    Mông" finds the documents that have a Mông version. Its words are indexed as written:
    Latin-script orthographies such as Hmong RPA (final letters marking tones: "txoj", "peb")
    fold to themselves, and a query's word the index knows is never read as Telex keys."""
    language = translation.language
    kind = DOC_TYPES[directive.type]
    names = f"{language.name} {language.own_name}"
    fields = _fields(directive.number, names, kind, directive.issuer)
    sections = [(s.anchor, s.title, s.text) for s in translation.sections]
    title = f"Bản {language.name}: {directive.title}"
    url = urls.translation_url(directive.slug, translation.lang)
    record = _directive_record(directive, title, url, summary=summary)
    return SearchDoc(dataclasses.replace(record, language=language.name), fields, sections)


BULLETIN_LABEL = "tin phát thanh"
"""How a result names a bulletin it matched in, after "Khớp trong bản" (`lg`, as a
translation's language): "Khớp trong bản tin phát thanh"."""


def _bulletin_doc(
    corpus: Corpus, bulletin: Bulletin, ids: dict[str, int], campaigns: dict[str, int]
) -> SearchDoc:
    """A loudspeaker bulletin as its own record, shown inside the result of what it is read
    for (`o`, like a full text): its words find that document or campaign, and the result
    links the bulletin. "bản tin phát thanh" are its title words."""
    title = f"Bản tin phát thanh: {bulletin.title}"
    sections = [("", bulletin.title, bulletin.text)]
    if bulletin.directive is not None:
        directive = corpus.directives[bulletin.directive]
        kind = DOC_TYPES[directive.type]
        fields = _fields(directive.number, title, kind, directive.issuer)
        record = _directive_record(directive, title, bulletin.url, summary=ids[directive.slug])
    else:
        assert bulletin.campaign is not None
        campaign = corpus.campaigns[bulletin.campaign]
        fields = _fields(campaign.guide, title, "Hướng dẫn", campaign.issuer)
        record = dataclasses.replace(
            _campaign_doc(campaign).record,
            title=title,
            url=bulletin.url,
            fulltext=True,
            summary=campaigns[campaign.slug],
        )
    return SearchDoc(dataclasses.replace(record, language=BULLETIN_LABEL), fields, sections)


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
        title=f"{campaign.title} (hạn {vn_date(campaign.deadline)})",
        level="",
        level_label="Đợt học tập",
        type="huong-dan",
        type_label="Hướng dẫn",
        year=day.year,
        day=day,
        url=urls.campaign_url(campaign.slug),
    )
    return SearchDoc(record, fields, sections)


def _cached_postings(
    doc: SearchDoc, directive: Directive | None, cache: PostingCache | None, kept: Spill | None
) -> Postings:
    """A summary's postings: counted by the worker that read it when the build keeps bodies
    on disk (`pipeline._spilled`), else here, once per change of the directive with `cache`."""
    if directive is not None and kept is not None and postings_key(directive.path) in kept:
        counted = kept.get(postings_key(directive.path))
        assert isinstance(counted, tuple)
        return counted
    if cache is None or directive is None:
        return _postings(doc)
    return cache.get(directive.slug, directive, lambda: _postings(doc))


def _postings(doc: SearchDoc) -> Postings:
    """See `read/search_terms.postings`: a field's tokens, and a body token's best section."""
    return document_postings(doc.fields, ((title, text) for _, title, text in doc.sections))


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
