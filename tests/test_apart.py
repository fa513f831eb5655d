"""A build from nothing makes its search index and outlines in a forked process, beside MkDocs'
page loop (`outputs/apart.py`, the plugin's `_start_apart`): the same bytes as made in the
main process, and no process left behind when the build fails."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest
from test_site import tree_digest

from builder import cli
from builder.adapter import plugin
from builder.adapter.build import build_site
from builder.outputs.apart import Apart
from builder.pipeline import Scale, load_corpus
from conftest import make_project


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Apart, int]]:
    """Every forked process the plugin starts from now on, with its process id."""
    started: list[tuple[Apart, int]] = []
    start = Apart.start.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Apart], work: object) -> Apart:
        apart = start(cls, work)
        started.append((apart, apart.pid))
        return apart

    monkeypatch.setattr(Apart, "start", classmethod(counted))
    return started


def test_outputs_made_apart_are_the_bytes_made_in_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    started = _forks(monkeypatch)
    # Bodies on disk, as `--clean` keeps them: both processes read the one spill file at once.
    apart = build_site(config, tmp_path / "apart", load_corpus(project, scale=Scale(spill=True)))
    assert apart is None and len(started) == 1 and started[0][0].pid is None  # waited for
    monkeypatch.setattr(plugin.SotayPlugin, "_start_apart", lambda *args: None)
    inline = build_site(config, tmp_path / "inline", load_corpus(project, scale=Scale(spill=True)))
    assert inline is None and len(started) == 1
    made = tree_digest(tmp_path / "apart")
    assert any(p.startswith("assets/search/") for p in made)  # what the forked process wrote
    assert made == tree_digest(tmp_path / "inline")


def test_a_page_loop_failure_ends_the_forked_process_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "project")
    assert cli.main(["--root", str(project), "build", "--clean"]) == 0
    before = tree_digest(project / "site")
    started = _forks(monkeypatch)

    def slow(*args: object) -> object:  # the forked process would outlive the build
        time.sleep(600)
        raise AssertionError("never reached")

    def full(self: object, output: str, **kwargs: object) -> str:
        raise OSError(errno.ENOSPC, "đĩa đầy")

    monkeypatch.setattr(plugin, "iter_index", slow)
    monkeypatch.setattr(plugin.SotayPlugin, "on_post_page", full)
    began = time.monotonic()
    capsys.readouterr()
    assert cli.main(["--root", str(project), "build", "--clean"]) == 1
    assert time.monotonic() - began < 120
    assert capsys.readouterr().err.splitlines()[-1] == "Chưa dựng trang. Thư mục site/ giữ nguyên."
    assert len(started) == 1
    with pytest.raises(ChildProcessError):  # stopped and waited for: nothing writes any more
        os.waitpid(started[0][1], os.WNOHANG)
    assert tree_digest(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_a_stopped_child_is_gone() -> None:
    apart = Apart.start(lambda: time.sleep(600))
    pid = apart.pid
    assert pid is not None
    apart.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert apart.pid is None
    apart.stop()  # twice: nothing to do


def test_what_the_child_returns_comes_back() -> None:
    assert Apart.start(lambda: {"tệp": [1, 2]}).wait() == {"tệp": [1, 2]}
