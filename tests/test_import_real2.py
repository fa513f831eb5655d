"""`sotay import` on Word guides made by LibreOffice from real public texts
(tests/fixtures/import-real2/, SOURCES.md): a "MẬT" stamp where python-docx does not read,
in a text box or a page header, refuses the whole guide."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, run_sotay

REAL2 = FIXTURES / "import-real2"


def _import(tmp_path: Path, name: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    (tmp_path / "directives").mkdir()
    shutil.copy(REAL2 / name, tmp_path / name)
    return tmp_path, run_sotay("import", name, cwd=tmp_path)


def test_the_unstamped_guide_imports_both_summaries(tmp_path: Path) -> None:
    root, done = _import(tmp_path, "plain.docx")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (root / "directives").iterdir()) == ["10-nq-tu.md", "19-nq-tu.md"]


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("stamp-textbox.docx", 'stamp-textbox.docx:20: lỗi: tệp Word có dấu "MẬT" trong một hộp'),
        ("stamp-header.docx", 'stamp-header.docx:0: lỗi: tệp Word có dấu "MẬT" trong đầu trang'),
    ],
)
def test_a_stamp_outside_the_text_refuses_the_guide(tmp_path: Path, name: str, where: str) -> None:
    root, done = _import(tmp_path, name)
    assert done.returncode == 1
    assert where in done.stderr
    assert list((root / "directives").iterdir()) == []
    assert not (root / "content").exists()


def test_a_situation_heading_in_the_sources_words_is_the_context_part(tmp_path: Path) -> None:
    """ "1- Khái quát tình hình" and "1- Về đánh giá tình hình" (the Ninh Thuận pages' own
    headings) are Bối cảnh, not a whole summary pushed into Nội dung with needs_human."""
    root, done = _import(tmp_path, "plain.docx")
    assert done.returncode == 0, done.stderr
    for name, heading in (
        ("10-nq-tu.md", "## Khái quát tình hình"),
        ("19-nq-tu.md", "## Về đánh giá tình hình"),
    ):
        text = (root / "directives" / name).read_text(encoding="utf-8")
        assert "absent: [noi-dung, goi-y]\n" in text
        assert heading in text.split("\n---\n", 1)[1]
        assert "needs_human" not in text
