"""The search results page (tim-kiem/): the full list of a query, its filters in the address,
a count, suggestions when nothing is found; the search box links to it. On a 360×740 phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.core import urls
from conftest import hold

PAGE = "[data-sotay-search-page]"
LIST = "[data-sotay-page-results]"


def _slug(href: str) -> str:
    return href.rstrip("/").split("#")[0].rstrip("/").split("/")[-1]


def _wait(page: Any, query: str) -> list[str]:
    """Wait for the page's list to show `query`'s results; their links."""
    page.wait_for_function(
        "q => document.querySelector('[data-sotay-page-results]')?.getAttribute('data-query')"
        " === q",
        arg=query,
    )
    return page.locator(f"{LIST} .sotay-result > a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )


def _phone(browser: Any) -> Any:
    return browser.new_page(viewport={"width": 360, "height": 740})


def test_the_page_is_built_from_our_template_at_its_url(repo_site: Path) -> None:
    html = (repo_site / urls.SEARCH_PAGE_URL / "index.html").read_text(encoding="utf-8")
    assert "data-sotay-search-page" in html and "<h1>Tìm kiếm</h1>" in html
    assert 'data-page="tim-kiem/"' in html and 'data-index="search/docs.json"' in html


def test_a_shared_address_shows_every_result_with_a_count(
    browser: Any, site_url: str, tmp_path: Path
) -> None:
    page = _phone(browser)
    page.goto(f"{site_url}/{urls.SEARCH_PAGE_URL}?q=an+ninh+m%E1%BA%A1ng")
    links = _wait(page, "an ninh mạng")
    assert _slug(links[0]) == "57-ct-tw"
    status = page.locator("[data-sotay-page-status]").inner_text()
    assert status == f"Tìm thấy {len(links)} văn bản"
    assert page.input_value(f"{PAGE} input[name=q]") == "an ninh mạng"
    assert not page.is_checked("#__search"), "the header's drop-down stays closed"
    assert page.locator("[data-sotay-page-more]").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "tim-kiem.png"))
    page.close()


def test_filters_narrow_the_list_live_in_the_address_and_back_undoes_them(
    browser: Any, site_url: str
) -> None:
    page = _phone(browser)
    page.goto(f"{site_url}/{urls.SEARCH_PAGE_URL}?q=an+ninh")
    every = _wait(page, "an ninh")
    page.wait_for_function(
        "() => document.querySelectorAll('select[name=y] option').length > 1"
        " && !document.querySelector('select[name=c]').hidden"
    )
    assert page.locator("select[name=c] option").all_inner_texts() == [
        "Mọi đợt học tập",
        "Hướng dẫn số 27-HD/BXDĐĐU",
        "Hướng dẫn chưa ghi số (hạn học tập 05/5/2026)",
    ]
    page.select_option(f"{PAGE} select[name=lv]", "tinh")
    page.wait_for_url("**lv=tinh**")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-sotay-page-results] .sotay-result').length < n",
        arg=len(every),
    )
    metas = page.locator(f"{LIST} .sotay-result__meta:not(.sotay-result__fulltext)")
    assert metas.count() and all("Tỉnh" in m for m in metas.all_inner_texts())
    assert "57-ct-tw" not in {_slug(h) for h in _wait(page, "an ninh")}
    page.select_option(f"{PAGE} select[name=y]", "2026")
    page.wait_for_url("**y=2026**")
    page.click(f"{LIST} .sotay-result > a >> nth=0")
    page.wait_for_url("**/van-ban/**")
    page.go_back()
    page.wait_for_url("**lv=tinh&y=2026**")
    _wait(page, "an ninh")
    assert page.input_value(f"{PAGE} select[name=lv]") == "tinh"
    assert page.input_value(f"{PAGE} select[name=y]") == "2026"
    page.go_back()  # the year chosen is one step of the history
    page.wait_for_function("() => document.querySelector('select[name=y]').value === ''")
    assert page.input_value(f"{PAGE} select[name=lv]") == "tinh"
    page.go_back()
    page.wait_for_function("() => document.querySelector('select[name=lv]').value === ''")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-sotay-page-results] .sotay-result').length === n",
        arg=len(every),
    )
    page.close()


def test_nothing_found_says_so_and_offers_what_to_try(browser: Any, site_url: str) -> None:
    page = _phone(browser)
    page.goto(f"{site_url}/{urls.SEARCH_PAGE_URL}?q=nq+999")
    assert _wait(page, "nq 999") == []
    status = page.locator("[data-sotay-page-status]").inner_text()
    assert status == "Không tìm thấy văn bản nào cho “nq 999”"
    offered = page.locator(f"{LIST} .sotay-suggest a").all_inner_texts()
    assert offered[0] == "02-NQ/TW", offered
    page.click(f"{LIST} .sotay-suggest a >> nth=0")
    assert _slug(_wait(page, "02-NQ/TW")[0]) == "02-nq-tw"
    assert "q=02-NQ%2FTW" in page.evaluate("() => location.href")  # not page.url: it lags
    page.go_back()
    assert _wait(page, "nq 999") == []
    page.close()


def test_typing_on_the_page_searches_and_keeps_the_query_in_the_address(
    browser: Any, site_url: str
) -> None:
    page = _phone(browser)
    page.goto(f"{site_url}/{urls.SEARCH_PAGE_URL}")
    status = page.locator("[data-sotay-page-status]")
    page.wait_for_function("() => document.querySelectorAll('select[name=y] option').length > 1")
    assert status.inner_text().startswith("Gõ số hiệu")
    page.fill(f"{PAGE} input[name=q]", "ct57")
    assert _slug(_wait(page, "ct57")[0]) == "57-ct-tw"
    assert page.evaluate("() => location.href").endswith("?q=ct57")
    page.close()


def test_words_typed_before_the_script_ran_win_over_the_address(
    browser: Any, site_url: str
) -> None:
    page = _phone(browser)
    release = hold(page, "**/assets/search/ui.js")
    page.goto(f"{site_url}/{urls.SEARCH_PAGE_URL}?q=an+ninh", wait_until="commit")
    page.fill(f"{PAGE} input[name=q]", "ct57")
    release()
    assert _slug(_wait(page, "ct57")[0]) == "57-ct-tw"
    assert page.evaluate("() => location.href").endswith("?q=ct57")
    page.close()


def test_the_drop_down_links_to_all_results_with_its_filters(browser: Any, site_url: str) -> None:
    page = _phone(browser)
    page.goto(f"{site_url}/")
    page.click("label[for=__search].md-header__button")
    page.select_option("[data-sotay-filter=lv]", "tinh")
    page.fill("input[name=q]", "an ninh")
    page.wait_for_function(
        "() => { const list = document.querySelector('[data-sotay-results]');"
        " return list.getAttribute('data-query') === 'an ninh' && !list.hasAttribute('aria-busy'); }"
    )
    shown = page.locator("[data-sotay-results] .sotay-result").count()
    link = page.locator("[data-sotay-all] a")
    assert link.inner_text() == "Xem tất cả kết quả"
    link.click()
    page.wait_for_url(f"**/{urls.SEARCH_PAGE_URL}?q=an+ninh&lv=tinh")
    links = _wait(page, "an ninh")
    assert len(links) == shown and page.input_value(f"{PAGE} select[name=lv]") == "tinh"
    page.go_back()
    page.wait_for_url(f"{site_url}/?q=an+ninh")
    page.close()
