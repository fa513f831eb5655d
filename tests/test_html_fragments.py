"""Small HTML fragments built from templates: escaped, and exactly as before."""

from __future__ import annotations

from builder.render.body import absent_notice


def test_absent_notice_names_the_part_and_escapes_the_reason() -> None:
    assert absent_notice("goi-y", "Nguồn <i>không</i> nêu & thiếu.") == (
        '<h2 id="goi-y">Gợi ý liên hệ, vận dụng</h2>\n'
        '<p class="vb-absent">Nguồn &lt;i&gt;không&lt;/i&gt; nêu &amp; thiếu. Báo cáo viên tự '
        "liên hệ với tình hình thực tế của chi bộ, cơ quan, đơn vị mình.</p>\n"
    )


def test_an_absent_context_does_not_ask_the_presenter_to_relate_it() -> None:
    assert absent_notice("boi-canh", "Văn bản không có phần đánh giá tình hình.") == (
        '<h2 id="boi-canh">Bối cảnh, sự cần thiết ban hành</h2>\n'
        '<p class="vb-absent">Văn bản không có phần đánh giá tình hình.</p>\n'
    )


def test_absent_notice_without_a_reason() -> None:
    assert absent_notice("boi-canh", "") == (
        '<h2 id="boi-canh">Bối cảnh, sự cần thiết ban hành</h2>\n'
        '<p class="vb-absent">Nguồn không nêu phần này.</p>\n'
    )
