"""The outline of every directive in the corpus: points a presenter can speak from."""

from __future__ import annotations

import re

import pytest

from builder.pipeline import load_corpus
from builder.render.outline import MAX_WORDS, shorten, split_lead_in
from conftest import REPO

CORPUS = load_corpus(REPO).corpus
SLUGS = sorted(CORPUS.directives)


def _points(slug: str) -> list[str]:
    return [i.text for i in CORPUS.directives[slug].outline if i.kind == "point"]


def _source(slug: str) -> str:
    return " ".join(" ".join(s.text for s in CORPUS.directives[slug].sections).split())


def test_the_corpus_has_directives_with_numbered_lead_ins() -> None:
    assert len(SLUGS) >= 9
    assert "2.1. Mục tiêu chung: Tăng cường sự lãnh đạo của Đảng" in " ".join(_points("18-ctr-tu"))


@pytest.mark.parametrize("slug", SLUGS)
def test_no_point_is_a_bare_number(slug: str) -> None:
    for point in _points(slug):
        marker, words = split_lead_in(point)
        assert len(words.split()) >= 3, point


@pytest.mark.parametrize("slug", SLUGS)
def test_every_shortened_point_ends_where_the_source_has_punctuation(slug: str) -> None:
    source = _source(slug)
    shortened = [p.removesuffix(" …") for p in _points(slug) if p.endswith(" …")]
    assert shortened, "the corpus gives this test nothing to check"
    for head in shortened:
        assert re.search(re.escape(head) + r"[,;:.!?] ", source), head


@pytest.mark.parametrize("slug", SLUGS)
def test_every_whole_point_is_the_source_text(slug: str) -> None:
    source = _source(slug)
    for point in _points(slug):
        if not point.endswith(" …") and not point.startswith("Nguồn không nêu"):
            assert point in source, point


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.1. Mục tiêu chung: Tăng cường", ("2.1. Mục tiêu chung:", "Tăng cường")),
        ("2.3. Chương trình hành động", ("2.3.", "Chương trình hành động")),
        ("(1) Thống nhất nhận thức", ("(1)", "Thống nhất nhận thức")),
        ("a) Về nhận thức: nâng cao", ("a) Về nhận thức:", "nâng cao")),
        ("2030 là năm", ("", "2030 là năm")),
        (
            "Ban Bí thư yêu cầu các cấp, các ngành thực hiện tốt các việc sau đây: một",
            ("", "Ban Bí thư yêu cầu các cấp, các ngành thực hiện tốt các việc sau đây: một"),
        ),
    ],
)
def test_split_lead_in(text: str, expected: tuple[str, str]) -> None:
    assert split_lead_in(text) == expected


LONG = " ".join(["từ"] * 30)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ngắn, gọn.", "Ngắn, gọn."),
        # no boundary at all: kept whole, never stopped mid-phrase
        (LONG + ".", LONG + "."),
        # a semicolon within the budget wins over a later comma
        ("một hai ba bốn năm sáu bảy; tám, " + LONG, "một hai ba bốn năm sáu bảy …"),
        # the only boundary is past the budget: cut there
        (LONG + ", đuôi " + LONG, LONG + " …"),
        # a comma inside quotation marks is no boundary
        ("a b c d e f “g h, i” " + LONG + ".", "a b c d e f “g h, i” " + LONG + "."),
    ],
)
def test_shorten(sentence: str, expected: str) -> None:
    assert shorten(sentence, MAX_WORDS) == expected
