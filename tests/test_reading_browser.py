"""Reading list (issue 22) on a phone: "Lưu xem sau", "Lưu cả đợt", /xem-sau/ offline, "Đọc tiếp".

Everything stays in the reader's browser: localStorage for the list, a cache of its own for the
saved pages, which the service worker serves without signal.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_contrast import CONTRASTS_JS, MIN_RATIO

PHONE = {"width": 360, "height": 740}
SAVED_CACHE = "sotay:xem-sau:/"
JS_TESTS = sorted((Path(__file__).parent / "js").glob("reading*.test.mjs"))

# Resolves once every URL (relative to the site root) is in the reading list's own cache.
KEPT_JS = """
async (urls) => {
  const cache = await caches.open('sotay:xem-sau:/');
  for (const u of urls) if (!(await cache.match(location.origin + '/' + u))) return false;
  return true;
}
"""


@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready")


def _save_here(page: Any) -> None:
    button = page.locator(".vb-actions [data-sotay-save]")
    assert button.inner_text() == "Lưu xem sau"
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.inner_text() == "Đã lưu"
    assert button.get_attribute("aria-pressed") == "true"


def _wait_kept(page: Any, urls: list[str]) -> None:
    page.wait_for_function(KEPT_JS, arg=urls)


def _listed(page: Any) -> list[str]:
    urls: list[str] = page.locator(".sotay-saved > li").evaluate_all(
        "items => items.map(li => li.dataset.url)"
    )
    return urls


def test_saved_documents_and_campaign_are_read_offline_and_removed(
    phone: Any, site_url: str
) -> None:
    today = dt.date.today().strftime("%d/%m/%Y")
    saved = [
        ("van-ban/20-ctr-tu/", "van-ban/20-ctr-tu/de-cuong/"),
        ("van-ban/57-ct-tw/toan-van/", None),
        ("dot-hoc-tap/27-hd-bxdddu/", "dot-hoc-tap/27-hd-bxdddu/in/"),
    ]
    for url, extra in saved:
        _open(phone, f"{site_url}/{url}")
        _save_here(phone)
        _wait_kept(phone, [url] + ([extra] if extra else []) + ["xem-sau/"])
    phone.reload()
    assert phone.locator(".vb-actions [data-sotay-save]").inner_text() == "Đã lưu"

    phone.goto(f"{site_url}/xem-sau/")
    assert _listed(phone) == [url for url, _ in reversed(saved)]
    items = phone.locator(".sotay-saved > li")
    assert items.nth(0).locator(".sotay-saved__link").inner_text() == (
        "Hướng dẫn số 27-HD/BXDĐĐU Tổ chức học tập, quán triệt, tuyên truyền, triển khai thực "
        "hiện các nghị quyết, chỉ thị, kết luận, quy định của Bộ Chính trị, Ban Bí thư và các "
        "văn bản mới của Tỉnh ủy, Đảng ủy"
    )
    assert [items.nth(i).locator(".sotay-saved__meta").inner_text() for i in range(3)] == [
        f"Đợt học tập · lưu ngày {today}",
        f"Toàn văn · lưu ngày {today}",
        f"Bản tóm tắt · lưu ngày {today}",
    ]
    phone.wait_for_function(
        "[...document.querySelectorAll('[data-sotay-state]')]"
        ".every(s => s.textContent === 'Đọc được khi không có mạng')"
    )

    phone.context.set_offline(True)
    phone.reload()
    assert _listed(phone) == [url for url, _ in reversed(saved)]
    numbers = {
        "dot-hoc-tap/27-hd-bxdddu/": ("h1 .vb-number", "Hướng dẫn số 27-HD/BXDĐĐU"),
        "dot-hoc-tap/27-hd-bxdddu/in/": (".dc-cover h1", "Hướng dẫn số 27-HD/BXDĐĐU"),
        "van-ban/20-ctr-tu/": ("h1 .vb-number", "20-CTr/TU"),
        "van-ban/20-ctr-tu/de-cuong/": (".dc-number", "20-CTr/TU"),
        "van-ban/57-ct-tw/toan-van/": (".tv-h1 .nw", "57-CT/TW"),
    }
    for url, (selector, number) in numbers.items():
        phone.goto(f"{site_url}/{url}")
        assert phone.locator(selector).first.inner_text() == number, url

    phone.goto(f"{site_url}/xem-sau/")
    phone.click("[data-sotay-remove='van-ban/57-ct-tw/toan-van/']")
    assert _listed(phone) == ["dot-hoc-tap/27-hd-bxdddu/", "van-ban/20-ctr-tu/"]
    phone.wait_for_function(
        "async () => !(await (await caches.open('sotay:xem-sau:/'))"
        ".match(location.origin + '/van-ban/57-ct-tw/toan-van/'))"
    )
    phone.reload()
    assert _listed(phone) == ["dot-hoc-tap/27-hd-bxdddu/", "van-ban/20-ctr-tu/"]


def test_save_the_whole_campaign(phone: Any, site_url: str) -> None:
    _open(phone, f"{site_url}/dot-hoc-tap/27-hd-bxdddu/")
    button = phone.locator("[data-sotay-save-all]")
    assert button.inner_text() == "Lưu cả đợt"
    button.click()
    phone.wait_for_function(
        "document.querySelector('[data-sotay-save-all]').textContent === "
        "'Đã lưu cả đợt (6 văn bản)'"
    )
    assert phone.locator(".vb-actions [data-sotay-save]").inner_text() == "Đã lưu"
    _wait_kept(
        phone,
        [
            "dot-hoc-tap/27-hd-bxdddu/",
            "dot-hoc-tap/27-hd-bxdddu/in/",
            "van-ban/02-nq-tw/",
            "van-ban/02-nq-tw/de-cuong/",
            "van-ban/04-ct-tw/",
            "van-ban/04-ct-tw/de-cuong/",
            "van-ban/64-kh-tu/",
            "van-ban/64-kh-tu/de-cuong/",
        ],
    )
    phone.goto(f"{site_url}/xem-sau/")
    assert _listed(phone) == [
        "dot-hoc-tap/27-hd-bxdddu/",
        "van-ban/02-nq-tw/",
        "van-ban/04-ct-tw/",
        "van-ban/18-ctr-tu/",
        "van-ban/19-ctr-tu/",
        "van-ban/20-ctr-tu/",
        "van-ban/64-kh-tu/",
    ]
    second = phone.locator(".sotay-saved > li").nth(1)
    assert second.locator(".sotay-saved__link").inner_text() == (
        "02-NQ/TW Về xây dựng và phát triển Thủ đô Hà Nội trong kỷ nguyên mới"
    )
    assert (
        second.locator(".sotay-saved__meta")
        .inner_text()
        .endswith(" · cùng đợt Hướng dẫn số 27-HD/BXDĐĐU")
    )


def test_read_on_from_where_the_reader_left(phone: Any, site_url: str) -> None:
    part = "goi-y-lien-he-van-dung-voi-chi-bo-dang-vien"
    _open(phone, f"{site_url}/van-ban/57-ct-tw/")
    assert phone.locator(".sotay-resume").count() == 0
    phone.evaluate(f"document.getElementById('{part}').scrollIntoView()")
    phone.wait_for_function(
        f"JSON.parse(localStorage.getItem('sotay-xem-sau:/')).recent[0].part?.id === '{part}'"
    )
    bar = phone.locator(".sotay-resume")
    for _ in range(2):  # leaving without scrolling keeps the place
        phone.goto(f"{site_url}/")
        phone.goto(f"{site_url}/van-ban/57-ct-tw/")
        assert bar.count() == 1
    assert bar.locator(".sotay-resume__text").inner_text() == (
        "Lần trước bạn đọc đến: Gợi ý liên hệ, vận dụng với chi bộ, đảng viên"
    )
    assert phone.evaluate("window.scrollY") == 0
    bar.locator("[data-sotay-resume]").click()
    phone.wait_for_function(f"location.hash === '#{part}'")
    top = phone.evaluate(f"document.getElementById('{part}').getBoundingClientRect().top")
    assert 0 <= top <= PHONE["height"] / 4
    assert bar.count() == 0

    phone.goto(f"{site_url}/xem-sau/")
    first = phone.locator(".sotay-recent > li").first
    assert first.get_attribute("data-url") == "van-ban/57-ct-tw/"
    assert first.locator(".sotay-recent__part").inner_text() == (
        "Đọc tiếp: Gợi ý liên hệ, vận dụng với chi bộ, đảng viên"
    )
    assert (
        first.locator(".sotay-recent__part a")
        .get_attribute("href")
        .endswith(f"/van-ban/57-ct-tw/#{part}")
    )


def test_a_link_to_a_part_is_not_interrupted(phone: Any, site_url: str) -> None:
    phone.goto(f"{site_url}/van-ban/57-ct-tw/")
    phone.evaluate(
        "document.getElementById('goi-y-lien-he-van-dung-voi-chi-bo-dang-vien').scrollIntoView()"
    )
    phone.wait_for_function(
        "JSON.parse(localStorage.getItem('sotay-xem-sau:/')).recent[0].part !== undefined"
    )
    phone.goto(f"{site_url}/van-ban/57-ct-tw/#boi-canh-su-can-thiet-ban-hanh-chi-thi")
    assert phone.locator(".sotay-resume").count() == 0


def test_save_from_search_results(phone: Any, site_url: str) -> None:
    phone.goto(f"{site_url}/")
    phone.click("label[for=__search].md-header__button")
    phone.fill("input[name=q]", "57-CT/TW")
    phone.wait_for_function(
        "document.querySelector('[data-sotay-results]').getAttribute('data-query') === '57-CT/TW'"
    )
    first = phone.locator(".sotay-result").first
    assert first.locator(".sotay-result__number").inner_text() == "57-CT/TW"
    button = first.locator("[data-sotay-save]")
    assert button.inner_text() == "Lưu xem sau"
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    button.click()
    assert button.inner_text() == "Đã lưu"
    _wait_kept(phone, ["van-ban/57-ct-tw/", "van-ban/57-ct-tw/de-cuong/"])
    phone.goto(f"{site_url}/xem-sau/")
    assert _listed(phone) == ["van-ban/57-ct-tw/"]


def test_a_cleared_cache_is_shown_and_fetched_again(phone: Any, site_url: str) -> None:
    _open(phone, f"{site_url}/van-ban/57-ct-tw/")
    _save_here(phone)
    _wait_kept(phone, ["van-ban/57-ct-tw/", "xem-sau/"])
    phone.goto(f"{site_url}/xem-sau/")
    phone.evaluate(f"caches.delete('{SAVED_CACHE}')")
    phone.context.set_offline(True)
    phone.reload()
    gone = "Chưa có trên máy (bộ nhớ tạm đã bị xóa hoặc chưa tải được): sẽ tải lại khi có mạng"
    # The state reads "Đang kiểm tra bản lưu trên máy…" until the caches have answered.
    phone.wait_for_function(
        "gone => document.querySelector('[data-sotay-state]').textContent === gone", arg=gone
    )
    phone.context.set_offline(False)
    phone.reload()
    phone.wait_for_function(
        "document.querySelector('[data-sotay-state]').textContent === 'Đọc được khi không có mạng'"
    )
    _wait_kept(phone, ["van-ban/57-ct-tw/", "van-ban/57-ct-tw/de-cuong/"])


def test_a_document_gone_from_a_new_build_is_shown_as_such(phone: Any, site_url: str) -> None:
    """The list outlives builds: an item whose page the server no longer has says so."""
    phone.goto(f"{site_url}/xem-sau/")
    phone.evaluate(
        """localStorage.setItem('sotay-xem-sau:/', JSON.stringify({v: 1, recent: [], saved: [
          {url: 'van-ban/99-ct-tw/', kind: 'tom-tat', number: '99-CT/TW', title: 'Đã gỡ',
           savedAt: Date.now(), also: ['van-ban/99-ct-tw/de-cuong/']}]}))"""
    )
    phone.reload()
    state = phone.locator("[data-sotay-state]")
    phone.wait_for_function(
        "document.querySelector('[data-sotay-state]').classList"
        ".contains('sotay-saved__state--gone')"
    )
    assert state.inner_text() == (
        "Không còn ở địa chỉ này trên trang (văn bản đã được chuyển hoặc gỡ bỏ). Tìm theo số hiệu"
    )
    assert state.locator("a").get_attribute("href") == f"{site_url}/?q=99-CT%2FTW"
    assert phone.locator(".sotay-saved strong").first.inner_text() == "99-CT/TW"


def test_new_controls_are_readable_and_big_enough(phone: Any, site_url: str) -> None:
    _open(phone, f"{site_url}/dot-hoc-tap/27-hd-bxdddu/")
    _save_here(phone)
    part = phone.locator("h2[id]").nth(2)
    part.scroll_into_view_if_needed()
    phone.wait_for_function(
        "JSON.parse(localStorage.getItem('sotay-xem-sau:/')).recent[0].part !== undefined"
    )
    phone.goto(f"{site_url}/")
    phone.goto(f"{site_url}/dot-hoc-tap/27-hd-bxdddu/")
    controls = {
        "Đã lưu": "[data-sotay-save]",
        "Lưu cả đợt": "[data-sotay-save-all]",
        "Đọc tiếp": "[data-sotay-resume]",
        "Để sau": ".sotay-resume button:not([data-sotay-resume])",
    }
    checked = _check_controls(phone, controls)
    phone.goto(f"{site_url}/xem-sau/")
    checked += _check_controls(phone, {"Bỏ lưu": "[data-sotay-remove]"})
    assert checked == ["Đã lưu", "Lưu cả đợt", "Đọc tiếp", "Để sau", "Bỏ lưu"]


def _check_controls(page: Any, controls: dict[str, str]) -> list[str]:
    """Each control at least 44×44 px; each one's text contrast at least 4.5:1."""
    ratios = {b["text"]: b["ratio"] for b in page.evaluate(CONTRASTS_JS)}
    seen = []
    for label, selector in controls.items():
        box = page.locator(selector).first.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, label
        text = page.locator(selector).first.inner_text()
        assert label in text
        assert ratios[text] >= MIN_RATIO, (text, ratios[text])
        seen.append(text)
    return seen


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_reading_logic_under_node() -> None:
    assert [p.name for p in JS_TESTS] == ["reading_store.test.mjs", "reading_worker.test.mjs"]
    run = subprocess.run(
        ["node", "--test", *map(str, JS_TESTS)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
