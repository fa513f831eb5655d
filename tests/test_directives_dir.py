"""The plugin's `directives_dir` (mkdocs.yml) is honoured by `sotay check`, `build` and `serve`."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.adapter.plugin import configured_directives_dir
from builder.adapter.serve import LiveSite
from conftest import make_project, run_sotay

FOLDER = "tom-tat"


def _project(target: Path) -> Path:
    """A copy of the repository whose summaries live in `tom-tat/`, as its mkdocs.yml says."""
    project = make_project(target)
    (project / "directives").rename(project / FOLDER)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      directives_dir: directives\n" in text
    config.write_text(text.replace("directives_dir: directives", f"directives_dir: {FOLDER}"))
    return project


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("plugins:\n  - sotay:\n      directives_dir: tom-tat\n", "tom-tat"),
        ("plugins:\n  sotay:\n    directives_dir: tom-tat\n", "tom-tat"),
        ("plugins:\n  - search\n  - sotay\n", "directives"),
        ("plugins:\n  - sotay:\n      directives_dir: [1]\n", "directives"),
        ("site_name: x\n", "directives"),
    ],
)
def test_configured_directives_dir(tmp_path: Path, config: str, expected: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert configured_directives_dir(tmp_path / "mkdocs.yml") == expected


def test_without_mkdocs_yml_the_default(tmp_path: Path) -> None:
    assert configured_directives_dir(tmp_path / "mkdocs.yml") == "directives"


def test_check_reads_the_configured_folder(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    summary = project / FOLDER / "57-ct-tw.md"
    text = summary.read_text(encoding="utf-8")
    summary.write_text(text.replace("type: chi-thi", "type: chi thi", 1), encoding="utf-8")
    done = run_sotay("--root", str(project), "check")
    assert done.returncode == 1
    assert (
        f'{FOLDER}/57-ct-tw.md:3: lỗi: loại văn bản "chi thi" không hợp lệ (gợi ý: có phải "chi-thi"? Chọn một trong: nghi-quyet, chi-thi, ket-luan, quy-dinh, quy-che, chuong-trinh, ke-hoach, huong-dan, de-an, thong-bao, cong-van)'
        in done.stderr.splitlines()
    )


def test_check_names_the_configured_folder_when_it_is_missing(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    (project / FOLDER).rename(project / "elsewhere")
    done = run_sotay("--root", str(project), "check")
    assert done.returncode == 1
    assert done.stderr == (
        f"{FOLDER}/:0: lỗi: không tìm thấy tệp văn bản nào (*.md) "
        f'(gợi ý: đặt các tệp tóm tắt vào thư mục "{FOLDER}/")\n'
    )


def test_build_reads_the_configured_folder(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    done = run_sotay("--root", str(project), "build")
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(": 9 văn bản, 2 đợt học tập hợp lệ; 0 lỗi, 0 cảnh báo.\n")
    assert (project / "site" / "van-ban" / "57-ct-tw" / "index.html").is_file()


def test_serve_reads_and_watches_the_configured_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    project = _project(tmp_path / "p")
    site = LiveSite(project / "mkdocs.yml", tmp_path / "site")
    site.rebuild()
    assert site.errors == []
    page = tmp_path / "site" / "van-ban" / "57-ct-tw" / "index.html"
    assert "Chỉ thị" in page.read_text(encoding="utf-8")
    summary = project / FOLDER / "57-ct-tw.md"
    text = summary.read_text(encoding="utf-8")
    summary.write_text(text + "\nMột câu mới thêm vào.\n", encoding="utf-8")
    site.rebuild()
    assert "Một câu mới thêm vào." in page.read_text(encoding="utf-8")
