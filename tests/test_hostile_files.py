"""Files a careless PC or a hostile sender produces: each gives a file:line message and exit 1
within seconds, run as a user would (`sotay check` in a subprocess with a time limit)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, SOTAY

VALID = FIXTURES / "invalid/campaign.undescribed/bare_number_without_file/directives/57-ct-tw.md"
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def _project(tmp_path: Path) -> Path:
    (tmp_path / "directives").mkdir()
    shutil.copy(VALID, tmp_path / "directives" / "57-ct-tw.md")
    return tmp_path


def _check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SOTAY), "--root", str(project), "check"],
        capture_output=True,
        text=True,
        timeout=30,
    )


def _with_front_matter(yaml_text: str) -> str:
    return VALID.read_text(encoding="utf-8").replace("---\n", "---\n" + yaml_text, 1)


CASES = {
    "fifo": (
        lambda d: os.mkfifo(d / "ong.md"),
        "directives/ong.md:1: lỗi: đây không phải tệp văn bản mà là ống dẫn FIFO",
    ),
    "dev_zero": (
        lambda d: (d / "zero.md").symlink_to("/dev/zero"),
        "directives/zero.md:1: lỗi: tệp là liên kết tượng trưng (symlink)",
    ),
    "etc_passwd": (
        lambda d: (d / "pw.md").symlink_to("/etc/passwd"),
        "directives/pw.md:1: lỗi: tệp là liên kết tượng trưng (symlink)",
    ),
    "folder": (
        lambda d: (d / "x.md").mkdir(),
        "directives/x.md:1: lỗi: đây không phải tệp văn bản mà là thư mục",
    ),
    "empty": (
        lambda d: (d / "57-ct-tw.md").write_bytes(b""),
        "directives/57-ct-tw.md:1: lỗi: tệp rỗng",
    ),
    "billion_laughs": (
        lambda d: (d / "57-ct-tw.md").write_text(
            _with_front_matter(BILLION_LAUGHS), encoding="utf-8"
        ),
        "directives/57-ct-tw.md:2: lỗi: phần thông tin đầu dùng neo hoặc bí danh YAML",
    ),
    "deep_block_yaml": (
        lambda d: (d / "57-ct-tw.md").write_text(
            _with_front_matter(
                "".join(f"{'  ' * i}k{i}:\n" for i in range(300)) + "  " * 300 + "v\n"
            ),
            encoding="utf-8",
        ),
        "directives/57-ct-tw.md:14: lỗi: phần thông tin đầu lồng nhau quá 12 cấp",
    ),
    "deep_flow_yaml": (
        lambda d: (d / "57-ct-tw.md").write_text(
            _with_front_matter("x: " + "[" * 200_000 + "\n"), encoding="utf-8"
        ),
        "directives/57-ct-tw.md:2: lỗi: phần thông tin đầu lồng nhau quá 12 cấp",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_file_is_named_and_refused(tmp_path: Path, case: str) -> None:
    project = _project(tmp_path)
    make, expected = CASES[case]
    make(project / "directives")
    done = _check(project)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "không mong đợi" not in done.stdout + done.stderr
    assert expected in done.stdout + done.stderr


def test_a_bidi_control_in_any_file_the_project_reads_is_refused(tmp_path: Path) -> None:
    """Every text file of the seed project (summaries, campaigns, full texts, hand-written
    pages), given a right-to-left override on a last line of its own, is refused at that line
    and column: no file kind reads around the gate. The summaries of the full texts are left
    alone (a full text is read only beside its summary)."""
    from builder.pipeline import load_corpus
    from conftest import make_project

    project = make_project(tmp_path / "project")
    owners = {project / "directives" / p.name for p in (project / "directives/toan-van").iterdir()}
    files = [
        p
        for folder in ("directives", "content")
        for p in sorted((project / folder).rglob("*"))
        if p.is_file() and p.suffix in (".md", ".yml") and p not in owners
    ]
    expected = {}
    for path in files:
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
        line = "# Ghi \u202echú\n" if path.suffix == ".yml" else "Dòng \u202ecuối.\n"
        path.write_text(text + line, encoding="utf-8")
        rel = path.relative_to(project).as_posix()
        expected[rel] = (text.count("\n") + 1, line.index("\u202e") + 1)
    assert len(expected) > 10 and any("toan-van" in p for p in expected)
    found = {
        d.path: (d.line, d.format())
        for d in load_corpus(project).diagnostics
        if d.code == "text.bidi_control"
    }
    assert {path: line for path, (line, _) in found.items()} == {
        path: line for path, (line, _) in expected.items()
    }
    for path, (_, column) in expected.items():
        assert f"(U+202E) ở cột {column}:" in found[path][1]
