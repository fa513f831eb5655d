"""Search index built from the model: folded Vietnamese tokens, sharded for small downloads.

Files written under `search/` of the site (their names: builder/core/urls.py):
- `docs.json`: what ranking and the filters need of every document, a column a field
  (`_columns`), the codes of the fields the postings name (`fields`), the length of a
  shard key and the names of the other files (`files`, from core/urls.py `search_files`);
- `shards/<key>.json`: token → postings, one shard per first two letters of the token, so a
  query downloads only the shards of its own words (the cost grows with the vocabulary of
  the query, not with the corpus); each posting is (gap from the token's previous document
  id, field code, count), the gaps keeping the numbers short;
- `numbers.json`: every document number, for the suggestions of a query finding nothing;
- `record/<id>.json`: what a result shows (number, title, labels, date, url, headings);
- `text/<id>.json`: a document's section texts, fetched only for the results shown (snippets).
The browser side (`theme/assets/search/`) folds queries with the same rules as `tokens` and
weighs each field by the name `fields` gives its code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial

from builder.core import urls
from builder.core.memo import Memo
from builder.core.numbers import vn_date
from builder.core.schema import DOC_TYPES, LEVELS
from builder.core.spill import Spill
from builder.model import Bulletin, Campaign, Corpus, Directive, Translation
from builder.read.search_terms import FIELDS, Fields, Postings, postings_key, tokens
from builder.read.search_terms import document_fields as _fields
from builder.read.search_terms import fold_token as fold_token
from builder.read.search_terms import postings as document_postings
from builder.read.search_terms import token_counts as token_counts

SHARD_KEY_LENGTH = 2
PREFETCH_UP_TO = 50
"""A corpus this small downloads its whole index when the search box opens (tens of KB)."""
OFFLINE_SEARCH_UP_TO = 2000
"""Up to this many directives the service worker keeps every shard and record (not texts)."""


def shard_key(token: str) -> str:
    return token[:SHARD_KEY_LENGTH]


def prefetch_all(corpus: Corpus) -> bool:
    return len(corpus.directives) <= PREFETCH_UP_TO


def prefetched(corpus: Corpus, files: list[str]) -> list[str]:
    """Search files the service worker keeps from the start, so that a reader who opened the
    site once can search at a meeting without signal: all of a small corpus's index
    (snippets of full texts included); up to OFFLINE_SEARCH_UP_TO directives, all but the
    texts (results without snippets offline: ~0.85 MB gzip at 1,000 directives, downloaded
    in the background after the first page); beyond, only docs.json."""
    if prefetch_all(corpus):
        return files
    if len(corpus.directives) <= OFFLINE_SEARCH_UP_TO:
        return [f for f in files if not f.startswith(urls.SEARCH_TEXTS)]
    return [urls.SEARCH_DOCS]


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
    corpus: Corpus, records: list[SearchRecord], ids: dict[str, int]
) -> dict[str, object]:
    """The campaign filter: each campaign's id and label (`list`), and for each document the
    campaigns that list it (`of`: id → campaign ids; a full text goes with its summary, a
    campaign with itself)."""
    campaigns = sorted(corpus.campaigns.values(), key=lambda c: c.slug)
    first = len(corpus.directives)
    of: dict[int, list[int]] = defaultdict(list)
    for offset, campaign in enumerate(campaigns):
        at = first + offset
        of[at].append(at)
        for item in campaign.items:
            if item.slug in ids and at not in of[ids[item.slug]]:
                of[ids[item.slug]].append(at)
    for doc_id, record in enumerate(records):
        summary = record.summary
        if summary is not None and summary in of:
            of[doc_id] = of[summary]
    labels = [[first + i, c.label] for i, c in enumerate(campaigns)]
    return {"list": labels, "of": {str(k): v for k, v in sorted(of.items())}}


def _columns(records: list[SearchRecord]) -> dict[str, object]:
    """What ranking and the filters need of every document, in docs.json, one column a key:
    level and type as their place in `levels`, `types` (named by the filters of
    theme/partials/search.html: `lv`, `ty`, `y`), the year, the day as yyyymmdd, the title's
    length in words (`w`), each full text's summary (`o`) and each carrying-out document's
    originals (`p`). Titles and numbers stay in `record/<id>.json`, fetched for the results
    shown: at 10,000 documents they would weigh more than the rest of a first search."""
    levels = sorted({r.level for r in records})
    types = sorted({r.type for r in records})
    return {
        "levels": levels,
        "types": types,
        "lv": [levels.index(r.level) for r in records],
        "ty": [types.index(r.type) for r in records],
        "y": [r.year for r in records],
        "d": [int(r.day.strftime("%Y%m%d")) if r.day else 0 for r in records],
        "w": [len(tokens(r.title)) for r in records],
        "o": {str(i): r.summary for i, r in enumerate(records) if r.summary is not None},
        "p": {str(i): list(r.parents) for i, r in enumerate(records) if r.parents},
    }


PostingCache = Memo[Postings]
"""slug → its postings, from the directive: lets `serve` re-tokenise only what changed."""


@dataclass
class IndexCache:
    """What `iter_index` made last time, for `serve` and the build cache to reuse: each
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
    marks: Memo[tuple[str, bytes, bytes, bytes]] = dataclasses.field(default_factory=Memo)
    """slug → (its shard keys joined by NUL, their marks as int64, the places of its postings
    shard after shard and where each shard's places end, both int32), from the postings."""

    def marked(self, slug: str, postings: Postings) -> dict[str, tuple[int, Places]]:
        """A summary's mark in each shard it is in, with the places of its postings there."""
        keys, packed, order, ends = self.marks.get(slug, postings, partial(_marks, postings))
        marks, places, stops = array("q"), array("i"), array("i")
        marks.frombytes(packed)
        places.frombytes(order)
        stops.frombytes(ends)
        names = keys.split("\0") if keys else []
        starts = [0, *stops[:-1]]
        return {
            key: (mark, (places, start, stop))
            for key, mark, start, stop in zip(names, marks, starts, stops, strict=True)
        }

    def keep_only(self, slugs: list[str]) -> None:
        self.marks.keep_only(slugs)


Places = tuple["array[int]", int, int]
"""The places of a summary's postings in one shard: `places[start:stop]`."""


def _marks(postings: Postings) -> tuple[str, bytes, bytes, bytes]:
    """See `IndexCache.marks`: the groups as `_by_shard` makes them, each known by a digest."""
    groups: dict[str, list[int]] = {}
    for at, posting in enumerate(postings):
        key = posting[0][:SHARD_KEY_LENGTH]
        group = groups.get(key)
        if group is None:
            groups[key] = [at]
        else:
            group.append(at)

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


def iter_index(
    corpus: Corpus, cache: PostingCache | None = None, made: IndexCache | None = None
) -> Iterator[tuple[str, str]]:
    """`build_index` as a stream: each document's record and text are given as soon as its
    postings are counted, so no more than one document's text is held at a time (a body kept
    on disk, `Corpus.bodies`, is read back for it); the shards and docs.json come last.
    With `made`, what did not change since the last call is given again without encoding."""
    if made is None:  # a build from nothing keeps no cache: the compact stream, flat memory
        yield from _fresh_index(corpus, cache)
        return
    made = made or IndexCache()
    directives = corpus.newest_first()
    ids = {d.slug: i for i, d in enumerate(directives)}
    members: dict[str, list[tuple[int, Postings, Places | None]]] = defaultdict(list)
    """shard key → (doc id, its postings there, or a summary's postings and their places
    there) of each document in it: a summary's are picked out only when the shard is made
    again (`_shard_of`)."""
    known: dict[str, list[object]] = defaultdict(list)
    """shard key → doc id, its mark (or postings) there, … (flat: a shard's inputs)"""
    records: list[SearchRecord] = []
    files, seen = made.files, []
    for doc_id, (doc, directive) in enumerate(_docs(corpus, directives, ids)):
        postings = _cached_postings(doc, directive, cache, corpus.bodies)
        if directive is None:
            for key, group in _by_shard(postings).items():
                known[key] += (doc_id, group)
                members[key].append((doc_id, group, None))
        else:
            for key, (mark, places) in made.marked(directive.slug, postings).items():
                known[key] += (doc_id, mark)
                members[key].append((doc_id, postings, places))
        records.append(doc.record)
        record, text = urls.search_record(doc_id), urls.search_text(doc_id)
        shown = doc.as_json()
        yield record, files.get(record, shown, partial(_dump, shown))
        # A text (most of the index's bytes) is encoded each time: kept, it would double
        # what the sections weigh in memory and in the build cache.
        yield text, _dump([list(s) for s in doc.sections])
        seen.append(record)
    made.keep_only([d.slug for d in directives])
    yield urls.SEARCH_DOCS, _dump(_meta(corpus, records, ids, sorted(members)))
    yield urls.SEARCH_NUMBERS, _dump(_numbers(records))
    for key, in_shard in members.items():
        shard = urls.search_shard(key)
        seen.append(shard)
        yield shard, files.get(shard, tuple(known[key]), partial(_shard_of, in_shard))
    files.keep_only(seen)


def _shard_of(in_shard: list[tuple[int, Postings, Places | None]]) -> str:
    by_doc = [
        (doc_id, postings if at is None else tuple(postings[i] for i in at[0][at[1] : at[2]]))
        for doc_id, postings, at in in_shard
    ]
    return _shard_json(by_doc)


def _meta(
    corpus: Corpus, records: list[SearchRecord], ids: dict[str, int], shards: list[str]
) -> dict[str, object]:
    """docs.json: the documents' columns, the campaign filter, the shards there are."""
    return {
        "docs": _columns(records),
        "campaigns": _campaign_filter(corpus, records, ids),
        "fields": FIELDS,
        "key_length": SHARD_KEY_LENGTH,
        "shards": shards,
        "prefetch": prefetch_all(corpus),
        "files": urls.search_files(),
    }


def _by_shard(postings: Postings) -> dict[str, Postings]:
    """A document's postings grouped by shard key (`shard_key`, inlined: 400,000 calls at
    1,000 documents), keys in the order they first appear."""
    groups: dict[str, list[tuple[str, int, int]]] = {}
    for posting in postings:
        key = posting[0][:SHARD_KEY_LENGTH]
        group = groups.get(key)
        if group is None:
            groups[key] = [posting]
        else:
            group.append(posting)
    return {key: tuple(group) for key, group in groups.items()}


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
    """Every searchable page in id order: summaries (newest first), campaigns, full texts; with
    the directive a summary's postings may be cached by."""
    for directive in directives:
        yield _directive_doc(corpus.full(directive), ids), directive
    for campaign in sorted(corpus.campaigns.values(), key=lambda c: c.slug):
        yield _campaign_doc(campaign), None
    for directive in directives:
        if directive.fulltext is not None:
            yield _fulltext_doc(corpus.full(directive), ids[directive.slug]), None
    for directive in directives:
        for translation in directive.translations:
            yield _translation_doc(directive, translation, ids[directive.slug]), None
    campaigns = {slug: len(directives) + i for i, slug in enumerate(sorted(corpus.campaigns))}
    for name in sorted(corpus.bulletins):
        yield _bulletin_doc(corpus, corpus.bulletins[name], ids, campaigns), None


_OWN_NUMBER = re.compile(r"^(\d+)-([^/]+)")


def _numbers(records: list[SearchRecord]) -> list[tuple[str, str, int, int]]:
    """(number, its folded code, its digits, id) of each summary and campaign guide with a
    number: what a query that finds nothing is offered instead ("nq 999" → the nearest NQ),
    fetched only then."""
    found = []
    for doc_id, record in enumerate(records):
        match = _OWN_NUMBER.match(record.number)
        if match and not record.fulltext:
            code = "".join(tokens(match.group(2)))
            found.append((record.number, code, int(match.group(1)), doc_id))
    return found


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
