"""Versions in other languages: a translation's page, its outline, its links both ways, its
search records, and what a phone shows at 360×740.

The corpus is tests/fixtures/valid/translation: one summary, a labelled test table of
languages and a labelled test text in Hmong RPA spelling (VĂN BẢN THỬ, not a real translation).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.core import urls
from builder.outputs.search import tokens
from builder.pipeline import load_corpus
from conftest import FIXTURES, make_project, run_sotay, serve_directory

CORPUS = FIXTURES / "valid" / "translation"
SLUG, LANG = "57-ct-tw", "hnj"
QUERIES = json.loads((FIXTURES / "search" / "translation_queries.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("dich") / "project", CORPUS / "directives")
    shutil.rmtree(root / "content" / "dot-hoc-tap")
    done = run_sotay("--root", str(root), "build", "--site-dir", str(root / "site"))
    assert done.returncode == 0, done.stderr
    return root / "site"


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    url, stop = serve_directory(site)
    yield url
    stop()


def _read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_the_translation_is_attached_to_its_summary_with_its_parts() -> None:
    result = load_corpus(CORPUS)
    (translation,) = result.corpus.directives[SLUG].translations
    assert translation.lang == LANG and translation.language.name == "tiếng Mông"
    assert [s.key for s in translation.sections] == ["boi-canh", "noi-dung", "goi-y"]
    assert translation.translator == "Người dịch thử"
    assert "Txoj kev peb hmoob thử nghiệm." in translation.sections[0].text


def test_the_page_is_in_its_language_and_its_chrome_in_vietnamese(site: Path) -> None:
    html = _read(site, urls.translation_url(SLUG, LANG))
    assert re.search(r'<html lang="hnj"', html)
    assert '<div class="vb-body" lang="hnj">' in html
    assert 'class="vb-translation-chrome" lang="vi"' in html
    assert html.count('<div class="sotay-chrome" lang="vi">') == 3  # header, navigation, footer
    assert "Bản dịch để tham khảo; văn bản gốc là bản tiếng Việt." in html
    back = re.search(r'<a class="[^"]*vb-original" href="([^"]+)" hreflang="vi">([^<]+)</a>', html)
    assert back and back.group(2) == "Bản tiếng Việt (văn bản gốc)"
    assert back.group(1) == "../../../" + urls.directive_url(SLUG)
    assert "<title>57-CT/TW: Bản tiếng Mông — Về tăng cường" in html


def test_the_contents_sidebar_says_each_translated_title_s_language(site: Path) -> None:
    """The sidebar sits in the Vietnamese chrome; the titles in it are the translation's."""
    html = _read(site, urls.translation_url(SLUG, LANG))
    (translation,) = load_corpus(CORPUS).corpus.directives[SLUG].translations
    titled = re.findall(r'<span class="md-ellipsis" lang="hnj">\s*([^<]+?)\s*</span>', html)
    assert titled == [h.title for h in translation.headings]
    summary = _read(site, urls.directive_url(SLUG))
    assert 'class="md-ellipsis" lang=' not in summary  # a Vietnamese page is left as it was


def test_the_summary_links_its_translation_and_stays_vietnamese(site: Path) -> None:
    html = _read(site, urls.directive_url(SLUG))
    assert re.search(r'<html lang="vi"', html) and "sotay-chrome" not in html
    link = re.search(r'<a class="[^"]*vb-translation-link" href="([^"]+)" hreflang="hnj">', html)
    assert link and link.group(1) == "../../" + urls.translation_url(SLUG, LANG)
    assert ">Bản tiếng Mông</a>" in html


def test_the_outline_prints_the_translation_points(site: Path) -> None:
    html = _read(site, urls.translation_outline_url(SLUG, LANG))
    assert html.startswith('<!doctype html>\n<html lang="hnj">')
    assert '<header class="dc-head" lang="vi">' in html
    assert '<p class="dc-point dc-depth-0">Txoj kev peb hmoob thử nghiệm.' in html
    assert '<h2 class="dc-h">Ntu peb (thử)</h2>' in html
    assert html.count('<div class="dc-notes" lang="vi">') == 3
    assert "Bản dịch để tham khảo; văn bản gốc là bản tiếng Việt." in html
    # The summary's own outline is untouched and still Vietnamese.
    summary = _read(site, urls.outline_url(SLUG))
    assert summary.startswith('<!doctype html>\n<html lang="vi">') and "Txoj" not in summary


def test_the_search_index_holds_the_translation_beside_its_summary(site: Path) -> None:
    docs = json.loads((site / urls.SEARCH_DOCS).read_text(encoding="utf-8"))
    records = {
        int(p.stem): json.loads(p.read_text(encoding="utf-8"))
        for p in (site / "search" / "record").glob("*.json")
    }
    (translated,) = [i for i, r in records.items() if r.get("lg")]
    summary = next(i for i, r in records.items() if r["u"] == urls.directive_url(SLUG))
    assert records[translated]["lg"] == "tiếng Mông"
    assert records[translated]["u"] == urls.translation_url(SLUG, LANG)
    assert docs["docs"]["o"][str(translated)] == summary
    words = set()
    for shard in (site / "search" / "shards").glob("*.json"):
        words |= set(json.loads(shard.read_text(encoding="utf-8")))
    assert set(QUERIES["vocabulary"]) <= words  # the words the JS cases assume the index holds
    assert tokens("Txoj kev peb Hmoob") == ["txoj", "kev", "peb", "hmoob"]


def _search(page: Any, site_url: str, query: str) -> list[tuple[str, str]]:
    page.goto(f"{site_url}/{urls.SEARCH_PAGE_URL}?q={query}")
    page.wait_for_function(
        "q => document.querySelector('[data-sotay-page-results]')?.getAttribute('data-query')"
        " === q",
        arg=query.replace("+", " ").replace("%2F", "/"),
    )
    found = page.locator("[data-sotay-page-results] .sotay-result:not(.sotay-suggest)")
    links = [(str(r.locator("> a").get_attribute("href")), r.inner_text()) for r in found.all()]
    return [(href.split("#")[0], text) for href, text in links]


def test_on_a_phone_the_links_go_both_ways_and_search_names_the_language(
    browser: Any, site_url: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{site_url}/{urls.directive_url(SLUG)}")
    page.get_by_role("link", name="Bản tiếng Mông").click()
    page.wait_for_url(f"**/{urls.translation_url(SLUG, LANG)}")
    assert page.evaluate("document.documentElement.lang") == "hnj"
    assert page.locator(".vb-body").evaluate("e => e.closest('[lang]').lang") == "hnj"
    chrome_parts = (".md-header", ".md-footer", ".vb-crumbs", ".vb-translation-notice", ".md-top")
    for chrome in (*chrome_parts, ".sotay-toc-open", ".sotay-toc__head"):
        assert page.locator(chrome).first.evaluate("e => e.closest('[lang]').lang") == "vi"
    assert page.locator(".vb-translation-notice").is_visible()
    page.screenshot(path=str(tmp_path / "ban-dich.png"))
    Path("/tmp/dich-shots").mkdir(exist_ok=True)
    shutil.copy(tmp_path / "ban-dich.png", "/tmp/dich-shots/ban-dich.png")
    page.get_by_role("link", name="Bản tiếng Việt (văn bản gốc)").click()
    page.wait_for_url(f"**/{urls.directive_url(SLUG)}")
    assert page.evaluate("document.documentElement.lang") == "vi"

    results = _search(page, site_url, "txoj")
    assert results[0][0].endswith(urls.translation_url(SLUG, LANG))
    assert "khớp trong bản tiếng Mông" in results[0][1]
    page.screenshot(path="/tmp/dich-shots/tim-txoj.png")
    results = _search(page, site_url, "57-CT%2FTW")  # in both: one result, the link names it
    assert len(results) == 1 and results[0][0].endswith(urls.directive_url(SLUG))
    assert "Khớp trong bản tiếng Mông" in results[0][1]
    results = _search(page, site_url, "an+ninh+mangj")  # Telex keys still read as Vietnamese
    assert results and results[0][0].endswith(urls.directive_url(SLUG))
    page.close()


def test_the_campaign_page_links_each_listed_document_s_translations(tmp_path: Path) -> None:
    from builder.render.pages import campaign_page

    root = make_project(tmp_path / "project")
    shutil.copytree(CORPUS / "directives" / "dich", root / "directives" / "dich")
    corpus = load_corpus(root).corpus
    listing = [c for c in corpus.campaigns.values() if any(i.slug == SLUG for i in c.items)]
    assert listing
    html = campaign_page(listing[0], corpus, "../../").html
    href = "../../" + urls.translation_url(SLUG, LANG)
    assert f'href="{href}" hreflang="hnj">Bản tiếng Mông</a>' in html
    assert html.count("vb-translation-link") == 1  # only the document that has one


def test_serve_reuses_a_translation_until_it_or_its_summary_changes(tmp_path: Path) -> None:
    from builder.pipeline import FileCache

    root = Path(shutil.copytree(CORPUS, tmp_path / "project"))
    cache = FileCache()
    first = load_corpus(root, cache=cache).corpus.directives[SLUG].translations[0]
    again = load_corpus(root, cache=cache).corpus.directives[SLUG].translations[0]
    assert again is first
    summary = root / "directives" / f"{SLUG}.md"
    text = summary.read_text(encoding="utf-8")
    summary.write_text(
        text.replace("date: 2025-12-31\n", "date: 2025-12-31\nupdated: 2026-02-01\n")
    )
    result = load_corpus(root, cache=cache)
    assert [d.code for d in result.diagnostics] == ["translation.stale"]
    (root / "directives" / "dich" / LANG / f"{SLUG}.md").unlink()
    assert load_corpus(root, cache=cache).corpus.directives[SLUG].translations == ()


@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_every_button_of_the_translation_pages_can_be_read(
    browser: Any, site_url: str, scheme: str
) -> None:
    from test_contrast import CONTRASTS_JS, MIN_RATIO

    seen = []
    for url in (
        urls.directive_url(SLUG),
        urls.translation_url(SLUG, LANG),
        urls.translation_outline_url(SLUG, LANG),
    ):
        context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{site_url}/{url}", wait_until="networkidle")
        seen += [(url, b["text"], round(b["ratio"], 2)) for b in page.evaluate(CONTRASTS_JS)]
        context.close()
    assert [s for s in seen if s[2] < MIN_RATIO] == []
    shown = {text for _, text, _ in seen}
    assert {"Bản tiếng Mông", "Bản tiếng Việt (văn bản gốc)", "Về bản tiếng Mông"} <= shown
