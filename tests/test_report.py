"""`sotay bao-cao` on returns made the way offices make them, on seed 000's own form.

An Excel return is the site's phu-luc-2.xlsx filled in and saved by openpyxl; another Excel
return is a sheet an office laid out itself (title row, columns in another order, headers
without diacritics); a LibreOffice return is a CSV with a BOM and `;`; a phone return is the
CSV the campaign page exports (tests/test_report_phone.py makes a real one in Chromium).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from builder.authoring.report.run import Outcome, add_up, find_campaign
from builder.model import Campaign
from builder.outputs.form import form_csv, form_xlsx
from builder.pipeline import load_corpus
from conftest import REPO, run_sotay

UNITS = (
    "Chi bộ Cơ quan Đảng",
    "Chi bộ Cơ quan Ủy ban nhân dân",
    "Chi bộ Thôn Bình Lư",
    "Chi bộ Thôn Nà Khum",
    "Chi bộ Trường Tiểu học",
)
CAMPAIGN = "han-thang-5-2026"
TODAY = dt.date(2026, 5, 9)


def seed_project(folder: Path) -> Path:
    """Seed 000's campaign (the repository's file) with the list of units that must report."""
    target = folder / "project" / "content" / "dot-hoc-tap"
    target.mkdir(parents=True)
    text = (REPO / "content" / "dot-hoc-tap" / f"{CAMPAIGN}.md").read_text(encoding="utf-8")
    listed = "".join(f"  - {u}\n" for u in UNITS)
    marker = '  rows: ["Chi bộ ....", "..."]\n'
    assert marker in text
    (target / f"{CAMPAIGN}.md").write_text(
        text.replace(marker, marker + "units:\n" + listed), encoding="utf-8"
    )
    shutil.copytree(REPO / "directives", folder / "project" / "directives")
    return folder / "project"


def campaign_of(root: Path) -> Campaign:
    found = find_campaign(load_corpus(root).corpus, CAMPAIGN)
    assert isinstance(found, Campaign), found
    return found


def excel_return(campaign: Campaign, path: Path, unit: str, counts: list[int]) -> Path:
    """The site's phu-luc-2.xlsx, its first row filled in (TT, formulas and title kept)."""
    assert campaign.form is not None
    book = openpyxl.load_workbook(io.BytesIO(form_xlsx(campaign.form, campaign.deadline)))
    sheet = book.active
    assert sheet is not None
    sheet["B7"] = unit
    for letter, value in zip("CDEFGIJK", counts, strict=True):
        sheet[f"{letter}7"] = value
    book.save(path)
    return path


def own_layout_return(path: Path) -> Path:
    """An office's own sheet: a title, a blank row, headers without diacritics, columns
    reordered, the Công chức percentage typed as 0.8 in a % cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["BÁO CÁO KẾT QUẢ HỌC TẬP CỦA CHI BỘ TRƯỜNG TIỂU HỌC"])
    sheet.append([])
    sheet.append(
        [
            "Ten don vi",
            "Cong chuc",
            None,
            None,
            None,
            "Dang vien",
            None,
            None,
            None,
            "Tong so hoi nghi",
            "Tong so nguoi tham gia",
        ]
    )
    sheet.append(
        [
            None,
            "Tong so",
            "So duoc trieu tap",
            "So duoc hoc tap, quan triet",
            "Ty le % so voi so duoc trieu tap",
            "Tong so dang vien cua dang bo",
            "Tong so dang vien duoc trieu tap",
            "Tong so DV duoc hoc tap, quan triet",
            "Ty le % so voi so duoc trieu tap",
            "",
            "",
        ]
    )
    sheet.merge_cells("B3:E3")
    sheet.merge_cells("F3:I3")
    sheet.append(["Chi bộ Trường Tiểu học", 10, 10, 8, 0.8, 14, 14, 14, 100, 1, 24])
    sheet["E5"].number_format = "0%"
    book.save(path)
    return path


def csv_return(campaign: Campaign, path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    """The site's CSV, body replaced by `rows`, saved as LibreOffice does: BOM, `;`, CRLF."""
    assert campaign.form is not None
    header = list(csv.reader(io.StringIO(form_csv(campaign.form).decode("utf-8-sig"))))[:3]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(header + rows)
    path.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))
    return path


def phone_return(campaign: Campaign, path: Path, unit: str, counts: list[int]) -> Path:
    """What the campaign page exports: the form's header, one row, percentages computed."""
    cells = ["1", unit, *[str(c) for c in counts[:5]], "", *[str(c) for c in counts[5:]], ""]
    return csv_return(campaign, path, [cells], delimiter=",")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return seed_project(tmp_path)


def _add_up(campaign: Campaign, files: list[Path], out: Path) -> Outcome:
    return add_up(campaign, [(f, f.name) for f in files], out, TODAY)


def _sheet(path: Path) -> Any:
    return openpyxl.load_workbook(path).active


def test_five_returns_of_four_kinds_add_up(project: Path, tmp_path: Path) -> None:
    campaign = campaign_of(project)
    files = [
        excel_return(
            campaign, tmp_path / "co-quan-dang.xlsx", UNITS[0], [1, 30, 25, 25, 24, 6, 6, 5]
        ),
        own_layout_return(tmp_path / "truong-tieu-hoc.xlsx"),
        csv_return(
            campaign,
            tmp_path / "binh-lu.csv",
            [
                [
                    "1",
                    "Chi bộ Thôn Bình Lư",
                    "2",
                    "1.040",
                    "1.012",
                    "1.000",
                    "990",
                    "99",
                    "40",
                    "40",
                    "38",
                    "95",
                ],
                ["", "Tổng", "2", "1.040", "1.012", "1.000", "990", "99", "40", "40", "38", "95"],
            ],
        ),
        phone_return(
            campaign, tmp_path / "na-khum.csv", "Chi bộ Thôn Nà Khum", [1, 20, 18, 18, 17, 3, 3, 3]
        ),
    ]
    outcome = _add_up(campaign, files, tmp_path / "tong-hop")
    assert [p.format() for p in outcome.problems] == []
    summary = outcome.summary
    assert summary is not None
    # Listed order, not arrival order; the office's reordered sheet lands in the right columns.
    assert [unit for unit, _ in summary.rows] == [UNITS[0], UNITS[2], UNITS[3], UNITS[4]]
    assert summary.rows[3][1] == [None, None, 1, 24, 14, 14, 14, 100.0, 10, 10, 8, 80.0]
    # Totals: counts added; each percentage recomputed from the totals, not averaged.
    assert summary.total == [None, None, 5, 1114, 1069, 1057, 1045, 98.9, 59, 59, 54, 91.5]
    assert summary.missing == ["Chi bộ Cơ quan Ủy ban nhân dân"]
    assert not summary.complete and summary.errors == 0
    assert outcome.ok

    sheet = _sheet(tmp_path / "tong-hop" / "tong-hop-phu-luc-2.xlsx")
    assert sheet["A1"].value == "TỔNG HỢP PHỤ LỤC 2 — HƯỚNG DẪN CHƯA GHI SỐ (HẠN HỌC TẬP 05/5/2026)"
    assert sheet["A3"].value == "Hạn báo cáo: 10/5/2026; gửi Ban Xây dựng Đảng Đảng ủy"
    assert sheet["A4"].value == "CHƯA ĐỦ: 1 đơn vị chưa báo cáo."
    assert "E6:H6" in {str(r) for r in sheet.merged_cells.ranges}
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=8, max_row=12)]
    assert body[0][:4] == ["1", UNITS[0], 1, 30]
    assert body[4] == [None, "Tổng", 5, 1114, 1069, 1057, 1045, 98.9, 59, 59, 54, 91.5]
    assert sheet["A14"].value == "Chưa báo cáo: Chi bộ Cơ quan Ủy ban nhân dân."
    assert sheet["A15"].value == "Nơi nhận: Ban Xây dựng Đảng Đảng ủy (để báo cáo); Lưu."

    page = (tmp_path / "tong-hop" / "tong-hop-phu-luc-2.html").read_text(encoding="utf-8")
    assert "@page { size: A4 landscape" in page
    assert "1.114" in page and "98,9" in page and "91,5" in page  # Vietnamese numbers
    assert "CHƯA ĐỦ: 1 đơn vị chưa báo cáo." in page
    assert "Nơi nhận:" in page and "hạn báo cáo 10/5/2026" in page


def test_a_faulty_return_is_named_and_left_out(project: Path, tmp_path: Path) -> None:
    campaign = campaign_of(project)
    good = phone_return(campaign, tmp_path / "na-khum.csv", UNITS[3], [1, 20, 18, 18, 17, 3, 3, 3])
    bad = csv_return(
        campaign,
        tmp_path / "loi.csv",
        [
            ["1", UNITS[0], "1", "30", "25", "26", "24", "", "", "", "", ""],
            ["2", UNITS[3], "1", "20", "18", "18", "17", "", "", "", "", ""],
            ["3", "Chi bộ <b>Thôn</b> Mới", "1", "5", "5", "5", "5", "90", "", "", "", ""],
        ],
    )
    outcome = _add_up(campaign, [good, bad], tmp_path / "tong-hop")
    assert [p.format() for p in outcome.problems] == [
        'loi.csv:4: lỗi: Chi bộ Cơ quan Đảng: "Đảng viên: Tổng số đảng viên được triệu tập" (26) '
        'nhiều hơn "Đảng viên: Tổng số đảng viên của đảng bộ" (25) (gợi ý: số được học tập '
        "không quá số được triệu tập; số được triệu tập không quá tổng số)",
        'loi.csv:5: lỗi: đơn vị "Chi bộ Thôn Nà Khum" đã báo cáo ở na-khum.csv:4 (gợi ý: giữ '
        "một bản; nếu là hai đơn vị khác nhau, ghi rõ tên từng đơn vị)",
        'loi.csv:6: cảnh báo: Chi bộ <b>Thôn</b> Mới, cột "Đảng viên: Tỷ lệ % so với số được '
        'triệu tập": ghi 90% nhưng 5/5 là 100% (gợi ý: bảng tổng hợp tính lại tỷ lệ từ các con '
        "số; kiểm tra lại số liệu)",
        'loi.csv:6: cảnh báo: đơn vị "Chi bộ <b>Thôn</b> Mới" không có trong danh sách "units" '
        'của đợt học tập (gợi ý: nếu đúng là đơn vị phải báo cáo, thêm vào "units:" của tệp '
        "đợt học tập)",
    ]
    summary = outcome.summary
    assert summary is not None and not outcome.ok
    assert [u for u, _ in summary.rows] == [UNITS[3], "Chi bộ <b>Thôn</b> Mới"]
    assert summary.total[2:8] == [2, 25, 23, 23, 22, 95.7]
    assert summary.faulty_files == ["loi.csv"]
    page = (tmp_path / "tong-hop" / "tong-hop-phu-luc-2.html").read_text(encoding="utf-8")
    assert "Chi bộ &lt;b&gt;Thôn&lt;/b&gt; Mới" in page and "<b>Thôn" not in page
    assert "CHƯA ĐỦ: 2 lỗi ở loi.csv, các dòng có lỗi không được cộng; 4 đơn vị" in page


def test_formula_text_from_a_return_stays_text_in_the_summary(
    project: Path, tmp_path: Path
) -> None:
    campaign = campaign_of(project)
    payload = '=HYPERLINK("http://x.example","Bấm")'
    bad = csv_return(
        campaign, tmp_path / "x.csv", [["1", payload, "1", "5", "5", "5", "5", "", "", "", "", ""]]
    )
    _add_up(campaign, [bad], tmp_path / "tong-hop")
    sheet = _sheet(tmp_path / "tong-hop" / "tong-hop-phu-luc-2.xlsx")
    cell = sheet["B8"]
    assert (cell.value, cell.data_type) == (payload, "s")


def test_the_command_exits_1_and_still_writes_the_summary(project: Path, tmp_path: Path) -> None:
    campaign = campaign_of(project)
    good = phone_return(campaign, tmp_path / "na-khum.csv", UNITS[3], [1, 20, 18, 18, 17, 3, 3, 3])
    bad = csv_return(
        campaign,
        tmp_path / "loi.csv",
        [
            ["1", UNITS[0], "1", "30", "mười", "25", "24", "", "", "", "", ""],
        ],
    )
    done = run_sotay(
        "--root", str(project), "bao-cao", CAMPAIGN, str(good), str(bad), "-o", "out", cwd=tmp_path
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "Đã tổng hợp 1 đơn vị từ 2 tệp vào out/tong-hop-phu-luc-2.xlsx và "
        "out/tong-hop-phu-luc-2.html. Chưa báo cáo (4): Chi bộ Cơ quan Đảng; Chi bộ Cơ quan Ủy "
        "ban nhân dân; Chi bộ Thôn Bình Lư; Chi bộ Trường Tiểu học."
    ]
    assert done.stderr.splitlines() == [
        'loi.csv:4: lỗi: Chi bộ Cơ quan Đảng, cột "Đảng viên: Tổng số đảng viên của đảng bộ": '
        '"mười" không phải số nguyên (gợi ý: ghi số nguyên, ví dụ 25 (không ghi chữ, không có '
        "phần thập phân))",
        "Bảng tổng hợp CHƯA ĐỦ: 1 lỗi ở loi.csv; các dòng có lỗi không được cộng.",
    ]
    assert _sheet(tmp_path / "out" / "tong-hop-phu-luc-2.xlsx")["B8"].value == UNITS[3]


def test_the_same_returns_give_the_same_summary_bytes(project: Path, tmp_path: Path) -> None:
    campaign = campaign_of(project)
    good = phone_return(campaign, tmp_path / "na-khum.csv", UNITS[3], [1, 20, 18, 18, 17, 3, 3, 3])
    _add_up(campaign, [good], tmp_path / "a")
    _add_up(campaign, [good], tmp_path / "b")
    for name in ("tong-hop-phu-luc-2.xlsx", "tong-hop-phu-luc-2.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
