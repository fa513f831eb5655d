"""What a reader sees: a directive page on a phone-sized viewport in Debian's Chromium."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def test_directive_page_on_a_phone_shows_three_sections_and_stays_local(
    browser: Any, site_url: str
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_url}/van-ban/57-ct-tw/", wait_until="networkidle")
    assert page.locator("h1").inner_text() == (
        "57-CT/TW\nVề tăng cường bảo đảm an ninh mạng, bảo mật thông tin, an ninh dữ liệu trong hệ thống chính trị"
    )
    for title in (
        "Bối cảnh, sự cần thiết ban hành Chỉ thị",
        "Nội dung trọng tâm, cốt lõi của Chỉ thị",
        "Gợi ý liên hệ, vận dụng với chi bộ, đảng viên",
    ):
        heading = page.get_by_role("heading", name=title, level=2)
        heading.scroll_into_view_if_needed()
        assert heading.is_visible()
        assert heading.bounding_box()["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    hosts = {urlsplit(url).hostname for url in requests}
    assert hosts == {"127.0.0.1"}
    page.close()


def test_index_links_reach_every_document(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{site_url}/van-ban/")
    links = page.locator(".vb-list a")
    assert links.count() == 9
    links.first.click()
    page.wait_for_load_state()
    assert page.url == f"{site_url}/van-ban/02-nq-tw/"
    assert page.get_by_role("heading", name="Gợi ý liên hệ, vận dụng", level=2).is_visible()
    page.close()
