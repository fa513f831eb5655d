"""Search as a reader uses it: the query set typed into the header box in Debian's Chromium."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest

from builder.outputs.search import tokens
from conftest import FIXTURES, hold


def _read(name: str) -> list[list[str]]:
    text = (FIXTURES / "search" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


QUERIES = _read("queries.tsv")
NUMBERS = _read("numbers.tsv")
"""Every way of typing each seed number, generated from the code's tables (make_queries.py)."""


def _typed(query: str) -> str:
    return unicodedata.normalize("NFD", query[5:]) if query.startswith("{NFD}") else query


@pytest.fixture(scope="module")
def search_page(browser: Any, site_url: str) -> Any:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_url}/")
    page.click("label[for=__search].md-header__button")
    page.requests = requests
    yield page
    page.close()


def search(page: Any, query: str) -> list[str]:
    """Type `query`, wait for its results, return the result links."""
    page.fill("input[name=q]", query)
    return search_results(page, query)


def search_results(page: Any, query: str) -> list[str]:
    """Wait for the results of `query`, typed; return the result links."""
    # The rows a screen shows come at once, the others once that frame is painted (the list
    # is aria-busy until then): every row is read.
    page.wait_for_function(
        "q => { const list = document.querySelector('[data-sotay-results]');"
        " return list.getAttribute('data-query') === q && !list.hasAttribute('aria-busy'); }",
        arg=query,
    )
    return page.locator(".sotay-result > a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )


SEARCH_ALL = """async queries => {
  const input = document.querySelector("input[name=q]");
  const list = document.querySelector("[data-sotay-results]");
  const firsts = [];
  for (const q of queries) {
    input.value = q;
    input.dispatchEvent(new Event("input"));
    while (list.getAttribute("data-query") !== q) await new Promise(r => setTimeout(r, 5));
    const a = list.querySelector(".sotay-result > a");
    firsts.push(a ? a.getAttribute("href") : "");
  }
  return firsts;
}"""


def _slug(href: str) -> str:
    """`./van-ban/57-ct-tw/#x` → `57-ct-tw`; a campaign → `dot-hoc-tap/<slug>`."""
    if "dot-hoc-tap/" in href:
        return "dot-hoc-tap/" + href.split("dot-hoc-tap/")[1].split("/")[0]
    return href.split("van-ban/")[1].split("/")[0]


def test_query_set_covers_every_form_with_a_hundred_queries_and_some_finding_nothing() -> None:
    assert len(QUERIES) >= 90 and len(QUERIES) + len(NUMBERS) >= 100
    assert sum(expected == "-" for _, expected in QUERIES) >= 5


@pytest.mark.parametrize("slug", sorted({slug for _, slug in NUMBERS}))
def test_every_way_of_typing_a_number_finds_it_first(search_page: Any, slug: str) -> None:
    queries = [q for q, expected in NUMBERS if expected == slug]
    firsts = search_page.evaluate(SEARCH_ALL, queries)
    wrong = [(q, f) for q, f in zip(queries, firsts, strict=True) if not f or _slug(f) != slug]
    assert not wrong, wrong


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_the_right_document_first(search_page: Any, query: str, expected: str) -> None:
    links = search(search_page, _typed(query))
    if expected == "-":
        assert links == []
        status = search_page.locator("[data-sotay-status]").inner_text()
        assert status == f"Không tìm thấy văn bản nào cho “{_typed(query)}”"
    else:
        assert links and _slug(links[0]) == expected


def test_result_shows_number_title_level_date_and_highlighted_snippet(search_page: Any) -> None:
    links = search(search_page, "bao mat thong tin")
    first = search_page.locator(".sotay-result").first
    assert first.locator(".sotay-result__number").inner_text() == "57-CT/TW"
    assert (
        first.locator(".sotay-result__meta:not(.sotay-result__fulltext)").inner_text()
        == "Chỉ thị · Trung ương · 31/12/2025"
    )
    marks = first.locator(".sotay-result__snippet mark").all_inner_texts()
    assert {tokens(m)[0] for m in marks} >= {"bao", "mat", "thong", "tin"}
    assert links[0].endswith("van-ban/57-ct-tw/#boi-canh-su-can-thiet-ban-hanh-chi-thi")


def test_result_links_to_the_matching_section(search_page: Any, site_url: str) -> None:
    links = search(search_page, "vật liệu xây không nung")
    assert links[0] == "./van-ban/64-kh-tu/#noi-dung-trong-tam-cot-loi-cua-ke-hoach"


def test_filters_by_level_type_and_year(search_page: Any) -> None:
    assert _slug(search(search_page, "an ninh mạng")[0]) == "57-ct-tw"
    search_page.select_option("[data-sotay-filter=lv]", "tinh")
    links = search(search_page, "an ninh mạng ")
    # Two provincial programmes carry out 57-CT/TW, each titled and tagged "an ninh mạng":
    # both come first, in the order their bodies decide (the whole programme of seed 002 says
    # it more often than 20-CTr/TU's summary); the central 57-CT/TW is filtered out.
    assert {_slug(h) for h in links[:2]} == {"20-ctr-tu", "tinh-chuong-trinh-hanh-dong-57-ct-tw"}
    assert all(_slug(h) != "57-ct-tw" for h in links)
    search_page.select_option("[data-sotay-filter=lv]", "")
    search_page.select_option("[data-sotay-filter=ty]", "nghi-quyet")
    assert [_slug(h) for h in search(search_page, "an ninh mạng")] == ["02-nq-tw"]
    search_page.select_option("[data-sotay-filter=ty]", "")
    search_page.select_option("[data-sotay-filter=y]", "2025")
    links = search(search_page, "an ninh mạng  ")
    assert [_slug(h) for h in links] == ["57-ct-tw"]  # the summary, its full text inside
    assert "/toan-van/" not in links[0]
    sub = search_page.locator(".sotay-result__fulltext a").first.get_attribute("href")
    assert sub.startswith("./van-ban/57-ct-tw/toan-van/")
    search_page.select_option("[data-sotay-filter=y]", "")


def _fulltext_links(page: Any) -> list[str | None]:
    """The "Trong toàn văn" link of each result, None where the result has none."""
    return page.locator(".sotay-result").evaluate_all(
        "els => els.map(e => { const a = e.querySelector('.sotay-result__fulltext a');"
        " return a && a.getAttribute('href'); })"
    )


def test_a_document_and_its_full_text_are_one_result(search_page: Any) -> None:
    """The summary's result, its snippet from the summary, and a link into the full text."""
    for query in ("Phòng thủ chủ động", "thế hệ công dân số", "chuyen dich tu duy chien luoc"):
        links = search(search_page, query)
        assert len(links) == len(set(_slug(h) for h in links)), (query, links)
        assert _slug(links[0]) == "57-ct-tw" and "/toan-van/" not in links[0], (query, links)
        sub = _fulltext_links(search_page)[0]
        assert sub and sub.startswith("./van-ban/57-ct-tw/toan-van/"), (query, sub)
        text = search_page.locator(".sotay-result__fulltext").first.inner_text()
        assert text.startswith("Trong toàn văn")


def test_words_only_in_a_full_text_find_it(search_page: Any) -> None:
    links = search(search_page, "Trần Cẩm Tú")
    assert _slug(links[0]) == "57-ct-tw"
    assert _fulltext_links(search_page)[0].startswith("./van-ban/57-ct-tw/toan-van/")
    links = search(search_page, "Đặng Hồng Sỹ")
    assert links[0].split("#")[0].endswith("van-ban/tinh-chuong-trinh-hanh-dong-57-ct-tw/toan-van/")


def test_a_number_query_marks_only_its_own_number(search_page: Any) -> None:
    """ "ct 57" marks 57-CT/TW in the snippets, never another document's 57 (57-NQ/TW)."""
    search(search_page, "ct 57")
    marks = search_page.locator(".sotay-result mark").all_inner_texts()
    numbers = [tokens(m) for m in marks if any(t.isdigit() for t in tokens(m))]
    assert numbers and all("ct" in t for t in numbers), numbers


def test_search_never_leaves_the_site(search_page: Any, site_url: str) -> None:
    search(search_page, "an ninh")
    assert search_page.requests and all(url.startswith(site_url) for url in search_page.requests)


def test_browser_folds_words_exactly_like_the_indexer(search_page: Any) -> None:
    """The module the page loads, run by Chromium itself, on the shared folding cases."""
    cases = json.loads((FIXTURES / "search" / "folding.json").read_text(encoding="utf-8"))
    words = [c["text"] for c in cases]
    words += [unicodedata.normalize("NFD", w) for w in words]
    in_browser = search_page.evaluate(
        """async words => {
            const { tokens } = await import("./assets/search/tokenize.js");
            return words.map(tokens);
        }""",
        words,
    )
    assert in_browser == [tokens(w) for w in words]


def test_words_typed_before_the_search_script_ran_are_searched_once_it_runs(
    browser: Any, site_url: str
) -> None:
    """A slow phone shows the box before its scripts run: the words typed meanwhile were
    heard by no listener and never searched (seen in `sotay serve` under load)."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    release = hold(page, "**/assets/search/ui.js")
    page.goto(f"{site_url}/", wait_until="commit")
    page.click("label[for=__search].md-header__button")
    page.fill("input[name=q]", "ct57")
    release()
    assert _slug(search_results(page, "ct57")[0]) == "57-ct-tw"
    page.close()


def test_on_a_wide_screen_the_header_box_opens_the_results(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site_url}/van-ban/20-ctr-tu/")
    page.click("input[name=q]")
    links = search(page, "57 ct tw")
    assert _slug(links[0]) == "57-ct-tw"
    assert page.locator(".sotay-result").first.is_visible()
    page.keyboard.press("Escape")
    assert not page.locator(".sotay-result").first.is_visible()
    page.close()


def test_the_query_is_in_the_address_and_back_from_a_result_returns_to_it(
    browser: Any, site_url: str
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{site_url}/")
    page.click("label[for=__search].md-header__button")
    search(page, "an ninh mạng")
    page.wait_for_url("**q=an+ninh+m%E1%BA%A1ng", timeout=3000)  # once typing pauses
    page.click(".sotay-result > a >> nth=0")
    page.wait_for_url("**/van-ban/57-ct-tw/**")
    page.go_back()
    page.wait_for_function(
        "() => document.querySelector('[data-sotay-results]').getAttribute('data-query')"
        " === 'an ninh mạng'"
    )
    assert page.input_value("input[name=q]") == "an ninh mạng"
    assert _slug(page.locator(".sotay-result > a").first.get_attribute("href")) == "57-ct-tw"
    page.keyboard.press("Escape")
    # The page's own address: Playwright's page.url follows a replaceState only once the
    # browser has told it, which under load came after this line.
    assert "q=" not in page.evaluate("() => location.href")
    page.close()


def test_search_runs_in_a_worker_off_the_page_thread(browser: Any, site_url: str) -> None:
    """The index is loaded and ranked in assets/search/worker.js: the page itself never
    fetches a shard or a text (its resource timeline does not list what the worker fetched),
    yet every keystroke gets its results. Long tasks are measured by tests/bench/."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(f"{site_url}/")
    page.click("label[for=__search].md-header__button")
    for query in ("an ninh mang", "bao mat thong tim", "vawn hoas ddocj", "ct57"):
        for end in range(1, len(query) + 1):
            search(page, query[:end])
    assert _slug(search(page, "ct57")[0]) == "57-ct-tw"
    assert any(url.endswith("/assets/search/worker.js") for url in workers), workers
    fetched = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('/search/') && !n.includes('/assets/'))"
    )
    assert fetched == []
    page.close()


def test_without_workers_the_page_searches_itself(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.add_init_script("delete window.Worker")
    page.goto(f"{site_url}/")
    page.click("label[for=__search].md-header__button")
    assert _slug(search(page, "chi thi 4")[0]) == "04-ct-tw"
    assert _slug(search(page, "an ninh mnag")[0]) == "57-ct-tw"
    page.close()


def test_nothing_found_offers_the_nearest_number_and_fewer_words(search_page: Any) -> None:
    assert search(search_page, "nq 999") == []
    offered = search_page.locator(".sotay-suggest a").all_inner_texts()
    assert offered[0] == "02-NQ/TW", offered
    search_page.click(".sotay-suggest a >> nth=0")
    search_page.wait_for_function(
        "() => document.querySelector('[data-sotay-results]').getAttribute('data-query')"
        " === '02-NQ/TW'"
    )
    first = search_page.locator(".sotay-result > a").first.get_attribute("href")
    assert _slug(first) == "02-nq-tw"
    search(search_page, "an ninh mạng bóng đá")
    offered = search_page.locator(".sotay-suggest a").all_inner_texts()
    assert offered and all(o.startswith("an ninh mang") for o in offered), offered
    assert search(search_page, "qwerty") == []
    assert search_page.locator(".sotay-suggest").count() == 0


def test_the_count_is_of_documents_not_pages(search_page: Any) -> None:
    """A summary and its full text are one document, counted once (a query finding fewer
    than the drop-down shows: all are listed)."""
    links = search(search_page, "an ninh")
    status = search_page.locator("[data-sotay-status]").inner_text()
    assert status == f"Tìm thấy {len(links)} văn bản"
    assert len({_slug(h) for h in links}) == len(links)


def test_filter_by_campaign_keeps_the_documents_it_lists(browser: Any, site_url: str) -> None:
    """The campaign filter is added beside the others; a document passes when the chosen
    campaign lists it (57-CT/TW: the guide without a number; 20-CTr/TU: 27-HD/BXDĐĐU)."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{site_url}/")
    page.click("label[for=__search].md-header__button")
    page.wait_for_selector("[data-sotay-filter=c]", state="attached")
    labels = page.locator("[data-sotay-filter=c] option").all_inner_texts()
    assert labels == [
        "Mọi đợt học tập",
        "Hướng dẫn số 27-HD/BXDĐĐU",
        "Hướng dẫn chưa ghi số (hạn học tập 05/5/2026)",
    ]
    unfiltered = {_slug(h) for h in search(page, "an ninh mạng")}
    assert {"57-ct-tw", "20-ctr-tu"} <= unfiltered
    page.select_option("[data-sotay-filter=c]", label="Hướng dẫn số 27-HD/BXDĐĐU")
    listed = {_slug(h) for h in search(page, "an ninh mạng ")}
    assert "20-ctr-tu" in listed and "57-ct-tw" not in listed
    assert listed < unfiltered
    page.select_option("[data-sotay-filter=c]", label=labels[2])
    listed = [_slug(h) for h in search(page, "an ninh mạng")]
    assert listed[0] == "57-ct-tw" and "20-ctr-tu" not in listed
    page.close()


STAGES_JS = """q => new Promise(resolve => {
  const input = document.querySelector("input[name=q]");
  const list = document.querySelector("[data-sotay-results]");
  const seen = [];
  const observer = new MutationObserver(() => {
    if (list.getAttribute("data-query") !== q) return;
    const rows = Array.from(list.querySelectorAll(":scope > .sotay-result"));
    seen.push([rows.length, list.hasAttribute("aria-busy")]);
    if (list.hasAttribute("aria-busy")) return;
    observer.disconnect();
    const saves = rows.map(li => li.querySelector("[data-sotay-save]"));
    resolve({seen, saves: saves.map(b => b && b.getAttribute("data-sotay-save")),
             links: rows.map(li => li.querySelector("a").getAttribute("href"))});
  });
  observer.observe(list, {attributes: true, childList: true});
  input.value = q;
  input.dispatchEvent(new Event("input"));
})"""


def test_the_rows_a_screen_shows_come_first_and_the_rest_once_it_is_painted(
    search_page: Any,
) -> None:
    search(search_page, "")
    found = search_page.evaluate(STAGES_JS, "an ninh mang")
    status = search_page.locator("[data-sotay-status]").inner_text()
    total = int(status.split()[2])
    assert total > 3, status  # more results than the first frame shows
    assert found["seen"][0] == [3, True]  # the first three, the list busy
    assert found["seen"][-1] == [min(total, 10), False]
    # Every row, the later ones too, links to its own document and has its save button for it.
    assert len(set(found["links"])) == len(found["links"])
    pairs = zip(found["saves"], found["links"], strict=True)
    assert all(save and save in link for save, link in pairs)
