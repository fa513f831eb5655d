"""Secrecy stamps in a body are found however a PC or a typist decorates them.

The cases are generated: every stamp word × every spacing × every decoration a Word paste or a
Markdown author produces, so a new decoration added to the table is covered at once.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from builder.validate.body import scan_body, secret_stamp

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
    "| Độ mật | Thường |",
    "| Bảo mật thông tin | 12 |",
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


def _leaks_when_built_as_serve_does(
    project: Path, result: Any, site: Path, canary: bytes
) -> list[str]:
    """Build `result` with its errors tolerated, as `serve` does; the site's files holding
    `canary` (none, when the refused files were kept out)."""
    from builder.adapter.build import build_site
    from builder.pipeline import Result

    tolerant = Result(result.corpus, [d for d in result.diagnostics if not d.is_error])
    assert build_site(project / "mkdocs.yml", site, tolerant) is None
    return [
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and canary in p.read_bytes()
    ]


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
    "stamp with a zero-width space inside": ("", "M\u200bẬT\n\n"),
    "stamp in Cyrillic letters": ("", "TUYỆT МẬТ\n\n"),
    "stamp typed without diacritics": ("", "TUYET MAT\n\n"),
    "stamp as character references": ("", "M&#7852;T\n\n"),
    "mark in the title": ("", ""),
    "mark in the title behind a word joiner": ("", ""),
}
TITLES = {
    "mark in the title": "Tài liệu (MẬT)",
    "mark in the title behind a word joiner": "Tài liệu (M\u2060ẬT)",
}
PAGE_CASES = sorted(itertools.product(PAGE_KINDS, SECRET_WAYS))


def _secret_page(kind: str, way: str, n: int) -> tuple[str, str]:
    """(path inside content/, text) of one classified page carrying the canary `CANARY-n`."""
    front, stamp = SECRET_WAYS[way]
    title = TITLES.get(way, "Tài liệu")
    text = f"---\ntitle: {title}\n{front}hide: [toc]\n---\n\n{stamp}## Phần\n\nCANARY-{n}-X\n"
    return PAGE_KINDS[kind].format(n=n), text


def test_a_classified_content_page_of_any_kind_never_reaches_the_site(tmp_path: Path) -> None:
    import shutil

    from builder.pipeline import load_corpus
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
    site = tmp_path / "site"
    assert _leaks_when_built_as_serve_does(project, result, site, b"CANARY-") == []
    assert (site / "huong-dan" / "index.html").is_file()
    shutil.rmtree(project)


# Loudspeaker bulletins (directives/phat-thanh/): every way a bulletin is secret, or is read for
# a secret document, or is a draft. Each is refused (a draft with a warning), never enters the
# corpus, and on the path `serve` takes (errors tolerated) none reaches a byte of the site.

BULLETIN_HEAD = "author: Người viết thử\ndate: 2026-06-01\n"
BULLETIN_WAYS = {
    "classification mat": ("for: 57-CT/TW\nclassification: mat\n", "", "Bản tin"),
    "classification Tối mật": ('for: 57-CT/TW\nclassification: "Tối mật"\n', "", "Bản tin"),
    "stamp in the body": ("for: 57-CT/TW\n", "\u00a0MẬT\u00a0\n\n", "Bản tin"),
    "stamp in fullwidth letters": ("for: 57-CT/TW\n", "ＭẬＴ\n\n", "Bản tin"),
    "mark in the title": ("for: 57-CT/TW\n", "", "Bản tin (MẬT)"),
    "for a summary marked secret": ("for: 98-CT/TW\n", "", "Bản tin"),
    "for a document a campaign lists as secret": ("for: 12-CTr/TU\n", "", "Bản tin"),
    "a draft": ("for: 57-CT/TW\ndraft: true\n", "", "Bản tin"),
}
SECRET_SUMMARY = """---
number: 98-CT/TW
type: chi-thi
issuer: Ban Bí thư
level: trung-uong
date: 2026-01-05
title: Văn bản thử CANARY-S
classification: mat
---
## Bối cảnh

CANARY-S-X
"""


def test_a_secret_or_draft_bulletin_never_reaches_the_site(tmp_path: Path) -> None:
    import shutil

    from builder.pipeline import load_corpus
    from conftest import make_project

    project = make_project(tmp_path / "project")
    (project / "directives" / "98-ct-tw.md").write_text(SECRET_SUMMARY, encoding="utf-8")
    folder = project / "directives" / "phat-thanh"
    folder.mkdir()
    written = {}
    for n, (way, (front, stamp, title)) in enumerate(sorted(BULLETIN_WAYS.items())):
        text = f"---\ntitle: {title} CANARY-{n}\n{front}{BULLETIN_HEAD}---\n\n{stamp}CANARY-{n}-X\n"
        (folder / f"ban-tin-{n}.md").write_text(text, encoding="utf-8")
        written[f"directives/phat-thanh/ban-tin-{n}.md"] = way
    result = load_corpus(project)
    refused = {d.path for d in result.diagnostics if d.is_error}
    drafts = {d.path for d in result.diagnostics if d.code == "bulletin.draft"}
    assert {written[p] for p in drafts} == {"a draft"}
    assert sorted(set(written) - refused - drafts) == []
    assert result.corpus.bulletins == {}
    site = tmp_path / "site"
    assert _leaks_when_built_as_serve_does(project, result, site, b"CANARY-") == []
    assert (site / "van-ban" / "57-ct-tw" / "index.html").is_file()
    assert not (site / "phat-thanh").exists()
    shutil.rmtree(project)


# Translations (directives/dich/<lang>/<slug>.md): every way a translation says it is secret,
# and a plain translation of a secret summary. Each carries a canary; on the path `serve`
# takes (errors tolerated) none reaches a byte of the site, search index included.

TRANSLATION_WAYS = {k: v for k, v in SECRET_WAYS.items() if k not in TITLES}
TEST_HEADINGS = {"boi-canh": "Thử một", "noi-dung": "Thử hai", "goi-y": "Thử ba"}


def _test_languages(codes: list[str]) -> str:
    """A labelled test table: private-use codes (qaa…), headings that say they are tests."""
    lines = ["# BẢNG NGÔN NGỮ THỬ, chỉ dùng cho kiểm thử (mã dành riêng qaa…qtz)."]
    for code in codes:
        lines += [f"{code}:", f"  name: tiếng thử {code}", f"  own_name: Thử {code}", "  headings:"]
        lines += [f"    {key}: {title}" for key, title in TEST_HEADINGS.items()]
    return "\n".join(lines) + "\n"


def _translation(code: str, front: str, stamp: str, n: int) -> str:
    parts = "".join(f"## {t}\n\nCANARY-{n}-X (VĂN BẢN THỬ)\n\n" for t in TEST_HEADINGS.values())
    head = f"---\nlang: {code}\ntranslator: Người dịch thử\ndate: 2030-01-01\n{front}---\n"
    return f"{head}\n{stamp}{parts}"


def test_a_classified_translation_never_reaches_the_site(tmp_path: Path) -> None:
    import shutil

    from builder.pipeline import load_corpus
    from conftest import make_project

    project = make_project(tmp_path / "project")
    folder = project / "directives" / "dich"
    codes = [f"qa{chr(ord('a') + i)}" for i in range(len(TRANSLATION_WAYS) + 1)]
    written = {}
    for n, (way, (front, stamp)) in enumerate(sorted(TRANSLATION_WAYS.items())):
        path = folder / codes[n] / "57-ct-tw.md"
        path.parent.mkdir(parents=True)
        path.write_text(_translation(codes[n], front, stamp, n), encoding="utf-8")
        written[path.relative_to(project).as_posix()] = way
    # A plain translation of a summary that is itself secret.
    summary = (project / "directives" / "57-ct-tw.md").read_text(encoding="utf-8")
    secret = summary.replace("number: 57-CT/TW", "number: 99-CT/TW\nclassification: mat", 1)
    (project / "directives" / "99-ct-tw.md").write_text(secret, encoding="utf-8")
    last = codes[-1]
    (folder / last).mkdir()
    (folder / last / "99-ct-tw.md").write_text(_translation(last, "", "", 99), encoding="utf-8")
    (folder / "ngon-ngu.yml").write_text(_test_languages(codes), encoding="utf-8")
    result = load_corpus(project)
    refused = {d.path for d in result.diagnostics if d.is_error}
    assert sorted(set(written) - refused) == []
    assert "directives/99-ct-tw.md" in refused
    assert not [t for d in result.corpus.directives.values() for t in d.translations]
    site = tmp_path / "site"
    assert _leaks_when_built_as_serve_does(project, result, site, b"CANARY-") == []
    assert (site / "van-ban" / "57-ct-tw" / "index.html").is_file()
    assert not (site / "van-ban" / "57-ct-tw" / codes[0]).exists()
    shutil.rmtree(project)


def _summary_with_stamped_companions(tmp_path: Path) -> tuple[Path, Path, list[Path]]:
    """A project whose 57-CT/TW has a full text stamped MẬT and a translation stamped TUYỆT
    MẬT: the project, the summary and those two files."""
    from conftest import make_project

    project = make_project(tmp_path / "project")
    directives = project / "directives"
    fulltext = directives / "toan-van" / "57-ct-tw.md"
    fulltext.write_text(fulltext.read_text(encoding="utf-8") + "\nMẬT\n", encoding="utf-8")
    translation = directives / "dich" / "qaa" / "57-ct-tw.md"
    translation.parent.mkdir(parents=True)
    translation.write_text(_translation("qaa", "", "TUYỆT MẬT\n\n", 1), encoding="utf-8")
    (directives / "dich" / "ngon-ngu.yml").write_text(_test_languages(["qaa"]), "utf-8")
    return project, directives / "57-ct-tw.md", [fulltext, translation]


def test_a_refused_summary_s_full_text_and_translation_are_checked_in_the_same_pass(
    tmp_path: Path,
) -> None:
    """A summary with an error of its own still has its full text and translation read: a
    stamp in either is told in the same check, not only once the summary is mended."""
    from builder.pipeline import load_corpus

    project, summary, companions = _summary_with_stamped_companions(tmp_path)
    summary.write_text(summary.read_text(encoding="utf-8") + "\nTỐI MẬT\n", encoding="utf-8")
    result = load_corpus(project)
    stamped = {d.path for d in result.diagnostics if d.is_error and d.code == "body.secret_stamp"}
    relative = {p.relative_to(project).as_posix() for p in (summary, *companions)}
    assert stamped == relative
    assert "57-ct-tw" not in result.corpus.directives


@pytest.mark.parametrize(
    "broken",
    ["number: [57-CT/TW", "number: 57-CT/TW\n  : x", "number: 57-CT/TW\n- x"],
    ids=["open-list", "stray-colon", "list-in-mapping"],
)
def test_an_unreadable_summary_s_full_text_and_translation_are_its_own(
    tmp_path: Path, broken: str
) -> None:
    """A summary whose front matter cannot be read has no slug, but it is there: its full text
    and translation are checked as a refused summary's (a stamp in them told in the same pass)
    and never told as having no summary."""
    from builder.pipeline import load_corpus

    project, summary, companions = _summary_with_stamped_companions(tmp_path)
    text = summary.read_text(encoding="utf-8")
    summary.write_text(text.replace("number: 57-CT/TW", broken, 1), encoding="utf-8")
    result = load_corpus(project)
    errors = [d for d in result.diagnostics if d.is_error]
    assert {d.path for d in errors if d.code.startswith("yaml")} == {"directives/57-ct-tw.md"}
    stamped = {d.path for d in errors if d.code == "body.secret_stamp"}
    assert stamped == {p.relative_to(project).as_posix() for p in companions}
    assert not [d.format() for d in errors if d.code.endswith(".orphan")]
    assert "57-ct-tw" not in result.corpus.directives


def test_the_translation_canaries_would_be_found(tmp_path: Path) -> None:
    """The canary test is not vacuous: the same translation without its secret mark is
    published, its canary in the page and the search index."""
    from builder.pipeline import load_corpus
    from conftest import make_project

    project = make_project(tmp_path / "project")
    folder = project / "directives" / "dich"
    (folder / "qaa").mkdir(parents=True)
    (folder / "qaa" / "57-ct-tw.md").write_text(_translation("qaa", "", "", 7), encoding="utf-8")
    (folder / "ngon-ngu.yml").write_text(_test_languages(["qaa"]), encoding="utf-8")
    result = load_corpus(project)
    assert [d.format() for d in result.diagnostics if d.is_error] == []
    (translation,) = result.corpus.directives["57-ct-tw"].translations
    assert "CANARY-7-X" in translation.html


def test_a_classified_summary_gets_no_share_card_svg_or_png(tmp_path: Path) -> None:
    """One summary marked `classification: mat`, one with a stamp in its body, each with the
    canary in its title, body and key points: neither enters the corpus, the site built with
    errors tolerated (as `serve` does) holds no card of theirs and no byte of the canary, and
    `sotay anh` refuses, writing no PNG."""
    from builder.core import urls
    from builder.pipeline import load_corpus
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
    site = tmp_path / "site"
    assert _leaks_when_built_as_serve_does(project, result, site, b"CANARY-CARD") == []
    assert not (site / urls.card_url("57-ct-tw")).exists()
    assert not (site / urls.card_url("04-ct-tw")).exists()
    assert (site / urls.card_url("18-ctr-tu")).is_file()  # the others keep theirs
    for asked in (("anh", "57-CT/TW"), ("anh",)):
        done = run_sotay(*asked, cwd=project)
        assert done.returncode == 1 and "Chưa ghi được ảnh" in done.stderr
    assert not (project / urls.CARD_DIR).exists()


# A stamp disguised, by a careless paste or a hostile sender: what the page shows is a stamp,
# whatever characters spell it. Cases come from the checker's own tables (every invisible
# character it drops, every lookalike letter Unicode lists for a stamp's letters) and from
# independent spot checks; each must be found in a body, by `secret_stamp` (import, PDFs) and,
# for a title's mark, by `secret_mark`.

STAMP_WORDS = ("MẬT", "TỐI MẬT", "TUYỆT MẬT", "Tối mật")


def _found_in_body(line: str) -> bool:
    return _codes(_body(line)) == [("body.secret_stamp", 14)]


def _misses(lines: list[str]) -> list[str]:
    return [ascii(line) for line in lines if not (_found_in_body(line) and secret_stamp(line))]


def test_the_invisible_characters_are_every_format_character_unicode_has() -> None:
    import unicodedata

    from builder.core.text import invisible_characters

    format_characters = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    assert format_characters - set(invisible_characters()) == set()
    assert {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"} <= set(
        invisible_characters()
    )


def test_a_stamp_with_an_invisible_character_anywhere_is_found() -> None:
    from builder.core.text import invisible_characters

    lines = [
        word[:i] + char + word[i:]
        for char in invisible_characters()
        for word in STAMP_WORDS
        for i in range(len(word) + 1)
    ]
    assert len(lines) > 4000
    assert _misses(lines) == []


def _lookalikes() -> dict[str, list[str]]:
    """ASCII letter of a stamp → the letters of other scripts the checker takes for it."""
    from builder.core.text import _lookalike_table

    table = _lookalike_table()
    wanted = {"l" if c == "I" else c for c in "MATOIUYE" + "matoiuye"}
    out: dict[str, list[str]] = {}
    for code, letter in table.items():
        if letter in wanted:
            out.setdefault("I" if letter == "l" else letter, []).append(chr(code))
    return out


def test_a_stamp_spelled_with_lookalike_letters_of_other_scripts_is_found() -> None:
    import unicodedata

    lookalikes = _lookalikes()
    lines = []
    for word in ("MẬT", "TỐI MẬT", "TUYỆT MẬT"):
        base = unicodedata.normalize("NFD", word)
        for i, char in enumerate(base):
            for other in lookalikes.get(char, []):
                lines.append(unicodedata.normalize("NFC", base[:i] + other + base[i + 1 :]))
    assert len(lines) > 100
    assert _misses(lines) == []


DISGUISES = (
    "МẬТ",  # Cyrillic Em and Te
    "ΜẬΤ",  # Greek Mu and Tau
    "TỐ\u0406 MẬT",  # Cyrillic Byelorussian-Ukrainian I
    "ΤΥΥỆΤ MẬT".replace("ΥΥ", "U\u03a5"),  # Greek Upsilon, Tau
    "ＭẬＴ",  # fullwidth
    "𝐌𝐀\u0323\u0302𝐓",  # mathematical bold, marks apart
    "𝙼𝙰𝚃",  # monospace, no diacritics
    "Ⓜ\u1eacⓉ",  # circled letters
    "TUYET MAT",
    "Toi mat",
    "T0I MAT",
    "mat",
    "TUYỆTMẬT",
    "TUYỆT\u00adMẬT",
    "M&#7852;T",
    "M&#x1EAC;T",
    "&#77;&#7852;&#84;",
    "M\\*ẬT",
    "M**ẬT**",
    "`MẬT`",
    "[MẬT](https://example.org)",
    "~~MẬT~~",
    "\u202eMẬT\u202c",
)


@pytest.mark.parametrize("line", DISGUISES, ids=ascii)
def test_a_disguised_stamp_is_found(line: str) -> None:
    assert _misses([line]) == []


@pytest.mark.parametrize("row", ["| Độ mật | MẬT |", "| **TUYỆT MẬT** | Số: 12-KH/TU |"])
def test_a_stamp_alone_in_a_table_cell_is_found(row: str) -> None:
    assert _found_in_body(row)


@pytest.mark.parametrize(
    "title",
    ["Kế hoạch (M\u200bẬT)", "Kế hoạch (МẬТ)", "Kế hoạch (TUYET MAT)", "Kế hoạch (Tối\u00admật)"],
    ids=ascii,
)
def test_a_disguised_mark_in_a_title_is_found(title: str) -> None:
    from builder.core.schema import secret_mark

    assert secret_mark(title)


@pytest.mark.parametrize(
    "title", ["Mặt trận Tổ quốc (sửa đổi)", "Bảo mật thông tin (2026)", "Kế hoạch (mật khẩu)"]
)
def test_a_title_about_secrecy_has_no_mark(title: str) -> None:
    from builder.core.schema import secret_mark

    assert secret_mark(title) is None


def test_no_seed_or_fixture_document_reads_as_a_stamp() -> None:
    """The disguise-proof check finds no stamp where there is none: every Markdown file of
    the repository's directives, content and test fixtures but the secrecy cases, and the
    real study guides and full texts the fixtures keep."""
    root = Path(__file__).parents[1]
    files = [
        p
        for folder, pattern in (
            ("directives", "*.md"),
            ("content", "*.md"),
            ("tests/fixtures", "*.md"),
            ("tests/fixtures/seeds", "*.txt"),  # the real study guides and full texts
            ("tests/fixtures", "import-real*/*.txt"),
        )
        for p in (root / folder).rglob(pattern)
        if p.is_file() and not any(w in p.as_posix() for w in ("secret", "stamp", "classif"))
    ]
    assert len(files) > 30 and any(p.suffix == ".txt" for p in files)
    flagged = [
        f"{p.relative_to(root)}:{d.line}"
        for p in files
        for d in scan_body(p.read_text(encoding="utf-8", errors="replace"), 1, (), str(p))
        if d.code == "body.secret_stamp"
    ]
    assert flagged == []
