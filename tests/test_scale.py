"""A large build: bodies kept on disk change no byte, `--jobs` changes no byte, progress on a
terminal only (issue 20 part A; timings are in tests/bench/build.py, never asserted)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from test_site import tree_digest

from builder.adapter.build import build_site
from builder.core.spill import Spill
from builder.model import Body
from builder.pipeline import PARALLEL_FROM, Scale, load_corpus
from conftest import REPO, SOTAY, make_project, run_sotay

sys.path.insert(0, str(Path(__file__).parent / "bench"))
from make_corpus import make_corpus  # noqa: E402

SYNTHETIC = PARALLEL_FROM + 6
"""Enough files for the build to start worker processes."""


def test_a_spill_gives_back_what_was_put_and_the_last_value_wins() -> None:
    spill = Spill()
    spill.put("a.md", Body("<p>một</p>", (), ()))
    spill.put("b.md", "hai")
    spill.put("a.md", Body("<p>ba</p>", (), ()))
    assert spill.get("a.md") == Body("<p>ba</p>", (), ())
    assert spill.get("b.md") == "hai"
    assert "a.md" in spill and "c.md" not in spill and len(spill) == 2
    spill.close()


def test_a_spilled_corpus_keeps_only_what_other_pages_read() -> None:
    whole = load_corpus(REPO).corpus
    spilled = load_corpus(REPO, scale=Scale(spill=True)).corpus
    assert spilled.directives.keys() == whole.directives.keys()
    with_text = [d for d in whole.directives.values() if d.fulltext is not None]
    assert with_text, "the repository has full texts: the test would prove nothing"
    for slug, directive in whole.directives.items():
        kept = spilled.directives[slug]
        assert kept.html == "" and kept.outline == ()
        assert all(s.text == "" for s in kept.sections)
        assert [s.anchor for s in kept.sections] == [s.anchor for s in directive.sections]
        assert kept.title == directive.title and kept.headings == directive.headings
        assert spilled.full(kept) == directive
        assert spilled.body_html(kept) == directive.html == whole.body_html(directive)
    assert all(spilled.directives[d.slug].fulltext.html == "" for d in with_text)  # type: ignore[union-attr]


def test_bodies_on_disk_build_the_same_site_as_bodies_in_memory(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    done = run_sotay("--root", str(project), "build")  # spills bodies and page HTML
    assert done.returncode == 0, done.stderr
    in_memory = tmp_path / "in-memory"
    error = build_site(project / "mkdocs.yml", in_memory, load_corpus(project))
    assert error is None
    assert tree_digest(project / "site") == tree_digest(in_memory)


def _synthetic(folder: Path) -> Path:
    project = make_project(folder, directives=None)
    for path in (project / "directives").rglob("*.md"):
        path.unlink()
    make_corpus(SYNTHETIC, project / "directives")
    return project


def _build_on_a_terminal(project: Path, *args: str) -> tuple[int, str]:
    """`sotay build` with stderr on a pseudo-terminal: its return code and what it showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(SOTAY), "--root", str(project), "build", *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=600), shown.decode("utf-8")


def test_jobs_change_no_byte_and_progress_shows_only_on_a_terminal(tmp_path: Path) -> None:
    project = _synthetic(tmp_path / "project")
    piped = run_sotay("--root", str(project), "build", "--jobs", "1")
    assert piped.returncode == 0, piped.stderr
    assert "Đã đọc" not in piped.stderr and "\r" not in piped.stderr
    one_job = tree_digest(project / "site")
    code, shown = _build_on_a_terminal(project, "--jobs", "2", "--site-dir", str(project / "two"))
    assert code == 0, shown
    assert tree_digest(project / "two") == one_job
    assert f"\rĐã đọc {SYNTHETIC}/{SYNTHETIC} tệp · đã ghi 0 trang" in shown
    written = [int(part.split(" trang")[0]) for part in shown.split("đã ghi ")[1:]]
    assert max(written) > SYNTHETIC  # every directive's page and the site's own, as written


def test_jobs_must_be_a_whole_number_from_one(tmp_path: Path) -> None:
    for bad in ("0", "hai", "-1"):
        done = run_sotay("--root", str(tmp_path), "build", "--jobs", bad)
        assert done.returncode == 2
        assert "--jobs" in done.stderr and "Traceback" not in done.stderr


def test_the_floor_bench_renders_each_synthetic_file_as_a_page(tmp_path: Path) -> None:
    """tests/bench/floor.py (the bare loop `sotay build` is compared with) reads the files
    `make_corpus` writes: each becomes one page, its title escaped, its body's headings HTML."""
    from floor import render_all

    make_corpus(5, tmp_path / "directives")
    out = tmp_path / "pages"
    out.mkdir()
    paths = sorted((tmp_path / "directives").glob("*.md"))
    assert render_all(paths, out) == len(paths) == 5
    for path in paths:
        page = (out / f"{path.stem}.html").read_text(encoding="utf-8")
        assert "<h2>Bối cảnh" in page and page.count("<title>") == 1
