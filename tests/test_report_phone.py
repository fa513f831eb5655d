"""Phụ lục 2 filled in on a phone (theme/assets/sotay-form.js) in Chromium at 360×740: checked
as typed, kept across a reload, exported as a file that `sotay bao-cao` adds up; no request
leaves the page while the form is filled in and exported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_report import CAMPAIGN, TODAY, UNITS, campaign_of, seed_project

from builder.core import urls

PHONE = {"width": 360, "height": 740}
PAGE = "/" + urls.campaign_url(CAMPAIGN)
FIGURES = {
    "Tổng số hội nghị": "1",
    "Tổng số người tham gia": "32",
    "Tổng số đảng viên của đảng bộ": "28",
    "Tổng số đảng viên được triệu tập": "27",
    "Tổng số ĐV được học tập, quán triệt": "25",
    "Tổng số": "5",
    "Số được triệu tập (cột ghi thêm)": "5",
    "Số được học tập, quán triệt (cột ghi thêm)": "4",
}
"""A unit's figures, by each field's label (the columns the author completed say so)."""


@pytest.fixture
def phone(browser: Any, site_url: str) -> Any:
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + PAGE)
    yield page
    context.close()


def _field(page: Any, label: str) -> Any:
    return page.locator("[data-sotay-form]").get_by_label(label, exact=True)


def _fill(page: Any) -> None:
    _field(page, "Tên đơn vị").fill(UNITS[3])
    for label, value in FIGURES.items():
        _field(page, label).fill(value)


def test_fill_check_reload_export_and_add_up(phone: Any, tmp_path: Path) -> None:
    page = phone
    form = page.locator("[data-sotay-form]")
    assert form.is_visible()
    # The columns the author completed where the source was cut off are named on the page.
    note = page.locator(".dht-form .vb-note", has_text="Cột ghi thêm").inner_text()
    assert note == (
        "Cột ghi thêm vì bản nguồn bị cắt (cần đối chiếu bản gốc): Công chức: Số được triệu tập; "
        "Công chức: Số được học tập, quán triệt; Công chức: Tỷ lệ % so với số được triệu tập."
    )
    # Checked as typed: a word, a negative count, more studied than convened.
    studied = _field(page, "Tổng số ĐV được học tập, quán triệt")
    _field(page, "Tổng số đảng viên được triệu tập").fill("20")
    studied.fill("25")
    error = form.locator("#" + str(studied.get_attribute("id")) + "-err")
    assert error.inner_text() == "Nhiều hơn “Tổng số đảng viên được triệu tập” (20)."
    studied.fill("hai lăm")
    assert error.inner_text() == "Ghi số nguyên, ví dụ 25."
    studied.fill("-3")
    assert error.inner_text() == "Không được là số âm."
    # A unit's return; the percentages are computed, not typed.
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    _fill(page)
    assert error.inner_text() == ""
    outputs = form.locator("output")
    assert outputs.all_inner_texts() == ["92,6%", "80%"]
    page.screenshot(path=str(tmp_path / "phone-form.png"), full_page=False)
    form.screenshot(path=str(tmp_path / "phone-form-filled.png"))

    page.reload()
    assert _field(page, "Tên đơn vị").input_value() == UNITS[3]
    assert _field(page, "Tổng số ĐV được học tập, quán triệt").input_value() == "25"
    assert outputs.all_inner_texts() == ["92,6%", "80%"]

    page.wait_for_load_state("networkidle")  # the page's own lazy modules (search) loaded
    requests.clear()
    with page.expect_download() as download:
        form.get_by_role("link", name="Tải tệp để gửi (CSV)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "phu-luc-2-chi-bo-thon-na-khum.csv"
    assert [u for u in requests if not u.startswith("blob:")] == []  # nothing left the phone
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")

    from builder.authoring.report.run import add_up

    campaign = campaign_of(seed_project(tmp_path / "ban"))
    outcome = add_up(campaign, [(saved, saved.name)], tmp_path / "tong-hop", TODAY)
    assert [p.format() for p in outcome.problems] == []
    assert outcome.summary is not None
    assert outcome.summary.rows == [
        (UNITS[3], [None, None, 1, 32, 28, 27, 25, 92.6, 5, 5, 4, 80.0])
    ]


def test_a_return_with_a_fault_is_not_exported(phone: Any) -> None:
    page = phone
    form = page.locator("[data-sotay-form]")
    _field(page, "Tổng số hội nghị").fill("1")
    form.get_by_role("link", name="Tải tệp để gửi (CSV)").click()
    assert form.locator(".dht-fill-status").inner_text() == (
        "Chưa tải được: còn 1 ô cần sửa (báo đỏ ở trên)."
    )
    unit = _field(page, "Tên đơn vị")
    assert unit.get_attribute("aria-invalid") == "true"
    assert form.locator("#" + str(unit.get_attribute("id")) + "-err").inner_text() == (
        "Ghi tên đơn vị (chi bộ, cơ quan)."
    )
