"""Secrecy stamps in a body are found however a PC or a typist decorates them.

The cases are generated: every stamp word × every spacing × every decoration a Word paste or a
Markdown author produces, so a new decoration added to the table is covered at once.
"""

from __future__ import annotations

import itertools

import pytest

from builder.validate.body import scan_body

WORDS = ("MẬT", "TỐI{sp}MẬT", "TUYỆT{sp}MẬT", "Mật", "tối{sp}mật")
SPACES = (" ", "  ", "\u00a0", "\u00a0 ", "\t")
DECORATIONS = (
    "{w}",
    "- {w}",
    "+ {w}",
    "* {w}",
    "> {w}",
    "1. {w}",
    "2) {w}",
    "# {w}",
    "### {w}",
    "**{w}**",
    "_{w}_",
    "({w})",
    "[{w}]",
    "{w}:",
    "{w}.",
    "\u00a0{w}\u00a0",
    "  {w}  ",
    "1. **{w}**",
)
NOT_STAMPS = (
    "Bảo mật thông tin là nhiệm vụ của mọi người.",
    "- Bảo mật thông tin, an ninh dữ liệu",
    "Văn bản MẬT phải được quản lý theo quy định.",
    "mật khẩu",
    "MẬT khẩu",
    "**Bí mật nhà nước**",
)


def _body(line: str) -> str:
    return f"## Bối cảnh\n\nMột câu.\n\n{line}\n\nMột câu nữa.\n"


def _codes(body: str) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in scan_body(body, 10, (), "directives/x.md")]


CASES = sorted(
    {d.format(w=w.format(sp=sp)) for w, sp, d in itertools.product(WORDS, SPACES, DECORATIONS)}
)


@pytest.mark.parametrize("line", CASES, ids=repr)
def test_a_decorated_stamp_is_an_error(line: str) -> None:
    assert _codes(_body(line)) == [("body.secret_stamp", 14)]


@pytest.mark.parametrize("line", NOT_STAMPS)
def test_a_sentence_about_secrecy_is_not_a_stamp(line: str) -> None:
    assert _codes(_body(line)) == []


def test_a_stamp_inside_a_code_fence_is_still_found() -> None:
    assert _codes("## Bối cảnh\n\n```\nMẬT\n```\n") == [("body.secret_stamp", 13)]


def test_the_stamp_is_shown_as_written() -> None:
    (problem,) = scan_body(_body("TỐI\u00a0MẬT"), 1, (), "directives/x.md")
    assert problem.format() == (
        'directives/x.md:5: lỗi: nội dung có dấu "TỐI\u00a0MẬT": văn bản mật không được đưa '
        "lên trang (gợi ý: xóa tệp này; chỉ tóm tắt văn bản không mật)"
    )


def test_a_summary_a_guide_marks_secret_is_withdrawn_from_the_corpus() -> None:
    """Even where errors are tolerated (serve), the summary and its campaign are left out."""
    from pathlib import Path

    from builder.pipeline import load_corpus

    case = (
        Path(__file__).parent
        / "fixtures/invalid/campaign.secret_has_summary/guide_marks_a_summarised_document_secret"
    )
    result = load_corpus(case)
    assert result.corpus.directives == {}
    assert result.corpus.campaigns == {}
