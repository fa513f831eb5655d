"""Every kind of source file, damaged the ways a careless PC damages files, is read without a
traceback: each problem is a Vietnamese message naming the file and a line inside it.

The cases are generated, not listed: each real file of each kind the build reads (summary,
full text, campaign, hand-written page, bulletin, translation, the languages table) gets
`PER_FILE` mutations drawn with a fixed seed from `MUTATIONS` (a download cut short, a line
lost or doubled, a byte flipped into invalid UTF-8, a stray BOM, Windows line ends, a
full-width colon, a NUL, a front-matter fence doubled…). A new kind or mutation added to a
table is covered at once.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.adapter.build import build_site
from builder.core import urls
from builder.pipeline import load_corpus
from conftest import FIXTURES, make_project

PER_FILE = 12
SEED = 20261201

Mutation = Callable[[bytes, random.Random], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def _drop_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def _double_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    return b"".join(lines[: at + 1] + lines[at:])


def _swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def _flip_byte(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + bytes([rng.choice((0x80, 0xC3, 0xE1, 0xFF, 0xFE))]) + data[at + 1 :]


def _insert(piece: bytes) -> Mutation:
    def insert(data: bytes, rng: random.Random) -> bytes:
        at = rng.randrange(len(data) + 1)
        return data[:at] + piece + data[at:]

    return insert


def _crlf(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r\n")


def _old_mac(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r")


def _wide_colon(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b": ", "： ".encode(), 1)


def _latin1(data: bytes, rng: random.Random) -> bytes:
    return data.decode("utf-8", "replace").encode("latin-1", "replace")


MUTATIONS: dict[str, Mutation] = {
    "cut short": _cut,
    "a line lost": _drop_line,
    "a line doubled": _double_line,
    "two lines swapped": _swap_lines,
    "a byte flipped": _flip_byte,
    "a stray BOM": _insert("\ufeff".encode()),
    "a NUL": _insert(b"\x00"),
    "a fence": _insert(b"\n---\n"),
    "a tab": _insert(b"\t"),
    "a colon": _insert(b": "),
    "a quote": _insert(b'"'),
    "a bracket": _insert(b"[{"),
    "Windows line ends": _crlf,
    "old Mac line ends": _old_mac,
    "a full-width colon": _wide_colon,
    "saved as Latin-1": _latin1,
}


def _project(folder: Path) -> Path:
    """The seed project with a bulletin and a translation, so every kind has a real file."""
    root = make_project(folder)
    bulletins = root / "directives" / urls.BULLETIN_DIR
    bulletins.mkdir()
    shutil.copy(FIXTURES / "bulletins" / "phat-thanh" / "04-ct-tw.md", bulletins)
    shutil.copytree(
        FIXTURES / "valid" / "translation" / "directives" / urls.TRANSLATIONS_DIR,
        root / "directives" / urls.TRANSLATIONS_DIR,
    )
    return root


def _kinds(root: Path) -> dict[str, list[Path]]:
    directives = root / urls.DIRECTIVES_DIR
    translations = directives / urls.TRANSLATIONS_DIR
    return {
        "summary": sorted(directives.glob("*.md")),
        "full text": sorted((directives / urls.FULLTEXT_DIR).glob("*.md")),
        "campaign": sorted((root / urls.CAMPAIGNS_DIR).glob("*.md")),
        "page": sorted((root / urls.CONTENT_DIR).glob("*.md")),
        "bulletin": sorted((directives / urls.BULLETIN_DIR).glob("*.md")),
        "translation": sorted(translations.glob("*/*.md")),
        "languages": [translations / urls.LANGUAGES_FILE],
    }


def _cases() -> list[tuple[str, str]]:
    """(kind, file name) for every real file of every kind."""
    root = Path(__file__).resolve().parents[1]
    names = {
        "summary": sorted(p.name for p in (root / urls.DIRECTIVES_DIR).glob("*.md")),
        "full text": sorted(
            p.name for p in (root / urls.DIRECTIVES_DIR / urls.FULLTEXT_DIR).glob("*.md")
        ),
        "campaign": sorted(p.name for p in (root / urls.CAMPAIGNS_DIR).glob("*.md")),
        "page": sorted(p.name for p in (root / urls.CONTENT_DIR).glob("*.md")),
        "bulletin": ["04-ct-tw.md"],
        "translation": ["57-ct-tw.md"],
        "languages": [urls.LANGUAGES_FILE],
    }
    return [(kind, name) for kind, files in names.items() for name in files]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("mutations") / "project")


def test_every_kind_has_real_files(project: Path) -> None:
    """The generator below walks each kind: an empty kind would test nothing."""
    assert {kind: bool(files) for kind, files in _kinds(project).items()} == {
        kind: True for kind in _kinds(project)
    }
    assert load_corpus(project).diagnostics == []


@pytest.mark.parametrize(("kind", "name"), _cases())
def test_a_damaged_file_is_read_without_a_traceback(project: Path, kind: str, name: str) -> None:
    (path,) = [p for p in _kinds(project)[kind] if p.name == name]
    original = path.read_bytes()
    rng = random.Random(f"{SEED}:{kind}:{name}")
    rel = path.relative_to(project).as_posix()
    named, accepted = 0, b""
    try:
        for label in rng.sample(sorted(MUTATIONS), PER_FILE):
            damaged = MUTATIONS[label](original, rng)
            path.write_bytes(damaged)
            found = load_corpus(project).diagnostics  # raises on a traceback
            if not accepted and not [d for d in found if d.is_error]:
                accepted = damaged
            lines = damaged.count(b"\n") + damaged.count(b"\r") + 1
            for problem in found:
                shown = problem.format()
                assert shown.startswith(f"{problem.path}:"), (label, shown)
                if problem.path == rel:
                    named += 1
                    assert 0 <= problem.line <= lines, (label, shown)
                assert "Traceback" not in shown and "Error" not in shown, (label, shown)
        if accepted:  # damage the checks let through must still build
            path.write_bytes(accepted)
            assert (
                build_site(project / "mkdocs.yml", project / "site", load_corpus(project)) is None
            )
    finally:
        path.write_bytes(original)
    assert named  # some damage was seen and named: the file was really read
