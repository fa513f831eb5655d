"""The site folder: a build never writes over sources, and a killed build never leaves the
project without a complete site nor temp folders that later builds keep."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from builder.core import urls
from builder.outputs import site
from conftest import FIXTURES, SOTAY, make_project, run_sotay


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("project"))
    for folder in urls.SOURCE_FOLDERS:
        # content/ publishes only pages and assets: a .txt there is an error of its own
        kept = root / folder / (urls.CONTENT_ASSETS if folder == urls.CONTENT_DIR else "")
        kept.mkdir(parents=True, exist_ok=True)
        if folder == urls.CONTENT_DIR:  # a real PDF: an asset is judged by its bytes
            shutil.copy(FIXTURES / "assets" / "bao-cao-sach.pdf", kept / "giu-lai.pdf")
        else:
            (kept / "giu-lai.txt").write_text("nguồn\n", encoding="utf-8")
    return root


def _sources(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith("site")
    }


@pytest.mark.parametrize("target", [*urls.SOURCE_FOLDERS, ".", "directives/con", ".."])
def test_a_site_dir_on_the_sources_is_refused_and_nothing_changes(
    project: Path, target: str
) -> None:
    before = _sources(project)
    done = run_sotay("--root", str(project), "build", "--site-dir", str(project / target))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "lỗi: thư mục kết quả" in done.stderr
    assert _sources(project) == before


SITE_CASES = {
    "site.holds_project": (".", "./:0: lỗi: thư mục kết quả là thư mục dự án"),
    "site.inside_source": ("content", "content/:0: lỗi: thư mục kết quả nằm trong thư mục nguồn"),
    "site.not_folder": ("mkdocs.yml", "mkdocs.yml/:0: lỗi: thư mục kết quả đã có và là một tệp"),
    "site.foreign": ("ho-so", "ho-so/:0: lỗi: thư mục kết quả đã có tệp nhưng không phải"),
}
"""Every `site.*` message, with a --site-dir that produces it (tests/test_fixtures.py counts
these as the fixtures of those codes)."""


@pytest.mark.parametrize("code", sorted(SITE_CASES))
def test_each_site_message_names_the_folder(project: Path, code: str) -> None:
    target, expected = SITE_CASES[code]
    (project / "ho-so").mkdir(exist_ok=True)
    (project / "ho-so" / "bao-cao.docx").write_bytes(b"PK")
    done = run_sotay("--root", str(project), "build", "--site-dir", str(project / target))
    assert done.returncode == 1
    assert done.stderr.startswith(expected), done.stderr


def test_the_root_folder_is_shown_as_a_single_slash(project: Path) -> None:
    done = run_sotay("--root", str(project), "build", "--site-dir", "/")
    assert done.returncode == 1
    assert done.stderr.startswith("/:0: lỗi: thư mục kết quả là thư mục dự án"), done.stderr


def test_a_folder_that_is_not_a_site_is_left_alone(project: Path, tmp_path: Path) -> None:
    (tmp_path / "ho-so.docx").write_bytes(b"PK")
    done = run_sotay("--root", str(project), "build", "--site-dir", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.startswith(f"{tmp_path.as_posix()}/:0: lỗi: thư mục kết quả đã có tệp")
    assert [p.name for p in tmp_path.iterdir()] == ["ho-so.docx"]


def test_an_earlier_site_is_replaced_and_leftovers_of_killed_builds_removed(
    project: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    assert run_sotay("--root", str(project), "build", "--site-dir", str(target)).returncode == 0
    (target / "cu.html").write_text("cũ", encoding="utf-8")
    dead = tmp_path / "site.tmp-999999"  # a pid no process has
    dead.mkdir()
    alive = tmp_path / f"site.tmp-{os.getpid()}"  # a build still running: kept
    alive.mkdir()
    assert run_sotay("--root", str(project), "build", "--site-dir", str(target)).returncode == 0
    assert not (target / "cu.html").exists() and (target / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", alive.name])


def test_the_exchange_swaps_two_folders(tmp_path: Path) -> None:
    new, old = tmp_path / "new", tmp_path / "site"
    new.mkdir()
    old.mkdir()
    (new / "index.html").write_text("mới", encoding="utf-8")
    (old / "index.html").write_text("cũ", encoding="utf-8")
    site.swap_in(new, old)
    assert (old / "index.html").read_text(encoding="utf-8") == "mới"
    assert not new.exists()


def test_a_build_killed_at_any_moment_leaves_a_complete_site(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    started = time.perf_counter()
    assert run_sotay("--root", str(project), "build", "--site-dir", str(target)).returncode == 0
    duration = time.perf_counter() - started
    complete = sorted(p.relative_to(target).as_posix() for p in target.rglob("*"))
    rng = random.Random(20261201)
    for _ in range(6):
        build = subprocess.Popen(
            [str(SOTAY), "--root", str(project), "build", "--site-dir", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, duration * 1.1))
        build.send_signal(signal.SIGKILL)
        build.wait()
        found = sorted(p.relative_to(target).as_posix() for p in target.rglob("*"))
        assert found == complete
    assert run_sotay("--root", str(project), "build", "--site-dir", str(target)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
