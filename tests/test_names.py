"""A document without a number is named by its kind and issuer, as on paper, wherever it is
listed; a date a document does not carry is left out of the sentence, never "chưa rõ"."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from builder.pipeline import load_corpus
from conftest import REPO

NUMBERLESS = {
    "tinh-chuong-trinh-hanh-dong-57-ct-tw": "Chương trình hành động của Ban Thường vụ Tỉnh ủy",
    "xa-ke-hoach-tuyen-truyen-57-ct-tw": "Kế hoạch của Ban Thường vụ Đảng ủy xã",
}


def _text(page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def _link_names(page: Path, slug: str) -> list[str]:
    """The text of every link to the document's page on `page`."""
    found = re.findall(
        rf'<a href="(?:\.\./)*van-ban/{slug}/">(.*?)</a>', page.read_text(encoding="utf-8")
    )
    return [html.unescape(re.sub(r"<[^>]+>", "", f)) for f in found]


def test_the_seed_documents_without_a_number_are_named_by_kind_and_issuer() -> None:
    corpus = load_corpus(REPO, REPO / "directives").corpus
    names = {s: d.display_number for s, d in corpus.directives.items() if d.number is None}
    assert names == NUMBERLESS


def test_no_page_writes_an_unknown_number_or_date_into_a_sentence(repo_site: Path) -> None:
    pages = sorted(repo_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = _text(page)
        assert "Chưa rõ số hiệu" not in text and "chưa rõ số hiệu" not in text, page
        # the directive card's own "Ngày ban hành: Chưa rõ ngày" is a field, not a sentence
        assert "ngày Chưa rõ" not in text and "chưa rõ ngày" not in text, page


def test_lists_link_the_numberless_documents_by_their_name(repo_site: Path) -> None:
    lists = [
        repo_site / "index.html",
        repo_site / "van-ban" / "index.html",
        repo_site / "van-ban" / "57-ct-tw" / "index.html",
        repo_site / "van-ban" / "cap" / "xa" / "index.html",
    ]
    for slug, name in NUMBERLESS.items():
        for page in lists[:3]:
            assert _link_names(page, slug) and set(_link_names(page, slug)) == {name}, page
    assert _link_names(lists[3], "xa-ke-hoach-tuyen-truyen-57-ct-tw") == [
        NUMBERLESS["xa-ke-hoach-tuyen-truyen-57-ct-tw"]
    ]


def test_the_home_page_leaves_a_missing_date_out(repo_site: Path) -> None:
    text = _text(repo_site / "index.html")
    for name in NUMBERLESS.values():
        # named once, then straight to the title: no repeated kind, no "chưa rõ ngày"
        assert re.search(rf"{re.escape(name)}: [A-ZĐ]", text), name
    assert re.search(r"57-CT/TW — Chỉ thị ngày 31/12/2025 của Ban Bí thư", text)


def test_search_records_carry_the_name(repo_site: Path) -> None:
    names = set()
    for record in (repo_site / "search" / "record").glob("*.json"):
        names.add(json.loads(record.read_text(encoding="utf-8"))["n"])
    assert set(NUMBERLESS.values()) <= names
    assert "" not in names and "Chưa rõ số hiệu" not in names
