"""Search index built from the model: folded Vietnamese tokens, sharded for small downloads.

Files written under `search/` of the site:
- `docs.json`: one short record per document (number, title, level, type, year, url, sections);
- `shards/<key>.json`: token → postings, one shard per first two letters of the token, so a
  query downloads only the shards of its own words (the cost grows with the vocabulary of
  the query, not with the corpus);
- `text/<id>.json`: a document's section texts, fetched only for the results shown (snippets).
The browser side (`theme/assets/search.js`) folds queries with the same rules as `tokens`.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from builder.core.memo import Memo
from builder.core.schema import DOC_TYPES, LEVELS
from builder.core.text import ascii_fold
from builder.model import Campaign, Corpus, Directive

FIELDS = {"number": 0, "title": 1, "type": 2, "issuer": 3, "tags": 4}
"""Field codes of a posting; a section is coded 10 + its index."""
SECTION_BASE = 10
PREFETCH_UP_TO = 50
"""A corpus this small downloads its whole index when the search box opens (tens of KB)."""

_SPLIT = re.compile(r"[^a-z0-9]+")
_IY = re.compile(r"^(qu|[bcdghklmnpqrstvx]{1,2})y$")
"""Syllables spelled with final i or y alike: tỉ/tỷ, kĩ/kỹ, lí/lý, quí/quý."""


def fold_token(token: str) -> str:
    return token[:-1] + "i" if token.endswith("y") and _IY.match(token) else token


def tokens(text: str) -> list[str]:
    """ "Thủy lợi, 57-CT/TW" → ["thui", "loi", "57", "ct", "tw"]."""
    return [fold_token(t) for t in _SPLIT.sub(" ", ascii_fold(text).lower()).split()]


def token_counts(text: str) -> Counter[str]:
    """Counts of `tokens(text)`, folding each distinct word once rather than each occurrence."""
    counts: Counter[str] = Counter()
    for word, count in Counter(_SPLIT.sub(" ", ascii_fold(text).lower()).split()).items():
        counts[fold_token(word)] += count
    return counts


def shard_key(token: str) -> str:
    return token[:2]


def prefetch_all(corpus: Corpus) -> bool:
    return len(corpus.directives) <= PREFETCH_UP_TO


def prefetched(corpus: Corpus, files: list[str]) -> list[str]:
    """Search files the service worker keeps from the start: all of a small corpus's index
    (snippets of full texts included, so that searching offline shows them too)."""
    return files if prefetch_all(corpus) else ["search/docs.json"]


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable page: what a result shows, its weighted fields, its sections' text."""

    record: dict[str, object]
    fields: dict[str, int]
    sections: list[tuple[str, str, str]]
    """(anchor, title, text) of each part."""


Postings = tuple[tuple[str, int, int], ...]
"""(token, field code, count) of one document."""

PostingCache = Memo[Postings]
"""slug → its postings, from the directive: lets `serve` re-tokenise only what changed."""


def build_index(corpus: Corpus, cache: PostingCache | None = None) -> dict[str, str]:
    """Every search file as path → JSON text (sorted keys, no spaces: byte-identical builds)."""
    directives = corpus.newest_first()
    ids = {d.slug: i for i, d in enumerate(directives)}
    docs = [_directive_doc(d, ids) for d in directives]
    docs += [_campaign_doc(c) for c in sorted(corpus.campaigns.values(), key=lambda c: c.slug)]
    docs += [_fulltext_doc(d) for d in directives if d.fulltext is not None]
    shards: Shards = defaultdict(lambda: defaultdict(list))
    for doc_id, doc in enumerate(docs):
        directive = directives[doc_id] if doc_id < len(directives) else None
        for token, code, count in _cached_postings(doc, directive, cache):
            shards[shard_key(token)][token].extend((doc_id, code, count))
    records = [d.record for d in docs]
    meta = {"docs": records, "shards": sorted(shards), "prefetch": prefetch_all(corpus)}
    files = {"search/docs.json": _dump(meta)}
    for key, postings in shards.items():
        files[f"search/shards/{key}.json"] = _dump(postings)
    for doc_id, doc in enumerate(docs):
        files[f"search/text/{doc_id}.json"] = _dump([list(s) for s in doc.sections])
    return files


def _directive_doc(directive: Directive, ids: dict[str, int]) -> SearchDoc:
    fields = {
        directive.number or "": FIELDS["number"],
        directive.title: FIELDS["title"],
        DOC_TYPES[directive.type]: FIELDS["type"],
        directive.issuer: FIELDS["issuer"],
        " ".join(directive.tags): FIELDS["tags"],
    }
    sections = [(s.anchor, s.title, s.text) for s in directive.sections]
    record = {
        "n": directive.display_number,
        "t": directive.title,
        "lv": directive.level,
        "l": LEVELS[directive.level],
        "ty": directive.type,
        "tl": DOC_TYPES[directive.type],
        "y": directive.year or 0,
        "d": directive.date.strftime("%d/%m/%Y") if directive.date else "",
        "u": f"van-ban/{directive.slug}/",
        "s": [[s[0], s[1]] for s in sections],
    }
    parents = sorted(ids[r.slug] for r in directive.implements if r.slug in ids)
    if parents:
        record["p"] = parents
    return SearchDoc(record, fields, sections)


def _fulltext_doc(directive: Directive) -> SearchDoc:
    """The full text as its own result, which the browser ranks below summaries (`f`)."""
    assert directive.fulltext is not None
    kind = DOC_TYPES[directive.type]
    fields = {
        directive.number or "": FIELDS["number"],
        f"Toàn văn {directive.title}": FIELDS["title"],
        kind: FIELDS["type"],
        directive.issuer: FIELDS["issuer"],
    }
    ft = directive.fulltext
    sections = [(s.anchor, s.title or "Phần mở đầu", s.text) for s in ft.sections]
    ending = " ".join((*ft.signer_lines, ft.signer, "Nơi nhận:", *ft.recipients))
    sections.append(("", "Nơi nhận, chữ ký", ending))
    record = {
        "n": directive.display_number,
        "t": f"Toàn văn: {directive.title}",
        "lv": directive.level,
        "l": LEVELS[directive.level],
        "ty": directive.type,
        "tl": kind,
        "y": directive.year or 0,
        "d": directive.date.strftime("%d/%m/%Y") if directive.date else "",
        "u": f"van-ban/{directive.slug}/toan-van/",
        "s": [[s[0], s[1]] for s in sections],
        "f": 1,
    }
    return SearchDoc(record, fields, sections)


def _campaign_doc(campaign: Campaign) -> SearchDoc:
    listed = " ".join(f"{i.number} {i.title or ''} {i.note}" for i in campaign.items)
    sections = [
        ("van-ban", "Văn bản học tập, quán triệt", listed),
        ("", "Hướng dẫn", campaign.text),
    ]
    if campaign.form:
        columns = " ".join(campaign.form.leaf_columns)
        sections.append(
            (
                "phu-luc-2",
                "Phụ lục 2",
                f"Phụ lục 2, mẫu báo cáo kết quả: {campaign.form.title} {columns}",
            )
        )
    fields = {
        campaign.guide or "": FIELDS["number"],
        f"{campaign.label} {campaign.title} đợt học tập quán triệt": FIELDS["title"],
        "Hướng dẫn": FIELDS["type"],
        campaign.issuer: FIELDS["issuer"],
    }
    day = campaign.date or campaign.deadline
    record = {
        "n": campaign.guide or "Hướng dẫn chưa ghi số",
        "t": f"{campaign.title} (hạn {campaign.deadline.strftime('%d/%m/%Y')})",
        "lv": "",
        "l": "Đợt học tập",
        "ty": "huong-dan",
        "tl": "Hướng dẫn",
        "y": day.year,
        "d": day.strftime("%d/%m/%Y"),
        "u": f"dot-hoc-tap/{campaign.slug}/",
        "s": [[s[0], s[1]] for s in sections],
    }
    return SearchDoc(record, fields, sections)


Shards = dict[str, dict[str, list[int]]]


def _cached_postings(
    doc: SearchDoc, directive: Directive | None, cache: PostingCache | None
) -> Postings:
    if cache is None or directive is None:
        return _postings(doc)
    return cache.get(directive.slug, directive, lambda: _postings(doc))


def _postings(doc: SearchDoc) -> Postings:
    texts = list(doc.fields.items())
    texts += [
        (title + " " + text, SECTION_BASE + i) for i, (_, title, text) in enumerate(doc.sections)
    ]
    return tuple(
        (token, code, count) for text, code in texts for token, count in token_counts(text).items()
    )


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
