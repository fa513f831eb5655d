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


def test_no_html_is_assembled_in_python_strings() -> None:
    """HTML is written in templates only (render/templates/), where autoescape applies.

    Regular expressions that *read* tags (the importer's `<sup>`) are not HTML being written.
    """
    import ast
    import re
    from pathlib import Path

    tag = re.compile(
        r"</?(?:a|b|br|div|em|h[1-6]|i|img|li|link|meta|ol|p|script|section|span|"
        r"strong|style|sup|table|td|th|tr|ul)(?:\s[^<>]*)?/?>",
        re.IGNORECASE,
    )
    found = []
    for path in sorted((Path(__file__).parents[1] / "builder").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        skipped |= {  # patterns handed to the `re` module
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
            for inner in ast.walk(node.args[0])
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if id(node) not in skipped and tag.search(text):
                    found.append(f"{path.name}:{node.lineno}: {text[:60]!r}")
    assert found == []
