"""Every code of the message table has a fixture that produces it, checked line by line.

Validation codes: tests/fixtures/invalid/<code>/ (test_fixtures.py). Importer notices:
tests/fixtures/import/<code>/<case>.<ext> beside <case>.expected. Command messages: the
CLI table below, or a test marked `@produces(...)` when a command cannot show them alone.
"""

from __future__ import annotations

import fcntl
import io
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from builder.authoring.importer.run import Target, import_guide
from builder.core import urls
from builder.core.messages import MESSAGES
from conftest import FIXTURES, SOTAY, make_project, run_sotay

IMPORT = FIXTURES / "import"
IMPORT_CASES = sorted(p for p in IMPORT.glob("*/*") if p.suffix != ".expected")
VALID = FIXTURES / "valid" / "described_parent"
WITH_CAMPAIGN = FIXTURES / "invalid" / "campaign.duplicate" / "same_number_twice"
BAD_TYPE = FIXTURES / "invalid" / "type.invalid" / "unknown_type"
GUIDE = IMPORT / "import.field" / "document_without_issuer.md"
SUMMARY_BAD = "0 văn bản hợp lệ; 1 lỗi, 0 cảnh báo."
BAD_TYPE_LINE = (BAD_TYPE / "expected.txt").read_text(encoding="utf-8").strip()

PRODUCED: set[str] = set()
"""Codes shown by the tests marked `@produces`."""

Test = TypeVar("Test", bound=Callable[..., Any])


def produces(*codes: str) -> Callable[[Test], Test]:
    """Mark a test as the fixture of `codes`: it asserts their exact text."""

    def mark(test: Test) -> Test:
        PRODUCED.update(codes)
        return test

    return mark


def stable(text: str, folder: Path) -> str:
    """Output with what changes from run to run replaced: temporary folder, pid, timings."""
    text = text.replace(str(folder), "TMP")
    text = re.sub(r"\.tmp-\d+", ".tmp-PID", text)
    text = re.sub(r"\d+ trang trong \d+,\d+ giây", "N trang trong … giây", text)
    return re.sub(r"trong \d+,\d+ giây", "trong … giây", text)


# Importer notices: one folder per code.


def _import_id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


@pytest.mark.parametrize("case", IMPORT_CASES, ids=_import_id)
def test_import_case_reports_exact_notices(case: Path, tmp_path: Path) -> None:
    shutil.copy(case, tmp_path / case.name)
    target = Target(tmp_path / "directives", tmp_path / "content", "directives", "content")
    outcome = import_guide(tmp_path / case.name, case.name, target)
    shown = (outcome.notes if outcome.ok else []) + outcome.errors
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert [d.format() for d in shown] == expected
    assert case.parent.name in {d.code for d in shown}


# Commands: one invocation each, exact exit code, stdout and stderr.


def _empty(folder: Path) -> Path:
    return folder


def _valid(folder: Path) -> Path:
    return Path(shutil.copytree(VALID, folder / "project"))


def _with_campaign(folder: Path) -> Path:
    return Path(shutil.copytree(WITH_CAMPAIGN, folder / "project"))


def _bad_type(folder: Path) -> Path:
    return Path(shutil.copytree(BAD_TYPE, folder / "project"))


def _site(folder: Path) -> Path:
    """A buildable project: the repository's theme and set-up, one directive, no campaign."""
    root = make_project(folder / "project", directives=VALID / "directives")
    shutil.rmtree(root / "content" / "dot-hoc-tap")
    return root


def _site_blocked(folder: Path) -> Path:
    root = _site(folder)
    (root / "blocker").write_text("một tệp, không phải thư mục\n", encoding="utf-8")
    return root


def _broken_config(folder: Path) -> Path:
    root = _site(folder)
    (root / "mkdocs.yml").write_text("site_name: Sổ tay\nnav: 3\n", encoding="utf-8")
    return root


def _guide(folder: Path) -> Path:
    shutil.copy(GUIDE, folder / "guide.md")
    return folder


def _guide_imported(folder: Path) -> Path:
    _guide(folder)
    (folder / "directives").mkdir()
    (folder / "directives" / "72-nq-tw.md").write_text("sửa tay\n", encoding="utf-8")
    return folder


def _returns(folder: Path) -> Path:
    """A campaign with a form and units, and returns as offices send them (tests/test_report.py
    builds the Excel and phone ones)."""
    return Path(shutil.copytree(FIXTURES / "report" / "faulty", folder / "returns"))


def _new_done(folder: Path) -> Path:
    (folder / "directives").mkdir()
    (folder / "directives" / "57-ct-tw.md").write_text("sửa tay\n", encoding="utf-8")
    return folder


@dataclass(frozen=True, slots=True)
class CliCase:
    """One `sotay` run in a folder made by `setup`, and what it must print."""

    codes: tuple[str, ...]
    setup: Callable[[Path], Path]
    args: tuple[str, ...]
    returncode: int
    stdout: tuple[str, ...] = ()
    stderr: tuple[str, ...] = ()


CLI_CASES = [
    CliCase(
        ("check.done", "summary", "summary.campaigns"),
        _with_campaign,
        ("check",),
        0,
        ("Kiểm tra xong: 1 văn bản, 1 đợt học tập hợp lệ; 0 lỗi, 1 cảnh báo.",),
        (
            'content/dot-hoc-tap/27-hd-bxdddu.md:13: cảnh báo: số hiệu "70-KH/ĐU" được liệt kê '
            "hai lần (lần đầu ở dòng 10) (gợi ý: nếu là hai văn bản khác nhau, giữ cả hai, ghi "
            'rõ tên từng văn bản và thêm "distinct: true" vào mục sau; nếu trùng, xóa một mục)',
        ),
    ),
    CliCase(
        ("build.refused",),
        _bad_type,
        ("build",),
        1,
        stderr=(BAD_TYPE_LINE, f"Chưa dựng trang: {SUMMARY_BAD} Thư mục site/ giữ nguyên."),
    ),
    CliCase(
        ("build.done",),
        _site,
        ("build",),
        0,
        ("Đã dựng trang vào site/ trong … giây: 1 văn bản hợp lệ; 0 lỗi, 0 cảnh báo.",),
    ),
    CliCase(
        ("build.unwritable", "build.failed", "run.failed"),
        _site_blocked,
        ("build", "--site-dir", "blocker/site"),
        1,
        stderr=(
            "lỗi: không ghi được thư mục TMP/project/blocker/site.tmp-PID: Not a directory",
            "Chưa dựng trang. Thư mục site/ giữ nguyên.",
        ),
    ),
    CliCase(
        ("build.mkdocs",),
        _broken_config,
        ("build",),
        1,
        stderr=(
            "Config value 'nav': Expected nav to be a list, got a int: 3",  # MkDocs' own log
            "lỗi: MkDocs không dựng được trang: Aborted with a configuration error!",
            "Chưa dựng trang. Thư mục site/ giữ nguyên.",
        ),
    ),
    CliCase(
        ("pdf.refused",),
        _bad_type,
        ("pdf", "57-CT/TW"),
        1,
        stderr=(BAD_TYPE_LINE, f"Chưa in được: {SUMMARY_BAD}"),
    ),
    CliCase(
        ("pdf.no_target",),
        _valid,
        ("pdf", "99-XX/YY"),
        1,
        stderr=(
            'lỗi: không có văn bản hay đợt học tập "99-XX/YY" (gợi ý: ghi số hiệu như 57-CT/TW '
            "hoặc 27-HD/BXDĐĐU, hoặc tên tệp như han-thang-5-2026)",
        ),
    ),
    CliCase(
        ("pdf.done",),
        _site,
        ("pdf", "18-CTr/TU", "-o", "de-cuong.pdf"),
        0,
        ("Đã in 18-CTr/TU ra de-cuong.pdf",),
    ),
    CliCase(
        ("serve.no_config",),
        _empty,
        ("serve",),
        1,
        stderr=("lỗi: không thấy mkdocs.yml (gợi ý: chạy lệnh trong thư mục dự án)",),
    ),
    CliCase(
        ("import.no_file", "import.refused"),
        _empty,
        ("import", "thieu.txt"),
        1,
        stderr=(
            "thieu.txt:0: lỗi: không tìm thấy tệp (gợi ý: kiểm tra lại đường dẫn)",
            "Chưa nhập: không ghi tệp nào.",
        ),
    ),
    CliCase(
        ("import.written", "import.done"),
        _guide,
        ("import", "guide.md"),
        0,
        (
            "Đã ghi directives/72-nq-tw.md: 72-NQ/TW (nghi-quyet, 09/9/2025)",
            "Đã ghi content/dot-hoc-tap/30-hd-bxdddu.md: đợt học tập 30-HD/BXDĐĐU, 1 văn bản",
            "Nhập xong: 2 tệp; 1 văn bản cần người kiểm tra (needs_human), 0 văn bản không nhập "
            "được; 1 điểm cần kiểm tra (in ở trên). Chạy `sotay check` để kiểm tra lại.",
        ),
        (
            "directives/72-nq-tw.md:4: cảnh báo: cần điền cơ quan ban hành (issuer) (gợi ý: ghi "
            'cơ quan ban hành đúng như văn bản, ví dụ "Ban Thường vụ Tỉnh ủy")',
        ),
    ),
    CliCase(
        ("import.exists",),
        _guide_imported,
        ("import", "guide.md"),
        1,
        stderr=(
            "directives/72-nq-tw.md:0: lỗi: tệp đã có, không ghi đè (gợi ý: chạy lại với --force "
            "để ghi đè, hoặc xóa/đổi tên tệp cũ)",
            "Chưa nhập: không ghi tệp nào.",
        ),
    ),
    CliCase(
        ("new.invalid",),
        _empty,
        ("new", "57/CT"),
        1,
        stderr=(
            'sotay new:0: lỗi: số hiệu "57/CT" không đúng dạng (gợi ý: viết như 57-CT/TW: số, '
            "gạch nối, ký hiệu loại văn bản, dấu /, ký hiệu cơ quan)",
        ),
    ),
    CliCase(
        ("new.done", "new.to_fill"),
        _empty,
        ("new", "57-CT/TW"),
        0,
        (
            "Đã tạo directives/57-ct-tw.md",
            "Cần điền: issuer, date, title, ba phần nội dung. Xong thì chạy `sotay check`.",
        ),
    ),
    CliCase(
        ("new.exists",),
        _new_done,
        ("new", "57-CT/TW"),
        1,
        stderr=(
            "directives/57-ct-tw.md:0: lỗi: tệp đã có, không ghi đè (gợi ý: chạy lại với --force "
            "để ghi đè)",
        ),
    ),
    CliCase(
        ("cli.unknown_command",),
        _empty,
        ("buld",),
        2,
        stderr=(
            "cách dùng: sotay [-h] [--root THƯ_MỤC] LỆNH ...",
            'lỗi: không có lệnh "buld" (gợi ý: có phải bạn muốn gõ build? Các lệnh: check, '
            "build, pdf, serve, import, new, bao-cao, anh)",
        ),
    ),
    CliCase(
        ("cli.no_such_command",),
        _empty,
        ("xyz",),
        2,
        stderr=(
            "cách dùng: sotay [-h] [--root THƯ_MỤC] LỆNH ...",
            'lỗi: không có lệnh "xyz" (gợi ý: các lệnh: check, build, pdf, serve, import, new, '
            "bao-cao, anh)",
        ),
    ),
    CliCase(
        ("cli.missing",),
        _empty,
        ("pdf",),
        2,
        stderr=(
            "cách dùng: sotay pdf [-h] [-o TỆP] [--phat-thanh | --ban-dich MÃ] SỐ_HIỆU",
            "lỗi: thiếu SỐ_HIỆU (gợi ý: xem cách dùng: sotay pdf --help)",
        ),
    ),
    CliCase(
        ("cli.unrecognized",),
        _empty,
        ("check", "thừa"),
        2,
        stderr=(
            "cách dùng: sotay [-h] [--root THƯ_MỤC] LỆNH ...",
            'lỗi: không hiểu "thừa" (gợi ý: xem cách dùng: sotay --help)',
        ),
    ),
    CliCase(
        ("cli.bad_choice",),
        _empty,
        ("check", "--format", "xml"),
        2,
        stderr=(
            "cách dùng: sotay check [-h] [--strict] [--format {text,json}]",
            'lỗi: --format: không có lựa chọn "xml" (gợi ý: xem cách dùng: sotay check --help)',
        ),
    ),
    CliCase(
        ("cli.needs_value",),
        _empty,
        ("pdf", "57", "-o"),
        2,
        stderr=(
            "cách dùng: sotay pdf [-h] [-o TỆP] [--phat-thanh | --ban-dich MÃ] SỐ_HIỆU",
            "lỗi: -o/--output cần một giá trị (gợi ý: xem cách dùng: sotay pdf --help)",
        ),
    ),
    CliCase(
        ("cli.ambiguous",),
        _empty,
        ("new", "--c", "57-CT/TW"),
        2,
        stderr=(
            "cách dùng: sotay new [-h] [--campaign] [--phat-thanh] [--force]",
            "                     [--directives-dir THƯ_MỤC] [--content-dir THƯ_MỤC]",
            "                     SỐ_HIỆU",
            'lỗi: "--c" có thể là --campaign, --content-dir (gợi ý: gõ đủ tên tùy chọn)',
        ),
    ),
    CliCase(
        ("cli.bad_argument",),
        _empty,
        ("check", "--strict=có"),
        2,
        stderr=(
            "cách dùng: sotay check [-h] [--strict] [--format {text,json}]",
            "lỗi: tham số không hợp lệ: --strict (gợi ý: xem cách dùng: sotay check --help)",
        ),
    ),
    CliCase(
        ("serve.bad_addr",),
        _site,
        ("serve", "--addr", "127.0.0.1:99999"),
        1,
        stderr=(
            'lỗi: không dùng được địa chỉ "127.0.0.1:99999" (cổng phải là số từ 1 đến 65535) '
            "(gợi ý: viết dạng máy:cổng, ví dụ sotay serve --addr 127.0.0.1:8000)",
        ),
    ),
    CliCase(
        (
            "report.done",
            "report.missing",
            "report.incomplete",
            "report.exceeds",
            "report.not_number",
            "report.negative",
            "report.duplicate",
            "report.no_unit",
            "report.percent",
            "report.unknown_unit",
            "report.missing_column",
            "report.no_header",
            "report.unreadable",
        ),
        _returns,
        (
            "--root",
            "project",
            "bao-cao",
            "27-HD/BXDĐĐU",
            *("returns/thon-1.csv", "returns/loi.csv", "returns/thieu-cot.csv"),
            *("returns/khong-bang.csv", "returns/thieu.xlsx", "-o", "tong-hop"),
        ),
        1,
        (
            "Đã tổng hợp 4 đơn vị từ 5 tệp vào tong-hop/tong-hop-phu-luc-2.xlsx và "
            "tong-hop/tong-hop-phu-luc-2.html. Chưa báo cáo (1): Chi bộ Thôn 2.",
        ),
        (
            'returns/loi.csv:4: lỗi: Chi bộ Thôn 2: "Đảng viên: Được học tập" (31) nhiều hơn '
            '"Đảng viên: Được triệu tập" (30) (gợi ý: số được học tập không quá số được triệu '
            "tập; số được triệu tập không quá tổng số)",
            'returns/loi.csv:5: lỗi: Chi bộ Thôn 3, cột "Tổng số hội nghị": "một" không phải số '
            "nguyên (gợi ý: ghi số nguyên, ví dụ 25 (không ghi chữ, không có phần thập phân))",
            'returns/loi.csv:5: lỗi: Chi bộ Thôn 3, cột "Đảng viên: Được triệu tập": số âm (-2) '
            "(gợi ý: số người, số hội nghị ≥ 0)",
            'returns/loi.csv:6: lỗi: đơn vị "Chi bộ Thôn 1" đã báo cáo ở returns/thon-1.csv:4 '
            "(gợi ý: giữ một bản; nếu là hai đơn vị khác nhau, ghi rõ tên từng đơn vị)",
            "returns/loi.csv:7: lỗi: dòng có số liệu nhưng không ghi tên đơn vị (gợi ý: ghi tên "
            'đơn vị vào cột "Tên đơn vị")',
            'returns/loi.csv:8: cảnh báo: Chi bộ Trường hoc, cột "Đảng viên: Tỷ lệ %": ghi 60% '
            "nhưng 8/10 là 80% (gợi ý: bảng tổng hợp tính lại tỷ lệ từ các con số; kiểm tra lại "
            "số liệu)",
            'returns/loi.csv:9: cảnh báo: đơn vị "Chi bộ Xóm Mới" không có trong danh sách '
            '"units" của đợt học tập (gợi ý: nếu đúng là đơn vị phải báo cáo, thêm vào "units:" '
            "của tệp đợt học tập)",
            'returns/thieu-cot.csv:1: cảnh báo: thiếu cột "Tổng số hội nghị": coi như để trống '
            "(gợi ý: dùng mẫu Phụ lục 2 của đợt học tập, không xóa cột)",
            'returns/khong-bang.csv:0: lỗi: không thấy dòng tiêu đề có cột "Tên đơn vị" (gợi ý: '
            "giữ nguyên các dòng tiêu đề của mẫu Phụ lục 2 (tải ở trang đợt học tập))",
            "returns/thieu.xlsx:0: lỗi: không đọc được tệp (không có tệp này) (gợi ý: lưu lại "
            "bảng tính dạng Excel (.xlsx) hoặc CSV rồi gửi lại)",
            "Bảng tổng hợp CHƯA ĐỦ: 7 lỗi ở returns/loi.csv, returns/khong-bang.csv, "
            "returns/thieu.xlsx; các dòng có lỗi không được cộng.",
        ),
    ),
    CliCase(
        ("report.all_in",),
        _returns,
        ("--root", "project", "bao-cao", "27-hd-bxdddu", "returns/thon-1.csv", "returns/du.csv"),
        0,
        (
            "Đã tổng hợp 4 đơn vị từ 2 tệp vào project/bao-cao/27-hd-bxdddu/tong-hop-phu-luc-2.xlsx "
            "và project/bao-cao/27-hd-bxdddu/tong-hop-phu-luc-2.html. Đủ các đơn vị.",
        ),
    ),
    CliCase(
        ("report.no_form",),
        _returns,
        ("--root", "project", "bao-cao", "28-HD/BXDĐĐU", "returns/du.csv"),
        1,
        stderr=(
            "lỗi: Hướng dẫn số 28-HD/BXDĐĐU không có mẫu báo cáo (report_form) (gợi ý: thêm "
            "report_form vào tệp đợt học tập)",
        ),
    ),
    CliCase(
        ("report.no_campaign",),
        _returns,
        ("--root", "project", "bao-cao", "27-HD/BXDDU", "returns/du.csv"),
        1,
        stderr=(
            'lỗi: không có đợt học tập "27-HD/BXDDU" (gợi ý: ghi số hướng dẫn (như 27-HD/BXDĐĐU) '
            'hoặc tên tệp đợt học tập; có phải "27-HD/BXDĐĐU"?)',
        ),
    ),
    CliCase(
        ("card.refused",),
        _bad_type,
        ("anh", "57-CT/TW"),
        1,
        stderr=(BAD_TYPE_LINE, f"Chưa ghi được ảnh: {SUMMARY_BAD}"),
    ),
    CliCase(
        ("card.no_target",),
        make_project,
        ("anh", "58-CT/TW"),
        1,
        stderr=(
            'lỗi: không có văn bản "58-CT/TW" (gợi ý: có phải 57-CT/TW hay 04-CT/TW hay '
            "18-CTr/TU?)",
        ),
    ),
    CliCase(
        ("card.ambiguous",),
        make_project,
        ("anh", "ct"),
        1,
        stderr=(
            'lỗi: "ct" ứng với nhiều văn bản: 04-CT/TW, 57-CT/TW (gợi ý: ghi đủ số hiệu, ví dụ '
            "sotay anh 04-CT/TW)",
        ),
    ),
    CliCase(
        ("card.done",),
        _site,
        ("anh", "18-CTr/TU", "-o", "the"),
        0,
        ("Đã ghi ảnh 18-CTr/TU ra the/18-ctr-tu.png",),
    ),
    CliCase(
        ("card.done_all",),
        _site,
        ("anh",),
        0,
        ("Đã ghi 1 ảnh vào anh/",),
    ),
    CliCase(
        ("pdf.ambiguous",),
        make_project,
        ("pdf", "ct"),
        1,
        stderr=(
            'lỗi: "ct" ứng với nhiều văn bản: 04-CT/TW, 57-CT/TW (gợi ý: ghi đủ số hiệu, ví dụ '
            "sotay pdf 04-CT/TW)",
        ),
    ),
]


# Loudspeaker bulletins: `sotay new --phat-thanh`.

CLI_CASES += [
    CliCase(
        ("bulletin.new_done",),
        _valid,
        ("new", "--phat-thanh", "18-CTr/TU"),
        0,
        (
            "Đã tạo bản nháp directives/phat-thanh/18-ctr-tu.md từ 3 ý của đề cương. Sửa cho dễ "
            'nghe, nhờ người duyệt, rồi xóa dòng "draft: true".',
        ),
    ),
    CliCase(
        ("bulletin.no_directive",),
        _valid,
        ("new", "--phat-thanh", "99-CT/TW"),
        1,
        stderr=(
            'lỗi: không có văn bản "99-CT/TW" có bản tóm tắt hợp lệ để soạn bản tin (gợi ý: ghi '
            "số hiệu như 57-CT/TW; chạy sotay check để xem văn bản có lỗi không)",
        ),
    ),
]


# `sotay pdf --phat-thanh` and `--ban-dich`: what cannot be printed says what can.


def _with_bulletins(folder: Path) -> Path:
    """The seed project with two test bulletins, a second one for 04-CT/TW, a translation."""
    root = make_project(folder / "project")
    bulletins = root / "directives" / urls.BULLETIN_DIR
    shutil.copytree(FIXTURES / "bulletins" / "phat-thanh", bulletins)
    shutil.copy(bulletins / "04-ct-tw.md", bulletins / "04-ct-tw-lan-2.md")
    (bulletins / "02-nq-tw.md").unlink()  # too long for one sheet at 16 pt: a warning
    shutil.copytree(
        FIXTURES / "valid" / "translation" / "directives" / urls.TRANSLATIONS_DIR,
        root / "directives" / urls.TRANSLATIONS_DIR,
    )
    return root


CLI_CASES += [
    CliCase(
        ("pdf.many_bulletins",),
        _with_bulletins,
        ("pdf", "--phat-thanh", "ct 4"),
        1,
        stderr=(
            "lỗi: 04-CT/TW có nhiều bản tin phát thanh: 04-ct-tw, 04-ct-tw-lan-2 (gợi ý: ghi tên "
            "một bản tin, ví dụ sotay pdf --phat-thanh 04-ct-tw)",
        ),
    ),
    CliCase(
        ("pdf.no_bulletin",),
        _with_bulletins,
        ("pdf", "--phat-thanh", "57-CT/TW"),
        1,
        stderr=(
            'lỗi: không có bản tin phát thanh "57-CT/TW" (gợi ý: ghi tên tệp bản tin (không có '
            ".md) hoặc số hiệu văn bản có một bản tin; các bản tin: 04-ct-tw, 04-ct-tw-lan-2, "
            "27-hd-bxdddu)",
        ),
    ),
    CliCase(
        ("pdf.no_translation",),
        _with_bulletins,
        ("pdf", "--ban-dich", "en", "57"),
        1,
        stderr=(
            'lỗi: 57-CT/TW không có bản dịch "en" (gợi ý: ghi mã ngôn ngữ như tên thư mục trong '
            "dich/; có: hnj (tiếng Mông))",
        ),
    ),
]


@pytest.mark.parametrize("case", CLI_CASES, ids=lambda c: "+".join(c.codes))
def test_command_prints_exact_messages(case: CliCase, tmp_path: Path) -> None:
    folder = case.setup(tmp_path)
    done = run_sotay(*case.args, cwd=folder)
    assert stable(done.stdout, tmp_path).splitlines() == list(case.stdout)
    assert stable(done.stderr, tmp_path).splitlines() == list(case.stderr)
    assert done.returncode == case.returncode


# Messages a single command run cannot show on demand.


@produces("run.unexpected")
def test_unexpected_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from builder import cli

    def broken(*args: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.delenv("SOTAY_DEBUG", raising=False)
    monkeypatch.setattr(cli, "load_corpus", broken)
    assert cli.main(["check"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "lỗi: lỗi không mong đợi (RuntimeError: hỏng) (gợi ý: chạy lại với SOTAY_DEBUG=1 và gửi "
        "kết quả cho người phát triển)"
    ]


@produces("build.no_plugin")
def test_a_config_without_the_plugin_is_refused(tmp_path: Path) -> None:
    from mkdocs.exceptions import MkDocsException

    from builder.adapter.build import configure

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ndocs_dir: content\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    with pytest.raises(MkDocsException) as refused:
        configure(config, tmp_path / "site")
    assert str(refused.value) == (
        'lỗi: mkdocs.yml chưa bật plugin sotay (gợi ý: thêm "- sotay" vào mục "plugins:" của '
        "mkdocs.yml)"
    )


@produces("build.has_errors")
def test_plugin_refuses_content_with_errors() -> None:
    from mkdocs.exceptions import PluginError

    from builder.adapter.plugin import SotayPlugin
    from builder.pipeline import load_corpus

    plugin = SotayPlugin()
    plugin.preloaded = load_corpus(BAD_TYPE)
    with pytest.raises(PluginError) as refused:
        plugin.on_config(None)  # type: ignore[arg-type]
    assert str(refused.value).splitlines() == ["Nội dung có lỗi, chưa dựng trang:", BAD_TYPE_LINE]


@pytest.mark.parametrize(
    ("raised", "shown"),
    [
        (RuntimeError("hỏng"), "lỗi: không dựng được trang (RuntimeError: hỏng)"),
        (OSError("đĩa đầy"), "lỗi: MkDocs không dựng được trang: đĩa đầy"),
    ],
)
@produces("serve.crashed", "serve.has_errors")
def test_serve_keeps_going_after_a_broken_build(
    raised: Exception, shown: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from builder.adapter.serve import LiveSite

    def broken(told: object = None) -> int:
        raise raised

    site = LiveSite(tmp_path / "mkdocs.yml", tmp_path / "site")
    site.update = broken  # type: ignore[method-assign]
    site.rebuild()
    assert site.errors == [shown]
    assert capsys.readouterr().out.splitlines() == [
        "Nội dung có lỗi (xem khung đỏ trên trang):",
        shown,
    ]


@produces("serve.banner", "serve.banner_advice")
def test_serve_error_banner() -> None:
    from builder.adapter.serve import errors_page

    page = errors_page(['lỗi: "a" < b'])
    text = " ".join(re.sub(r"\{#.*?#\}|<[^>]+>", " ", page).split())
    assert text == (
        "Nội dung có lỗi: trang đang hiển thị bản dựng trước. "
        "Sửa tệp rồi lưu lại, trang sẽ tự tải lại. lỗi: &#34;a&#34; &lt; b"
    )
    assert errors_page([]) == ""


@produces("serve.started", "serve.updated", "serve.stopped")
def test_serve_start_and_stop(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(SOTAY), "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=_site(tmp_path),
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=30)
    assert stable(stdout, tmp_path).splitlines() == [
        f"Xem trước tại http://127.0.0.1:{port}/ (Ctrl+C để dừng)",
        "Đã cập nhật N trang trong … giây.",
        "Đã dừng xem trước.",
    ]


@produces("serve.bad_path")
def test_serve_answers_bad_and_missing_paths_and_cleans_up_on_sigterm(tmp_path: Path) -> None:
    """An undecodable or escaping path is a 400 with one Vietnamese line (never a 500 or a
    traceback), a missing page the site's own 404 page; SIGTERM leaves no temporary site."""
    import http.client
    import os
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [str(SOTAY), "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=_site(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )

    def get(path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get("/")
            break
        except OSError:
            assert process.poll() is None
            time.sleep(0.2)
    try:
        assert len(list(temp.glob("sotay-serve-*"))) == 1
        for bad in ("/%00", "/a%00b/", "/..%2f..%2fetc%2fpasswd", "/../", "/%ff%fe", "/x%0a"):
            assert get(bad) == (400, "Địa chỉ không hợp lệ: không có trang nào ở địa chỉ này."), bad
        status, page = get("/khong/co/trang/nay/")
        assert status == 404 and "<h1>Không tìm thấy trang</h1>" in page
        assert get("/van-ban/")[0] == 200
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, _ = process.communicate(timeout=30)
    assert process.returncode == 0, stdout
    assert "Traceback" not in stdout and "500" not in stdout
    assert stdout.rstrip().endswith("Đã dừng xem trước.")
    assert list(temp.iterdir()) == []  # the plugin's staging folder is gone too


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("raise", "lỗi không mong đợi (RuntimeError: hỏng)"),
        ("kill", "tiến trình tạo các tệp này dừng đột ngột (tín hiệu SIGKILL)"),
    ],
)
@produces("build.apart_failed", "build.apart_killed")
def test_a_failure_beside_the_page_loop_fails_the_build_and_keeps_the_site(
    fault: str,
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--clean` makes the search index and outlines in a forked process: its failure, an
    exception or a signal, is the build's, in Vietnamese; the last site stays as it was."""
    from test_site import tree_digest

    from builder import cli
    from builder.adapter import plugin

    project = make_project(tmp_path / "project")
    assert cli.main(["--root", str(project), "build", "--clean"]) == 0
    before = tree_digest(project / "site")

    def broken(*args: object) -> object:  # runs in the forked process only
        if fault == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise RuntimeError("hỏng")

    monkeypatch.setattr(plugin, "iter_index", broken)
    capsys.readouterr()
    assert cli.main(["--root", str(project), "build", "--clean"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "lỗi: MkDocs không dựng được trang: không tạo được các tệp tìm kiếm và đề cương in: "
        + reason,
        "Chưa dựng trang. Thư mục site/ giữ nguyên.",
    ]
    assert tree_digest(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


# The table itself.


def test_every_code_has_a_fixture() -> None:
    invalid = {p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir()}
    imported = {case.parent.name for case in IMPORT_CASES}
    commands = {code for case in CLI_CASES for code in case.codes}
    from test_site_dir import SITE_CASES

    covered = invalid | imported | commands | PRODUCED | set(SITE_CASES)
    assert sorted(set(MESSAGES) - covered) == []
    assert sorted(covered - set(MESSAGES)) == []


def test_every_import_case_has_its_expected_lines() -> None:
    assert [c for c in IMPORT_CASES if not c.with_suffix(".expected").is_file()] == []


def test_no_template_names_a_field_of_the_diagnostic() -> None:
    """ "{path}" in a template would collide with diagnostic()'s own arguments."""
    import string

    fields = {
        name
        for severity, message, hint in MESSAGES.values()
        for _, name, _, _ in string.Formatter().parse(message + hint)
        if name and severity is not None
    }
    assert fields & {"code", "path", "line"} == set()


@produces("serve.port_busy")
def test_serve_on_a_busy_port_says_so_before_building(tmp_path: Path) -> None:
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = run_sotay("serve", "--addr", f"127.0.0.1:{port}", cwd=_site(tmp_path))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"lỗi: cổng {port} đang bận: một chương trình khác (có thể là một lần sotay serve khác) "
        f"đang dùng 127.0.0.1:{port} (gợi ý: dừng chương trình đó, hoặc chọn cổng khác: "
        f"sotay serve --addr 127.0.0.1:{port + 1})"
    ]


@produces("import.unwritable")
def test_an_import_on_a_full_disk_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up while the third file is written: no file, not even a 0-byte one."""
    import errno

    seed = FIXTURES / "seeds" / "004_a6e3e6db9fb79925.txt"
    shutil.copy(seed, tmp_path / seed.name)
    target = Target(tmp_path / "directives", tmp_path / "content", "directives", "content")
    opened = {"count": 0}
    real_open = Path.open

    def open_until_full(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name.endswith(".sotay-tmp"):
            opened["count"] += 1
            if opened["count"] == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_until_full)
    outcome = import_guide(tmp_path / seed.name, seed.name, target)
    assert [d.format() for d in outcome.errors] == [
        f"{seed.name}:0: lỗi: không ghi được các tệp đã nhập (đĩa đã đầy): chưa ghi "
        "tệp nào (gợi ý: kiểm tra chỗ trống trên đĩa và quyền ghi của thư mục dự án, rồi chạy lại)"
    ]
    assert opened["count"] == 3
    assert sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()
    ) == [seed.name]


@produces("file.outside")
def test_a_source_folder_linked_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    """The folder itself may be a link (no file in it is): what lies outside is refused."""
    outside = tmp_path / "ngoai"
    shutil.copytree(VALID / "directives", outside)
    project = tmp_path / "project"
    project.mkdir()
    (project / "directives").symlink_to(outside)
    from builder.pipeline import load_corpus

    shown = [d.format() for d in load_corpus(project).diagnostics]
    assert shown == [
        "directives/18-ctr-tu.md:1: lỗi: tệp là liên kết tới chỗ nằm ngoài thư mục dự án "
        "(gợi ý: chép tệp thật vào thư mục dự án thay cho liên kết)"
    ]


@produces("file.unreadable")
def test_a_file_that_cannot_be_opened_says_why(tmp_path: Path) -> None:
    from builder.read.source import load_source

    (tmp_path / "vong.md").symlink_to("vong.md")
    (tmp_path / "mat-tich.md").symlink_to("khong-con.md")
    shown = [
        d.format()
        for p in ("vong.md", "mat-tich.md")
        for d in load_source(tmp_path, tmp_path / p)[1]
    ]
    assert shown == [
        "vong.md:1: lỗi: không đọc được tệp (liên kết trỏ vòng về chính nó) (gợi ý: kiểm tra "
        "quyền đọc của tệp)",
        "mat-tich.md:1: lỗi: không đọc được tệp (tệp không còn, hoặc là liên kết trỏ tới tệp "
        "không còn) (gợi ý: kiểm tra quyền đọc của tệp)",
    ]


@produces("content.asset_too_large")
def test_an_asset_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    """A sparse file: its size alone refuses it, before a byte of it is read."""
    from builder.core.schema import ASSET_MAX_BYTES
    from builder.validate.asset import check_asset

    path = tmp_path / "ban-quet.pdf"
    with path.open("wb") as out:
        out.truncate(ASSET_MAX_BYTES + 1_000_000)
    shown = [d.format() for d in check_asset(path, "content/assets/ban-quet.pdf")]
    assert shown == [
        "content/assets/ban-quet.pdf:1: lỗi: tệp nặng 31 MB, quá giới hạn 30 MB (gợi ý: giảm độ "
        "phân giải ảnh hoặc xuất lại PDF với chất lượng thấp hơn)"
    ]


@produces("import.pdf_garbled")
def test_garbled_pdf_message() -> None:
    from builder.authoring.importer.convert import garbled

    found = garbled(["Ban Tuyên giáo", "công tác tun truyền, cịn lại"], "guide.pdf")
    assert found is not None
    assert found.format() == (
        'guide.pdf:2: lỗi: chữ tiếng Việt trong tệp PDF bị đọc sai ("tun truyền, cịn lại"):'
        " phông chữ của PDF ánh xạ sai mã chữ, không nhập văn bản nào (gợi ý: nhập tệp"
        " Word (.docx) của văn bản thay cho bản PDF)"
    )


@produces(
    "import.doc_no_converter",
    "import.pdf_no_converter",
    "import.convert_failed",
    "import.pdf_scanned",
)
def test_converter_messages(tmp_path: Path) -> None:
    """Stand-ins on PATH: none, a soffice that fails, a pdftotext that finds no text."""
    from builder.authoring.importer.convert import doc_to_docx, pdf_text

    (tmp_path / "bin").mkdir()
    (tmp_path / "guide.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "guide.pdf").write_bytes(b"%PDF-1.4\n")
    env = {"PATH": str(tmp_path / "bin")}
    shown = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("os.environ", {**os.environ, **env})
        shown.append(doc_to_docx(tmp_path / "guide.doc", "guide.doc", tmp_path)[1])
        shown.append(pdf_text(tmp_path / "guide.pdf", "guide.pdf")[1])
        for name, script in (("soffice", "exit 1"), ("pdftotext", ': > "$5"')):
            fake = tmp_path / "bin" / name
            fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
            fake.chmod(0o755)
        shown.append(doc_to_docx(tmp_path / "guide.doc", "guide.doc", tmp_path)[1])
        shown.append(pdf_text(tmp_path / "guide.pdf", "guide.pdf")[1])
    assert [d.format() if d else None for d in shown] == [
        "guide.doc:0: lỗi: tệp Word 97-2003 (.doc) cần LibreOffice để chuyển sang .docx, máy "
        "này chưa có (gợi ý: cài bằng lệnh: sudo apt-get install -y libreoffice-writer-nogui; "
        "hoặc mở tệp bằng Word, chọn Tệp › Lưu thành › .docx)",
        "guide.pdf:0: lỗi: đọc tệp PDF cần pdftotext, máy này chưa có (gợi ý: cài bằng lệnh: "
        "sudo apt-get install -y poppler-utils; hoặc xin nơi gửi bản .docx)",
        "guide.doc:0: lỗi: LibreOffice không chuyển được tệp (mã 1) (gợi ý: mở tệp bằng Word, "
        "chọn Tệp › Lưu thành › .docx rồi thử lại)",
        "guide.pdf:0: lỗi: tệp PDF là bản quét (chỉ có ảnh, không có lớp chữ): không đọc được "
        "(gợi ý: xin nơi gửi bản .docx; nếu chỉ có bản giấy, nhận dạng chữ (OCR) rồi lưu thành "
        ".docx)",
    ]


class _Terminal:
    """A stream that says it is a terminal and keeps what was written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


@produces("build.progress", "build.progress_left", "build.progress_left_minutes")
def test_build_progress_line_counts_and_estimates() -> None:
    from builder.cli_progress import Progress

    now = [0.0]
    terminal = _Terminal()
    progress = Progress(terminal, clock=lambda: now[0])  # type: ignore[arg-type]
    now[0] = 1.0
    progress.on_read(100, 10000)  # 0,3 % of the work done: no estimate yet
    assert terminal.text == "\rĐã đọc 100/10.000 tệp · đã ghi 0 trang"
    now[0] = 10.0
    progress.on_read(3200, 10000)  # 3.200 of 30.000 (a file read, a page rendered and written)
    assert progress.line() == "Đã đọc 3.200/10.000 tệp · đã ghi 0 trang · còn khoảng 84 giây"
    now[0] = 40.0
    assert progress.line() == "Đã đọc 3.200/10.000 tệp · đã ghi 0 trang · còn khoảng 6 phút"
    now[0] = 50.0
    progress.on_read(10000, 10000)
    now[0] = 51.0
    progress.on_pages(10000, 9000, 10000)
    shown = "Đã đọc 10.000/10.000 tệp · đã ghi 9.000 trang · còn khoảng 2 giây"
    assert terminal.text.endswith("\r" + shown)
    progress.done()
    assert terminal.text.endswith("\r")
    piped = io.StringIO()
    quiet = Progress(piped)
    quiet.on_read(1, 1)
    quiet.done()
    assert piped.getvalue() == ""


# `sotay build`'s cache (more in tests/test_incremental.py).


@produces("cache.untrusted", "cache.site_changed")
def test_an_untrusted_build_cache_is_named_in_a_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert run_sotay("build", cwd=root, env=env).returncode == 0
    from builder.outputs.cache import FORMAT

    (root / ".cache" / "sotay" / "state.bin").write_bytes(FORMAT + b" 00 00\n")
    done = run_sotay("build", cwd=root, env=env)
    assert done.returncode == 0
    assert done.stderr.splitlines()[0] == (
        "cảnh báo: bỏ qua bộ nhớ đệm .cache/sotay/state.bin: tệp hỏng, hoặc không do tài khoản"
        " này trên máy này ghi (gợi ý: không cần làm gì: lần dựng này làm lại từ đầu và ghi bộ"
        " nhớ đệm mới)"
    )
    (root / "site" / "sitemap.xml").unlink()
    done = run_sotay("build", cwd=root, env=env)
    assert done.returncode == 0
    assert done.stderr.splitlines()[0] == (
        "cảnh báo: bỏ qua bộ nhớ đệm: tệp sitemap.xml trong site/ đã bị sửa hoặc bị xóa sau lần"
        " dựng trước (gợi ý: không cần làm gì: lần dựng này làm lại toàn bộ thư mục site/)"
    )


@produces("build.running")
def test_a_second_build_while_one_runs_stops_and_leaves_everything_as_it_was(
    tmp_path: Path,
) -> None:
    """Two builds of one project at once (two terminals, a build while `make build` runs)
    would mix their caches and sites: the second stops at once, naming the lock's folder."""
    project = make_project(tmp_path / "project")
    assert run_sotay("--root", str(project), "build").returncode == 0
    before = _site_files(project / "site")
    lock = project  # the lock is the project folder's own
    holder = subprocess.Popen(  # another process holds the lock as a running build does
        ["flock", "--exclusive", str(lock), "sleep", "60"], start_new_session=True
    )
    try:
        for _ in range(100):
            probe = os.open(lock, os.O_RDONLY)
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(probe, fcntl.LOCK_UN)
            except OSError:
                break  # held
            finally:
                os.close(probe)
            holder.poll()
            assert holder.returncode is None
            time.sleep(0.05)
        page = project / "directives" / "57-ct-tw.md"
        page.write_text(page.read_text(encoding="utf-8").replace("Về tăng cường", "Về việc", 1))
        done = run_sotay("--root", str(project), "build")
        assert done.returncode == 1
        assert stable(done.stderr, tmp_path) == (
            "lỗi: một lần dựng khác của dự án TMP/project đang chạy: hai lần dựng cùng lúc sẽ "
            "trộn lẫn bộ nhớ đệm và trang của nhau (gợi ý: chờ lần dựng kia xong rồi chạy lại; "
            "thư mục trang giữ nguyên)\n"
        )
        assert _site_files(project / "site") == before
    finally:
        os.killpg(holder.pid, signal.SIGKILL)  # flock and the sleep that holds its lock
        holder.wait()
    again = run_sotay("--root", str(project), "build")  # the lock went with its process
    assert again.returncode == 0, again.stderr
    assert _site_files(project / "site") != before


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
