"""Secrecy stamps in a body are found however a PC or a typist decorates them.

The cases are generated: every stamp word × every spacing × every decoration a Word paste or a
Markdown author produces, so a new decoration added to the table is covered at once.
"""

from __future__ import annotations

import itertools
from pathlib import Path

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


# Hand-written pages: every kind of page the content folder may hold × every way a page says it
# is secret. Each is refused with an error on its own file, never enters the corpus, and on the
# path `serve` takes (errors tolerated) none of them reaches a byte of the site.

PAGE_KINDS = {
    "a page": "trang-mat-{n}.md",
    "a home page of a folder": "muc-{n}/index.md",
    "a page in a folder": "muc-{n}/trang.md",
    "a page beside the campaign files": "dot-hoc-tap/tai-lieu-{n}/trang.md",
}
SECRET_WAYS = {
    "classification mat": ("classification: mat\n", ""),
    "classification MẬT": ("classification: MẬT\n", ""),
    "classification Tối mật": ('classification: "Tối mật"\n', ""),
    "classification tuyet-mat": ("classification: tuyet-mat\n", ""),
    "stamp in the body": ("", "\u00a0MẬT\u00a0\n\n"),
    "stamp as a list item": ("", "- TỐI  MẬT\n\n"),
    "mark in the title": ("", ""),
}
PAGE_CASES = sorted(itertools.product(PAGE_KINDS, SECRET_WAYS))


def _secret_page(kind: str, way: str, n: int) -> tuple[str, str]:
    """(path inside content/, text) of one classified page carrying the canary `CANARY-n`."""
    front, stamp = SECRET_WAYS[way]
    title = "Tài liệu (MẬT)" if way == "mark in the title" else "Tài liệu"
    text = f"---\ntitle: {title}\n{front}hide: [toc]\n---\n\n{stamp}## Phần\n\nCANARY-{n}-X\n"
    return PAGE_KINDS[kind].format(n=n), text


def test_a_classified_content_page_of_any_kind_never_reaches_the_site(tmp_path: Path) -> None:
    import shutil

    from builder.adapter.build import build_site
    from builder.pipeline import Result, load_corpus
    from conftest import make_project

    project = make_project(tmp_path / "project")
    written = {}
    for n, (kind, way) in enumerate(PAGE_CASES):
        rel, text = _secret_page(kind, way, n)
        (project / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / "content" / rel).write_text(text, encoding="utf-8")
        written[f"content/{rel}"] = (kind, way)
    result = load_corpus(project)
    refused = {d.path for d in result.diagnostics if d.is_error}
    assert sorted(set(written) - refused) == []
    assert not [p for p in result.corpus.pages.values() if p.path in written]
    tolerant = Result(result.corpus, [d for d in result.diagnostics if not d.is_error])
    site = tmp_path / "site"
    assert build_site(project / "mkdocs.yml", site, tolerant) is None
    leaked = [
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and b"CANARY-" in p.read_bytes()
    ]
    assert leaked == []
    assert (site / "huong-dan" / "index.html").is_file()
    shutil.rmtree(project)


def test_a_classified_summary_gets_no_share_card_svg_or_png(tmp_path: Path) -> None:
    """One summary marked `classification: mat`, one with a stamp in its body, each with the
    canary in its title, body and key points: neither enters the corpus, the site built with
    errors tolerated (as `serve` does) holds no card of theirs and no byte of the canary, and
    `sotay anh` refuses, writing no PNG."""
    from builder.adapter.build import build_site
    from builder.core import urls
    from builder.pipeline import Result, load_corpus
    from conftest import make_project, run_sotay

    project = make_project(tmp_path / "project")
    points = "key_points: [CANARY-CARD một, CANARY-CARD hai, CANARY-CARD ba]\n"
    body = "\nCANARY-CARD một. CANARY-CARD hai. CANARY-CARD ba.\n"
    for name, front, stamp in (
        ("57-ct-tw.md", "classification: mat\n", ""),
        ("04-ct-tw.md", "", "\nMẬT\n"),
    ):
        path = project / "directives" / name
        text = path.read_text(encoding="utf-8").replace("title: ", "title: CANARY-CARD ", 1)
        head, rest = text[4:].split("\n---\n", 1)
        path.write_text(f"---\n{head}\n{front}{points}---\n{stamp}{body}{rest}", encoding="utf-8")
    result = load_corpus(project)
    refused = {d.path for d in result.diagnostics if d.is_error}
    assert {"directives/57-ct-tw.md", "directives/04-ct-tw.md"} <= refused
    assert {"57-ct-tw", "04-ct-tw"} & set(result.corpus.directives) == set()
    tolerant = Result(result.corpus, [d for d in result.diagnostics if not d.is_error])
    site = tmp_path / "site"
    assert build_site(project / "mkdocs.yml", site, tolerant) is None
    assert not (site / urls.card_url("57-ct-tw")).exists()
    assert not (site / urls.card_url("04-ct-tw")).exists()
    assert (site / urls.card_url("18-ctr-tu")).is_file()  # the others keep theirs
    leaked = [p for p in site.rglob("*") if p.is_file() and b"CANARY-CARD" in p.read_bytes()]
    assert leaked == []
    for asked in (("anh", "57-CT/TW"), ("anh",)):
        done = run_sotay(*asked, cwd=project)
        assert done.returncode == 1 and "Chưa ghi được ảnh" in done.stderr
    assert not (project / urls.CARD_DIR).exists()
