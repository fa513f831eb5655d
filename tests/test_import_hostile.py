"""Hostile and oversized guides for `sotay import`: each is refused (or read) within a time and
memory bound, run as a user would, in a subprocess with RLIMIT_AS and a timeout.

The small hostile `.docx` fixtures under tests/fixtures/import/import.docx_*/ are made by
`make_fixtures()` below from the real-text guide tests/fixtures/import-real/headings.docx."""

from __future__ import annotations

import resource
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import FIXTURES, SOTAY

REAL = FIXTURES / "import-real" / "headings.docx"
IMPORT = FIXTURES / "import"
MEMORY = 1_500_000_000
"""Address space of the importing process: Python, lxml and python-docx need about 400 MB."""
SECONDS = 10
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY a "hahahahahahahahahaha">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
)


def _copy_with(target: Path, replace: dict[str, bytes], extra: dict[str, bytes]) -> None:
    with zipfile.ZipFile(REAL) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item.filename, replace.get(item.filename, source.read(item)))
        for name, data in extra.items():
            out.writestr(name, data)


def make_fixtures() -> None:
    """Write the hostile .docx fixtures (run once by hand; they are checked in)."""
    document = zipfile.ZipFile(REAL).read("word/document.xml")
    cases = {
        "import.docx_entities/billion_laughs.docx": (
            {"word/document.xml": BILLION_LAUGHS.encode()},
            {},
        ),
        "import.docx_xml/document_cut_in_half.docx": (
            {"word/document.xml": document[: len(document) // 2]},
            {},
        ),
        "import.docx_ratio/zeros_as_image.docx": ({}, {"word/media/image9.png": bytes(3_000_000)}),
        "import.docx_members/a_thousand_and_one_parts.docx": (
            {},
            {f"customXml/item{i}.bin": b"x" for i in range(1001)},
        ),
        "import.docx_unpacked/sixty_megabytes.docx": (
            {},
            {"word/media/image9.bmp": bytes(60_000_000)},
        ),
    }
    for name, (replace, extra) in cases.items():
        (IMPORT / name).parent.mkdir(exist_ok=True)
        _copy_with(IMPORT / name, replace, extra)


def zip_bomb(target: Path, member: str = "word/document.xml", size: int = 1_500_000_000) -> None:
    """A .docx whose `member` inflates to `size` bytes of zeros from about size/250 bytes:
    one flushed deflate block of 16 MB repeated (written by hand, in well under a second)."""
    piece = 1 << 24
    squeeze = zlib.compressobj(1, zlib.DEFLATED, -15)
    block = squeeze.compress(bytes(piece)) + squeeze.flush(zlib.Z_FULL_FLUSH)
    data = block * (size // piece) + zlib.compressobj(1, zlib.DEFLATED, -15).flush()
    real = (size // piece) * piece
    name = member.encode()
    local = struct.pack("<4s5H3I2H", b"PK\3\4", 20, 0, 8, 0, 0, 0, len(data), real, len(name), 0)
    central = struct.pack(
        "<4s6H3I5H2I",
        b"PK\1\2",
        20,
        20,
        0,
        8,
        0,
        0,
        0,
        len(data),
        real,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    end = struct.pack(
        "<4s4H2IH",
        b"PK\5\6",
        0,
        0,
        1,
        1,
        len(central) + len(name),
        len(local) + len(name) + len(data),
        0,
    )
    target.write_bytes(local + name + data + central + name + end)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _import(guide: Path) -> subprocess.CompletedProcess[str]:
    folder = guide.parent
    return subprocess.run(
        [str(SOTAY), "import", guide.name, "--directives-dir", "d", "--content-dir", "c"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_limited,
    )


def _many_paragraphs(folder: Path) -> Path:
    path = folder / "many.txt"
    body = "\n\n".join(f"đoạn văn số {i} viết thường" for i in range(20_000))
    path.write_text(f"HƯỚNG DẪN\n\nhọc tập\n\nPHỤ LỤC 1\n\n{body}\n", encoding="utf-8")
    return path


def _long_paragraph(folder: Path) -> Path:
    path = folder / "long.txt"
    heading = "I. NGHỊ QUYẾT SỐ 02-NQ/TW, NGÀY 17/3/2026 CỦA BỘ CHÍNH TRỊ VỀ XÂY DỰNG ĐẢNG"
    body = "Nghị quyết số 12-NQ/TW " * 8_000
    path.write_text(f"HƯỚNG DẪN\n\nhọc tập\n\nPHỤ LỤC 1\n\n{heading}\n\n1. Bối cảnh\n\n{body}\n")
    return path


def _long_report(folder: Path) -> Path:
    path = folder / "report.txt"
    heading = "I. NGHỊ QUYẾT SỐ 02-NQ/TW, NGÀY 17/3/2026 CỦA BỘ CHÍNH TRỊ VỀ XÂY DỰNG ĐẢNG"
    body = "báo cáo kết quả " * 4_000 + "về"
    path.write_text(f"HƯỚNG DẪN\n\n{body}\n\nPHỤ LỤC 1\n\n{heading}\n\n1. Bối cảnh\n\nabc.\n")
    return path


def _bomb(folder: Path) -> Path:
    zip_bomb(folder / "bomb.docx")
    return folder / "bomb.docx"


def _lying_bomb(folder: Path) -> Path:
    """Declares 1 MB, inflates to 1.5 GB: zipfile stops at the declared size and finds the
    checksum wrong; a part that is no XML, so only the inflating itself can catch it."""
    zip_bomb(folder / "bomb.docx", "word/media/image1.bin")
    data = bytearray((folder / "bomb.docx").read_bytes())
    for offset in (22, data.rindex(b"PK\1\2") + 24):
        data[offset : offset + 4] = struct.pack("<I", 1_000_000)
    (folder / "liar.docx").write_bytes(bytes(data))
    return folder / "liar.docx"


REFUSED = {
    "zip_bomb": (_bomb, "bomb.docx:0: lỗi: tệp Word giải nén ra hơn 50 MB"),
    "lying_zip_bomb": (_lying_bomb, "liar.docx:0: lỗi: tệp Word bị hỏng hoặc không phải .docx"),
    "billion_laughs": (
        lambda d: _fixture(d, "import.docx_entities/billion_laughs.docx"),
        'billion_laughs.docx:0: lỗi: phần "word/document.xml" của tệp Word khai báo DTD',
    ),
    "malformed_xml": (
        lambda d: _fixture(d, "import.docx_xml/document_cut_in_half.docx"),
        'document_cut_in_half.docx:0: lỗi: phần "word/document.xml" của tệp Word bị hỏng',
    ),
}


def _fixture(folder: Path, name: str) -> Path:
    target = folder / Path(name).name
    target.write_bytes((IMPORT / name).read_bytes())
    return target


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_hostile_docx_is_refused_fast_in_bounded_memory(tmp_path: Path, case: str) -> None:
    make, expected = REFUSED[case]
    done = _import(make(tmp_path))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "không mong đợi" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.startswith(expected), done.stderr
    assert not (tmp_path / "d").exists() and not (tmp_path / "c").exists()


@pytest.mark.parametrize("make", [_many_paragraphs, _long_paragraph, _long_report])
def test_long_inputs_are_read_in_linear_time(tmp_path: Path, make: object) -> None:
    """20,000 paragraphs took 51 s, 8,000 "Nghị quyết số …" minutes, the report sentence
    cubic time; each now finishes within the bound (imported or refused, never hung)."""
    done = _import(make(tmp_path))  # type: ignore[operator]
    assert done.returncode in (0, 1), done.stderr
    assert "không mong đợi" not in done.stderr and "Traceback" not in done.stderr
