"""`sotay import` ends with one line counting files written, documents needing a human and
documents not imported; it exits 1 when a document of the Phụ lục got no file."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, run_sotay

TWICE = FIXTURES / "import" / "import.same_file" / "one_document_summarised_twice.md"
ONCE = FIXTURES / "import" / "import.field" / "document_without_issuer.md"
REAL = FIXTURES / "import-real" / "typed.txt"


def _last_line(guide: Path, folder: Path) -> tuple[int, str, list[str]]:
    shutil.copy(guide, folder / guide.name)
    done = run_sotay("import", guide.name, cwd=folder)
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))
    return done.returncode, done.stdout.splitlines()[-1], written


def test_a_summary_that_lost_its_file_makes_the_import_fail(tmp_path: Path) -> None:
    code, line, written = _last_line(TWICE, tmp_path)
    assert code == 1
    assert line == (
        "Nhập xong: 2 tệp; 1 văn bản cần người kiểm tra (needs_human), 1 văn bản không nhập "
        "được; 2 điểm cần kiểm tra (in ở trên). Chạy `sotay check` để kiểm tra lại."
    )
    assert written == [
        "content/dot-hoc-tap/30-hd-bxdddu.md",
        "directives/72-nq-tw.md",
        TWICE.name,
    ]


def test_every_summary_written_exits_0_and_counts_needs_human(tmp_path: Path) -> None:
    code, line, written = _last_line(ONCE, tmp_path)
    assert code == 0
    assert line.startswith("Nhập xong: 2 tệp; 1 văn bản cần người kiểm tra (needs_human), 0 ")
    human = [p for p in (tmp_path / "directives").glob("*.md") if "needs_human:" in p.read_text()]
    assert len(human) == 1


def test_the_real_guide_counts_match_its_files(tmp_path: Path) -> None:
    code, line, written = _last_line(REAL, tmp_path)
    directives = list((tmp_path / "directives").glob("*.md"))
    human = sum("needs_human:" in p.read_text(encoding="utf-8") for p in directives)
    assert code == 0
    assert line.startswith(
        f"Nhập xong: {len(directives) + 1} tệp; {human} văn bản cần người kiểm tra "
        "(needs_human), 0 văn bản không nhập được;"
    )
