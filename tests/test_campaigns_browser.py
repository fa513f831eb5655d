"""Campaigns, indices, sub-path hosting and offline reading, as a reader on a phone sees them."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from builder.outputs.pdf import QuietHandler

SUBPATH = "/sotay/"


class _SubPathHandler(QuietHandler):
    """Serves the site only under /sotay/, as an intranet server with other sites beside it."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUBPATH):
            return "/nonexistent-outside-subpath"
        return super().translate_path(path[len(SUBPATH) - 1 :])


@pytest.fixture(scope="module")
def sub_url(repo_site: Path) -> Iterator[str]:
    handler = functools.partial(_SubPathHandler, directory=str(repo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{SUBPATH}"
    server.shutdown()


@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized page that records every request and every failed response."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.requests, page.failures = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("response", lambda r: page.failures.append(r.url) if r.status >= 400 else None)
    yield page
    hosts = {urlsplit(url).hostname for url in page.requests if not url.startswith("data:")}
    assert hosts <= {"127.0.0.1"}
    assert page.failures == []
    context.close()


def _no_horizontal_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize(
    ("today", "first", "second"),
    [
        (dt.datetime(2026, 4, 25, 9), "(còn 10 ngày)", "(còn 71 ngày)"),
        (dt.datetime(2026, 7, 10, 9), "(đã hết hạn)", "(đã hết hạn)"),
    ],
)
def test_home_shows_both_campaigns_with_days_left(
    phone: Any, sub_url: str, today: dt.datetime, first: str, second: str
) -> None:
    phone.clock.install(time=today)
    phone.goto(sub_url)
    cards = phone.locator(".dht-card")
    assert cards.count() == 2
    labels = cards.locator("a strong").all_inner_texts()
    assert labels == ["Hướng dẫn chưa ghi số (hạn học tập 05/5/2026)", "Hướng dẫn số 27-HD/BXDĐĐU"]
    assert cards.nth(0).locator(".dht-left").first.inner_text() == first
    assert cards.nth(1).locator(".dht-left").first.inner_text() == second
    _no_horizontal_scroll(phone)


def test_expired_campaign_moves_below_the_current_one(phone: Any, sub_url: str) -> None:
    phone.clock.install(time=dt.datetime(2026, 6, 1, 9))
    phone.goto(sub_url)
    labels = phone.locator(".dht-card a strong").all_inner_texts()
    assert labels == ["Hướng dẫn số 27-HD/BXDĐĐU", "Hướng dẫn chưa ghi số (hạn học tập 05/5/2026)"]


def test_guide_27_lists_every_document_in_its_group(phone: Any, sub_url: str) -> None:
    phone.goto(f"{sub_url}dot-hoc-tap/27-hd-bxdddu/")
    groups = phone.locator("article.dht h3").all_inner_texts()
    assert groups == [
        "Văn bản của Trung ương (2)",
        "Văn bản của Tỉnh ủy (6)",
        "Văn bản của Đảng ủy (11)",
    ]
    lists = phone.locator("ol.dht-list")
    numbers = [
        lists.nth(i).locator("li > strong, li > a > strong").all_inner_texts() for i in range(3)
    ]
    assert numbers == [
        ["02-NQ/TW", "04-CT/TW"],
        ["08-CT/TU", "06-QC/TU", "18-CTr/TU", "19-CTr/TU", "20-CTr/TU", "64-KH/TU"],
        [
            "74-KH/ĐU",
            "82-KH/ĐU",
            "83-KH/ĐU",
            "84-KH/ĐU",
            "85-KH/ĐU",
            "86-KH/ĐU",
            "87-KH/ĐU",
            "88-KH/ĐU",
            "89-KH/ĐU",
            "92-KH/ĐU",
            "97-KH/ĐU",
        ],
    ]
    linked = phone.locator("ol.dht-list a strong").all_inner_texts()
    assert linked == ["02-NQ/TW", "04-CT/TW", "18-CTr/TU", "19-CTr/TU", "20-CTr/TU", "64-KH/TU"]
    assert (
        "Danh sách trong hướng dẫn kết thúc bằng “…”" in phone.locator("article.dht").inner_text()
    )
    _no_horizontal_scroll(phone)


def test_classified_document_is_listed_unlinked(phone: Any, sub_url: str) -> None:
    phone.goto(f"{sub_url}dot-hoc-tap/han-thang-5-2026/")
    secret = phone.locator("li.dht-secret")
    assert secret.count() == 1
    assert secret.locator("strong").first.inner_text() == "12-CTr/TU"
    assert secret.locator("a").count() == 0
    assert "Tài liệu mật — nghiên cứu theo quy định" in secret.inner_text()
    assert phone.locator("ol.dht-list > li").count() == 29
    table = phone.locator(".dht-table")
    assert table.locator("thead th").all_inner_texts()[:5] == [
        "TT",
        "Tên đơn vị",
        "Tổng số hội nghị",
        "Tổng số người tham gia",
        "Đảng viên",
    ]
    _no_horizontal_scroll(phone)


def test_all_documents_filter_by_level_without_reloading(phone: Any, sub_url: str) -> None:
    phone.goto(f"{sub_url}van-ban/")
    phone.evaluate("window.notReloaded = true")
    phone.select_option("select[name=level]", "tinh")
    visible = phone.locator("li[data-level]:visible")
    assert visible.count() == 5
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.level)")) == {"tinh"}
    assert phone.locator("[data-vb-count]").inner_text() == "5 văn bản"
    assert phone.evaluate("window.notReloaded") is True
    _no_horizontal_scroll(phone)


def test_directive_page_lists_its_campaigns(phone: Any, sub_url: str) -> None:
    phone.goto(f"{sub_url}van-ban/18-ctr-tu/")
    campaigns = phone.locator("section[aria-label='Đợt học tập'] > ul > li > a").all_inner_texts()
    assert campaigns == [
        "Hướng dẫn chưa ghi số (hạn học tập 05/5/2026)",
        "Hướng dẫn số 27-HD/BXDĐĐU",
    ]


def test_pages_read_before_open_and_search_offline(browser: Any, sub_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{sub_url}van-ban/57-ct-tw/")
    page.evaluate("navigator.serviceWorker.ready")
    # Under load the worker can still be activating when the caches are full: wait for both.
    page.wait_for_function(
        "async () => (await navigator.serviceWorker.ready).active.state === 'activated'"
    )
    page.wait_for_function(
        """async () => { const keys = await caches.keys();
            for (const k of keys) { const c = await caches.open(k);
              if (await c.match(location.href) && await c.match(new URL('../../search/docs.json', location.href).href)) return true; }
            return false; }"""
    )
    context.set_offline(True)
    # The worker may still be storing the search shards it keeps for offline use: on a loaded
    # machine that takes long, and the offline page waits behind it.
    page.reload(timeout=120_000)
    assert page.locator("h1 .vb-number").inner_text(timeout=120_000) == "57-CT/TW"
    page.click("label[for=__search].md-header__button")
    page.fill("input[name=q]", "an ninh mang")
    page.wait_for_function(
        "document.querySelector('[data-sotay-results]').getAttribute('data-query') === 'an ninh mang'"
    )
    assert page.locator(".sotay-result__number").first.inner_text() == "57-CT/TW"
    context.close()
