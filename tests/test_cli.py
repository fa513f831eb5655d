"""The `sotay` command: exit codes, exact messages, atomic builds, no tracebacks."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_site import tree_digest

from conftest import FIXTURES, REPO, make_project, run_sotay

BROKEN = """---
number: 99-CT/TW
type: chi thi
issuer: Ban Bí thư
level: trung-uong
date: 31/02/2026
title: Văn bản thử
---
## Bối cảnh

<script>alert(1)</script>

## Nội dung trọng tâm, cốt lõi

Nội dung.
"""


def test_check_reports_every_problem_with_file_and_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "directives" / "99-ct-tw.md").write_text(BROKEN, encoding="utf-8")
    done = run_sotay("--root", str(project), "check")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        'directives/99-ct-tw.md:3: lỗi: loại văn bản "chi thi" không hợp lệ (gợi ý: có phải "chi-thi"? Chọn một trong: nghi-quyet, chi-thi, ket-luan, quy-dinh, quy-che, chuong-trinh, ke-hoach, huong-dan, de-an, thong-bao, cong-van)',
        'directives/99-ct-tw.md:6: lỗi: ngày "31/02/2026" không hợp lệ (gợi ý: tháng 2/2026 không có ngày 31; viết theo dạng 2025-12-31)',
        'directives/99-ct-tw.md:11: cảnh báo: có mã HTML ("<script>"): sẽ hiển thị nguyên văn, không được thực thi (gợi ý: dùng cú pháp Markdown; chú thích viết [^1])',
        'directives/99-ct-tw.md:13: lỗi: thiếu phần "Gợi ý liên hệ, vận dụng" (gợi ý: thêm tiêu đề "## Gợi ý liên hệ, vận dụng" sau phần nội dung trọng tâm; nếu nguồn không có phần này, khai báo "absent: [goi-y]" và "absent_reason: …")',
    ]
    assert done.stdout == "Kiểm tra xong: 9 văn bản, 2 đợt học tập hợp lệ; 3 lỗi, 1 cảnh báo.\n"


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    text = (REPO / "directives" / "57-ct-tw.md").read_text(encoding="utf-8")
    (project / "directives" / "57-ct-tw.md").write_text(
        text + "\nLiên hệ: 0912 345 678.\n", encoding="utf-8"
    )
    assert run_sotay("--root", str(project), "check").returncode == 0
    strict = run_sotay("--root", str(project), "check", "--strict")
    assert strict.returncode == 1
    assert 'cảnh báo: có số điện thoại "0912 345 678"' in strict.stderr


def test_check_json_output(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "directives" / "99-ct-tw.md").write_text(BROKEN, encoding="utf-8")
    done = run_sotay("--root", str(project), "check", "--format", "json")
    assert done.returncode == 1
    first = json.loads(done.stdout)[0]
    assert first == {
        "path": "directives/99-ct-tw.md",
        "line": 3,
        "severity": "error",
        "code": "type.invalid",
        "message": 'loại văn bản "chi thi" không hợp lệ',
        "hint": 'có phải "chi-thi"? Chọn một trong: nghi-quyet, chi-thi, ket-luan, quy-dinh, '
        "quy-che, chuong-trinh, ke-hoach, huong-dan, de-an, thong-bao, cong-van",
    }


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert run_sotay("--root", str(project), "build").returncode == 0
    before = tree_digest(project / "site")
    stamps = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*")}
    (project / "directives" / "99-ct-tw.md").write_text(BROKEN, encoding="utf-8")
    done = run_sotay("--root", str(project), "build")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert (
        done.stderr.splitlines()[-1]
        == "Chưa dựng trang: 9 văn bản, 2 đợt học tập hợp lệ; 3 lỗi, 1 cảnh báo. Thư mục site/ giữ nguyên."
    )
    assert tree_digest(project / "site") == before
    assert {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*")} == stamps
    assert sorted(p.name for p in project.iterdir()) == [
        ".cache",  # the first build's cache (builder/outputs/cache.py), git-ignored
        "content",
        "directives",
        "mkdocs.yml",
        "site",
        "theme",
    ]


def test_engine_failure_after_validation_also_keeps_the_old_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert run_sotay("--root", str(project), "build").returncode == 0
    before = tree_digest(project / "site")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("name: material", "name: khong-co"),
        encoding="utf-8",
    )
    done = run_sotay("--root", str(project), "build")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == "Chưa dựng trang. Thư mục site/ giữ nguyên."
    assert tree_digest(project / "site") == before


def test_plain_mkdocs_build_refuses_invalid_content_without_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "directives" / "99-ct-tw.md").write_text(BROKEN, encoding="utf-8")
    mkdocs = Path(os.environ.get("VIRTUAL_ENV", REPO / ".venv")) / "bin" / "mkdocs"
    import subprocess

    done = subprocess.run([str(mkdocs), "build"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Nội dung có lỗi, chưa dựng trang:" in done.stderr
    assert 'directives/99-ct-tw.md:3: lỗi: loại văn bản "chi thi" không hợp lệ' in done.stderr


def test_binary_and_legacy_files_never_produce_a_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "directives" / "rac.md").write_bytes(os.urandom(4096))
    shutil.copy(
        FIXTURES / "seeds" / "000_a60ddfcd73adb11d.txt", project / "directives" / "huong-dan.md"
    )
    done = run_sotay("--root", str(project), "check")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert (
        lines[0]
        == 'directives/huong-dan.md:1: lỗi: thiếu phần thông tin đầu tệp (front matter) (gợi ý: tệp phải mở đầu bằng dòng "---", tiếp theo là các dòng như "number: 57-CT/TW", rồi một dòng "---")'
    )
    assert lines[1].startswith("directives/rac.md:")


def test_missing_directives_folder(tmp_path: Path) -> None:
    done = run_sotay("--root", str(tmp_path), "check")
    assert done.returncode == 1
    assert (
        done.stderr
        == 'directives/:0: lỗi: không tìm thấy tệp văn bản nào (*.md) (gợi ý: đặt các tệp tóm tắt vào thư mục "directives/")\n'
    )


def test_help_speaks_vietnamese() -> None:
    done = run_sotay("--help")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "cách dùng: sotay [-h] [--root THƯ_MỤC] LỆNH ..."
    assert "  -h, --help      in hướng dẫn này rồi thoát" in lines
    assert {"tùy chọn:", "lệnh:"} <= set(lines)
    for english in ("usage", "options", "show this help", "positional arguments"):
        assert english not in done.stdout


@pytest.mark.parametrize("command", ["check", "build", "pdf", "serve", "import", "new"])
def test_every_command_help_describes_it(command: str) -> None:
    from builder import cli

    done = run_sotay(command, "--help")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"cách dùng: sotay {command} [-h]")
    described = " ".join(" ".join(lines[1 : lines.index("tùy chọn:")]).split())
    assert getattr(cli, command.upper()) in described
    assert "usage" not in done.stdout and "show this help" not in done.stdout


def test_commands_run_from_a_subfolder_find_the_project(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    inside = project / "directives"
    done = run_sotay("new", "59-CT/TW", cwd=inside)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[0] == "Đã tạo 59-ct-tw.md"
    assert (project / "directives" / "59-ct-tw.md").is_file()
    assert not (inside / "directives").exists()
    (project / "directives" / "59-ct-tw.md").unlink()
    checked = run_sotay("check", cwd=inside / "toan-van")
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout.startswith("Kiểm tra xong: 9 văn bản")


def test_pdf_finds_a_number_written_in_part_and_writes_into_an_ignored_folder(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "p")
    done = run_sotay("pdf", "ct 57", cwd=project)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Đã in 57-CT/TW ra ban-in/57-ct-tw-de-cuong.pdf\n"
    assert (project / "ban-in" / "57-ct-tw-de-cuong.pdf").stat().st_size > 10_000
    assert not list(project.glob("*.pdf"))
    assert "ban-in/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_pdf_prints_a_bulletin_on_one_sheet_and_a_translation_outline(tmp_path: Path) -> None:
    """`--phat-thanh` by a document's number (its one bulletin) or by the bulletin's name;
    `--ban-dich` the translation's outline, in its own language."""
    import shutil
    import subprocess

    from builder.core import urls

    project = make_project(tmp_path / "p")
    shutil.copytree(
        FIXTURES / "bulletins" / "phat-thanh", project / "directives" / urls.BULLETIN_DIR
    )
    shutil.copytree(
        FIXTURES / "valid" / "translation" / "directives" / urls.TRANSLATIONS_DIR,
        project / "directives" / urls.TRANSLATIONS_DIR,
    )
    printed = {
        ("--phat-thanh", "27-HD/BXDĐĐU"): "phat-thanh-27-hd-bxdddu.pdf",
        ("--phat-thanh", "phat-thanh/04-ct-tw.md"): "phat-thanh-04-ct-tw.pdf",
        ("--ban-dich", "hnj", "ct 57"): "57-ct-tw-hnj-de-cuong.pdf",
    }
    texts = {}
    for args, name in printed.items():
        done = run_sotay("pdf", *args, cwd=project)
        assert (done.returncode, done.stdout.splitlines()[-1:]) == (
            0,
            [next(line for line in done.stdout.splitlines() if line.startswith("Đã in"))],
        ), done.stderr
        assert done.stdout.rstrip().endswith(f"ra ban-in/{name}")
        pdf = project / "ban-in" / name
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert "Pages:           1" in info.stdout
        texts[name] = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    assert "Bản tin về Chỉ thị 04-CT/TW" in texts["phat-thanh-04-ct-tw.pdf"]
    assert "Txoj kev peb hmoob" in texts["57-ct-tw-hnj-de-cuong.pdf"]
    assert "VĂN BẢN THỬ" in texts["57-ct-tw-hnj-de-cuong.pdf"]


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ("57", "57-CT/TW"),
        ("ct 57", "57-CT/TW"),
        ("57 CT TW", "57-CT/TW"),
        ("ctr 18", "18-CTr/TU"),
        ("ct 4", "04-CT/TW"),
        ("4 ct", "04-CT/TW"),
    ],
)
def test_pdf_target_from_part_of_a_number(wanted: str, found: str) -> None:
    from builder.outputs.pdf import Target, find_target
    from builder.pipeline import load_corpus

    target = find_target(load_corpus(REPO).corpus, wanted)
    assert isinstance(target, Target) and target.label == found


@pytest.mark.parametrize(
    ("code", "seconds", "expected"),
    [
        ("serve.updated", 4.2345, "Đã cập nhật 3 trang trong 4,23 giây."),
        ("build.done", 12.04, "Đã dựng trang vào site/ trong 12,0 giây: x"),
    ],
)
def test_decimal_seconds_are_written_with_a_comma(code: str, seconds: float, expected: str) -> None:
    from builder.core.messages import message

    assert message(code, count=3, seconds=seconds, site="site", summary="x") == expected
