"""Full texts (toàn văn): numbering → headings and points, paper layout, checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.model import FullText
from builder.pipeline import build_fulltext, load_fulltext
from builder.read.fulltext import fulltext_path, read_blocks, split_blocks
from builder.read.numbering import outline_marker, read_paragraph
from builder.render.fulltext import render_fulltext_html

FIXTURES = Path(__file__).parent / "fixtures" / "fulltext"
INVALID_CASE = Path(__file__).parent / "fixtures" / "invalid" / "fulltext.html" / "script_tag"


def _load(name: str) -> FullText:
    fulltext, problems = load_fulltext(FIXTURES, FIXTURES / f"{name}.md")
    assert [d.format() for d in problems] == []
    assert fulltext is not None
    return fulltext


def _body(body: str) -> FullText:
    return build_fulltext("x.md", "x", body)


def _diagnostics(name: str) -> list[str]:
    fulltext, problems = load_fulltext(FIXTURES, FIXTURES / f"{name}.md")
    assert fulltext is None
    return [d.format() for d in problems]


def _points(html: str) -> list[str]:
    return re.findall(r'<p class="tv-point tv-level-\d" id="([^"]+)">', html)


# --- markers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", ("roman", "i", "I.")),
        ("II- NHIỆM VỤ", ("roman", "ii", "II-")),
        ("IV. TỔ CHỨC THỰC HIỆN", ("roman", "iv", "IV.")),
        ("XIV – Khác", ("roman", "xiv", "XIV –")),
        ("1. Tăng cường", ("arabic", "1", "1.")),
        ("2) Hoàn thiện", ("arabic", "2", "2)")),
        ("12. Mười hai", ("arabic", "12", "12.")),
        ("2.1. Quan điểm", ("decimal-2", "2-1", "2.1.")),
        ("2.1 Quan điểm", ("decimal-2", "2-1", "2.1")),
        ("a) Quán triệt", ("letter", "a", "a)")),
        ("đ) Người đứng đầu", ("letter", "dd", "đ)")),
        ("g) Triển khai", ("letter", "g", "g)")),
        ("ă) Chữ ă", ("letter", "aw", "ă)")),
        ("b. Chuyển dịch", ("letter", "b", "b.")),
        ("2025 là năm", None),
        ("10.000 chuyên gia", None),
        ("f) không có trong bảng chữ cái", None),
        ("V.I. Lê-nin", None),
        ("Ivan", None),
        ("IIII. không phải số La Mã", None),
        ("\\* Các cấp ủy", None),
        ("1.Dính liền", None),
    ],
)
def test_outline_marker(text: str, marker: tuple[str, str, str] | None) -> None:
    found = outline_marker(text)
    assert ((found.series, found.key, found.raw) if found else None) == marker


@pytest.mark.parametrize(
    ("source", "hashes", "bold", "marker_text", "bullet"),
    [
        ("## **2. Hoàn thiện thể chế**", 2, True, "2.", None),
        ("#### **4. Xây dựng**", 4, True, "4.", None),
        ("**I- MỤC ĐÍCH, YÊU CẦU**", 0, True, "I-", None),
        ("**II- NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM\\***", 0, True, "II-", None),
        ("### I. MỤC ĐÍCH, YÊU CẦU", 3, False, "I.", None),
        ("**3.** Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì.", 0, False, "3.", None),
        ("**1. Mục đích**: tuyên truyền sâu rộng.", 0, False, "1.", None),
        ("7. Giao Đảng ủy Công an tỉnh chủ trì.", 0, False, "7.", None),
        ("- Quán triệt sâu sắc", 0, False, None, "Quán triệt sâu sắc"),
        ("+ Ý nhỏ", 0, False, None, "Ý nhỏ"),
        ("• Ý chấm", 0, False, None, "Ý chấm"),
        ("* Ý sao", 0, False, None, "Ý sao"),
        ("\\* Các cấp ủy thường xuyên triển khai.", 0, False, None, None),
        ("*Về an ninh mạng*: Bộ Công an", 0, False, None, None),
        ("**a** và **b**", 0, False, None, None),
    ],
)
def test_read_paragraph(
    source: str, hashes: int, bold: bool, marker_text: str | None, bullet: str | None
) -> None:
    paragraph = read_paragraph(source, 1)
    assert (paragraph.hashes, paragraph.bold, paragraph.bullet) == (hashes, bold, bullet)
    assert (paragraph.marker.raw if paragraph.marker else None) == marker_text


def test_thematic_break_is_a_rule() -> None:
    assert read_paragraph("-----", 1).rule
    assert _body("-----").html == '<hr class="tv-rule">\n'


# --- seed 003: Chỉ thị 57-CT/TW (plain "1."…"6.", points a)…g) with đ) ---------------------

CHI_THI_HEADINGS = [
    (
        2,
        "muc-1",
        "1. Tăng cường sự lãnh đạo của Đảng, nâng cao nhận thức, trách nhiệm của cả hệ thống chính trị và toàn dân về an ninh mạng, bảo mật thông tin, an ninh dữ liệu",
    ),
    (
        2,
        "muc-2",
        "2. Hoàn thiện thể chế, chính sách và nâng cao hiệu lực, hiệu quả quản lý nhà nước",
    ),
    (
        2,
        "muc-3",
        "3. Tập trung đầu tư, hiện đại hoá hạ tầng, công nghệ và các giải pháp kỹ thuật bảo đảm an ninh mạng",
    ),
    (
        2,
        "muc-4",
        "4. Xây dựng thể trận an ninh nhân dân gắn với thể trận quốc phòng toàn dân trên không gian mạng; phát triển tiềm lực, công nghệ và nguồn nhân lực",
    ),
    (2, "muc-5", "5. Về hợp tác quốc tế trên lĩnh vực an ninh mạng"),
    (2, "muc-6", "6. Tổ chức thực hiện"),
]


def test_chi_thi_has_six_h2_parts() -> None:
    fulltext = _load("chi_thi_57")
    assert [tuple(h) for h in fulltext.headings] == CHI_THI_HEADINGS
    assert re.findall(r"<h(\d) id=\"([^\"]+)\">", fulltext.html) == [
        ("2", f"muc-{n}") for n in range(1, 7)
    ]


def test_chi_thi_letter_points_are_paragraphs_with_anchors() -> None:
    fulltext = _load("chi_thi_57")
    points = _points(fulltext.html)
    assert [p for p in points if p.startswith("muc-1-")] == [
        "muc-1-a",
        "muc-1-b",
        "muc-1-c",
        "muc-1-d",
        "muc-1-dd",
        "muc-1-e",
        "muc-1-g",
    ]
    assert [p for p in points if p.startswith("muc-6-")] == [
        "muc-6-a",
        "muc-6-b",
        "muc-6-c",
        "muc-6-d",
        "muc-6-dd",
        "muc-6-e",
        "muc-6-g",
    ]
    assert len(points) == 29
    assert (
        '<p class="tv-point tv-level-2" id="muc-6-b">b) <em>Đảng uỷ Quốc hội, Đảng uỷ Chính '
        'phủ</em>:</p>\n<ul class="tv-list">\n<li>Lãnh đạo, chỉ đạo xây dựng chương trình'
    ) in fulltext.html


def test_chi_thi_bullets_separated_by_blank_lines_make_one_list() -> None:
    html = _load("chi_thi_57").html
    part_6c = html[html.index('id="muc-6-c"') : html.index('id="muc-6-d"')]
    assert part_6c.count("<ul") == 1
    assert part_6c.count("<li>") == 4


def test_chi_thi_page_lays_out_header_body_and_end() -> None:
    page = render_fulltext_html(_load("chi_thi_57"))
    assert page.startswith(
        '<article class="tv" data-slug="chi_thi_57">\n'
        '<header class="tv-header">\n'
        '<div class="tv-issuer">\n'
        '<p class="tv-issuer-line">BAN CHẤP HÀNH TRUNG ƯƠNG</p>\n'
        '<p class="tv-issuer-line">*</p>\n'
        '<p class="tv-number">Số <span class="nw">57-CT/TW</span></p>\n'
        "</div>\n"
        '<div class="tv-national">\n'
        '<p class="tv-national-line"><strong>ĐẢNG CỘNG SẢN VIỆT NAM</strong></p>\n'
        '<p class="tv-place-date"><em>Hà Nội, ngày 31 tháng 12 năm 2025</em></p>\n'
        "</div>\n"
        "</header>\n"
        '<p class="tv-kind"><strong>CHỈ THỊ</strong><br><strong>CỦA BAN BÍ THƯ</strong></p>\n'
        '<p class="tv-subject">về tăng cường bảo đảm an ninh mạng, bảo mật thông tin, an ninh '
        "dữ liệu trong hệ thống chính trị</p>\n"
        '<div class="tv-body">\n<p>Thời gian qua,'
    )
    assert page.endswith(
        "<p>Chỉ thị này phổ biến đến chi bộ.</p>\n"
        "</div>\n"
        '<footer class="tv-end">\n'
        '<div class="tv-recipients">\n'
        '<p class="tv-recipients-title"><strong><em>Nơi nhận:</em></strong></p>\n'
        "<ul>\n"
        "<li>Bộ Chính trị, Ban Bí thư (để báo cáo),</li>\n"
        "<li>Lưu Văn phòng Trung ương Đảng.</li>\n"
        "</ul>\n"
        "</div>\n"
        '<div class="tv-signature">\n'
        '<p class="tv-signer-lines"><strong>T/M BAN BÍ THƯ</strong></p>\n'
        '<p class="tv-signer"><strong>Trần Cẩm Tú</strong></p>\n'
        "</div>\n"
        "</footer>\n"
        "</article>\n"
    )


def test_chi_thi_sections_for_search() -> None:
    fulltext = _load("chi_thi_57")
    assert [s.anchor for s in fulltext.sections] == ["", *(f"muc-{n}" for n in range(1, 7))]
    assert fulltext.sections[0].text.startswith("Thời gian qua, thực hiện chủ trương")
    assert fulltext.sections[5].title == "5. Về hợp tác quốc tế trên lĩnh vực an ninh mạng"
    assert fulltext.sections[5].text.startswith("a) Tăng cường và làm sâu sắc hơn")
    assert fulltext.sections[6].text.endswith("Chỉ thị này phổ biến đến chi bộ.")
    assert "<" not in fulltext.text and "*" not in fulltext.text


# --- seed 002: Chương trình hành động (Word conversion: bold, ##, ####, plain "7.") ---------

CHUONG_TRINH_HEADINGS = [
    (2, "muc-i", "I- MỤC ĐÍCH, YÊU CẦU"),
    (2, "muc-ii", "II- NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM*"),
    (
        3,
        "muc-ii-1",
        "1. Tăng cường sự lãnh đạo của Đảng, nâng cao nhận thức, trách nhiệm của cả hệ thống chính trị và toàn dân về an ninh mạng, bảo mật thông tin, an ninh dữ liệu",
    ),
    (
        3,
        "muc-ii-2",
        "2. Hoàn thiện thể chế, chính sách và nâng cao hiệu lực, hiệu quả quản lý nhà nước",
    ),
    (
        3,
        "muc-ii-3",
        "3. Tập trung đầu tư, hiện đại hóa hạ tầng, công nghệ và các giải pháp kỹ thuật bảo đảm an ninh mạng",
    ),
    (
        3,
        "muc-ii-4",
        "4. Xây dựng thế trận an ninh nhân dân gắn với thế trận quốc phòng toàn dân trên không gian mạng; phát triển tiềm lực, công nghệ và nguồn nhân lực",
    ),
    (3, "muc-ii-5", "5. Về hợp tác quốc tế trên lĩnh vực an ninh mạng"),
    (2, "muc-iii", "III- TỔ CHỨC THỰC HIỆN"),
]


def test_chuong_trinh_levels_come_from_numbering_not_hashes() -> None:
    fulltext = _load("chuong_trinh_tinh")
    assert [tuple(h) for h in fulltext.headings] == CHUONG_TRINH_HEADINGS
    assert '<h3 id="muc-ii-2">2. Hoàn thiện thể chế' in fulltext.html  # `## **2. …**`
    assert '<h3 id="muc-ii-4">4. Xây dựng thế trận' in fulltext.html  # `#### **4. …**`
    assert '<h2 id="muc-ii">II- NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM*</h2>' in fulltext.html


def test_chuong_trinh_numbered_sentences_are_points() -> None:
    html = _load("chuong_trinh_tinh").html
    assert _points(html) == [
        *(f"muc-i-{n}" for n in range(1, 6)),
        *(f"muc-iii-{n}" for n in range(1, 8)),
    ]
    assert (
        '<p class="tv-point tv-level-2" id="muc-iii-3"><strong>3.</strong> Ban Tuyên giáo và '
        "Dân vận Tỉnh ủy chủ trì"
    ) in html
    assert '<p class="tv-point tv-level-2" id="muc-iii-7">7. Giao Đảng ủy Công an tỉnh' in html
    assert "<p>* Các cấp ủy, tổ chức đảng, chính quyền" in html  # `\*`: an escape, no bullet


# --- seed 001: Kế hoạch tuyên truyền (### I., #### 1., ## **II.**, ### **3.**) -------------

KE_HOACH_HEADINGS = [
    (2, "muc-i", "I. MỤC ĐÍCH, YÊU CẦU"),
    (3, "muc-i-1", "1. Mục đích"),
    (3, "muc-i-2", "2. Yêu cầu"),
    (2, "muc-ii", "II. NỘI DUNG TUYÊN TRUYỀN"),
    (2, "muc-iii", "III. HÌNH THỨC TUYÊN TRUYỀN"),
    (2, "muc-iv", "IV. TỔ CHỨC THỰC HIỆN"),
    (3, "muc-iv-1", "1. Ủy ban nhân dân xã"),
    (3, "muc-iv-2", "2. Ủy ban Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội xã"),
    (3, "muc-iv-3", "3. Ban Xây dựng Đảng Đảng ủy xã"),
    (3, "muc-iv-4", "4. Các chi bộ, đảng bộ trực thuộc"),
]


def test_ke_hoach_hierarchy() -> None:
    fulltext = _load("ke_hoach_xa")
    assert [tuple(h) for h in fulltext.headings] == KE_HOACH_HEADINGS
    assert _points(fulltext.html) == [
        *(f"muc-ii-{n}" for n in range(1, 8)),
        "muc-iii-1",
        "muc-iii-2",
    ]


def test_ke_hoach_without_paper_header_or_end() -> None:
    page = render_fulltext_html(_load("ke_hoach_xa"))
    assert page.startswith(
        '<article class="tv" data-slug="ke_hoach_xa">\n'
        '<p class="tv-kind"><strong>KẾ HOẠCH</strong></p>\n'
    )
    assert "tv-header" not in page and "tv-end" not in page


# --- structure rules on small bodies -------------------------------------------------------


def test_first_kind_seen_is_the_top_level() -> None:
    parts = _body("1. Phần một\n\nI. Mục con\n\nII. Mục con khác\n\n2. Phần hai\n")
    assert [tuple(h) for h in parts.headings] == [
        (2, "muc-1", "1. Phần một"),
        (3, "muc-1-i", "I. Mục con"),
        (3, "muc-1-ii", "II. Mục con khác"),
        (2, "muc-2", "2. Phần hai"),
    ]


def test_decimal_numbers_nest_under_their_parent() -> None:
    parts = _body("2. Nhiệm vụ\n\n2.1. Quan điểm\n\n2.2. Mục tiêu\n")
    assert [h.anchor for h in parts.headings] == ["muc-2", "muc-2-1", "muc-2-2"]
    assert [h.level for h in parts.headings] == [2, 3, 3]


def test_repeated_numbers_get_unique_anchors() -> None:
    parts = _body("1. Một\n\n1. Một lần nữa\n")
    assert [h.anchor for h in parts.headings] == ["muc-1", "muc-1-1"]


def test_long_or_punctuated_numbered_paragraph_is_a_point() -> None:
    long_title = "1. " + " ".join(["từ"] * 41)
    parts = _body(f"{long_title}\n\n2. Các cơ quan:\n\n3. Ngắn gọn\n")
    assert [h.anchor for h in parts.headings] == ["muc-3"]
    assert _points(parts.html) == ["muc-1", "muc-2"]


def test_bullets_and_paragraphs() -> None:
    parts = _body("- một\n\n- hai\n- ba\n\nĐoạn.\n\n- bốn\n")
    assert parts.html == (
        '<ul class="tv-list">\n<li>một</li>\n<li>hai</li>\n<li>ba</li>\n</ul>\n'
        "<p>Đoạn.</p>\n"
        '<ul class="tv-list">\n<li>bốn</li>\n</ul>\n'
    )


def test_hard_break_joins_lines_and_tables_render() -> None:
    blocks = split_blocks(
        "**T/M BAN THƯỜNG VỤ  \nPHÓ BÍ THƯ**\n\n| TT | Đơn vị |\n|---|---|\n| 1 | Xã |\n"
    )
    assert len(blocks) == 2
    parts = _body("Dòng một  \ndòng hai\n\n| TT | Đơn vị |\n|---|---|\n| 1 | Xã |\n")
    assert parts.html.startswith("<p>Dòng một<br />\ndòng hai</p>\n<table>")
    assert parts.sections[0].text == "Dòng một dòng hai TT Đơn vị 1 Xã"


def test_inline_markdown_is_rendered_and_html_escaped() -> None:
    parts = _body("Chữ **đậm**, *nghiêng*, \\*sao\\* và a < b & c.\n")
    assert parts.html == (
        "<p>Chữ <strong>đậm</strong>, <em>nghiêng</em>, *sao* và a &lt; b &amp; c.</p>\n"
    )


def test_blocks_are_placed_in_the_numbering() -> None:
    body = "# Mở đầu\n\n1. Phần một\n\na) Một ý dài có dấu chấm.\n\n- gạch\n\n-----\n\n| a |\n"
    blocks = read_blocks(body, 10)
    assert [(b.kind, b.level, b.anchor) for b in blocks] == [
        ("title", 0, ""),
        ("heading", 2, "muc-1"),
        ("point", 2, "muc-1-a"),
        ("bullet", 0, ""),
        ("rule", 0, ""),
        ("table", 0, ""),
    ]
    assert [b.text for b in blocks[:4]] == [
        "Mở đầu",
        "1. Phần một",
        "a) Một ý dài có dấu chấm.",
        "gạch",
    ]


def test_a_rule_between_bullets_closes_the_list_and_adds_no_text() -> None:
    parts = _body("- một\n\n-----\n\n- hai\n")
    assert parts.html == (
        '<ul class="tv-list">\n<li>một</li>\n</ul>\n<hr class="tv-rule">\n'
        '<ul class="tv-list">\n<li>hai</li>\n</ul>\n'
    )
    assert [s.text for s in parts.sections] == ["một hai"]


def test_header_values_are_escaped() -> None:
    page = render_fulltext_html(FullText(path="x.md", slug="x", subject="a <b> & c"))
    assert '<p class="tv-subject">a &lt;b&gt; &amp; c</p>' in page


# --- checks --------------------------------------------------------------------------------


def test_html_in_body_is_an_error() -> None:
    assert _diagnostics("script_tag") == [
        'script_tag.md:6: lỗi: toàn văn có mã HTML ("<script>") (gợi ý: toàn văn chỉ chép chữ '
        "của văn bản: xóa mã này; chữ đậm viết **…**, chữ nghiêng viết *…*)"
    ]


def test_unknown_keys_are_errors_with_lines() -> None:
    assert _diagnostics("unknown_key") == [
        'unknown_key.md:3: lỗi: khóa "nơi nhận" không được hỗ trợ (gợi ý: có phải "recipients"?)',
        'unknown_key.md:4: lỗi: khóa "signers" không được hỗ trợ (gợi ý: có phải "signer"?)',
    ]


def test_wrong_types_are_errors() -> None:
    assert _diagnostics("wrong_types") == [
        'wrong_types.md:2: lỗi: "kind_lines" (tên loại văn bản) phải là một danh sách '
        "(gợi ý: ví dụ kind_lines: [CHỈ THỊ, CỦA BAN BÍ THƯ])",
        'wrong_types.md:3: lỗi: "signer" (người ký) phải là một dòng chữ, không phải '
        '"[Trần Cẩm Tú]" (gợi ý: ví dụ "signer: Trần Cẩm Tú")',
    ]


def test_a_single_recipient_may_be_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nrecipients: Bộ Chính trị,\n---\nNội dung.\n", encoding="utf-8")
    fulltext, problems = load_fulltext(tmp_path, path)
    assert problems == [] and fulltext is not None
    assert fulltext.recipients == ("Bộ Chính trị,",)


def test_html_in_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nrecipients: [Bộ Chính trị, <b>x</b>]\n---\nNội dung.\n", "utf-8")
    fulltext, problems = load_fulltext(tmp_path, path)
    assert fulltext is None
    assert [(d.line, d.code) for d in problems] == [(2, "fulltext.html")]


def test_invalid_fixture_expects_what_load_fulltext_reports() -> None:
    """The corpus fixture for `fulltext.html` (tests/test_fixtures.py) states this exactly."""
    expected = (INVALID_CASE / "expected.txt").read_text(encoding="utf-8").splitlines()
    path = fulltext_path(INVALID_CASE / "directives", "57-ct-tw")
    fulltext, problems = load_fulltext(INVALID_CASE, path)
    assert fulltext is None
    assert [d.format() for d in problems] == expected


def test_fulltext_path() -> None:
    assert fulltext_path(Path("directives"), "57-ct-tw") == Path("directives/toan-van/57-ct-tw.md")
