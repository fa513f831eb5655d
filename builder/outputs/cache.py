"""`sotay build`'s cache: what the last build knew, so that the next one redoes only what changed.

The cache is `.cache/sotay/state.bin`, a header line (format, key, signature) and the pickled
`BuildState` without its large memos, and the memos' parts in `.cache/sotay/phan/`: a large
memo cut into parts by key (`BUCKETS`), one file a part, named by the BLAKE2b digest of its
bytes, that `state.bin` lists. A build writes again only the parts whose entries changed (one
edited file: a few of them, not the tens of MB of the whole state). Pickle runs code when it
is read, so `state.bin` is read only when its HMAC-BLAKE2b signature checks out with the user's
own signing key (`urls.CACHE_KEY_FILE`, in the user's cache folder, readable by the user alone),
and a part only when its bytes have the digest the signed list gives: a cache another computer,
another user or a broken disk left is ignored, with a warning, and the build starts from nothing.

The parts share what they hold as the whole state did in one pickle: a directive's sections,
HTML and outline, held by the file memo (`files.summaries`), are named in the other parts (the
pages' inputs, the outlines', the postings') by a reference (`_PartPickler.persistent_id`) that
loads as the very same object, so the state is not larger on disk or in memory, and comparing
inputs stays a comparison of identical objects. A part is reused only when its entries are the
ones it was read with and every object it names is still the one it named.

The key names what every byte of the site depends on besides the sources: the code (`builder/`),
the project's theme and mkdocs.yml, the versions of Python and of the libraries. Any change to
one of them starts from nothing too (quietly: it is no fault). Sources are known by a digest of
their bytes (`FileCache.by_content`), never by their time.

The previous site is carried into the new build's folder file by file, each checked against
the stamp the cache recorded when it was built: a file someone changed or removed by hand
makes the cache untrusted as well. A carried file is a hard link to the served one (a copy
where links cannot be made), so the two folders share it: the build never writes into a file
it finds there, it removes it first and writes a new one (`site.unshare`, `site.write_new`,
and the plugin's `on_env` for MkDocs' own writes). That keeps the safety of the atomic swap:
nothing of the site being served is ever written to.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import gc
import hashlib
import hmac
import io
import os
import pickle
import secrets
import shutil
import sys
import zlib
from array import array
from collections.abc import Callable, Collection, Hashable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from builder.core import urls
from builder.core.memo import Memo
from builder.core.spill import field_names
from builder.outputs.card import CardCache
from builder.outputs.offline import ManifestCache
from builder.outputs.search import IndexCache, PostingCache
from builder.pipeline import FileCache
from builder.render.page_table import OutlineCache

FORMAT = b"sotay-build-cache 6"
CACHED_UP_TO = 2000
"""Summaries a build keeps in its cache: the cache holds every page's state in memory (about
0,45 MB a summary), so a larger corpus builds as `--clean` does (bodies on disk, memory flat
under 1 GB at 10.000) and `sotay serve` remains its quick edit loop."""


def caches(root: Path, directives_dir: str) -> bool:
    """Whether a build of this corpus keeps a cache (`CACHED_UP_TO`)."""
    folder = root / directives_dir
    return sum(1 for _ in folder.glob("*.md")) <= CACHED_UP_TO if folder.is_dir() else True


"""The first word of the cache file: a file of another format is not ours."""
LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "markdown-it-py",
    "jinja2",
    "pyyaml",
    "pymdown-extensions",
)
"""Libraries whose version changes what a build writes."""
CODE = Path(__file__).resolve().parents[1]
"""builder/: every file of it (modules, templates, sw.js) is part of the key."""


Stamps = dict[str, tuple[int, int]]
"""path of a file in a site → its (mtime_ns, size). Every copy keeps a file's time, so two
files with one stamp were written by one build: equal bytes."""


def _by_content() -> FileCache:
    return FileCache(by_content=True)


@dataclass(slots=True)
class Part:
    """One file of the cache's parts: its digest (its name), the entries it holds (the very
    objects of the memo) and the objects of other parts it names (reference → object)."""

    digest: str
    entries: dict[Hashable, object]
    refs: dict[object, object]
    shared: list[tuple[object, object]] = field(default_factory=list)
    """(reference, object) of what later layers may name in its entries (`_shared`): walked
    once when the part is read or written, reused while its entries stay the same."""


@dataclass(slots=True)
class BuildState:
    """What one build leaves for the next: the plugin's and the pipeline's memos.

    `staged`: page src_uri → the inputs it was last rendered from; `shown`: src_uri → a digest
    of what it showed (a page whose inputs change may show the same); `written`: path of a
    file written beside the pages → its digest; `dests`: every file MkDocs placed; `site`:
    every file of the built site → its stamp, checked when the site is carried into the next.
    """

    files: FileCache = field(default_factory=_by_content)
    staged: Memo[None] = field(default_factory=Memo)
    shown: dict[str, bytes] = field(default_factory=dict)
    written: Memo[None] = field(default_factory=Memo)
    postings: PostingCache = field(default_factory=Memo)
    index: IndexCache = field(default_factory=IndexCache)
    outlines: OutlineCache = field(default_factory=Memo)
    cards: CardCache = field(default_factory=Memo)
    manifest: ManifestCache = field(default_factory=Memo)
    extras: Memo[bytes] = field(default_factory=Memo)
    """Path of a file `extra_files` makes → its bytes (a form's workbook takes 0,2 s)."""
    dests: set[str] = field(default_factory=set)
    folder: str = ""
    """The site folder the last build was swapped into: its files are `site`."""
    site: Stamps = field(default_factory=dict)
    spare: Stamps = field(default_factory=dict)
    """The files of the site before it, kept in `spare_dir`: the next build's folder."""
    parts: dict[tuple[str, int], Part] = field(default_factory=dict)
    """(memo, bucket) → the part of the cache it was read from or written to: what `save`
    reuses (never pickled in `state.bin`, which lists the parts)."""
    elsewhere: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Memo → the (bucket, digest) of its parts another process of this build wrote already
    (`save_parts`: the forked process of a build that fills the cache): `save` lists them as
    they are and writes none of that memo (never pickled either)."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """The state a build starts from, and why the cache was not trusted ("" when it was, or
    when there was none, or when the code changed)."""

    state: BuildState
    trusted: bool
    distrust: str = ""


def cache_key(config_file: Path) -> bytes:
    """A digest of everything but the sources that the site's bytes depend on."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(FORMAT + b"\0" + sys.version.encode() + b"\0")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    theme = config_file.parent / urls.THEME_DIR
    for folder, label in ((CODE, "builder"), (theme, urls.THEME_DIR)):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                name = f"{label}/{path.relative_to(folder).as_posix()}"
                digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(b"mkdocs.yml\0" + config_file.read_bytes())
    return digest.digest()


def state_path(root: Path) -> Path:
    return root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_STATE


def _signing_key(create: bool) -> bytes | None:
    """The user's signing key; made (readable by the user alone) when `create` and absent."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / urls.CACHE_KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    if not create:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(key)
        return key
    except OSError:
        return None


def _signature(key: bytes, cache: bytes, body: bytes | memoryview) -> str:
    """HMAC-BLAKE2b (twice as fast as SHA-256 over the tens of MB of a large corpus' state)."""
    mac = hmac.new(key, cache, hashlib.blake2b)
    mac.update(body)
    return mac.hexdigest()


def parts_dir(root: Path) -> Path:
    return root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_PARTS


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[bool]:
    """Hold the project's build lock (on its folder: no file is left) while the block runs; it
    is told False, holding nothing, when another build of the project holds it (two builds at
    once would mix their caches and sites). The lock goes with its process, however it ends."""
    try:
        handle = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield True  # no such folder: the build itself says so
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        yield False
        return
    try:
        yield True
    finally:
        os.close(handle)


def forget(root: Path) -> None:
    """Remove the state and its parts: the next build starts from nothing."""
    state_path(root).unlink(missing_ok=True)
    shutil.rmtree(parts_dir(root), ignore_errors=True)


BUCKETS = {
    "files.summaries": 64,
    "files.fulltexts": 64,
    "files.translations": 16,
    "postings": 64,
    "index.marks": 64,
    "index.files": 16,
    "outlines": 32,
    "index.docs": 16,
    "staged": 16,
    "extras": 16,
}
"""Parts a memo is cut into (by a checksum of the key), so that one edit rewrites a few of them;
a memo not named is one part: its entries share objects that each part would pickle again.
The pages' inputs (`staged`) and those of the files beside them (`extras`: each outline's
print CSS) name a related document by what they show of it (`page_table.listed`), a directive
whole only on its own pages: cut into parts, one edit rewrites a few of them."""
LAYERS: tuple[tuple[str, ...], ...] = (
    ("files.summaries", "files.fulltexts"),
    ("files.translations", "postings"),
    ("staged", "written", "index.files", "index.marks", "outlines", "cards", "manifest", "extras"),
    ("index.docs",),
)
"""Memos in the order they are read: a part names objects of the layers before its own only."""
LABELS = tuple(label for layer in LAYERS for label in layer)
SHARED = {"files.summaries": 2, "files.fulltexts": 2, "files.translations": 2, "postings": 0}
"""Memos whose values later layers name by reference, and how deep into a value (a file's
result → its rendered body → its sections, HTML, outline; postings: the tuple itself)."""


def _memos(state: BuildState) -> dict[str, Memo[Any]]:
    """Every memo of the state that is stored in parts, by its label in `LAYERS`."""
    return {
        "files.summaries": state.files.summaries,
        "files.fulltexts": state.files.fulltexts,
        "files.translations": state.files.translations,
        "postings": state.postings,
        "staged": state.staged,
        "written": state.written,
        "index.files": state.index.files,
        "index.marks": state.index.marks,
        "outlines": state.outlines,
        "cards": state.cards,
        "manifest": state.manifest,
        "extras": state.extras,
        "index.docs": state.index.docs,
    }


def _entries(memo: Memo[Any]) -> dict[Hashable, Any]:
    known: dict[Hashable, Any] = vars(memo)["_known"]
    return known


def _skeleton(state: BuildState) -> BuildState:
    """The state without what its parts hold: what `state.bin` pickles."""
    files = dataclasses.replace(  # (`files.directives`, `.relations`: one process's, never kept)
        state.files,
        summaries=Memo(),
        fulltexts=Memo(),
        translations=Memo(),
        directives=Memo(),
        relations=Memo(),
    )
    return dataclasses.replace(
        state,
        files=files,
        staged=Memo(),
        written=Memo(),
        postings=Memo(),
        index=IndexCache(),
        outlines=Memo(),
        cards=Memo(),
        manifest=Memo(),
        extras=Memo(),
        parts={},
        elsewhere={},
    )


def _bucket(label: str, key: Hashable) -> int:
    return zlib.crc32(repr(key).encode("utf-8")) % BUCKETS.get(label, 1)


def _shared(label: str, entries: dict[Hashable, Any]) -> Iterator[tuple[object, object]]:
    """(reference, object) of what later layers may name in a memo's values."""
    depth = SHARED.get(label)
    if depth is not None:
        for key, (_, value) in entries.items():  # a path as text: quicker to read back
            yield from _walk((label, str(key) if isinstance(key, Path) else key), value, depth)


def _walk(ref: tuple[object, ...], value: object, depth: int) -> Iterator[tuple[object, object]]:
    """`value` and, `depth` levels down, the tuples' items and slotted dataclasses' fields
    worth a reference (not a short string, an empty tuple or a number: one object of many)."""
    kind = type(value)
    if kind is str or kind is bytes:
        if len(value) >= 64:  # type: ignore[arg-type]
            yield ref, value
        return
    slotted = dataclasses.is_dataclass(kind) and hasattr(kind, "__slots__")
    if not (slotted or (kind is tuple and value)):
        return
    yield ref, value
    if depth == 0:
        return
    if kind is tuple:
        assert isinstance(value, tuple)
        for index, item in enumerate(value):
            yield from _walk((*ref, index), item, depth - 1)
    else:
        for name in field_names(kind):
            yield from _walk((*ref, name), getattr(value, name), depth - 1)


def load(root: Path, key: bytes | None, clean: bool = False) -> Loaded:
    """The last build's state when the cache is there, signed and of this code; else a new
    one (`distrust` says why a cache that was there is not used)."""
    fresh = Loaded(BuildState(), trusted=False)
    path = state_path(root)
    if clean or key is None or not path.is_file():
        return fresh
    shown = path.relative_to(root).as_posix()
    try:
        data = path.read_bytes()
        cut = data.index(b"\n")
    except (OSError, ValueError):
        return Loaded(BuildState(), False, shown)
    header, body = data[:cut], memoryview(data)[cut + 1 :]  # the body read, never copied
    fields = header.removeprefix(FORMAT + b" ").split(b" ")
    if not header.startswith(FORMAT + b" ") and header.startswith(FORMAT.rpartition(b" ")[0]):
        return fresh  # our cache, of an older format: start from nothing, quietly
    if not header.startswith(FORMAT + b" ") or len(fields) != 2:
        return Loaded(BuildState(), False, shown)
    cache, signature = fields
    signing = _signing_key(create=False)
    expected = _signature(signing, cache, body) if signing else ""
    if not signing or not hmac.compare_digest(expected.encode(), signature):
        return Loaded(BuildState(), False, shown)
    if not hmac.compare_digest(cache, key.hex().encode()):
        return fresh  # another version of the code or the theme: start from nothing, quietly
    try:
        with collector_paused():
            skeleton, listed = pickle.loads(body)  # noqa: S301 (signed with the user's own key)
    except Exception:  # a signed file of an older layout: not a fault of the user's
        return fresh
    if not isinstance(skeleton, BuildState):
        return Loaded(BuildState(), False, shown)
    return _with_parts(root, skeleton, listed)


def _with_parts(root: Path, state: BuildState, listed: list[tuple[str, int, str]]) -> Loaded:
    """The state with its memos read back from the parts `state.bin` lists, each part read
    only when its bytes have the digest the list gives."""
    folder, memos = parts_dir(root), _memos(state)
    by_ref: dict[object, object] = {}
    with collector_paused():
        for layer in LAYERS:
            read: list[Part] = []
            for label, bucket, digest in listed:
                if label not in layer:
                    continue
                part = folder / f"{digest}.bin"
                try:
                    data = part.read_bytes()
                except OSError:
                    return Loaded(BuildState(), False, part.relative_to(root).as_posix())
                found = hashlib.blake2b(data, digest_size=32).hexdigest()
                if not hmac.compare_digest(found, digest):
                    return Loaded(BuildState(), False, part.relative_to(root).as_posix())
                reader = _PartUnpickler(io.BytesIO(data), by_ref)
                try:
                    entries = _entries(reader.load())  # its digest is signed: checked above
                except Exception:  # a signed part of an older layout: not the user's fault
                    return Loaded(BuildState(), trusted=False)
                _entries(memos[label]).update(entries)
                shared = list(_shared(label, entries))
                state.parts[(label, bucket)] = Part(digest, dict(entries), reader.refs, shared)
                read.append(state.parts[(label, bucket)])
            for kept in read:
                by_ref.update(kept.shared)
    # What was read lives as long as the build: out of the cycle collector's sight, so that
    # its collections during the build do not walk these millions of objects again and again
    # (an object is still freed when the last reference to it goes).
    gc.freeze()
    return Loaded(state, trusted=True)


Listed = list[tuple[str, int, str]]
"""What `state.bin` lists: (memo, bucket, digest of the part)."""


def save(root: Path, key: bytes, state: BuildState) -> None:
    """Write the state for the next build: the parts that changed (but those `elsewhere`
    wrote), then `state.bin` (atomically, listing them), then remove the parts it no longer
    lists; without a signing key, nothing."""
    signing = _signing_key(create=True)
    path = state_path(root)
    if signing is None:
        forget(root)
        return
    folder = parts_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    written, parts = _write_layers(folder, state, skip=state.elsewhere.keys())
    listed = _in_order(written, state.elsewhere)
    with collector_paused():
        stream = io.BytesIO()
        _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump((_skeleton(state), listed))
    body = stream.getbuffer()
    cache = key.hex().encode()
    header = b" ".join([FORMAT, cache, _signature(signing, cache, body).encode()])
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    with temporary.open("wb") as stream_out:
        stream_out.write(header + b"\n")
        stream_out.write(body)
    os.replace(temporary, path)
    state.parts = parts
    kept = {f"{digest}.bin" for _, _, digest in listed}
    for old in folder.iterdir():
        if old.name not in kept:
            old.unlink(missing_ok=True)


def save_parts(
    root: Path, state: BuildState, labels: Collection[str]
) -> dict[str, list[tuple[int, str]]]:
    """Write the parts of the memos named `labels` now (another process than the one that
    calls `save`: a fill's forked one, while the main one renders the pages); what they are,
    for that process's `state.elsewhere`. The memos of the layers before them are walked for
    what their parts may name, never written."""
    folder = parts_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    others = set(LABELS) - set(labels)
    written, _ = _write_layers(folder, state, skip=others, keep=False)
    found: dict[str, list[tuple[int, str]]] = {label: [] for label in labels}
    for label, bucket, digest in written:
        found[label].append((bucket, digest))
    return found


def _in_order(written: Listed, elsewhere: dict[str, list[tuple[int, str]]]) -> Listed:
    """Both lists as one, memo by memo in `LAYERS` order, bucket by bucket."""
    found: dict[str, list[tuple[int, str]]] = {label: [] for label in LABELS}
    for label, bucket, digest in written:
        found[label].append((bucket, digest))
    found.update(elsewhere)
    return [(label, b, d) for label in LABELS for b, d in sorted(found[label])]


def _write_layers(
    folder: Path, state: BuildState, skip: Collection[str], keep: bool = True
) -> tuple[Listed, dict[tuple[str, int], Part]]:
    """Write the parts of every memo but those in `skip` that changed since they were read;
    a memo skipped is still walked for what later layers name of it (`SHARED`). The parts
    as `state.parts` keeps them, or none unless `keep` (a process that saves once, then
    ends: what each names and shares would only take memory)."""
    memos = _memos(state)
    names: dict[int, object] = {}
    """id of an object later layers name → its reference (the objects live in the memos)."""
    by_ref: dict[object, object] = {}
    listed: Listed = []
    parts: dict[tuple[str, int], Part] = {}
    verified = {part.digest for part in state.parts.values()}
    """Parts read back with their digest checked: a file of such a name holds those bytes."""
    with collector_paused():
        for layer in LAYERS:
            made: list[Part] = []
            for label in layer:
                if label in skip:
                    if label in SHARED:
                        made.append(Part("", {}, {}, list(_shared(label, _entries(memos[label])))))
                    continue
                buckets: dict[int, dict[Hashable, object]] = {}
                for entry_key, entry in _entries(memos[label]).items():
                    buckets.setdefault(_bucket(label, entry_key), {})[entry_key] = entry
                for bucket, entries in sorted(buckets.items()):
                    part = state.parts.get((label, bucket))
                    if part is None or not _unchanged(part, entries, by_ref):
                        part = _write_part(folder, entries, names, by_ref, verified)
                        part.shared = list(_shared(label, entries))
                    if keep:
                        parts[(label, bucket)] = part
                    made.append(part)
                    listed.append((label, bucket, part.digest))
            for part in made:
                for ref, value in part.shared:
                    names[id(value)] = ref
                    by_ref[ref] = value
    return listed, parts


def _unchanged(part: Part, entries: dict[Hashable, object], by_ref: dict[object, object]) -> bool:
    """Whether a part holds these very entries, and every object it names is still that one."""
    return (
        part.entries.keys() == entries.keys()
        and all(entries[k] is part.entries[k] for k in entries)
        and all(by_ref.get(ref) is value for ref, value in part.refs.items())
    )


def _write_part(
    folder: Path,
    entries: dict[Hashable, object],
    names: dict[int, object],
    by_ref: dict[object, object],
    verified: set[str],
) -> Part:
    memo: Memo[Any] = Memo()
    _entries(memo).update(entries)
    stream = io.BytesIO()
    writer = _PartPickler(stream, names, by_ref)
    writer.dump(memo)
    data = stream.getbuffer()
    digest = hashlib.blake2b(data, digest_size=32).hexdigest()
    target = folder / f"{digest}.bin"
    if digest not in verified:  # a file of that name found there could hold any bytes
        temporary = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    return Part(digest, dict(entries), writer.refs)


@contextlib.contextmanager
def collector_paused(then: int | None = None) -> Iterator[None]:
    """Python's cycle collector paused, and run once after on generations up to `then` (None:
    not run). Work that makes hundreds of thousands of objects that outlive it, none of them
    garbage ((un)pickling the cache, a serve rebuild's claims, inputs and links) made the
    collector walk them again and again: more than half the time of a cache's load, up to
    four passes a rebuild (0,4 s of one at 10.000 documents)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            if then is not None:
                gc.collect(then)


class _Pickler(pickle.Pickler):
    """Pickles slotted dataclasses (sections, headings, outlines) in a third of the time, and
    a memo of search postings as a few strings and arrays instead of 400,000 tuples."""

    def reducer_override(self, obj: object) -> Any:
        kind = type(obj)
        if kind is Memo:
            packed = _packed_postings(vars(obj).get("_known"))
            return NotImplemented if packed is None else (_unpacked_postings, (packed,))
        if dataclasses.is_dataclass(kind) and hasattr(kind, "__slots__"):
            return _rebuilt, (kind, tuple(getattr(obj, n) for n in field_names(kind)))
        return NotImplemented


_SETTERS: dict[type, tuple[Callable[[object, object], None], ...]] = {}
"""A slotted dataclass → how each of its fields is set, in `field_names` order."""


def _rebuilt(kind: type, values: tuple[object, ...]) -> object:
    """`spill.rebuild` in about two thirds of its time, each field set by its slot itself (a
    summary's outline items and headings, about 80 a summary, are most of what the cache
    reads back)."""
    made: object = object.__new__(kind)
    setters = _SETTERS.get(kind)
    if setters is None:
        setters = _SETTERS[kind] = tuple(getattr(kind, n).__set__ for n in field_names(kind))
    for setter, value in zip(setters, values, strict=True):
        setter(made, value)
    return made


LONG_TEXT = 64
"""Characters from which a text a part holds is pickled by `_PartPickler._text`."""


class _PartPickler(_Pickler):
    """Pickles a part, naming by reference what an earlier layer's part holds (`SHARED`)."""

    def __init__(
        self, stream: io.BytesIO, names: dict[int, object], by_ref: dict[object, object]
    ) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.names, self.by_ref = names, by_ref
        self.refs: dict[object, object] = {}
        self.texts: dict[int, int] = {}
        """id of a long text pickled as its bytes → its number in the part (`_text`)."""

    def persistent_id(self, obj: object) -> object:
        ref = self.names.get(id(obj))
        if ref is None or self.by_ref.get(ref) is not obj:
            return self._text(obj) if type(obj) is str else None
        self.refs[ref] = obj
        return ref

    def _text(self, text: str) -> object:
        """A long text that is not ASCII as its UTF-8 bytes, made here (pickle's own would
        stay with the string while it lives: a cache the size of every body, 36 MB at 1.000,
        in a process that only writes them); the same text again as its number. None (pickled
        as usual) for a short or ASCII text, which has no such copy."""
        if len(text) < LONG_TEXT or text.isascii():
            return None
        seen = self.texts.get(id(text))
        if seen is not None:
            return seen
        self.texts[id(text)] = len(self.texts)
        return text.encode("utf-8", "surrogatepass")


class _PartUnpickler(pickle.Unpickler):
    """Reads a part back, each reference as the object an earlier part gave (`by_ref`)."""

    def __init__(self, stream: io.BytesIO, by_ref: dict[object, object]) -> None:
        super().__init__(stream)
        self.by_ref = by_ref
        self.refs: dict[object, object] = {}
        self.texts: list[str] = []
        """The long texts of the part, in the order it gives them (`_PartPickler._text`)."""

    def persistent_load(self, pid: object) -> object:
        if type(pid) is bytes:
            self.texts.append(pid.decode("utf-8", "surrogatepass"))
            return self.texts[-1]
        if type(pid) is int:
            return self.texts[pid]
        try:
            value = self.by_ref[pid]
        except KeyError:
            raise pickle.UnpicklingError(pid) from None
        self.refs[pid] = value
        return value


_Packed = list[tuple[object, object, int, str, bytes, bytes]]
"""key, inputs, number of postings, their tokens joined by NUL, codes, counts (int32)."""


def _packed_postings(known: object) -> _Packed | None:
    """A memo's entries (key → (inputs, postings)) packed, when every value is a tuple of
    (token, field code, count) (`search.Postings`); else None: pickled as it is."""
    if not isinstance(known, dict) or not known:
        return None
    packed: _Packed = []
    for key, (inputs, value) in known.items():
        if not isinstance(value, tuple) or not set(map(type, value)) <= {tuple}:
            return None
        try:
            tokens, codes, counts = zip(*value, strict=True) if value else ((), (), ())
            joined = "\0".join(tokens)  # TypeError unless every token is a str
            code_array, count_array = array("i", codes), array("i", counts)
        except (TypeError, ValueError, OverflowError):
            return None
        if joined.count("\0") != max(0, len(tokens) - 1) or not set(map(type, codes + counts)) <= {
            int
        }:
            return None  # a token holding NUL, a count that is not an int (a bool)
        packed.append(
            (key, inputs, len(value), joined, code_array.tobytes(), count_array.tobytes())
        )
    return packed


def _unpacked_postings(packed: _Packed) -> Memo[Any]:
    memo: Memo[Any] = Memo()
    words: dict[str, str] = {}
    """Each token once, as the postings shared it (not one string for each posting)."""
    for key, inputs, count, tokens, codes, counts in packed:
        code_array, count_array = array("i"), array("i")
        code_array.frombytes(codes)
        count_array.frombytes(counts)
        names = [words.setdefault(t, t) for t in tokens.split("\0")] if count else []
        assert isinstance(key, Hashable)
        memo.put(key, inputs, tuple(zip(names, code_array, count_array, strict=True)))
    return memo


class TemplateCache(BytecodeCache):
    """Compiled Jinja templates (ours and the theme's), one file each in
    `.cache/sotay/mau-da-dich/`, so that a build compiles only the templates that changed.

    A compiled template is code: a file is read only when its HMAC-SHA256, with the user's
    signing key over the cache key, the template's name and the bytes, checks out (Jinja then
    checks the template's source against its checksum). What a build compiles is kept in
    memory and written by `save`, after the build succeeded.
    """

    def __init__(self, root: Path, key: bytes) -> None:
        self.folder = root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_TEMPLATES
        self.key = key
        self.signing = _signing_key(create=True)
        self.pending: dict[str, bytes] = {}

    def _mac(self, name: str, body: bytes) -> bytes:
        assert self.signing is not None
        message = self.key + b"\0" + name.encode() + b"\0" + body
        return hmac.new(self.signing, message, hashlib.sha256).digest()

    def load_bytecode(self, bucket: Bucket) -> None:
        if self.signing is None:
            return
        try:
            data = (self.folder / f"{bucket.key}.bin").read_bytes()
        except OSError:
            return
        mac, body = data[:32], data[32:]
        if len(data) > 32 and hmac.compare_digest(mac, self._mac(bucket.key, body)):
            bucket.bytecode_from_string(body)  # signed: Jinja's own header and checksum next

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.signing is not None:
            self.pending[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.pending.clear()

    def save(self) -> None:
        """Write what this build compiled (each file atomically)."""
        if self.pending:
            self.folder.mkdir(parents=True, exist_ok=True)
        for name, body in sorted(self.pending.items()):
            target = self.folder / f"{name}.bin"
            temporary = target.with_name(f"{target.name}.tmp-{os.getpid()}")
            temporary.write_bytes(self._mac(name, body) + body)
            os.replace(temporary, target)
        self.pending.clear()


def spare_dir(root: Path) -> Path:
    return root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_SPARE


def stamps(site: Path) -> Stamps:
    """Every file of a built site → its stamp (plain strings: ten thousand files, each stat'd
    once, by the directory entry that names it)."""
    found: Stamps = {}
    folders = [("", str(site))]
    while folders:
        relative, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((name, entry.path))
                else:  # a file, or anything else dropped there (removed if unknown)
                    stat = entry.stat(follow_symlinks=False)
                    found[name] = (stat.st_mtime_ns, stat.st_size)
    return dict(sorted(found.items()))


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def carry_site(state: BuildState, site_dir: Path, staging: Path, spare: Path) -> str:
    """Make `staging` hold the files of the last site (`site_dir`), each with its time (the
    manifest's memo knows a file by it), checking each against the cache's record.

    The site before the last one, kept as `spare`, becomes `staging`: only the files that
    differ from the last site are linked anew, and no site is ever deleted file by file. Returns
    "" when done, else the first file of `site_dir` that is not as the last build left it
    (changed, removed by hand): then `staging` is not made and the caller builds anew.
    """
    if not state.site:
        return urls.BUILD_CACHE_STATE
    served = str(site_dir)
    for path, known in state.site.items():
        if _stamp(f"{served}/{path}") != known:
            return path
    kept: Stamps = {}
    if state.spare and spare.is_dir():
        try:
            spare.rename(staging)
            kept = state.spare
        except OSError:
            kept = {}
    staging.mkdir(exist_ok=True)
    present = stamps(staging)
    good = {p: s for p, s in present.items() if kept.get(p) == s == state.site.get(p)}
    for path in present.keys() - good.keys():  # changed since, or dropped there by hand
        (staging / path).unlink()
    made: set[str] = set()
    for path, known in state.site.items():
        if good.get(path) != known:
            folder, _, _ = path.rpartition("/")
            if folder not in made:
                (staging / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            _share(site_dir / path, staging / path)
    _remove_empty(staging)
    return ""


def _share(source: Path, target: Path) -> None:
    """`target` as the same file as `source` (a hard link: no byte is copied, the time is the
    same); a copy with its time where links cannot be made (another file system)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _remove_empty(site: Path) -> None:
    """Remove the folders left without a file (bottom-up: a folder of empty folders too)."""
    for folder, _, names in os.walk(site, topdown=False):
        if not names and Path(folder) != site:
            try:
                Path(folder).rmdir()
            except OSError:
                pass  # it still holds a folder with files
