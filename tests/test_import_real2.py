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


def test_a_pdf_printed_with_a_stamp_in_its_page_header_is_refused(tmp_path: Path) -> None:
    """LibreOffice's PDF of stamp-header.docx (make.py): pdftotext gives "MẬT" as a line."""
    root, done = _import(tmp_path, "stamp-header.pdf")
    assert done.returncode == 1
    assert 'stamp-header.pdf:1: lỗi: dòng này là dấu "MẬT"' in done.stderr
    assert list((root / "directives").iterdir()) == []
    assert not (root / "content").exists()


@pytest.mark.parametrize(
    "line", ["MẬT", "- MẬT -", "  Tối mật  ", "**TUYỆT MẬT**", "TUYET MAT", "- mat -", "MẬT\tx"]
)
def test_a_stamp_line_is_found_in_any_decoration(line: str) -> None:
    from builder.authoring.importer.read import stamped

    found = stamped([(7, "Một câu."), (8, line)], "g.pdf")
    assert found is not None
    assert (found.code, found.line) == ("import.stamped", 8)


@pytest.mark.parametrize(
    "line",
    [
        "Các chi bộ bảo vệ bí mật nhà nước.",
        "bảo vệ bí mật nhà nước",
        "mật thiết",
        "Quan hệ mật thiết với Nhân dân",
        "MẬT khẩu",
        "Văn bản MẬT phải được quản lý theo quy định.",
    ],
)
def test_a_sentence_with_the_word_mat_is_not_a_stamp(line: str) -> None:
    from builder.authoring.importer.read import stamped

    assert stamped([(1, line)], "g.pdf") is None


def test_a_word_paragraph_or_cell_that_is_a_stamp_is_refused(tmp_path: Path) -> None:
    import docx

    document = docx.Document(str(REAL2 / "plain.docx"))
    document.tables[0].rows[0].cells[1].add_paragraph("- MẬT -")
    document.save(str(tmp_path / "cell.docx"))
    (tmp_path / "directives").mkdir()
    done = run_sotay("import", "cell.docx", cwd=tmp_path)
    assert done.returncode == 1
    assert 'cell.docx:1: lỗi: dòng này là dấu "MẬT"' in done.stderr
    assert list((tmp_path / "directives").iterdir()) == []


def test_the_issuer_is_taken_from_the_header_block(tmp_path: Path) -> None:
    """ "ĐẢNG BỘ XÃ AN HÒA" over "BAN XÂY DỰNG ĐẢNG" above "Số 03-HD/BXDĐ": the campaign's
    issuer, so `sotay check` afterwards does not stop on an empty one."""
    root, done = _import(tmp_path, "plain.docx")
    assert done.returncode == 0, done.stderr
    (campaign,) = (root / "content" / "dot-hoc-tap").iterdir()
    text = campaign.read_text(encoding="utf-8")
    assert "\nissuer: Ban Xây dựng Đảng Đảng bộ xã An Hòa\n" in text
    assert "(issuer)" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        (["BAN TUYÊN GIÁO TỈNH ỦY", "*", "Số 12-HD/BTGTU"], "Ban Tuyên giáo Tỉnh ủy"),
        (
            ["TỈNH ỦY NINH THUẬN", "BAN TUYÊN GIÁO", "Số 1-HD/BTG"],
            "Ban Tuyên giáo Tỉnh ủy Ninh Thuận",
        ),
        (["ĐẢNG ỦY XÃ TAM ĐƯỜNG\tĐẢNG CỘNG SẢN VIỆT NAM", "HƯỚNG DẪN"], None),
        (["ĐẢNG ỦY XÃ TAM ĐƯỜNG", "ỦY BAN KIỂM TRA"], "Ủy ban Kiểm tra Đảng ủy xã Tam Đường"),
    ],
)
def test_the_header_names_its_body_as_the_party_writes_it(
    header: list[str], issuer: str | None
) -> None:
    from builder.authoring.importer.blocks import Block
    from builder.authoring.importer.casing import CaseBook
    from builder.authoring.importer.guide import head_blocks, header_issuer

    blocks = [
        Block(i, "", rows=(tuple(t.split("\t")),)) if "\t" in t else Block(i, t)
        for i, t in enumerate(header, start=1)
    ]
    assert header_issuer(head_blocks(blocks), CaseBook(blocks)) == issuer


GARBLED = "Ban Tuyên giáo\nCác chi bộ tổ chức cơng tác tun truyền, cịn lại ơng bà\n"


@pytest.mark.parametrize(
    "text",
    [GARBLED, "thực hiện nhiệm vụ bảo vệ đường lối\nngười ưong\n", "NHÀ TRƠNG\n"],
)
def test_garbled_vietnamese_letters_refuse_the_pdf(text: str) -> None:
    from builder.authoring.importer.convert import garbled

    found = garbled(text.split("\n"), "g.pdf")
    assert found is not None
    assert (found.code, found.line) == ("import.pdf_garbled", 2 if "\n" in text.strip() else 1)


def test_a_pdf_with_a_broken_font_mapping_is_refused_by_import(tmp_path: Path) -> None:
    """A stand-in pdftotext on PATH gives the classic broken-font text: no file written."""
    (tmp_path / "bin").mkdir()
    fake = tmp_path / "bin" / "pdftotext"
    fake.write_text(f"#!/bin/sh\n/bin/cat > \"$5\" <<'END'\n{GARBLED}END\n", encoding="utf-8")
    fake.chmod(0o755)
    (tmp_path / "directives").mkdir()
    (tmp_path / "g.pdf").write_bytes(b"%PDF-1.4\n")
    import os

    done = run_sotay("import", "g.pdf", cwd=tmp_path, env={**os.environ, "PATH": str(fake.parent)})
    assert done.returncode == 1
    assert (
        'g.pdf:2: lỗi: chữ tiếng Việt trong tệp PDF bị đọc sai ("tổ chức cơng tác tun"): phông chữ'
        in done.stderr
    )
    assert "nhập tệp Word (.docx)" in done.stderr
    assert list((tmp_path / "directives").iterdir()) == []


def test_the_clean_real_guides_raise_no_false_alarm() -> None:
    from builder.authoring.importer.convert import garbled, pdf_text
    from builder.authoring.importer.read import read_guide

    text, problem = pdf_text(REAL2 / "stamp-header.pdf", "stamp-header.pdf")
    assert problem is None and text is not None and "công" in text
    for path in [REAL2 / "plain.docx", *(FIXTURES / "import-real").glob("*.*")]:
        if path.suffix in (".docx", ".txt"):
            blocks, _ = read_guide(path, path.name)
            lines = [b.text for b in blocks or []] + [
                c for b in blocks or [] for r in b.rows for c in r
            ]
            assert lines and garbled(lines, path.name) is None, path
    converted, problem = pdf_text(FIXTURES / "import-convert" / "guide.pdf", "guide.pdf")
    assert problem is None and converted
