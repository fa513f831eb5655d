"""`sotay import` on guides assembled from real public texts, in the five office forms.

tests/fixtures/import-real/: SOURCES.md names each page; expected.yaml was written from the
guide before the importer ran; guide.py made the forms (LibreOffice is not needed here).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_import import COMPARED, front_matter

from builder.core.text import slugify
from conftest import FIXTURES, REPO, run_sotay

REAL = FIXTURES / "import-real"
FORMS = ["typed.txt", "headings.docx", "bold.docx", "typed-numbers.docx", "save-as-text.txt"]
EXPECTED = yaml.safe_load((REAL / "expected.yaml").read_text(encoding="utf-8"))


def _as_read(value: Any) -> Any:
    """Dates as the project's YAML reader gives them (ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _project(root: Path, form: str) -> Path:
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "directives").mkdir()
    shutil.copy(REAL / form, root / form)
    return root


@pytest.fixture(scope="module", params=FORMS)
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = _project(tmp_path_factory.mktemp("real") / "p", request.param)
    done = run_sotay("import", request.param, cwd=root)
    return root, done


def test_every_summary_becomes_a_file_with_every_field_right(imported: Any) -> None:
    root, done = imported
    assert done.returncode == 0, done.stderr
    for expected in EXPECTED["directives"]:
        path = root / "directives" / f"{slugify(expected['number'])}.md"
        meta = front_matter(path)
        assert {k: meta[k] for k in COMPARED} == {k: _as_read(expected[k]) for k in COMPARED}
    written = sorted(p.name for p in (root / "directives").glob("*.md"))
    assert len(written) == len(EXPECTED["directives"])


def test_the_campaign_has_the_guides_header_and_every_listed_document(imported: Any) -> None:
    root, _ = imported
    meta = front_matter(root / "content" / "dot-hoc-tap" / "12-hd-bxdd.md")
    campaign = EXPECTED["campaign"]
    for key in ("guide", "date", "issuer", "title", "deadline"):
        assert meta[key] == _as_read(campaign[key]), key
    groups = meta["documents"]
    listed = [i if isinstance(i, str) else i["number"] for g in groups for i in g["items"]]
    assert listed == campaign["documents"]


def test_sotay_check_passes_with_the_open_points_as_warnings(imported: Any) -> None:
    root, _ = imported
    checked = run_sotay("check", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "6 văn bản, 1 đợt học tập hợp lệ; 0 lỗi" in checked.stdout
    assert "cần người kiểm tra: date: nguồn không ghi đủ ngày, tháng, năm" in checked.stderr


def test_a_yearless_date_stays_null_with_a_notice(imported: Any) -> None:
    root, done = imported
    meta = front_matter(root / "directives" / "17-ct-tu.md")
    assert meta["date"] is None
    assert "date: nguồn không ghi đủ ngày, tháng, năm ban hành" in meta["needs_human"]
    assert "cần điền ngày ban hành (date)" in done.stderr


def test_a_summary_without_part_headings_keeps_its_text_and_asks_a_human(imported: Any) -> None:
    root, _ = imported
    path = root / "directives" / "57-nq-tw.md"
    meta = front_matter(path)
    assert meta["absent"] == ["boi-canh", "goi-y"]
    assert meta["needs_human"][0].startswith("noi-dung: nguồn không chia phần")
    text = path.read_text(encoding="utf-8")
    assert "## Nội dung trọng tâm, cốt lõi\n\nNghị quyết nhấn mạnh quan điểm" in text
    assert "thuộc nhóm 30 nước dẫn đầu thế giới về đổi mới sáng tạo" in text


def test_numbered_content_stays_a_list(imported: Any) -> None:
    root, _ = imported
    text = (root / "directives" / "26-ct-tw.md").read_text(encoding="utf-8")
    assert "\n1. Phát huy truyền thống đại đoàn kết" in text
    assert "\n2. Tổ chức tốt việc thăm hỏi" in text
    assert "### 1." not in text
