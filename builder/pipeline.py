"""The core pipeline: directives/*.md → load → validate → model (a Corpus)."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import os
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.core import urls
from builder.core.diagnostics import Diagnostic, has_errors, sort_key
from builder.core.memo import Memo
from builder.core.messages import diagnostic
from builder.core.schema import number_key
from builder.core.spill import Spill, pickled
from builder.core.urls import (
    CAMPAIGNS_DIR,
    CONTENT_DIR,
    DIRECTIVES_DIR,
    FULLTEXT_DIR,
    TRANSLATIONS_DIR,
)
from builder.model import (
    Body,
    Bulletin,
    Campaign,
    ContentPage,
    Corpus,
    Directive,
    FullText,
    FullTextHeading,
    FullTextSection,
    Heading,
    OutlineItem,
    Reference,
    Section,
    Translation,
    body_html_key,
    build_corpus,
)
from builder.read.bulletin import (
    bulletin_folder,
    count_words,
    print_size,
    reading_seconds,
    text_blocks,
)
from builder.read.fulltext import Block, fulltext_path, read_blocks
from builder.read.markdown import ParsedBody, inline_text, parse
from builder.read.search_terms import postings, postings_key, summary_fields
from builder.read.sections import RawSection, split_sections
from builder.read.source import SourceFile, load_source
from builder.render.body import render_body, render_tokens
from builder.render.content import PageLink, page_parts
from builder.render.fulltext import render_blocks
from builder.render.outline import build_outline
from builder.render.page_table import PageSpec, collisions, page_claims
from builder.render.pages import outline_key, outline_points
from builder.validate.body import check_headings, check_sections, scan_body
from builder.validate.bulletin import Targets, check_bulletin, length_warning, resolve_target
from builder.validate.campaign import CampaignChecker, check_campaign_fields
from builder.validate.content import ContentTree, check_page, path_order, scan_tree
from builder.validate.front_matter import check_front_matter
from builder.validate.fulltext import check_fulltext
from builder.validate.key_points import check_key_points
from builder.validate.relations import Entry, Resolved, relation_facts, resolve
from builder.validate.translation import Languages, check_age, check_parts, load_languages
from builder.validate.translation import check_front_matter as check_translation_fields

PARALLEL_FROM = 64
"""Below this many files, starting worker processes costs more than it saves."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a file's body becomes once parsed: no tokens are kept past this point."""

    html: str
    sections: tuple[Section, ...]
    headings: tuple[Heading, ...]
    description: str
    outline: tuple[OutlineItem, ...] = ()
    key_points: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file after per-file validation, before cross-file rules (picklable)."""

    entry: Entry | None
    rendered: Rendered | None
    problems: list[Diagnostic]
    spilled: tuple[tuple[str, bytes], ...] = ()
    """When the build keeps bodies on disk: (key, value pickled by the worker) of the summary's
    `Body` and its rendered outline points, `rendered` left with its
    headings and titles only (`pack`); the main process stores the bytes as they are
    (`_spilled`) rather than unpickling and pickling them again."""


@dataclass(frozen=True, slots=True)
class Result:
    corpus: Corpus
    diagnostics: list[Diagnostic]
    claims: list[tuple[str, PageSpec]] | None = None
    """The corpus's `page_claims`, made once here (10.000 documents claim 30.000 pages): the
    plugin's page table is them."""

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass(frozen=True, slots=True)
class Scale:
    """How a whole-corpus build reads: with how many processes, keeping bodies on disk, telling
    whom after each file (`sotay build`'s progress line). The output never depends on it."""

    jobs: int | None = None
    """Processes reading, checking and rendering files; None: one per core."""
    spill: bool = False
    """Keep each body on disk once read (`Corpus.bodies`): memory flat in the corpus's size."""
    on_read: Callable[[int, int], None] | None = None
    """Called with (files read, files in all) after each file."""


def default_jobs() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


Stamp = tuple[int, int]
"""(mtime_ns, size) of a file: when it is unchanged, so is what was read from it."""


@dataclass(slots=True)
class FileCache:
    """What each file gave when last read: lets `serve` re-read only the files that changed."""

    summaries: Memo[FileResult] = field(default_factory=Memo)
    fulltexts: Memo[tuple[FullText | None, list[Diagnostic]]] = field(default_factory=Memo)
    translations: Memo[tuple[Translation | None, list[Diagnostic]]] = field(default_factory=Memo)
    """path → what a translation gave, from its file, its summary and the table of languages."""
    by_content: bool = False
    """Know a file by a digest of its bytes, not its time and size: `sotay build`'s cache
    outlives the process, and a file's time says nothing across a copy or a checkout."""
    directives: Memo[Directive] = field(default_factory=Memo)
    """(path, step) → the directive a file's result made, with its full text, then its
    translations: an unchanged summary is the same object at every call, so that what is
    compared with it later (a page's inputs, a list's line) is found equal at once. Kept in
    memory only."""

    relations: Memo[Resolved] = field(default_factory=Memo)
    """The summaries' relations resolved (`_resolved`), from what `resolve` reads of each.
    Kept in memory only."""

    told: frozenset[Path] | None = None
    """`serve`: the paths the watcher told of since the last call (spelt as the root joins
    them). A file it did not name is as it was: neither looked at nor its folder listed again.
    None: not known (the first build, a test, a watcher that lost events): every file is."""
    stamps: dict[Path, object] = field(default_factory=dict)
    """path → its last stamp, reused while the watcher names no change of it."""
    listings: dict[tuple[Path, str], list[Path]] = field(default_factory=dict)
    """(folder, pattern) → its files (`_regular`), listed again only when the watcher names
    a path in that folder (a file added, renamed or removed there)."""
    tree: ContentTree | None = None
    """The last `scan_tree`: kept while the watcher names only summaries (`_leaves_tree`)."""

    def tell(self, told: frozenset[Path] | None) -> None:
        """What the watcher says changed before the next call (None: not known)."""
        self.told = told
        for path in told or ():
            self.stamps.pop(path, None)

    def stamp(self, path: Path) -> object:
        if self.told is not None:
            known = self.stamps.get(path)
            if known is not None:
                return known
        stamp = self._stamp_now(path)
        self.stamps[path] = stamp
        return stamp

    def _stamp_now(self, path: Path) -> object:
        if self.by_content:
            return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        return _stamp(path)

    def listed(self, folder: Path, pattern: str) -> list[Path]:
        """The files of `folder` that match `pattern`, as `_regular` sorts them."""
        key = (folder, pattern)
        kept = self.listings.get(key)
        if kept is not None and self.told is not None:
            named = [p for p in self.told if p.parent == folder]
            found = _relisted(kept, named, pattern) if named else kept
        else:
            found = _regular(folder.glob(pattern)) if folder.is_dir() else []
        self.listings[key] = found
        return found

    def content_tree(self, root: Path, directives_dir: str) -> ContentTree:
        """`scan_tree`, scanned again unless every path the watcher named leaves it as it was
        (`_leaves_tree`): an edit, addition or removal of a summary needs no walk of the
        content folder and of ten thousand entries."""
        folder, kept = root / directives_dir, self.tree
        if kept is not None and self.told is not None:
            named = {d.path for d in kept.problems}
            if all(_leaves_tree(p, root, folder, named) for p in self.told):
                return kept
        self.tree = scan_tree(root, directives_dir)
        return self.tree


def _leaves_tree(path: Path, root: Path, folder: Path, named: set[str]) -> bool:
    """Whether `scan_tree` says the same after `path` changed: a summary right in the
    directives folder (never the content folder, nor a folder below), no link nor folder
    now, named in no problem of the last scan (a link it was, taken away). There, the scan
    names only links."""
    if path.parent != folder or not path.match("*.md") or path.is_symlink() or path.is_dir():
        return False
    return path.relative_to(root).as_posix() not in named


def _relisted(kept: list[Path], named: list[Path], pattern: str) -> list[Path]:
    """A folder's listing (`_regular`) after changes of the `named` paths in it: each one
    there now put in its place, each gone taken out, the others as listed (an addition or a
    removal needs no listing of ten thousand files again). A path is there as the folder's
    glob would give it: it matches, exists (a file or a folder) and is no link."""
    found = kept
    for path in named:
        there = path.match(pattern) and os.path.lexists(path) and not path.is_symlink()
        at = bisect.bisect_left(found, path_order(path), key=path_order)
        listed = at < len(found) and found[at] == path
        if there != listed:
            found = found[:at] + [path] + found[at:] if there else found[:at] + found[at + 1 :]
    return found


def load_corpus(
    root: Path,
    directives_dir: str = DIRECTIVES_DIR,
    cache: FileCache | None = None,
    scale: Scale | None = None,
) -> Result:
    """Read, validate and model every directive under `root/directives_dir`."""
    folder = root / directives_dir
    paths = _listed(folder, "*.md", cache)
    if not paths:
        shown = f"{directives_dir}/"
        return Result(build_corpus([]), [diagnostic("build.no_content", shown, 0, folder=shown)])
    scale = scale or Scale()
    spill = Spill() if scale.spill and cache is None else None
    if cache is not None:
        files = _process_cached(root, paths, cache, scale.jobs, scale.on_read)
    else:
        read = _process_all(root, paths, scale.jobs, scale.on_read, packed=spill is not None)
        files = [_spilled(f, spill) for f in read] if spill is not None else list(read)
    diagnostics = [d for f in files for d in f.problems]
    entries = [f.entry for f in files if f.entry is not None]
    resolved = _resolved(entries, cache)
    diagnostics.extend(resolved.problems)
    failed = {d.path for d in diagnostics if d.is_error}
    directives = [
        _made_directive(f, resolved.slugs[f.entry.path], resolved.references[f.entry.path], cache)
        for f in files
        if f.entry is not None and f.rendered is not None and f.entry.path not in failed
    ]
    if cache is not None:
        cache.directives.keep_only(
            (d.path, step) for d in directives for step in ("", FULLTEXT_DIR, TRANSLATIONS_DIR)
        )
    named = set(resolved.slugs.values()) | _unread(paths, entries)
    attached = _with_fulltexts(root, folder, directives, named, cache, spill)
    diagnostics.extend(attached.diagnostics)
    directives = attached.directives
    attached = _with_translations(root, folder, directives, named, cache)
    diagnostics.extend(attached.diagnostics)
    directives = attached.directives
    campaigns = []
    lookup: dict[str, list[Directive]] = {}
    for directive in directives:
        if directive.number:
            lookup.setdefault(number_key(directive.number), []).append(directive)
    for path in _listed(root / CAMPAIGNS_DIR, "*.md", cache):
        campaign, problems = load_campaign(root, path, lookup)
        diagnostics.extend(problems)
        if campaign is not None:
            campaigns.append(campaign)
    tree = cache.content_tree(root, directives_dir) if cache else scan_tree(root, directives_dir)
    diagnostics.extend(tree.problems)
    pages, links = {}, []
    for path in tree.pages:
        page, problems, found = load_page(root, path)
        diagnostics.extend(problems)
        links.extend(found)
        if page is not None:
            pages[page.src] = page
    # A campaign may mark a summarised document secret: that summary is withdrawn too.
    failed = {d.path for d in diagnostics if d.is_error}
    directives = [d for d in directives if d.path not in failed]
    corpus = build_corpus(directives, campaigns)
    targets = bulletin_targets(corpus, entries, diagnostics)
    bulletins = _with_bulletins(root, folder, targets)
    diagnostics.extend(bulletins.diagnostics)
    corpus = dataclasses.replace(
        corpus, bulletins=bulletins.bulletins, pages=pages, assets=tree.assets, bodies=spill
    )
    # the plugin's page table is these claims; a hand-written page at a generated page's
    # address leaves `pages` here
    claims = page_claims(corpus)
    generated = {src for src, _ in claims} if pages else set()
    for src in sorted(set(pages) & generated):
        url = urls.page_url(src)
        diagnostics.append(diagnostic("content.reserved", pages.pop(src).path, 1, url=url))
    diagnostics.extend(_collisions(claims))
    known = generated | set(pages)
    diagnostics.extend(
        diagnostic("content.broken_link", path, link.line, target=link.target)
        for path, link in links
        if link.target not in known
    )
    return Result(corpus, sorted(diagnostics, key=sort_key), claims)


def _resolved(entries: list[Entry], cache: FileCache | None) -> Resolved:
    """`resolve`, with `cache` done again only when what it reads of an entry changed."""
    if cache is None:
        return resolve(entries)
    facts = [relation_facts(e) for e in entries]
    return cache.relations.get(DIRECTIVES_DIR, facts, functools.partial(resolve, entries))


SECRET_CODES = {
    "classification.secret",
    "classification.in_title",
    "body.secret_stamp",
    "campaign.secret_has_summary",
}
"""Errors saying a summary is of a secret document: no bulletin may be read for it."""


def bulletin_targets(corpus: Corpus, entries: list[Entry], found: list[Diagnostic]) -> Targets:
    """What a bulletin's `for:` may name: the corpus's summaries and campaigns; and the
    numbers of documents known to be secret (a refused summary, a classified list item)."""
    secret_paths = {d.path for d in found if d.code in SECRET_CODES}
    secret = {number_key(e.fm.number) for e in entries if e.path in secret_paths and e.fm.number}
    for campaign in corpus.campaigns.values():
        secret |= {number_key(i.number) for i in campaign.items if i.classified}
    by_number: dict[str, list[Directive]] = {}
    for directive in corpus.directives.values():
        if directive.number:
            by_number.setdefault(number_key(directive.number), []).append(directive)
    campaigns = dict(corpus.campaigns)
    campaigns.update({number_key(c.guide): c for c in corpus.campaigns.values() if c.guide})
    unique = {key: found[0] for key, found in by_number.items() if len(found) == 1}
    return Targets(unique, campaigns, secret)


@dataclass(frozen=True, slots=True)
class WithBulletins:
    bulletins: dict[str, Bulletin]
    diagnostics: list[Diagnostic]


def _with_bulletins(root: Path, folder: Path, targets: Targets) -> WithBulletins:
    """Every bulletin of `phat-thanh/` that may be published; drafts and refusals reported."""
    attached = WithBulletins({}, [])
    for path in _regular(bulletin_folder(folder).glob("*.md")):
        bulletin, problems = load_bulletin(root, path, targets)
        attached.diagnostics.extend(problems)
        if bulletin is not None:
            attached.bulletins[bulletin.name] = bulletin
    return attached


def load_bulletin(
    root: Path, path: Path, targets: Targets
) -> tuple[Bulletin | None, list[Diagnostic]]:
    """Read and check one bulletin; None when it has errors or is a draft."""
    source, problems = load_source(root, path)
    if source is None:
        return None, problems
    body = parse(source.body)
    fields, problems = check_bulletin(source, body)
    target: Directive | Campaign | Diagnostic | None = None
    if fields.target is not None:
        line = source.key_lines.get("for", 1)
        target = resolve_target(fields.target, targets, source.path, line)
        if isinstance(target, Diagnostic):
            problems.append(target)
    blocks = text_blocks(body.tokens)
    text = " ".join(t for _, t in blocks)
    words = count_words(text)
    if fields.draft:
        title = fields.title or source.stem
        line = source.key_lines.get("draft", 1)
        problems.append(diagnostic("bulletin.draft", source.path, line, title=title))
    elif not has_errors(problems):
        too_long = length_warning(blocks, words, source.path, source.body_line)
        problems += [too_long] if too_long else []
    problems.sort(key=sort_key)
    unpublished = fields.draft is not False
    if has_errors(problems) or unpublished or not isinstance(target, (Directive, Campaign)):
        return None, problems
    assert fields.title and fields.author and fields.date
    bulletin = Bulletin(
        path=source.path,
        name=source.stem,
        title=fields.title,
        target=target.kind_and_number if isinstance(target, Directive) else target.label,
        author=fields.author,
        date=fields.date,
        html=render_tokens(body),
        words=words,
        seconds=reading_seconds(words),
        print_size=print_size(blocks),
        directive=target.slug if isinstance(target, Directive) else None,
        campaign=target.slug if isinstance(target, Campaign) else None,
        order=fields.order,
        approved_by=fields.approved_by,
        text=text,
    )
    return bulletin, problems


def _collisions(claims: list[tuple[str, PageSpec]]) -> list[Diagnostic]:
    """A slug or tag whose page would take another page's address: reported on every file
    that claims it (a generated page names no file)."""
    found: list[Diagnostic] = []
    for url, specs in collisions(claims):
        owners = sorted({s.owner for s in specs if s.owner})
        shown = ", ".join(owners + ["trang tự sinh"] * any(not s.owner for s in specs))
        found.extend(diagnostic("page.collision", o, 1, url=url, owners=shown) for o in owners)
    return found


def _listed(folder: Path, pattern: str, cache: FileCache | None) -> list[Path]:
    """The files of `folder` matching `pattern` (`_regular`), from the cache's last listing
    while the watcher names nothing there."""
    if cache is not None:
        return cache.listed(folder, pattern)
    return _regular(folder.glob(pattern)) if folder.is_dir() else []


def _regular(paths: Iterable[Path]) -> list[Path]:
    """The paths, sorted, without symbolic links: never followed (`validate/content` names
    each one in an error)."""
    return sorted((p for p in paths if not p.is_symlink()), key=path_order)


PageLinks = list[tuple[str, PageLink]]
"""(path of the page, a link it holds to another page)."""


def load_page(root: Path, path: Path) -> tuple[ContentPage | None, list[Diagnostic], PageLinks]:
    """Read, check and render one hand-written page; None when it has errors."""
    source, problems = load_source(root, path)
    if source is None:
        return None, problems, []
    fields, problems = check_page(source)
    if has_errors(problems) or fields.title is None:
        return None, problems, []
    body = parse(source.body)
    src = path.relative_to(root / CONTENT_DIR).as_posix()
    parts, links = page_parts(body, src)
    page = ContentPage(
        path=source.path,
        src=src,
        title=fields.title,
        description=fields.description,
        parts=parts,
        headings=_headings(body, ("h1", "h2", "h3", "h4")),
    )
    shown = [(source.path, PageLink(link.target, link.line + source.body_line)) for link in links]
    return page, problems, shown


def load_campaign(
    root: Path, path: Path, lookup: dict[str, list[Directive]]
) -> tuple[Campaign | None, list[Diagnostic]]:
    """Read and check one campaign file; `lookup` maps number keys to the corpus's directives."""
    source, problems = load_source(root, path)
    if source is None:
        return None, problems
    checker = CampaignChecker(source, lookup)
    fields = check_campaign_fields(checker)
    problems = checker.problems
    contact_ok = checker.text_list("contact_ok")
    problems += scan_body(source.body, source.body_line, contact_ok, source.path)
    contact_line = source.node_lines.get("report.contact", 0)
    problems += scan_body(fields["report_contact"], contact_line, contact_ok, source.path)
    if has_errors(problems) or fields["deadline"] is None:
        return None, problems
    html, text = _campaign_body(source.body)
    return Campaign(path=source.path, slug=source.stem, html=html, text=text, **fields), problems


@functools.lru_cache(maxsize=64)
def _campaign_body(body: str) -> tuple[str, str]:
    """A campaign's body as HTML and as plain text (for search). Remembered by its Markdown:
    `serve` reads every campaign again at each rebuild, most often unchanged."""
    parsed = parse(body)
    text = " ".join(inline_text(t) for t in parsed.tokens if t.type == "inline")
    return render_tokens(parsed), text


def _process_all(
    root: Path,
    paths: list[Path],
    jobs: int | None = None,
    on_read: Callable[[int, int], None] | None = None,
    packed: bool = False,
) -> Iterator[FileResult]:
    """Each file's result, in the order of `paths`, as soon as it is ready (`jobs` processes:
    results are the same whatever their number); `packed`: see `process_file`."""
    workers = jobs or min(default_jobs(), 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        results: Iterable[FileResult] = (process_file(root, p, packed) for p in paths)
        yield from _counted(results, len(paths), on_read)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(32, len(paths) // (workers * 8)))
        many = len(paths)
        sent = pool.map(_process_pickled, [root] * many, paths, [packed] * many, chunksize=chunk)
        results = (pickle.loads(data) for data in sent)  # noqa: S301 (our own worker's)
        yield from _counted(results, len(paths), on_read)


def _counted(
    results: Iterable[FileResult], total: int, on_read: Callable[[int, int], None] | None
) -> Iterator[FileResult]:
    for done, result in enumerate(results, 1):
        if on_read is not None:
            on_read(done, total)
        yield result


def pack(result: FileResult) -> FileResult:
    """The result with its body (its HTML apart: `Corpus.body_html`), search postings and
    outline points pickled (`FileResult.spilled`): the directive keeps headings, titles and
    anchors. Done where the file was read, in a worker process. The postings are counted here,
    on the two cores of the reading stage, rather than in the forked process that makes the
    search index beside MkDocs' page loop (`outputs/apart.py`): that process, which also
    writes most of the site's files, ended after the page loop, the build waiting for it."""
    rendered, entry = result.rendered, result.entry
    if entry is None or rendered is None:
        return result
    fm = entry.fm
    assert fm.type and fm.issuer and fm.title
    fields = summary_fields(fm.number, fm.title, fm.type, fm.issuer, fm.tags)
    counted = postings(fields, ((s.title, s.text) for s in rendered.sections))
    spilled = (
        (entry.path, pickled(Body("", rendered.sections, rendered.outline))),
        (body_html_key(entry.path), pickled(rendered.html)),
        (postings_key(entry.path), pickled(counted)),
        (outline_key(entry.path), pickled(outline_points(rendered.outline))),
    )
    sections = tuple(dataclasses.replace(s, text="") for s in rendered.sections)
    kept = dataclasses.replace(rendered, html="", sections=sections, outline=())
    return FileResult(entry, kept, result.problems, spilled)


def _spilled(result: FileResult, spill: Spill) -> FileResult:
    """The packed result with its body and outline points on disk, stored as the
    worker pickled them (`search.iter_index` and `pages.outline_page` read them back)."""
    for key, data in result.spilled:
        spill.put_pickled(key, data)
    return dataclasses.replace(result, spilled=()) if result.spilled else result


def _stamp(path: Path) -> Stamp:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def _process_cached(
    root: Path,
    paths: list[Path],
    cache: FileCache,
    jobs: int | None = None,
    on_read: Callable[[int, int], None] | None = None,
) -> list[FileResult]:
    """Like `_process_all`, reusing the result of every file unchanged since the last call."""
    known = cache.summaries
    stamps = {p: cache.stamp(p) for p in paths}
    stale = [p for p in paths if not known.is_fresh(p, stamps[p])]
    kept, total = len(paths) - len(stale), len(paths)
    if on_read is not None:
        on_read(kept, total)  # the files unchanged since the last build count as read
    told = (lambda done, _: on_read(kept + done, total)) if on_read is not None else None
    for path, result in zip(stale, list(_process_all(root, stale, jobs, told)), strict=True):
        known.put(path, stamps[path], result)
    known.keep_only(paths)
    return [known.get(p, stamps[p], functools.partial(process_file, root, p)) for p in paths]


def _unread(paths: list[Path], entries: list[Entry]) -> set[str]:
    """The names of the summaries whose front matter could not be read (no entry, no slug):
    their full texts and translations are checked as a refused summary's, not told as having
    no summary (the summary is there, its own error says what is wrong)."""
    return {p.stem for p in paths} - {e.stem for e in entries}


@dataclass(frozen=True, slots=True)
class WithFullTexts:
    """The directives, each with its full text when it has a valid one, and what was wrong."""

    directives: list[Directive]
    diagnostics: list[Diagnostic]


def _with_fulltexts(
    root: Path,
    folder: Path,
    directives: list[Directive],
    slugs: set[str],
    cache: FileCache | None,
    spill: Spill | None = None,
) -> WithFullTexts:
    """Attach each summary's full text (`toan-van/<slug>.md`); report full texts without one.
    With `spill`, the full text waits there and the directive keeps only its header."""
    attached = WithFullTexts([], [])
    listed = _listed(folder / FULLTEXT_DIR, "*.md", cache)
    names = {p.name for p in listed}
    for directive in directives:
        listed_here = f"{directive.slug}.md" in names  # most are not: no path made for them
        path = fulltext_path(folder, directive.slug) if listed_here else None
        fulltext: FullText | None = None
        problems: list[Diagnostic] = []
        if path is not None and path.is_file():
            fulltext, problems = _load_fulltext(root, path, cache)
        attached.diagnostics.extend(problems)
        if fulltext is not None and spill is not None:
            spill.put(fulltext.path, fulltext)
            fulltext = dataclasses.replace(fulltext, html="", headings=(), sections=())
        if fulltext is not None:
            with_text = functools.partial(dataclasses.replace, directive, fulltext=fulltext)
            key, inputs = (directive.path, FULLTEXT_DIR), (directive, fulltext)
            directive = cache.directives.get(key, inputs, with_text) if cache else with_text()
        attached.directives.append(directive)
    refused = slugs - {d.slug for d in directives}
    for path in listed:
        if path.stem in refused:  # its summary has errors: checked all the same, so that one
            attached.diagnostics.extend(_load_fulltext(root, path, cache)[1])  # pass tells all
        elif path.stem not in slugs:
            rel = path.relative_to(root).as_posix()
            shown = folder.relative_to(root).as_posix()
            attached.diagnostics.append(
                diagnostic("fulltext.orphan", rel, 1, name=path.name, folder=shown)
            )
    return attached


def _with_translations(
    root: Path,
    folder: Path,
    directives: list[Directive],
    slugs: set[str],
    cache: FileCache | None,
) -> WithFullTexts:
    """Attach each summary's translations (`dich/<lang>/<slug>.md`), checked against the table
    of languages and the summary; report translations without a summary."""
    languages, problems = load_languages(root, folder)
    attached = WithFullTexts([], problems)
    base = folder / TRANSLATIONS_DIR
    by_slug = {d.slug: d for d in directives}
    found: dict[str, list[Translation]] = {}
    shown = folder.relative_to(root).as_posix()
    folders = base.iterdir() if base.is_dir() else iter(())
    lang_dirs = _regular(p for p in folders if p.is_dir() and not p.name.startswith("."))
    for lang_dir in lang_dirs:
        for path in _listed(lang_dir, "*.md", cache):
            directive = by_slug.get(path.stem)
            if path.stem not in slugs:
                rel = path.relative_to(root).as_posix()
                attached.diagnostics.append(
                    diagnostic("translation.orphan", rel, 1, name=path.name, folder=shown)
                )
            elif directive is None:  # its summary has errors: what needs no summary is
                problems = load_translation(root, path, lang_dir.name, languages, None)[1]
                attached.diagnostics.extend(problems)  # checked, so that one pass tells all
            else:
                load = functools.partial(
                    load_translation, root, path, lang_dir.name, languages, directive
                )
                inputs = (_stamp(path), directive, languages)
                translation, problems = (
                    cache.translations.get(path, inputs, load) if cache else load()
                )
                attached.diagnostics.extend(problems)
                if translation is not None:
                    found.setdefault(directive.slug, []).append(translation)
    if cache is not None:
        cache.translations.keep_only(p for d in lang_dirs for p in _listed(d, "*.md", cache))
    for directive in directives:
        mine = tuple(found.get(directive.slug, ()))
        if mine:
            with_them = functools.partial(dataclasses.replace, directive, translations=mine)
            key, given = (directive.path, TRANSLATIONS_DIR), (directive, mine)
            directive = cache.directives.get(key, given, with_them) if cache else with_them()
        attached.directives.append(directive)
    return attached


def load_translation(
    root: Path, path: Path, folder: str, languages: Languages, directive: Directive | None
) -> tuple[Translation | None, list[Diagnostic]]:
    """Read, check and render one translation of `directive`; None when it has errors. With
    no `directive` (its summary has errors), only what needs none is checked; None."""
    source, problems = load_source(root, path)
    if source is None:
        return None, problems
    fields, language, problems = check_translation_fields(source, folder, languages)
    body = parse(source.body)
    raw = split_sections(body.tokens, source.body_line)
    problems += check_headings(body.tokens, source.path, source.body_line)
    problems += scan_body(source.body, source.body_line, fields.contact_ok, source.path)
    if directive is None:
        return None, problems
    if language is not None:
        raw, found = check_parts(raw, language, directive, source.path, source.body_line)
        problems += found
    problems += check_age(fields, directive, source)
    if has_errors(problems) or language is None or fields.date is None or not fields.translator:
        return None, problems
    translation = Translation(
        path=source.path,
        slug=directive.slug,
        language=language,
        translator=fields.translator,
        date=fields.date,
        approved_by=fields.approved_by,
        html=render_body(body, raw, (), ""),
        sections=tuple(
            Section(s.key, s.title, s.anchor, s.line, _plain_text(body, s)) for s in raw
        ),
        headings=_headings(body),
        outline=build_outline(body.tokens, raw, ()),
    )
    return translation, problems


def _load_fulltext(
    root: Path, path: Path, cache: FileCache | None
) -> tuple[FullText | None, list[Diagnostic]]:
    if cache is None:
        return load_fulltext(root, path)
    read = functools.partial(load_fulltext, root, path)
    return cache.fulltexts.get(path, cache.stamp(path), read)


def load_fulltext(root: Path, path: Path) -> tuple[FullText | None, list[Diagnostic]]:
    """Read, check and render one full text; None when it has errors."""
    source, problems = load_source(root, path)
    if source is None:
        return None, problems
    header, problems = check_fulltext(source)
    if has_errors(problems):
        return None, problems
    return build_fulltext(source.path, source.stem, source.body, source.body_line, header), problems


def build_fulltext(
    path: str, slug: str, body: str, body_line: int = 1, header: dict[str, Any] | None = None
) -> FullText:
    """The model of a checked full text: header fields as given, the body read and rendered."""
    blocks = read_blocks(body, body_line)
    return FullText(
        path=path,
        slug=slug,
        html=render_blocks(blocks),
        headings=headings_of(blocks),
        sections=sections_of(blocks),
        **(header or {}),
    )


def headings_of(blocks: list[Block]) -> tuple[FullTextHeading, ...]:
    """The table of contents: every numbered title, in order."""
    return tuple(FullTextHeading(b.level, b.anchor, b.text) for b in blocks if b.kind == "heading")


def sections_of(blocks: list[Block]) -> tuple[FullTextSection, ...]:
    """Plain text by heading; the text before the first heading, when any, has anchor ""."""
    sections: list[tuple[str, str, list[str]]] = []
    for block in blocks:
        if block.kind == "heading":
            sections.append((block.anchor, block.text, []))
        elif block.kind != "rule":
            if not sections:
                sections.append(("", "", []))
            sections[-1][2].append(block.text)
    return tuple(
        FullTextSection(anchor, title, " ".join(texts))
        for anchor, title, texts in sections
        if texts or anchor
    )


def _process_pickled(root: Path, path: Path, packed: bool) -> bytes:
    """`process_file` in a worker process: its result pickled as `core/spill.pickled` does,
    which the main process reads back in half the time of the pool's own pickling."""
    return pickled(process_file(root, path, packed))


def process_file(root: Path, path: Path, packed: bool = False) -> FileResult:
    """Load, validate and render one file; independent of every other file. `packed`: with
    the body and outline points pickled for the build's spill (`pack`)."""
    source, problems = load_source(root, path)
    if source is None:
        return FileResult(None, None, problems)
    checked = check_file(source)
    if has_errors(checked.problems):
        return FileResult(checked.entry, None, checked.problems)
    result = FileResult(checked.entry, render_file(checked), checked.problems)
    return pack(result) if packed else result


@dataclass(frozen=True, slots=True)
class Checked:
    """One summary's file read and checked: its fields, its parsed body and what was wrong."""

    entry: Entry
    body: ParsedBody
    sections: list[RawSection]
    problems: list[Diagnostic]
    key_points: tuple[str, ...] = ()


def check_file(source: SourceFile) -> Checked:
    """Every rule of one summary that needs no other file (`process_file`'s second stage)."""
    fm, problems = check_front_matter(source)
    body = parse(source.body)
    sections = split_sections(body.tokens, source.body_line)
    problems += check_sections(sections, fm.absent, source.path, source.body_line)
    problems += check_headings(body.tokens, source.path, source.body_line)
    problems += scan_body(source.body, source.body_line, fm.contact_ok, source.path)
    key_points, found = check_key_points(source, body)
    problems += found
    lines = source.key_lines
    entry = Entry(
        source.path,
        source.stem,
        fm,
        lines.get("number", 1),
        lines.get("implements", lines.get("number", 1)),
    )
    return Checked(entry, body, sections, problems, key_points)


def render_file(checked: Checked) -> Rendered:
    """A checked summary's body as HTML, texts, headings and outline (the third stage)."""
    body, sections, fm = checked.body, checked.sections, checked.entry.fm
    return Rendered(
        html=render_body(body, sections, fm.absent, fm.absent_reason),
        sections=tuple(
            Section(s.key, s.title, s.anchor, s.line, _plain_text(body, s)) for s in sections
        ),
        headings=_headings(body),
        description=_description(fm.title or "", body, sections),
        outline=build_outline(body.tokens, sections, fm.absent),
        key_points=checked.key_points,
    )


def _made_directive(
    result: FileResult, slug: str, implements: tuple[Reference, ...], cache: FileCache | None
) -> Directive:
    """`make_directive` of a file's result; with `cache`, the object made from the same
    result (`FileCache.directives`: unchanged file, same object), slug and references."""
    assert result.entry is not None and result.rendered is not None
    make = functools.partial(make_directive, result.entry, result.rendered, slug, implements)
    return (
        cache.directives.get((result.entry.path, ""), (result, slug, implements), make)
        if cache
        else make()
    )


def make_directive(
    entry: Entry, rendered: Rendered, slug: str, implements: tuple[Reference, ...]
) -> Directive:
    fm = entry.fm
    assert fm.type and fm.issuer and fm.level and fm.title
    return Directive(
        path=entry.path,
        slug=slug,
        number=fm.number,
        type=fm.type,
        issuer=fm.issuer,
        level=fm.level,
        date=fm.date,
        updated=fm.updated,
        title=fm.title,
        tags=fm.tags,
        implements=implements,
        sections=rendered.sections,
        headings=rendered.headings,
        description=rendered.description,
        source=fm.source,
        absent=fm.absent,
        absent_reason=fm.absent_reason,
        html=rendered.html,
        outline=rendered.outline,
        key_points=rendered.key_points,
    )


def _headings(body: ParsedBody, tags: tuple[str, ...] = ("h2", "h3", "h4")) -> tuple[Heading, ...]:
    tokens = body.tokens
    return tuple(
        Heading(int(t.tag[1]), inline_text(tokens[i + 1]).strip(), str(t.attrGet("id")))
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag in tags
    )


def _plain_text(body: ParsedBody, section: RawSection) -> str:
    tokens = body.tokens[section.start + 3 : section.end]
    return " ".join(inline_text(t) for t in tokens if t.type == "inline")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _description(title: str, body: ParsedBody, sections: list[RawSection]) -> str:
    """Title and the first sentence of the background section."""
    background = next((s for s in sections if s.key == "boi-canh"), None)
    if background is None:
        return title
    tokens = body.tokens[background.start + 3 : background.end]
    first = next((inline_text(t) for t in tokens if t.type == "inline"), "")
    sentence = _SENTENCE_END.split(first, maxsplit=1)[0].strip()
    if len(sentence) > 240:
        sentence = sentence[:240].rsplit(" ", 1)[0] + "…"
    return f"{title}. {sentence}" if sentence else title
