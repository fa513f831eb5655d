"""`.doc` and `.pdf` guides: converted by LibreOffice / pdftotext when the machine has them,
refused with the apt command or the Word menu when it has not, a scanned PDF refused as such.

tests/fixtures/import-convert/: guide.doc and guide.pdf are the real-text guide
tests/fixtures/import-real/headings.docx saved by LibreOffice (`soffice --headless
--convert-to doc|pdf`); scanned.pdf is its first page rendered to a grey image
(`pdftoppm -r 50 -gray`) and wrapped in a PDF with no text layer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_import import COMPARED, front_matter
from test_import_real import EXPECTED, _as_read

from builder.core.text import slugify
from conftest import FIXTURES, run_sotay

CONVERT = FIXTURES / "import-convert"
NO_SOFFICE = shutil.which("soffice") is None
NO_PDFTOTEXT = shutil.which("pdftotext") is None


def _import(name: str, folder: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    shutil.copy(CONVERT / name, folder / name)
    done = run_sotay("import", name, cwd=folder, env=env)
    return done.returncode, done.stdout, done.stderr


def _right(folder: Path) -> list[str]:
    """Numbers of the expected documents whose every compared field came out right."""
    right = []
    for expected in EXPECTED["directives"]:
        path = folder / "directives" / f"{slugify(expected['number'])}.md"
        if not path.is_file():
            continue
        meta = front_matter(path)
        if {k: meta[k] for k in COMPARED} == {k: _as_read(expected[k]) for k in COMPARED}:
            right.append(expected["number"])
    return right


@pytest.mark.skipif(NO_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_a_doc_is_converted_and_read_like_its_docx(tmp_path: Path) -> None:
    code, stdout, stderr = _import("guide.doc", tmp_path)
    assert code == 0, stderr
    assert _right(tmp_path) == [d["number"] for d in EXPECTED["directives"]]
    assert "0 văn bản không nhập được" in stdout.splitlines()[-1]


@pytest.mark.skipif(NO_PDFTOTEXT, reason="poppler-utils (pdftotext) is not installed")
def test_a_text_pdf_is_read_through_pdftotext(tmp_path: Path) -> None:
    """The PDF has lost Word's heading styles and numbering definitions: what is printed is
    all there is, so fewer summaries are recognised than from the .docx (see the report)."""
    code, stdout, stderr = _import("guide.pdf", tmp_path)
    assert code == 0, stderr
    meta = front_matter(tmp_path / "content" / "dot-hoc-tap" / "12-hd-bxdd.md")
    assert (meta["guide"], meta["date"]) == (
        EXPECTED["campaign"]["guide"],
        _as_read(EXPECTED["campaign"]["date"]),
    )
    assert _right(tmp_path) == ["57-NQ/TW", "42-NQ/TW", "17-CT/TU"]


@pytest.mark.skipif(NO_PDFTOTEXT, reason="poppler-utils (pdftotext) is not installed")
def test_a_scanned_pdf_is_refused_as_such(tmp_path: Path) -> None:
    code, stdout, stderr = _import("scanned.pdf", tmp_path)
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        "scanned.pdf:0: lỗi: tệp PDF là bản quét (chỉ có ảnh, không có lớp chữ): không đọc "
        "được (gợi ý: xin nơi gửi bản .docx; nếu chỉ có bản giấy, nhận dạng chữ (OCR) rồi lưu "
        "thành .docx)",
        "Chưa nhập: không ghi tệp nào.",
    ]


def test_a_failing_converter_is_named(tmp_path: Path) -> None:
    """A soffice that exits 1 (a stand-in on PATH: the real one converts almost anything)."""
    (tmp_path / "bin").mkdir()
    fake = tmp_path / "bin" / "soffice"
    fake.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": str(tmp_path / "bin")}
    code, stdout, stderr = _import("guide.doc", tmp_path, env)
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        "guide.doc:0: lỗi: LibreOffice không chuyển được tệp (mã 1) (gợi ý: mở tệp bằng Word, "
        "chọn Tệp › Lưu thành › .docx rồi thử lại)",
        "Chưa nhập: không ghi tệp nào.",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "guide.doc",
            "guide.doc:0: lỗi: tệp Word 97-2003 (.doc) cần LibreOffice để chuyển sang .docx, máy "
            "này chưa có (gợi ý: cài bằng lệnh: sudo apt-get install -y libreoffice-writer-nogui; "
            "hoặc mở tệp bằng Word, chọn Tệp › Lưu thành › .docx)",
        ),
        (
            "guide.pdf",
            "guide.pdf:0: lỗi: đọc tệp PDF cần pdftotext, máy này chưa có (gợi ý: cài bằng lệnh: "
            "sudo apt-get install -y poppler-utils; hoặc xin nơi gửi bản .docx)",
        ),
    ],
)
def test_without_the_converter_the_message_names_the_apt_command(
    name: str, expected: str, tmp_path: Path
) -> None:
    """PATH holds only an empty folder: neither soffice nor pdftotext can be found."""
    (tmp_path / "bin").mkdir()
    env = {**os.environ, "PATH": str(tmp_path / "bin")}
    code, stdout, stderr = _import(name, tmp_path, env)
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [expected, "Chưa nhập: không ghi tệp nào."]
    assert not (tmp_path / "directives").exists()
