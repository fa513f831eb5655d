"""`sotay build` with its cache, and `sotay serve` without new sessions: each equals a build
from nothing, byte for byte, after every kind of change (not timed: tests/bench/ times them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.bccache import Bucket
from test_serve import _built, _edit, _pages

from builder.adapter.serve import LiveSite
from builder.core import urls
from builder.core.memo import Memo
from builder.core.schema import DOC_TYPES, FIELDS, LEVELS
from builder.model import Corpus, Directive, Reference, build_corpus
from builder.outputs import cache, search
from builder.outputs.search import IndexCache, PostingCache, iter_index
from builder.pipeline import FileCache, load_corpus
from builder.render.content import root_of
from builder.render.page_table import page_table
from builder.render.pages import PageContent, RelationCache, _related, campaign_neighbours
from conftest import REPO, make_project, run_sotay

SOURCES = ("directives", "content", "theme", "mkdocs.yml")
NUMBERLESS_SUMMARY = "tinh-chuong-trinh-hanh-dong-57-ct-tw.md"


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    """The user's cache folder (where the signing key lives) inside the test's folder."""
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}


def _build(root: Path, env: dict[str, str], *args: str) -> str:
    done = run_sotay("build", *args, cwd=root, env=env)
    assert done.returncode == 0, done.stderr
    return done.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _clean_build(root: Path, elsewhere: Path, env: dict[str, str]) -> dict[str, bytes]:
    """The same sources built from nothing in another project folder, with no cache."""
    shutil.rmtree(elsewhere, ignore_errors=True)
    elsewhere.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (root / name).is_dir() else shutil.copy
        copy(root / name, elsewhere / name)
    _build(elsewhere, env, "--clean")
    assert not (elsewhere / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_SPARE).exists()
    return _files(elsewhere / "site")


def _copy_as(source: Path, target: Path, number: str, new_number: str) -> None:
    """A copy of a real summary under another number (the test's own document)."""
    text = source.read_text(encoding="utf-8")
    assert f"number: {number}\n" in text
    target.write_text(text.replace(f"number: {number}\n", f"number: {new_number}\n"), "utf-8")


def _rename(root: Path) -> None:
    added = root / "directives" / "21-ctr-tu.md"
    _copy_as(added, root / "directives" / "22-ctr-tu.md", "21-CTr/TU", "22-CTr/TU")
    added.unlink()


def _delete(root: Path) -> None:
    """A summary with its full text: both pages go."""
    (root / "directives" / NUMBERLESS_SUMMARY).unlink()
    (root / "directives" / urls.FULLTEXT_DIR / NUMBERLESS_SUMMARY).unlink()


CHANGES: list[tuple[str, Callable[[Path], None]]] = [
    ("edit", lambda r: _edit(r / "directives/57-ct-tw.md", "title: Về tăng cường", "title: Về")),
    (
        "add",
        lambda r: _copy_as(
            r / "directives/20-ctr-tu.md", r / "directives/21-ctr-tu.md", "20-CTr/TU", "21-CTr/TU"
        ),
    ),
    ("rename", _rename),
    ("delete", lambda r: _delete(r)),
    (
        "campaign",
        lambda r: _edit(r / "content/dot-hoc-tap/han-thang-5-2026.md", "title: ", "title: Đợt "),
    ),
    (  # its workbook and CSV are kept by the cache: a changed form makes them again
        "form",
        lambda r: _edit(
            r / "content/dot-hoc-tap/han-thang-5-2026.md",
            'report_form:\n  title: "',
            'report_form:\n  title: "Biểu mẫu: ',
        ),
    ),
    (
        "theme",
        lambda r: (r / "theme/main.html").write_text(
            (r / "theme/main.html").read_text(encoding="utf-8") + "\n", encoding="utf-8"
        ),
    ),
    ("mkdocs.yml", lambda r: _edit(r / "mkdocs.yml", "copyright: ", "copyright: Bản thử. ")),
]


def test_a_cached_build_equals_a_clean_build_after_each_change(
    tmp_path: Path, env: dict[str, str]
) -> None:
    root = make_project(tmp_path / "project")
    _build(root, env)
    assert (root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_STATE).is_file()
    for label, change in CHANGES:
        change(root)
        assert _build(root, env).count("bộ nhớ đệm") == 0, label
        assert _files(root / "site") == _clean_build(root, tmp_path / "clean", env), label
    assert "van-ban/22-ctr-tu/index.html" in _files(root / "site")
    assert not (root / "site" / "van-ban" / "21-ctr-tu").exists()
    assert not (root / "site" / "van-ban" / NUMBERLESS_SUMMARY.removesuffix(".md")).exists()


def test_a_cached_build_rewrites_only_the_pages_an_edit_changes(
    tmp_path: Path, env: dict[str, str]
) -> None:
    root = make_project(tmp_path / "project")
    _build(root, env)
    _build(root, env)  # from here on, the site before the last one is the next build's folder
    site = root / "site"
    times = {p: (site / p).stat().st_mtime_ns for p in _files(site)}
    target = root / "directives" / "02-nq-tw.md"
    text = target.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    paragraph = next(line for line in body.splitlines() if line and line[0].isalpha())
    _edit(target, paragraph, paragraph + " Thêm một câu để thử.")
    _build(root, env)
    rewritten = {p for p in _files(site) if (site / p).stat().st_mtime_ns != times.get(p)}
    assert "van-ban/02-nq-tw/index.html" in rewritten
    assert "van-ban/57-ct-tw/index.html" not in rewritten  # a page the edit does not touch
    pages = {p for p in _files(site) if p.endswith("index.html")}
    assert len(rewritten & pages) < len(pages) // 4
    assert _files(site) == _clean_build(root, tmp_path / "clean", env)


def test_a_cached_build_never_writes_into_the_served_site(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """A carried file is a hard link to the served one: each build writes new files, so the
    site it replaces (kept as the next build's folder) still holds exactly its own bytes."""
    root = make_project(tmp_path / "project")
    asset = root / urls.CONTENT_DIR / urls.CONTENT_ASSETS / "so-do.png"
    asset.parent.mkdir(parents=True, exist_ok=True)
    asset.write_bytes(b"\x89PNG\r\n\x1a\n first")
    _build(root, env)
    spare = root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_SPARE
    for round, paragraph in enumerate(("Một câu sửa.", "Câu sửa thứ hai.")):
        before = _files(root / "site")
        _edit(root / "directives/57-ct-tw.md", "\ntitle: ", f"\ntitle: {paragraph} ")
        asset.write_bytes(b"\x89PNG\r\n\x1a\n " + paragraph.encode())
        os.utime(asset, ns=(asset.stat().st_mtime_ns + 10**9,) * 2)  # newer than its copy
        _build(root, env)
        assert _files(spare) == before, round  # the old site, not one byte written into
        after = _files(root / "site")
        assert after[f"{urls.CONTENT_ASSETS}/so-do.png"].endswith(paragraph.encode())
        assert after == _clean_build(root, tmp_path / "clean", env), round
        shared = [p for p in after if (root / "site" / p).stat().st_nlink > 1]
        assert len(shared) > len(after) // 2, round  # carried as links, not copies


def test_a_compiled_template_is_read_only_with_its_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A compiled template is code: a file in the cache folder that the user's key did not
    sign is never loaded, even one Jinja itself would take (the right source checksum)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    source = "Trang {{ name }}"
    folder = tmp_path / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_TEMPLATES

    def render() -> str:
        templates = cache.TemplateCache(tmp_path, b"key")
        env = jinja2.Environment(
            loader=jinja2.DictLoader({"page.html": source}), bytecode_cache=templates
        )
        shown = env.get_template("page.html").render(name="A")
        templates.save()
        return shown

    assert render() == "Trang A"
    (compiled,) = folder.glob("*.bin")
    forger = jinja2.Environment()
    bucket = Bucket(forger, compiled.stem, jinja2.BytecodeCache().get_source_checksum(source))
    bucket.code = forger.compile("Giả mạo", "page.html", "page.html")
    forged = bucket.bytecode_to_string()
    compiled.write_bytes(bytes(32) + forged)
    assert render() == "Trang A"  # not signed: compiled again from the source
    compiled.write_bytes(
        cache.TemplateCache(tmp_path, b"other key")._mac(compiled.stem, forged) + forged
    )
    assert render() == "Trang A"  # signed for another cache key (another code version)
    compiled.write_bytes(cache.TemplateCache(tmp_path, b"key")._mac(compiled.stem, forged) + forged)
    assert render() == "Giả mạo"  # the forged file is one Jinja would load: the check is all


def test_the_search_index_reuses_only_what_did_not_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`iter_index` with what it made last time gives the files of an index made from
    nothing: after an edit that brings a new shard, one that changes a title only, and the
    deletion of the one document a shard held."""
    root = make_project(tmp_path / "project")
    postings: PostingCache = Memo()
    made = IndexCache()

    def both() -> tuple[dict[str, str], dict[str, str]]:
        corpus = load_corpus(root).corpus
        return dict(iter_index(corpus, postings, made)), dict(iter_index(corpus))

    reused, fresh = both()
    assert reused == fresh
    made = pickle.loads(pickle.dumps(made))  # as the build cache keeps it
    target = root / "directives" / "20-ctr-tu.md"
    _edit(target, "\ntitle: ", "\ntitle: Xyzzy ")  # a word no other document has
    reused, fresh = both()
    assert reused == fresh and urls.search_shard("xy") in reused
    shards = {
        p: t for p, t in reused.items() if p.startswith(urls.search_shard("").removesuffix(".json"))
    }
    _edit(target, "\ntitle: Xyzzy ", "\ntitle: Xyzzy Về ")  # "ve": a shard of others too
    made_again: list[object] = []
    encode = search._shard_json
    monkeypatch.setattr(
        search, "_shard_json", lambda by_doc: made_again.append(1) or encode(by_doc)
    )
    corpus = load_corpus(root).corpus
    reused = dict(iter_index(corpus, postings, made))
    assert len(made_again) == 1  # the one shard the edit changed, not every shard of the document
    monkeypatch.undo()
    assert reused == dict(iter_index(corpus))
    changed = {p for p, t in reused.items() if p in shards and shards[p] != t}
    assert changed == {urls.search_shard("ve")}  # the title's other shards did not move
    target.unlink()
    reused, fresh = both()
    assert reused == fresh and urls.search_shard("xy") not in reused


@pytest.mark.parametrize(
    "postings",
    [
        (("ve", 1, 2), ("57", 0, 1), ("", 10, 3)),  # packed as strings and arrays
        (("x\0y", 0, 1),),  # a token holding NUL: pickled as it is
        (("ve", True, 2),),  # a bool stays a bool
        (),
    ],
)
def test_the_cache_keeps_search_postings_exactly(postings: tuple[object, ...]) -> None:
    memo: Memo[object] = Memo()
    memo.put("57-ct-tw", "inputs", postings)
    stream = io.BytesIO()
    cache._Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(memo)
    again = pickle.loads(stream.getvalue())
    assert again.is_fresh("57-ct-tw", "inputs")
    kept = again.get("57-ct-tw", "inputs", lambda: None)
    assert kept == postings
    assert [tuple(map(type, p)) for p in kept] == [tuple(map(type, p)) for p in postings]


def test_a_changed_builder_template_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """builder/render/templates/ is part of the key: a change there builds from nothing."""
    root = make_project(tmp_path / "project")
    code = tmp_path / "builder"
    shutil.copytree(cache.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "CODE", code)
    before = cache.cache_key(root / "mkdocs.yml")
    page = code / "render" / "templates" / "directive.html"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.cache_key(root / "mkdocs.yml") != before
    theme = root / "theme" / "main.html"
    theme.write_text(theme.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert len({before, cache.cache_key(root / "mkdocs.yml")}) == 2


def test_a_corrupt_cache_is_ignored_with_a_warning(tmp_path: Path, env: dict[str, str]) -> None:
    root = make_project(tmp_path / "project")
    _build(root, env)
    state = root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_STATE
    data = bytearray(state.read_bytes())
    data[-10] ^= 0xFF  # one flipped bit in the pickled body: the signature no longer matches
    state.write_bytes(bytes(data))
    _edit(root / "directives/57-ct-tw.md", "title: Về tăng cường", "title: Về")
    warned = _build(root, env)
    assert "cảnh báo: bỏ qua bộ nhớ đệm .cache/sotay/state.bin: tệp hỏng" in warned
    assert _files(root / "site") == _clean_build(root, tmp_path / "clean", env)
    assert "bộ nhớ đệm" not in _build(root, env)  # the build wrote a new, signed cache


class _Touch:
    """A pickle that runs code when it is read: it creates `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("damage", ["forged", "flipped", "removed"])
def test_a_damaged_cache_part_is_never_read_and_the_build_starts_anew(
    tmp_path: Path, env: dict[str, str], damage: str
) -> None:
    """A part is read only when its bytes have the digest the signed state.bin lists: one
    replaced by a pickle that would run code, one flipped bit or a part gone each give the
    warning naming that part and a build from nothing, equal to a clean one."""
    root = make_project(tmp_path / "project")
    _build(root, env)
    parts = sorted(cache.parts_dir(root).glob("*.bin"), key=lambda p: p.stat().st_size)
    assert len(parts) > 10  # the state is cut into parts
    part, marker = parts[-1], tmp_path / "ran"
    if damage == "forged":
        part.write_bytes(pickle.dumps(_Touch(marker)))
        assert (pickle.loads(part.read_bytes()), marker.exists()) == (None, True)  # it would
        marker.unlink()
    elif damage == "flipped":
        data = bytearray(part.read_bytes())
        data[len(data) // 2] ^= 0x01
        part.write_bytes(bytes(data))
    else:
        part.unlink()
    _edit(root / "directives/57-ct-tw.md", "title: Về tăng cường", "title: Về")
    warned = _build(root, env)
    shown = part.relative_to(root).as_posix()
    assert f"cảnh báo: bỏ qua bộ nhớ đệm {shown}: tệp hỏng" in warned
    assert not marker.exists()
    assert _files(root / "site") == _clean_build(root, tmp_path / "clean", env)
    assert "bộ nhớ đệm" not in _build(root, env)  # the build wrote a new, whole cache


def test_a_build_writes_again_only_the_cache_parts_an_edit_changes(
    tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One edited paragraph: the parts that hold that file, its postings, its page and the
    files it changes are new; every other part is the file the last build left (reused,
    not pickled again), and the next build reads them all back to the same site."""
    root = make_project(tmp_path / "project")
    _build(root, env)
    _build(root, env)
    before = {p.name: p.stat().st_mtime_ns for p in cache.parts_dir(root).glob("*.bin")}
    target = root / "directives" / "02-nq-tw.md"
    text = target.read_text(encoding="utf-8")
    paragraph = next(
        line for line in text.split("\n---\n", 1)[1].splitlines() if line and line[0].isalpha()
    )
    _edit(target, paragraph, paragraph + " Thêm một câu để thử.")
    _build(root, env)
    after = {p.name: p.stat().st_mtime_ns for p in cache.parts_dir(root).glob("*.bin")}
    new = after.keys() - before.keys()
    kept = after.keys() & before.keys()
    assert new and all(after[name] == before[name] for name in kept)
    assert len(new) < len(after) // 4, (len(new), len(after))
    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])  # the builds' signing key
    loaded = cache.load(root, cache.cache_key(root / "mkdocs.yml"))
    assert loaded.trusted and loaded.state.files.summaries.is_fresh(
        target, loaded.state.files.stamp(target)
    )
    pickled: list[object] = []
    write_part = cache._write_part

    def counted(*args: Any) -> cache.Part:
        pickled.append(args)
        return write_part(*args)

    monkeypatch.setattr(cache, "_write_part", counted)
    cache.save(root, cache.cache_key(root / "mkdocs.yml"), loaded.state)
    assert pickled == []  # nothing changed since it was read: no part is pickled again
    assert {p.name for p in cache.parts_dir(root).glob("*.bin")} == after.keys()
    monkeypatch.undo()
    _edit(target, paragraph + " Thêm một câu để thử.", paragraph)
    assert "bộ nhớ đệm" not in _build(root, env)
    assert _files(root / "site") == _clean_build(root, tmp_path / "clean", env)


def test_a_cache_of_an_older_format_is_dropped_quietly(tmp_path: Path, env: dict[str, str]) -> None:
    root = make_project(tmp_path / "project")
    _build(root, env)
    state = root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_STATE
    state.write_bytes(b"sotay-build-cache 1 00 00\n" + state.read_bytes().split(b"\n", 1)[1])
    assert "bộ nhớ đệm" not in _build(root, env)
    assert state.read_bytes().startswith(cache.FORMAT + b" ")


def test_a_cache_signed_by_another_user_is_not_read(tmp_path: Path, env: dict[str, str]) -> None:
    root = make_project(tmp_path / "project")
    _build(root, env)
    other = {**env, "XDG_CACHE_HOME": str(tmp_path / "another-user")}
    assert "không do tài khoản này trên máy này ghi" in _build(root, other)


def test_a_site_file_changed_by_hand_makes_the_cache_untrusted(
    tmp_path: Path, env: dict[str, str]
) -> None:
    root = make_project(tmp_path / "project")
    _build(root, env)
    page = root / "site" / "van-ban" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- sửa tay -->", encoding="utf-8")
    warned = _build(root, env)
    assert "tệp van-ban/index.html trong site/ đã bị sửa hoặc bị xóa" in warned
    assert _files(root / "site") == _clean_build(root, tmp_path / "clean", env)


def test_clean_ignores_the_cache_and_the_next_build_writes_a_new_one(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """`--clean` builds from nothing with the bodies on disk (a large corpus' memory) and
    leaves no cache; the build after it starts from it quietly and writes a new one."""
    root = make_project(tmp_path / "project")
    _build(root, env)
    state = root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_STATE
    state.write_bytes(b"not a cache")
    assert "bộ nhớ đệm" not in _build(root, env, "--clean")  # not even read
    assert not state.exists() and not cache.parts_dir(root).exists()
    assert "bộ nhớ đệm" not in _build(root, env)
    assert state.read_bytes().startswith(cache.FORMAT)


def test_a_failed_build_keeps_the_site_and_the_cache(tmp_path: Path, env: dict[str, str]) -> None:
    root = make_project(tmp_path / "project")
    _build(root, env)
    before = _files(root / "site")
    state = (root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_STATE).read_bytes()
    compiled = _files(root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_TEMPLATES)
    assert compiled  # the theme's and our templates, compiled once
    parts = _files(cache.parts_dir(root))
    assert parts
    _edit(root / "directives/57-ct-tw.md", "level: trung-uong", "level: trung uong")
    assert run_sotay("build", cwd=root, env=env).returncode == 1
    assert _files(root / "site") == before
    assert (root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_STATE).read_bytes() == state
    assert _files(root / urls.BUILD_CACHE_DIR / urls.BUILD_CACHE_TEMPLATES) == compiled
    assert _files(cache.parts_dir(root)) == parts


# `sotay serve`: a file added, renamed or deleted is a dirty build of the same session.


def test_serve_adds_renames_and_deletes_without_a_new_session(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    live = LiveSite(root / "mkdocs.yml", site)
    directives = root / "directives"
    try:
        live.rebuild()
        _copy_as(directives / "20-ctr-tu.md", directives / "21-ctr-tu.md", "20-CTr/TU", "21-CTr/TU")
        live.rebuild()
        added = _pages(site)
        _rename(root)
        live.rebuild()
        renamed = _pages(site)
        (directives / "22-ctr-tu.md").unlink()
        live.rebuild()
        deleted = _pages(site)
        assert live.sessions == 1
    finally:
        live.close()
    assert "21-CTr/TU" in added["van-ban/index.html"].decode()  # the index
    assert "21-CTr/TU" in added["van-ban/57-ct-tw/index.html"].decode()  # its parent's chain
    assert "21-CTr/TU" in added[urls.SEARCH_NUMBERS].decode()  # search
    assert "van-ban/21-ctr-tu/index.html" not in renamed
    assert "22-CTr/TU" in renamed["van-ban/57-ct-tw/index.html"].decode()
    assert "22-CTr/TU" not in deleted["van-ban/57-ct-tw/index.html"].decode()
    assert not any(p.startswith("van-ban/22-ctr-tu/") for p in deleted)
    assert deleted == _built(root / "mkdocs.yml", tmp_path / "fresh")


def test_a_corpus_over_the_cached_size_builds_as_clean_and_keeps_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above `cache.CACHED_UP_TO` summaries a build keeps nothing in memory across pages (the
    `--clean` path) and leaves no state; at or below it, the cache is written."""
    from builder import cli

    root = make_project(tmp_path / "project")
    summaries = len(list((root / urls.DIRECTIVES_DIR).glob("*.md")))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(cache, "CACHED_UP_TO", summaries)
    assert cli.main(["--root", str(root), "build"]) == 0
    assert cache.state_path(root).is_file()
    clean = _files(root / "site")
    monkeypatch.setattr(cache, "CACHED_UP_TO", summaries - 1)
    assert cli.main(["--root", str(root), "build"]) == 0
    assert not cache.state_path(root).exists()
    assert _files(root / "site") == clean


def test_the_index_from_nothing_is_the_cached_index_byte_for_byte() -> None:
    """`--clean` streams postings into arrays (flat memory); a cached build groups them by
    document to reuse shards: the two give the same files, with bulletins and translations."""
    from conftest import FIXTURES

    for root in (FIXTURES / "valid" / "translation", Path(__file__).resolve().parents[1]):
        corpus = load_corpus(root).corpus
        assert dict(iter_index(corpus)) == dict(iter_index(corpus, None, IndexCache()))


def _changed(directive: Directive, key: str, corpus: Corpus) -> object:
    """Another valid value of one field of `directive`, by what the field holds; a field of a
    kind not handled here fails the test, so that a new field gets a case."""
    value = getattr(directive, key)
    other = next(d for d in corpus.directives.values() if d.slug != directive.slug)
    if key == "type":
        return next(k for k in DOC_TYPES if k != value)
    if key == "level":
        return next(k for k in LEVELS if k != value)
    if key == "implements":  # carried out of another document, or of none
        return () if value else (Reference(other.slug, number=other.number or ""),)
    if isinstance(value, str):
        return f"{value} sửa" if value else "Một giá trị mới"
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if value is None and key in ("date", "updated"):
        return dt.date(2026, 1, 2)
    if value is None and key == "number":
        return "99-CT/TW"
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return (*value, "chuyển đổi số mới")
    raise AssertionError(f"no case for changing `{key}` ({value!r}): add one here")


NEVER_SHOWN = {
    "classification": "a file with it is withdrawn from the site (tests/test_secrecy.py)",
    "contact_ok": "quiets a warning of the checks only",
    "needs_human": "quiets a warning of the checks only",
}
"""Front-matter fields the model does not keep: no page can show them."""


def _renamed(value: Any, old: str, new: str) -> Any:
    """A directive or campaign naming the document `old` by `new` instead (its file renamed:
    the pipeline resolves `implements` and a campaign's list to the new slug)."""
    if isinstance(value, Directive):
        refs = tuple(
            dataclasses.replace(r, slug=new) if r.slug == old else r for r in value.implements
        )
        return dataclasses.replace(value, implements=refs)
    groups = tuple(
        dataclasses.replace(
            g,
            items=tuple(dataclasses.replace(i, slug=new) if i.slug == old else i for i in g.items),
        )
        for g in value.groups
    )
    return dataclasses.replace(value, groups=groups)


def _shown(corpus: Corpus, own: set[str]) -> dict[str, tuple[object, PageContent]]:
    """src → (its inputs, its content) of every page with inputs but the changed document's."""
    return {
        src: (spec.inputs(), spec.render(root_of(src)))
        for src, spec in page_table(corpus).items()
        if spec.inputs is not None and src not in own
    }


def test_a_page_naming_another_document_is_rendered_again_iff_what_it_shows_changes() -> None:
    """Every field of `core/schema.FIELDS`, changed in a document that other pages name (in a
    chain above or below them, as a campaign's neighbour, in the index and its facets):
    each other page's inputs change exactly when its content does. Equal inputs with another
    content would leave a stale page in an incremental build; changed inputs with the same
    content, a page rendered again for nothing (`page_table.listed`). A campaign's pages
    name their documents whole: equal inputs, equal page is all they promise."""
    corpus = load_corpus(REPO).corpus
    named = {
        p.slug
        for d in corpus.directives.values()
        for chain in corpus.paths_up(d)
        for p in chain
        if isinstance(p, Directive)
    }
    neighbours = {
        n.slug
        for d in corpus.directives.values()
        for _, *around in campaign_neighbours(d, corpus)
        for n in around
        if n is not None
    }
    below = {c.slug for d in corpus.directives.values() for c, _ in corpus.descendants(d)}
    related = sorted(named & below) + sorted(neighbours - named)
    assert len(related) >= 2, related  # in a chain both ways, and a campaign's neighbour
    whole = {urls.CAMPAIGN_INDEX_SRC}  # pages naming their documents whole: rarely edited
    whole |= {src for c in corpus.campaigns for src in (urls.campaign_src(c), urls.bundle_src(c))}
    checked = 0
    for slug in related[:3]:
        directive = corpus.directives[slug]
        own = {urls.directive_src(slug), urls.fulltext_src(slug)}
        own |= {urls.translation_src(slug, t.lang) for t in directive.translations}
        before = _shown(corpus, own)
        for field_ in FIELDS:
            if field_.key in NEVER_SHOWN:
                assert not hasattr(directive, field_.key), field_.key
                continue
            value = _changed(directive, field_.key, corpus)
            changes: dict[str, Any] = {field_.key: value}
            edited = dataclasses.replace(directive, **changes)
            others = [_renamed(d, slug, edited.slug) for d in corpus.directives.values()]
            campaigns = [_renamed(c, slug, edited.slug) for c in corpus.campaigns.values()]
            made = build_corpus([*[d for d in others if d.slug != slug], edited], campaigns)
            after = _shown(
                dataclasses.replace(
                    corpus,
                    directives=made.directives,
                    implemented_by=made.implemented_by,
                    campaigns=made.campaigns,
                ),
                own | {urls.directive_src(edited.slug)},
            )
            for src in before.keys() & after.keys():
                (old_inputs, old), (new_inputs, new) = before[src], after[src]
                if src in whole:  # never stale: equal inputs, equal page
                    assert old_inputs != new_inputs or old == new, (slug, field_.key, src)
                    continue
                assert (old_inputs == new_inputs) == (old == new), (slug, field_.key, src)
                checked += old_inputs != new_inputs
    assert checked > 0


def test_the_cached_index_makes_again_only_the_summaries_an_edit_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`iter_index` as `sotay build` calls it with its cache (`lazy`): a summary whose inputs
    did not change is not made again, its text given by digest (`Unchanged`), which makes
    the very text of an index made from nothing when the site lacks it."""
    root = make_project(tmp_path / "project")
    postings: PostingCache = Memo()
    made = IndexCache()

    def lazily(corpus: Corpus) -> list[tuple[str, str | search.Unchanged]]:
        return list(iter_index(corpus, postings, made, None, lazy=True))

    def resolved(given: list[tuple[str, str | search.Unchanged]]) -> dict[str, str]:
        return {p: v.make() if isinstance(v, search.Unchanged) else v for p, v in given}

    corpus = load_corpus(root).corpus
    given = lazily(corpus)
    assert not any(isinstance(v, search.Unchanged) for _, v in given)
    assert resolved(given) == dict(iter_index(corpus))
    made = pickle.loads(pickle.dumps(made))  # as the build cache keeps it
    target = root / "directives" / "20-ctr-tu.md"
    text = target.read_text(encoding="utf-8")
    paragraph = next(
        line for line in text.split("\n---\n", 1)[1].splitlines() if line[:1].isalpha()
    )
    _edit(target, paragraph, paragraph + " Thêm một câu để thử.")
    summaries: list[str] = []
    make = search._summary_doc
    monkeypatch.setattr(
        search, "_summary_doc", lambda c, d, ids: summaries.append(d.slug) or make(c, d, ids)
    )
    corpus = load_corpus(root).corpus
    given = lazily(corpus)
    assert summaries == ["20-ctr-tu"]
    unchanged = {p for p, v in given if isinstance(v, search.Unchanged)}
    texts = {p for p, _ in given if p.startswith(urls.search_text(0).rpartition("/")[0])}
    assert len(unchanged) == len(corpus.directives) - 1 and unchanged < texts
    monkeypatch.undo()
    assert resolved(given) == dict(iter_index(corpus))


def test_the_signed_list_of_parts_pickles_no_memo_of_the_files() -> None:
    """`state.bin` is read whole at every build: each memo of the file cache goes either to
    its own parts or nowhere (a memo of one process), never into it (a memo missed there
    pickled every directive at each build, 1 s at 1.000). Walks FileCache's fields."""
    files = cache.FileCache(by_content=True)
    memos = [f.name for f in dataclasses.fields(files) if isinstance(getattr(files, f.name), Memo)]
    assert memos, "FileCache has no memo left: this test walks nothing"
    for name in memos:
        getattr(files, name).put(("directives/x.md", ""), "inputs", "value")
    skeleton = cache._skeleton(cache.BuildState(files=files))
    kept = {name: vars(getattr(skeleton.files, name))["_known"] for name in memos}
    assert kept == {name: {} for name in memos}


def test_the_cache_fill_makes_its_outputs_apart_and_the_cache_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first `sotay build` (it fills the cache) makes the files beside the pages in the
    forked process, as `--clean` does, and that process writes their memos' parts: the main
    one never holds the search postings, the outlines, the index, and saves only the pages'
    inputs and the offline manifest's entries. The cache read back is whole: a build after
    it with no change leaves the same parts and equals a clean build."""
    from builder import cli

    root = make_project(tmp_path / "project")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    saved: list[tuple[set[str], int, int]] = []
    save = cache.save

    def seen(root: Path, key: bytes, state: cache.BuildState) -> None:
        kept = vars(state.postings)["_known"], vars(state.outlines)["_known"]
        saved.append((set(getattr(state, "elsewhere", {})), len(kept[0]), len(kept[1])))
        save(root, key, state)

    monkeypatch.setattr(cache, "save", seen)
    assert cli.main(["--root", str(root), "build"]) == 0
    apart = {label for label in cache.LABELS if label not in ("staged", "manifest")}
    assert saved == [(apart, 0, 0)]
    loaded = cache.load(root, cache.cache_key(root / "mkdocs.yml"))
    listed = {label for label, _ in loaded.state.parts}
    assert loaded.trusted and {"staged", "manifest", "postings", "outlines"} <= listed
    assert vars(loaded.state.postings)["_known"] and vars(loaded.state.index.docs)["_known"]
    before = {(k, part.digest) for k, part in loaded.state.parts.items() if k[0] != "manifest"}
    assert cli.main(["--root", str(root), "build"]) == 0
    after = cache.load(root, cache.cache_key(root / "mkdocs.yml")).state.parts
    # (the manifest's part is new: MkDocs writes its sitemap again at every build, a new time)
    assert before == {(k, part.digest) for k, part in after.items() if k[0] != "manifest"}
    assert saved[1][0] == set()  # the build after the fill saves in the main process
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert _files(root / "site") == _clean_build(root, tmp_path / "clean", env)


def test_a_part_keeps_no_utf8_copy_of_its_texts_and_reads_them_back(tmp_path: Path) -> None:
    """Pickle's own writing of a text leaves its UTF-8 copy on the string for as long as it
    lives (every body twice in the process that saves); a part writes long texts itself,
    the same object twice as one, and reads them back equal (a lone surrogate too)."""
    import sys

    text, odd = "Nghị quyết về phát triển " * 8, "Đoạn có ký tự lạ \udcff " * 4
    before = sys.getsizeof(text), sys.getsizeof(odd)
    entries: dict[Any, object] = {"a": (None, (text, odd, text)), "b": (None, "ngắn")}
    part = cache._write_part(tmp_path, entries, {}, {}, set())
    assert (sys.getsizeof(text), sys.getsizeof(odd)) == before
    data = (tmp_path / f"{part.digest}.bin").read_bytes()
    read = vars(cache._PartUnpickler(io.BytesIO(data), {}).load())["_known"]
    assert read == entries and read["a"][1][0] is read["a"][1][2]


def test_a_session_finds_again_exactly_the_relations_a_change_alters() -> None:
    """`serve` keeps each document's relations and finds again only those whose routes reach
    a document whose links changed: after each change, every document's are what a walk of
    the whole corpus finds (a document added above and below others, one taken away, an
    `implements` emptied, then all as at first)."""
    corpus = load_corpus(REPO).corpus
    docs = list(corpus.directives.values())
    linked = next(d for d in docs if d.implements and d.implements[0].slug in corpus.directives)
    top = corpus.directives[str(linked.implements[0].slug)]
    added = dataclasses.replace(linked, slug="them-moi", path="directives/them-moi.md")
    below = dataclasses.replace(
        docs[0], slug="ben-duoi", path="directives/ben-duoi.md", implements=(Reference("them-moi"),)
    )
    emptied = [dataclasses.replace(d, implements=()) if d is linked else d for d in docs]
    steps = [docs, [*docs, added], [*docs, added, below], [*docs, below], emptied, docs]
    steps.append([d for d in docs if d is not top])
    kept = RelationCache()
    for directives in [*steps, docs]:
        now = build_corpus(directives)
        for d in now.directives.values():
            assert kept.related(d, now) == _related(d, now), d.slug


def test_a_told_rebuild_finds_what_a_walk_of_the_folders_finds(tmp_path: Path) -> None:
    """`serve` lists the directives folder and scans the content tree again only when what
    the watcher named may change them: after an edit, a summary added, a link added in its
    place and taken away, the problems and documents are those a rebuild told nothing finds."""
    root = make_project(tmp_path / "project")
    folder = root / "directives"
    first = sorted(folder.glob("*.md"))[0]
    added, linked = folder / "them-moi.md", folder / "lien-ket.md"
    kept = FileCache()
    kept.tell(None)
    load_corpus(root, cache=kept)

    def same_as_a_walk(*told: Path) -> None:
        kept.tell(frozenset(told))
        found = load_corpus(root, cache=kept)
        walked = load_corpus(root, cache=FileCache())
        assert found.diagnostics == walked.diagnostics
        assert found.corpus.directives.keys() == walked.corpus.directives.keys()

    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    same_as_a_walk(first)
    added.write_text(first.read_text(encoding="utf-8").replace("number: ", "number: 9", 1), "utf-8")
    same_as_a_walk(added)
    added.rename(tmp_path / "kept.md")
    linked.symlink_to(tmp_path / "kept.md")
    same_as_a_walk(added, linked)
    linked.unlink()
    same_as_a_walk(linked)


def test_a_told_listing_is_the_folders_glob_after_each_change(tmp_path: Path) -> None:
    """`FileCache.listed` puts each path the watcher named in its place or takes it out, as a
    listing of the folder would: additions first, last and between, a removal, a rename, a
    folder named like a summary, a link, a file of another kind."""
    folder = tmp_path / "directives"
    folder.mkdir()
    for name in ("b.md", "d.md", "f.md"):
        (folder / name).write_text("x", encoding="utf-8")
    kept = FileCache()
    kept.tell(None)
    kept.listed(folder, "*.md")
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x", encoding="utf-8")
    steps: list[Callable[[], list[Path]]] = [
        lambda: [_touched(folder / "a.md"), _touched(folder / "z.md"), _touched(folder / "c.md")],
        lambda: [_gone(folder / "d.md")],
        lambda: [_gone(folder / "b.md"), _touched(folder / "e.md")],
        lambda: [_made_dir(folder / "g.md"), _touched(folder / "notes.txt")],
        lambda: [_linked(folder / "h.md", outside), _touched(folder / "f.md")],
        lambda: [_gone(folder / "a.md"), _gone(folder / "z.md"), _gone(folder / "never.md")],
    ]
    for step in steps:
        kept.tell(frozenset(step()))
        walked = sorted((p for p in folder.glob("*.md") if not p.is_symlink()), key=str)
        assert kept.listed(folder, "*.md") == walked


def _touched(path: Path) -> Path:
    path.write_text("x", encoding="utf-8")
    return path


def _gone(path: Path) -> Path:
    path.unlink(missing_ok=True)
    return path


def _made_dir(path: Path) -> Path:
    path.mkdir()
    return path


def _linked(path: Path, target: Path) -> Path:
    path.symlink_to(target)
    return path


def test_a_session_resolves_relations_again_only_when_what_resolve_reads_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of a title or a body leaves every summary's number, slug, date and
    `implements` as they were: the relations of the last rebuild are kept (not resolved
    again), an edit of a number or of `implements` resolves them again; the diagnostics and
    slugs are always those of a rebuild that keeps nothing. Every front-matter field
    `resolve` reads changes what `relation_facts` gives."""
    import re

    from builder import pipeline
    from builder.validate import relations
    from builder.validate.front_matter import RawRef

    root = make_project(tmp_path / "project")
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "resolve", lambda e: calls.append(1) or relations.resolve(e))
    kept = FileCache()
    kept.tell(None)
    load_corpus(root, cache=kept)
    target = root / "directives" / "19-ctr-tu.md"

    def told_equals_a_walk() -> None:
        kept.tell(frozenset({target}))
        found = load_corpus(root, cache=kept)
        walked = load_corpus(root, cache=FileCache())
        assert found.diagnostics == walked.diagnostics
        assert {d.slug: d.implements for d in found.corpus.directives.values()} == {
            d.slug: d.implements for d in walked.corpus.directives.values()
        }

    _edit(target, "title: ", "title: Sửa ")
    told_equals_a_walk()
    assert len(calls) == 2  # the first load's and the walk's: the told rebuild kept its own
    _edit(target, "number: 19-CTr/TU", "number: 91-CTr/TU")
    told_equals_a_walk()
    assert len(calls) == 4  # the told rebuild's again, and the walk's
    source = (REPO / "builder/validate/relations.py").read_text(encoding="utf-8")
    read = set(re.findall(r"\bfm\.(\w+)", source))
    entry = next(iter(kept.summaries._known.values()))[1].entry
    assert entry is not None
    other = {
        "number": "1-KHÁC/TW",
        "number_null": not entry.fm.number_null,
        "slug": "khac-han",
        "date": dt.date(1901, 1, 1),
        "implements": [RawRef("1-KHÁC/TW", None, None, 1)],
    }
    assert read <= other.keys(), read - other.keys()
    for name in read:
        changed = dataclasses.replace(
            entry, fm=dataclasses.replace(entry.fm, **{name: other[name]})
        )
        assert relations.relation_facts(changed) != relations.relation_facts(entry), name


@pytest.mark.parametrize("root", [REPO, REPO / "tests/fixtures/valid/translation"])
def test_a_directives_own_files_are_those_made_of_it_alone(root: Path) -> None:
    """`own_files` names exactly the files beside the pages made of one directive (`serve`
    keeps them as written while it is the same object): its outline and translations',
    print CSS, card; the files of every directive, each alone, are those of the corpus but
    the campaigns'."""
    from builder.outputs.card import card_files
    from builder.outputs.extra import extra_files
    from builder.render.page_table import iter_outline_files, own_files

    corpus = load_corpus(root).corpus
    shown = (
        d.translations if "translation" in root.name else d.fulltext
        for d in corpus.directives.values()
    )
    assert any(shown)  # what this corpus is here to show: a translation, a full text

    def made(only: list[Directive] | None) -> set[str]:
        files = set(extra_files(corpus, None, only)) | set(card_files(corpus, "S", None, only))
        return files | {p for p, _ in iter_outline_files(corpus, ["a.css"], "S", None, only)}

    campaigns = made([])
    everything = made(None)
    for d in corpus.directives.values():
        assert made([d]) - campaigns == set(own_files(d)), d.slug
    assert everything - campaigns == {p for d in corpus.directives.values() for p in own_files(d)}
