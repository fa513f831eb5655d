"""Pictures and PDFs of content/assets/ are judged by their bytes before they reach the site.

The cases come from the code's own tables (every signature of `ASSET_SIGNATURES`, every name
of `ACTIVE_KEYS`, every decorated stamp of test_secrecy's table) and from PDFs an office
makes: Word files printed to PDF by LibreOffice (tests/fixtures/assets/README.md).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from builder.core.schema import ASSET_SIGNATURES
from builder.validate.asset import check_asset
from builder.validate.asset_pdf import ACTIVE_KEYS
from builder.validate.body import secret_stamp

ASSETS = Path(__file__).parent / "fixtures" / "assets"
CLEAN = ASSETS / "bao-cao-sach.pdf"
STAMPED = {
    "toi-mat-doan-rieng.pdf": "TỐI MẬT",
    "tuyet-mat-o-bang.pdf": "TUYỆT MẬT",
    "mat-chu-thuong.pdf": "Mật",
}


def _codes(path: Path) -> list[str]:
    return [d.code for d in check_asset(path, f"content/assets/{path.name}")]


@pytest.mark.parametrize("name", ["bao-cao-sach.pdf", "noi-ve-bao-mat.pdf"])
def test_an_office_pdf_without_a_stamp_is_published(name: str) -> None:
    assert _codes(ASSETS / name) == []


@pytest.mark.parametrize("name", sorted(STAMPED))
def test_an_office_pdf_with_a_stamp_is_refused_naming_it(name: str) -> None:
    (problem,) = check_asset(ASSETS / name, f"content/assets/{name}")
    assert problem.code == "content.pdf_secret"
    assert f'dấu "{STAMPED[name]}" ở trang 1' in problem.format()


def _with(tmp_path: Path, key: str, value: object) -> Path:
    """The clean PDF with one more dictionary, reachable from its catalogue, holding `key`."""
    writer = PdfWriter(clone_from=CLEAN)
    extra = DictionaryObject({NameObject(key): value})  # type: ignore[dict-item]
    writer._root_object[NameObject("/SotayTest")] = writer._add_object(extra)
    path = tmp_path / "ke-hoach.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


@pytest.mark.parametrize("name", sorted(ACTIVE_KEYS))
def test_every_kind_of_active_content_is_refused_as_a_key(name: str, tmp_path: Path) -> None:
    path = _with(tmp_path, name, TextStringObject("thử"))
    (problem,) = check_asset(path, "content/assets/ke-hoach.pdf")
    assert (problem.code, ACTIVE_KEYS[name] in problem.format()) == ("content.pdf_active", True)


@pytest.mark.parametrize("name", sorted(ACTIVE_KEYS))
def test_every_kind_of_active_content_is_refused_as_an_action(name: str, tmp_path: Path) -> None:
    path = _with(tmp_path, "/S", NameObject(name))
    assert _codes(path) == ["content.pdf_active"]


def test_the_active_content_control_passes(tmp_path: Path) -> None:
    """The same construction with a harmless name: what the two tests above find is the name."""
    assert _codes(_with(tmp_path, "/S", NameObject("/GoTo"))) == []


def test_a_pdf_only_restricted_from_editing_is_read_and_checked(tmp_path: Path) -> None:
    for source, expected in (
        (CLEAN, []),
        (ASSETS / "toi-mat-doan-rieng.pdf", ["content.pdf_secret"]),
    ):
        writer = PdfWriter(clone_from=source)
        writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
        path = tmp_path / source.name
        buffer = io.BytesIO()
        writer.write(buffer)
        path.write_bytes(buffer.getvalue())
        assert _codes(path) == expected


@pytest.mark.parametrize("suffix", sorted(ASSET_SIGNATURES))
def test_a_web_page_renamed_to_any_asset_type_is_refused(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"so-do{suffix}"
    path.write_bytes(b"<!doctype html><script>alert(1)</script>" + b" " * 16)
    assert _codes(path) == ["content.asset_signature"]


@pytest.mark.parametrize("suffix", sorted(s for s in ASSET_SIGNATURES if s != ".pdf"))
def test_a_picture_that_starts_as_its_type_is_published(suffix: str, tmp_path: Path) -> None:
    offset, signature = ASSET_SIGNATURES[suffix]
    path = tmp_path / f"anh{suffix}"
    path.write_bytes(b"RIFF\x00\x00\x00\x00"[:offset] + signature + b"\x00" * 32)
    assert _codes(path) == []


def test_the_pdf_reading_uses_the_body_scan_own_stamp_rule() -> None:
    """Every decorated stamp of the body table is a stamp on a PDF line, no sentence is."""
    from test_secrecy import CASES, NOT_STAMPS

    assert [c for c in CASES if secret_stamp(c) is None] == []
    assert [s for s in NOT_STAMPS if secret_stamp(s) is not None] == []


def test_a_stamped_pdf_stops_the_build_and_never_reaches_the_site(tmp_path: Path) -> None:
    from conftest import make_project, run_sotay

    project = make_project(tmp_path / "project")
    assets = project / "content" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy(CLEAN, assets / "sach.pdf")
    assert run_sotay("build", cwd=project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    shutil.copy(ASSETS / "tuyet-mat-o-bang.pdf", assets / "ke-hoach.pdf")
    done = run_sotay("build", cwd=project)
    assert done.returncode != 0
    assert (
        'content/assets/ke-hoach.pdf:1: lỗi: PDF "ke-hoach.pdf" có dấu "TUYỆT MẬT"' in done.stderr
    )
    assert "Traceback" not in done.stderr
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before  # the previous site stays as it was
    assert (project / "site" / "assets" / "sach.pdf").read_bytes() == CLEAN.read_bytes()


def test_a_stamped_pdf_is_kept_out_even_when_errors_are_tolerated(tmp_path: Path) -> None:
    """`serve` builds with errors shown on the page: the refused PDF is still not copied."""
    from test_secrecy import _leaks_when_built_as_serve_does

    from builder.pipeline import load_corpus
    from conftest import make_project

    project = make_project(tmp_path / "project")
    (project / "content" / "assets").mkdir(parents=True, exist_ok=True)
    stamped = (ASSETS / "toi-mat-doan-rieng.pdf").read_bytes()
    (project / "content" / "assets" / "ke-hoach.pdf").write_bytes(stamped)
    result = load_corpus(project)
    assert "assets/ke-hoach.pdf" not in result.corpus.assets
    site = tmp_path / "site"
    assert _leaks_when_built_as_serve_does(project, result, site, stamped[-400:]) == []
    assert not (site / "assets" / "ke-hoach.pdf").exists()
