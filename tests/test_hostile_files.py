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
