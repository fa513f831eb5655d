"""Loudspeaker bulletins (bản tin phát thanh): counted, ordered, drafted, built, read, printed.

The corpus is the repository's own with the bulletins of tests/fixtures/bulletins/ (two made
by `sotay new --phat-thanh` from the summaries' outlines and trimmed, one of sentences of the
campaign file's own body): the repository's directives/ holds no bulletin.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.core import urls
from builder.pipeline import load_corpus
from builder.read.bulletin import (
    PRINT_SIZES,
    count_words,
    print_size,
    printed_lines,
    reading_seconds,
    sheet_lines,
)
from builder.read.markdown import parse
from conftest import FIXTURES, make_project, run_sotay, serve_directory

BULLETINS = FIXTURES / "bulletins" / "phat-thanh"
TOO_LONG = FIXTURES / "invalid" / "bulletin.too_long" / "fits_at_a_smaller_size"
CAMPAIGN = "27-hd-bxdddu"
VIEWPORT = {"width": 360, "height": 740}


def _project(folder: Path) -> Path:
    project = make_project(folder)
    shutil.copytree(BULLETINS, project / "directives" / urls.BULLETIN_DIR)
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("bulletins") / "project")


def test_words_are_syllables_and_a_dash_is_none() -> None:
    assert count_words("Chỉ thị 57-CT/TW – ngày 31/12/2025 …") == 5
    assert count_words("") == 0
    assert reading_seconds(200) == 60
    assert reading_seconds(123) == 37  # 36,9 s: rounded up


def test_the_corpus_holds_each_bulletin_with_its_length_and_target(project: Path) -> None:
    result = load_corpus(project)
    assert result.ok
    shown = {
        b.name: (b.target, b.words, b.spoken, b.print_size, b.directive, b.campaign)
        for b in result.corpus.bulletins.values()
    }
    assert shown == {
        "04-ct-tw": ("Chỉ thị 04-CT/TW", 123, "37 giây", 16, "04-ct-tw", None),
        "02-nq-tw": ("Nghị quyết 02-NQ/TW", 353, "1 phút 46 giây", 12, "02-nq-tw", None),
        "27-hd-bxdddu": ("Hướng dẫn số 27-HD/BXDĐĐU", 189, "57 giây", 16, None, CAMPAIGN),
    }
    assert [d.format() for d in result.diagnostics] == [
        "directives/phat-thanh/02-nq-tw.md:8: cảnh báo: bản tin dài 353 tiếng, thừa khoảng "
        "105 tiếng so với một trang A4 chữ 16 pt: khi in, chữ được thu nhỏ còn 12 pt cho vừa "
        "một trang (gợi ý: rút gọn bản tin để in chữ 16 pt, người đọc loa dễ theo dõi)"
    ]


def test_a_campaign_lists_its_bulletins_by_order_then_its_own_first(project: Path) -> None:
    corpus = load_corpus(project).corpus
    campaign = corpus.campaigns[CAMPAIGN]
    assert [b.name for b in corpus.campaign_bulletins(campaign)] == [
        "04-ct-tw",  # order: 1
        "02-nq-tw",  # order: 2
        "27-hd-bxdddu",  # no order: after the ordered ones
    ]
    assert corpus.campaign_bulletins(corpus.campaigns["han-thang-5-2026"]) == []
    assert [b.name for b in corpus.bulletins_of(corpus.directives["04-ct-tw"])] == ["04-ct-tw"]


def test_the_print_size_steps_down_only_as_far_as_the_text_needs() -> None:
    line = (False, "chữ " * 20)  # 80 characters: one line at 12 pt, two at 16 pt
    assert print_size([line]) == 16
    fits_12 = int(sheet_lines(12) // (1 + 0.45 / 1.4))
    assert print_size([line] * fits_12) == 12
    assert printed_lines([line] * fits_12, 14) > sheet_lines(14)
    assert print_size([line] * (fits_12 + 1)) == PRINT_SIZES[-1]


def test_a_draft_is_never_published_and_strict_refuses_it(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    done = run_sotay("new", "--phat-thanh", "57-CT/TW", cwd=project)
    assert done.returncode == 0, done.stderr
    draft = project / "directives" / "phat-thanh" / "57-ct-tw.md"
    text = draft.read_text(encoding="utf-8")
    assert "\ndraft: true  #" in text
    result = load_corpus(project)
    assert "57-ct-tw" not in result.corpus.bulletins
    drafts = [d.format() for d in result.diagnostics if d.code == "bulletin.draft"]
    assert drafts == [
        'directives/phat-thanh/57-ct-tw.md:8: cảnh báo: bản tin "Bản tin về Chỉ thị 57-CT/TW" '
        "còn là bản nháp (draft: true): chưa được đưa lên trang (gợi ý: người viết sửa lại cho "
        'đúng, người duyệt xem xong thì xóa dòng "draft: true")'
    ]
    strict = run_sotay("build", "--strict", cwd=project)
    assert strict.returncode == 1 and not (project / "site").exists()
    built = run_sotay("build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert drafts[0] in built.stderr.splitlines()
    site = project / "site"
    assert (site / "phat-thanh" / "04-ct-tw" / "index.html").is_file()
    assert not (site / "phat-thanh" / "57-ct-tw").exists()
    leaked = [p for p in site.rglob("*.html") if "Bản tin về Chỉ thị 57-CT/TW" in p.read_text()]
    assert leaked == []
    again = run_sotay("new", "--phat-thanh", "57-CT/TW", cwd=project)
    assert again.returncode == 1
    assert again.stderr.startswith("directives/phat-thanh/57-ct-tw.md:0: lỗi: tệp đã có")
    assert draft.read_text(encoding="utf-8") == text


def test_a_draft_is_the_outline_word_for_word(tmp_path: Path) -> None:
    """Every paragraph and heading of the draft is a line of the summary's outline."""
    project = make_project(tmp_path / "project")
    done = run_sotay("new", "--phat-thanh", "04-CT/TW", cwd=project)
    assert done.returncode == 0, done.stderr
    corpus = load_corpus(project).corpus
    outline = {item.text for item in corpus.directives["04-ct-tw"].outline if item.text}
    text = (project / "directives" / "phat-thanh" / "04-ct-tw.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    blocks = [b.strip().lstrip("#").strip() for b in body.split("\n\n") if b.strip()]
    assert blocks and [b for b in blocks if b not in outline] == []
    assert len(blocks) == len(parse(body).tokens) // 3  # one block each, nothing else


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The fixture bulletins and one long enough to print at 14 pt, built."""
    project = _project(tmp_path_factory.mktemp("bulletin-project") / "project")
    shutil.copy(
        TOO_LONG / "directives" / "phat-thanh" / "ban-tin.md",
        project / "directives" / "phat-thanh" / "18-ctr-tu-dai.md",
    )
    folder = tmp_path_factory.mktemp("bulletin-site") / "site"
    done = run_sotay("--root", str(project), "build", "--site-dir", str(folder))
    assert done.returncode == 0, done.stderr
    url, stop = serve_directory(folder)
    yield url, folder
    stop()


def test_the_pages_link_each_other(site: tuple[str, Path]) -> None:
    _, folder = site
    directive = (folder / "van-ban" / "04-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../phat-thanh/04-ct-tw/">Bản tin về Chỉ thị 04-CT/TW</a>' in directive
    other = (folder / "van-ban" / "57-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert "phat-thanh/" not in other
    page = (folder / "phat-thanh" / "04-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../van-ban/04-ct-tw/">Chỉ thị 04-CT/TW</a>' in page
    assert 'data-print-size="16"' in page
    big = (folder / "phat-thanh" / "02-nq-tw" / "index.html").read_text(encoding="utf-8")
    assert 'data-print-size="12"' in big


def test_phone_shows_length_and_reading_time_the_ordered_list_and_the_link(
    browser: Any, site: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = site
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(f"{url}/{urls.bulletin_url('04-ct-tw')}", wait_until="networkidle")
    assert page.locator(".bt-words").inner_text() == "123 tiếng"
    assert page.locator(".bt-time").inner_text() == "37 giây"
    assert "200 tiếng một phút" in page.locator(".bt-length").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.bt-text p')).fontSize)"
    )
    assert size >= 20  # large type: 16 px is the site's least
    page.screenshot(path=str(tmp_path / "ban-tin.png"))
    page.goto(f"{url}/{urls.campaign_url(CAMPAIGN)}", wait_until="networkidle")
    items = page.locator("ol.bt-list > li > a")
    assert items.all_inner_texts() == [
        "Bản tin về Chỉ thị 04-CT/TW",
        "Bản tin về Nghị quyết 02-NQ/TW",
        "Bản tin mở đầu đợt học tập theo Hướng dẫn số 27-HD/BXDĐĐU",
        "Bản tin về Chương trình 18-CTr/TU",  # no order: after the campaign's own
    ]
    page.goto(f"{url}/{urls.directive_url('04-ct-tw')}", wait_until="networkidle")
    link = page.locator(".bt-links a")
    link.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "van-ban.png"))
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{url}/{urls.bulletin_url('04-ct-tw')}"
    page.close()


@pytest.mark.parametrize(
    ("name", "size"),
    [("04-ct-tw", 16), ("27-hd-bxdddu", 16), ("18-ctr-tu-dai", 14), ("02-nq-tw", 12)],
)
def test_each_bulletin_prints_on_one_a4_sheet(
    browser: Any, site: tuple[str, Path], tmp_path: Path, name: str, size: int
) -> None:
    """At the size the build chose, however long, if the checker did not warn it cannot."""
    url, _ = site
    page = browser.new_page()
    page.goto(f"{url}/{urls.bulletin_url(name)}", wait_until="networkidle")
    assert page.locator(".bt").get_attribute("data-print-size") == str(size)
    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    page.emulate_media(media="print")
    shown = page.evaluate("getComputedStyle(document.querySelector('.bt-text p')).fontSize")
    page.close()
    assert abs(float(shown.removesuffix("px")) - size * 4 / 3) < 0.1
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    assert pages.split()[-1] == "1"


@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_the_print_button_can_be_read(browser: Any, site: tuple[str, Path], scheme: str) -> None:
    """Its first version was white text on a white button (a primary <button>)."""
    from test_contrast import MIN_RATIO, _contrasts

    url, _ = site
    found = _contrasts(browser, f"{url}/{urls.bulletin_url('04-ct-tw')}", VIEWPORT, scheme)
    assert "In bản tin (một trang A4)" in [b["text"] for b in found]
    assert [(b["text"], round(b["ratio"], 2)) for b in found if b["ratio"] < MIN_RATIO] == []


SPOKEN = """---
title: Bản tin loa về Chỉ thị 57-CT/TW
for: 57-CT/TW
author: Người viết thử (tệp kiểm thử)
date: 2026-06-05
---

Kính thưa bà con nhân dân trong thôn (VĂN BẢN THỬ). Đài truyền thanh xã xin thông tin về
Chỉ thị số 57-CT/TW của Ban Bí thư.
"""


def _search_page(page: Any, url: str, query: str) -> list[tuple[str, str, list[str]]]:
    """(result link, its text, its other links) of the results page for `query`."""
    page.goto(f"{url}/{urls.SEARCH_PAGE_URL}?q={query.replace(' ', '+')}")
    page.wait_for_function(
        "q => document.querySelector('[data-sotay-page-results]')?.getAttribute('data-query')"
        " === q",
        arg=query,
    )
    found = page.locator("[data-sotay-page-results] .sotay-result:not(.sotay-suggest)")
    return [
        (
            str(r.locator("> a").get_attribute("href")).split("#")[0],
            r.inner_text(),
            [str(a.get_attribute("href")) for a in r.locator(".sotay-result__meta a").all()],
        )
        for r in found.all()
    ]


def test_a_bulletin_s_words_find_what_it_is_read_for_and_link_it(
    browser: Any, tmp_path: Path
) -> None:
    """Words only a bulletin holds find it, once, the result naming what it is read for (a
    directive's or a campaign's); "ban tin phat thanh" finds every bulletin."""
    project = _project(tmp_path / "project")
    (project / "directives" / urls.BULLETIN_DIR / "loa-57.md").write_text(SPOKEN, "utf-8")
    folder = tmp_path / "site"
    done = run_sotay("--root", str(project), "build", "--site-dir", str(folder))
    assert done.returncode == 0, done.stderr
    url, stop = serve_directory(folder)
    page = browser.new_page(viewport=VIEWPORT)
    try:
        (only,) = _search_page(page, url, "kinh thua ba con")
        assert only[0].endswith(urls.bulletin_url("loa-57"))
        assert "Chỉ thị · Trung ương · 31/12/2025 · khớp trong bản tin phát thanh" in only[1]
        # In both the guide and its bulletin: one result, the campaign, linking the bulletin.
        campaign, *_ = _search_page(page, url, "giup cac chi dang bo chi dao")
        assert campaign[0].endswith(urls.campaign_url(CAMPAIGN))
        assert campaign[2] == ["../" + urls.bulletin_url(CAMPAIGN)]
        assert "Khớp trong bản tin phát thanh: Bản tin mở đầu đợt học tập" in campaign[1]
        # The words of every bulletin's title: the four documents read by loudspeaker first,
        # each linking its bulletin.
        found = _search_page(page, url, "ban tin phat thanh")
        first = {(link.removeprefix("../"), tuple(more)) for link, _, more in found[:4]}
        assert first == {
            (urls.directive_url(slug), ("../" + urls.bulletin_url(name),))
            for slug, name in (
                ("02-nq-tw", "02-nq-tw"),
                ("04-ct-tw", "04-ct-tw"),
                ("57-ct-tw", "loa-57"),
            )
        } | {(urls.campaign_url(CAMPAIGN), ("../" + urls.bulletin_url(CAMPAIGN),))}
    finally:
        page.close()
        stop()
