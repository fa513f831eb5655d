"""The chain centre → province → commune: paths up, documents below by level, chain filter."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, make_project, run_sotay, serve_directory


class _Chain(HTMLParser):
    """`data-ref` of each path up (`ol.vb-path`) and of each level below (`ul.vb-children`)."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[list[str]] = []
        self.below: dict[str, list[str]] = {}
        self._list: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "ol" and "vb-path" in classes:
            self._list = []
            self.paths.append(self._list)
        elif tag == "ul" and "vb-children" in classes:
            self._list = self.below[values.get("data-level") or ""] = []
        elif tag == "li" and self._list is not None:
            self._list.append(values.get("data-ref") or "?")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul"):
            self._list = None


def _chain(site: Path, slug: str) -> _Chain:
    parser = _Chain()
    parser.feed((site / "van-ban" / slug / "index.html").read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def chain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("chain"), FIXTURES / "chain" / "directives")
    for campaign in (root / "content" / "dot-hoc-tap").glob("*.md"):
        campaign.unlink()
    done = run_sotay("build", "--strict", cwd=root)
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_four_levels_deep_each_page_links_up_to_the_centre(chain_site: Path) -> None:
    assert _chain(chain_site, "10-ct-tw").paths == []
    assert [p for p in _chain(chain_site, "20-ctr-tu").paths] == [["10-ct-tw", "20-ctr-tu"]]
    assert [p for p in _chain(chain_site, "30-kh-tu").paths] == [
        ["10-ct-tw", "20-ctr-tu", "30-kh-tu"]
    ]
    assert [p for p in _chain(chain_site, "40-kh-du").paths] == [
        ["10-ct-tw", "20-ctr-tu", "30-kh-tu", "40-kh-du"]
    ]


def test_a_branch_through_a_described_parent_keeps_both_routes(chain_site: Path) -> None:
    paths = [p for p in _chain(chain_site, "41-kh-du").paths]
    assert ["10-ct-tw", "20-ctr-tu", "41-kh-du"] in paths
    assert ["10-ct-tw", "5-CV/BTGTU", "41-kh-du"] in paths
    assert len(paths) == 2


def test_each_page_lists_every_document_below_grouped_by_level(chain_site: Path) -> None:
    top = _chain(chain_site, "10-ct-tw").below
    assert sorted(top) == ["tinh", "xa"]
    assert sorted(top["tinh"]) == ["20-ctr-tu", "21-kh-tu", "30-kh-tu"]
    assert sorted(top["xa"]) == ["40-kh-du", "41-kh-du"]
    middle = _chain(chain_site, "20-ctr-tu").below
    assert middle == {"tinh": ["30-kh-tu"], "xa": ["41-kh-du", "40-kh-du"]}
    assert _chain(chain_site, "30-kh-tu").below == {"xa": ["40-kh-du"]}
    assert _chain(chain_site, "40-kh-du").below == {}
    assert _chain(chain_site, "21-kh-tu").below == {}


def test_an_indirect_document_says_which_one_it_carries_out(chain_site: Path) -> None:
    html = (chain_site / "van-ban" / "10-ct-tw" / "index.html").read_text(encoding="utf-8")
    item = re.search(r"<li data-ref=\"40-kh-du\">.*?</li>", html)
    assert item and "(thực hiện 30-KH/TU)" in item.group(0)


def test_all_documents_page_filters_to_one_chain(chain_site: Path, browser: Any) -> None:
    url, stop = serve_directory(chain_site)
    try:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(f"{url}/van-ban/?chuoi=20-ctr-tu")
        shown = page.eval_on_selector_all(
            "li[data-level]:not([hidden]) a", "els => els.map(e => e.textContent)"
        )
        assert sorted(shown) == ["20-CTr/TU", "30-KH/TU", "40-KH/ĐU", "41-KH/ĐU"]
        assert page.text_content("[data-vb-count]") == "4 văn bản"
        page.select_option("select[name=chain]", "")
        assert page.text_content("[data-vb-count]") == "6 văn bản"
        page.goto(f"{url}/van-ban/10-ct-tw/")
        page.click("text=Xem cả chuỗi trong danh sách văn bản")
        page.wait_for_selector("[data-vb-count]")
        assert page.text_content("[data-vb-count]") == "6 văn bản"
        assert page.input_value("select[name=chain]") == "10-ct-tw"
        page.close()
    finally:
        stop()


def test_repository_chain_of_57_ct_tw_at_phone_size(site_url: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{site_url}/van-ban/57-ct-tw/")
    below = page.locator(".vb-chain[aria-label='Văn bản liên quan']")
    assert below.locator("text=Văn bản triển khai").is_visible()
    refs = page.eval_on_selector_all(
        "ul.vb-children",
        "uls => Object.fromEntries(uls.map(u => [u.dataset.level,"
        " [...u.querySelectorAll('li')].map(li => li.dataset.ref)]))",
    )
    assert sorted(refs["tinh"]) == ["20-ctr-tu", "tinh-chuong-trinh-hanh-dong-57-ct-tw"]
    assert refs["xa"] == ["xa-ke-hoach-tuyen-truyen-57-ct-tw"]
    name = "Kế hoạch của Ban Thường vụ Đảng ủy xã"
    assert name in page.text_content("ul.vb-children[data-level=xa]")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.click("ul.vb-children[data-level=xa] a")
    page.wait_for_url("**/van-ban/xa-ke-hoach-tuyen-truyen-57-ct-tw/")
    assert page.text_content("h1 .vb-number") == name
    paths = page.eval_on_selector_all(
        "ol.vb-path", "ols => ols.map(o => [...o.querySelectorAll('li')].map(li => li.dataset.ref))"
    )
    assert ["57-ct-tw", "565-CV/BTGDVTU", "xa-ke-hoach-tuyen-truyen-57-ct-tw"] in paths
    page.close()
