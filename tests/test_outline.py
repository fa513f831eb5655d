"""The outline of every directive in the corpus: points a presenter can speak from."""

from __future__ import annotations

import re

import pytest

from builder.model import OutlineItem
from builder.pipeline import load_corpus
from builder.read.markdown import parse
from builder.read.sections import split_sections
from builder.render.outline import (
    LINE_CHARS,
    MAX_WORDS,
    PAGE_LINES,
    build_outline,
    printed_lines,
    shorten,
    split_lead_in,
)
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
        # commas in the first half of the budget part a list, not a clause: kept whole
        ("một hai, ba bốn năm sáu, " + LONG + ".", "một hai, ba bốn năm sáu, " + LONG + "."),
        # the only boundary is past the budget: cut there
        (LONG + ", đuôi " + LONG, LONG + " …"),
        # a comma inside quotation marks is no boundary
        ("a b c d e f “g h, i” " + LONG + ".", "a b c d e f “g h, i” " + LONG + "."),
    ],
)
def test_shorten(sentence: str, expected: str) -> None:
    assert shorten(sentence, MAX_WORDS) == expected


# --- the budget: two pages however long the summary -----------------------------------------

SEED_002 = "tinh-chuong-trinh-hanh-dong-57-ct-tw"


def _outline(body: str) -> tuple[OutlineItem, ...]:
    parsed = parse(body)
    return build_outline(parsed.tokens, split_sections(parsed.tokens, 1), ())


def _long_body(items: int) -> str:
    """A part with `items` list items, each with a later paragraph and a nested item."""
    point = (
        "- Chủ trì triển khai nhiệm vụ số {n}, phối hợp với các cơ quan liên quan trong tỉnh "
        "để tổ chức thực hiện có hiệu quả, đồng bộ, thống nhất trên toàn địa bàn.\n\n"
        "  Đoạn tiếp theo của điểm {n} nói thêm về cách làm, về nguồn lực và về thời hạn.\n\n"
        "  - Ý nhỏ của điểm {n} về từng cơ quan, đơn vị.\n"
    )
    return (
        "## Nội dung trọng tâm, cốt lõi\n\n### 1. Nhiệm vụ\n\n"
        + "\n".join(point.format(n=n) for n in range(1, items + 1))
        + "\n## Gợi ý liên hệ, vận dụng\n\nChi bộ liên hệ thực tế của địa phương.\n"
    )


def test_every_outline_of_the_corpus_is_within_the_two_page_budget() -> None:
    for slug in SLUGS:
        assert printed_lines(CORPUS.directives[slug].outline) <= PAGE_LINES, slug


def test_a_short_summary_keeps_every_paragraph_as_a_point() -> None:
    items = _outline(_long_body(3))
    points = [i.text for i in items if i.kind == "point"]
    assert len(points) == 3 * 3 + 1
    assert any(p.startswith("Đoạn tiếp theo của điểm 2") for p in points)


def test_a_long_summary_folds_its_sub_points_and_keeps_each_item_s_lead() -> None:
    items = _outline(_long_body(40))
    points = [i.text for i in items if i.kind == "point"]
    assert printed_lines(items) <= PAGE_LINES
    assert [i.text for i in items if i.kind == "heading"] == [
        "Nội dung trọng tâm, cốt lõi",
        "1. Nhiệm vụ",
        "Gợi ý liên hệ, vận dụng",
    ]
    assert not [p for p in points if p.startswith(("Đoạn tiếp theo", "Ý nhỏ"))]
    leads = [p for p in points if p.startswith("Chủ trì triển khai nhiệm vụ số")]
    assert len(leads) == 40 and points[-1] == "Chi bộ liên hệ thực tế của địa phương."
    # each lead fits one printed line, cut at a clause of its source sentence
    assert all(p.endswith(" …") and len(p) <= LINE_CHARS - 4 for p in leads)


def test_the_long_provincial_programme_folds_its_sub_points_only() -> None:
    """Seed 002's faithful summary does not fit with every paragraph: each numbered task of
    mục III keeps its lead, the paragraphs that continue a task are folded."""
    points = _points(SEED_002)
    body = CORPUS.directives[SEED_002]
    assert printed_lines(body.outline) <= PAGE_LINES
    for number in range(1, 8):  # 1.–5. of mục I and 1.–7. of mục III
        expected = 2 if number <= 5 else 1
        assert sum(p.startswith(f"{number}. ") for p in points) == expected, number
    assert not [p for p in points if p.startswith("Lãnh đạo Ủy ban nhân dân tỉnh chỉ đạo Sở")]
    assert any(p.startswith("Quán triệt phương châm “tự chủ, tự lực, tự cường”") for p in points)
