"""Hand-written pages and the content folder: only what the checks passed reaches the site.

The refused entries are generated from a table (kind of entry × where it lies), all put into
one project: `sotay check` and `sotay build` must name each of them, refuse alike, and leave
the site already built byte for byte as it was. The plugin's own gate is tested on the path
`serve` takes (errors tolerated): whatever the checks did not pass is not in the site.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.adapter.build import build_site
from builder.core.schema import ASSET_SIGNATURES, ASSET_SUFFIXES, PAGE_LISTS, TITLE_MAX
from builder.pipeline import Result, load_corpus
from builder.read.markdown import parse
from builder.render.content import page_parts
from conftest import FIXTURES, make_project, run_sotay

VALID = FIXTURES / "valid" / "described_parent" / "directives"
PAGE = "---\ntitle: Trang thêm\n---\n\n## Một phần\n\nMột đoạn.\n"
CANARY = "MỘT-CÂU-MẬT-CANARY"
SECRET_PAGE = f"---\ntitle: Tài liệu nội bộ\nclassification: mat\n---\n\n{CANARY}\n"

Make = Callable[[Path], None]


def _file(text: str | bytes) -> Make:
    def make(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    return make


def _link(target: str) -> Make:
    def make(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)

    return make


REFUSED: dict[str, tuple[Make, str]] = {
    # name in content/ → (how it is made, the code that names it)
    "trang.markdown": (_file(SECRET_PAGE), "content.page_suffix"),
    "trang.MD": (_file(SECRET_PAGE), "content.page_suffix"),
    "thu-muc/trang.Md": (_file(SECRET_PAGE), "content.page_suffix"),
    "bao-cao.docx": (_file(b"PK\x03\x04" + CANARY.encode()), "content.not_allowed"),
    "ghi-chu.txt": (_file(CANARY), "content.not_allowed"),
    "trang.html": (_file("<script>alert(1)</script>"), "content.not_allowed"),
    "thu-muc/ma.js": (_file("alert(1)"), "content.not_allowed"),
    ".htaccess": (_file("Options +Indexes"), "content.hidden"),
    ".an/trang.md": (_file(SECRET_PAGE), "content.hidden"),
    "assets/so-do.svg": (_file('<svg onload="alert(1)"/>'), "content.asset_type"),
    "assets/trang.html": (_file("<script>alert(1)</script>"), "content.asset_type"),
    "assets/trang.md": (_file(SECRET_PAGE), "content.asset_type"),
    "assets/anh.PNG": (_file(b"\x89PNG"), "content.asset_type"),
    "lien-ket.md": (_link("/etc/passwd"), "file.symlink"),
    "lien-ket-trong.md": (_link("huong-dan.md"), "file.symlink"),
    "thu-muc-lien-ket": (_link("../directives"), "file.symlink"),
    "assets/anh-lien-ket.png": (_link("/etc/hostname"), "file.symlink"),
    "mat.md": (_file(SECRET_PAGE), "classification.secret"),
}
"""Every entry the content folder may not publish; the canary text is in the secret ones."""

DIRECTIVES_REFUSED = {"lien-ket.md": _link("57-ct-tw.md"), "toan-van/lien-ket.md": _link("x.md")}


def _tree_digest(folder: Path) -> str:
    digest = hashlib.blake2b()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def refused_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The repository's project, built once, then given every refused entry."""
    project = make_project(tmp_path_factory.mktemp("refused") / "project")
    done = run_sotay("build", cwd=project)
    assert done.returncode == 0, done.stderr
    before = _tree_digest(project / "site")
    for name, (make, _) in REFUSED.items():
        make(project / "content" / name)
    for name, make in DIRECTIVES_REFUSED.items():
        make(project / "directives" / name)
    yield project, before
    shutil.rmtree(project, ignore_errors=True)


def _reported(name: str) -> str:
    """The entry an error names: a hidden folder, not the files inside it."""
    parts = name.split("/")
    hidden = next((i for i, part in enumerate(parts) if part.startswith(".")), len(parts) - 1)
    return "/".join(parts[: hidden + 1])


def _named(output: str, rel: str, code_text: str) -> bool:
    return any(line.startswith(f"{rel}:") and code_text in line for line in output.splitlines())


CODE_TEXT = {
    "content.page_suffix": 'phải có đuôi ".md" (chữ thường)',
    "content.not_allowed": "không được đưa lên trang: thư mục content/ chỉ nhận",
    "content.hidden": "tệp hay thư mục ẩn",
    "content.asset_type": "không thuộc loại được đưa lên trang",
    "file.symlink": "liên kết tượng trưng (symlink)",
    "classification.secret": 'văn bản mật ("mat")',
}


@pytest.mark.parametrize("command", ["check", "build"])
def test_check_and_build_name_every_refused_entry(
    refused_project: tuple[Path, str], command: str
) -> None:
    project, before = refused_project
    done = run_sotay(command, cwd=project)
    assert done.returncode == 1
    missing = [
        name
        for name, (_, code) in REFUSED.items()
        if not _named(done.stderr, f"content/{_reported(name)}", CODE_TEXT[code])
    ]
    missing += [
        name
        for name in DIRECTIVES_REFUSED
        if not _named(done.stderr, f"directives/{name}", CODE_TEXT["file.symlink"])
    ]
    assert missing == []
    assert "Traceback" not in done.stderr
    assert _tree_digest(project / "site") == before  # the previous site is untouched


def test_check_and_build_report_the_same_lines(refused_project: tuple[Path, str]) -> None:
    project, _ = refused_project
    check = run_sotay("check", cwd=project).stderr.splitlines()
    build = run_sotay("build", cwd=project).stderr.splitlines()
    assert build[: len(check)] == check and len(check) > len(REFUSED)


def test_the_plugin_drops_what_the_checks_did_not_pass(
    refused_project: tuple[Path, str], tmp_path: Path
) -> None:
    """`serve` builds with errors tolerated: even then nothing refused reaches the site."""
    project, _ = refused_project
    result = load_corpus(project)
    assert not result.ok
    tolerant = Result(result.corpus, [d for d in result.diagnostics if not d.is_error])
    assert build_site(project / "mkdocs.yml", tmp_path / "site", tolerant) is None
    site = tmp_path / "site"
    for name in REFUSED:
        assert not (site / name).exists(), name
        assert not (site / Path(name).with_suffix("") / "index.html").exists(), name
    text = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert CANARY.encode() not in text
    assert (site / "huong-dan" / "index.html").is_file()  # the good pages are built


def _asset(suffix: str) -> bytes:
    """A file of that type as far as its checks read: a real PDF, a picture's signature."""
    if suffix == ".pdf":
        return (FIXTURES / "assets" / "bao-cao-sach.pdf").read_bytes()
    offset, signature = ASSET_SIGNATURES[suffix]
    return b"RIFF\x00\x00\x00\x00"[:offset] + signature + suffix.encode()


def test_declared_assets_are_copied_and_linked(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    for suffix in ASSET_SUFFIXES:
        (project / "content" / "assets").mkdir(exist_ok=True)
        (project / "content" / "assets" / f"tep{suffix}").write_bytes(_asset(suffix))
    (project / "content" / "thu-muc").mkdir()
    (project / "content" / "thu-muc" / "so-do.md").write_text(
        "---\ntitle: Sơ đồ\n---\n\n## Sơ đồ\n\n![Sơ đồ](../assets/tep.png) "
        "[bản in](../assets/tep.pdf), [hướng dẫn](../huong-dan.md#in).\n",
        encoding="utf-8",
    )
    done = run_sotay("build", cwd=project)
    assert done.returncode == 0, done.stderr
    site = project / "site"
    for suffix in ASSET_SUFFIXES:
        assert (site / "assets" / f"tep{suffix}").read_bytes() == _asset(suffix)
    html = (site / "thu-muc" / "so-do" / "index.html").read_text(encoding="utf-8")
    assert '<img src="../../assets/tep.png" alt="Sơ đồ" />' in html
    assert '<a href="../../assets/tep.pdf">bản in</a>' in html
    assert '<a href="../../huong-dan/#in">hướng dẫn</a>' in html


def _parts(body: str, src: str) -> tuple[tuple[str, str], ...]:
    parts, _ = page_parts(parse(body), src)
    return parts


def test_a_list_line_becomes_a_cut_and_raw_html_stays_text() -> None:
    body = "Trước.\n\n<!-- sotay:van-ban-moi -->\n\nSau <b>đậm</b>.\n\n- <!-- sotay:da-luu -->\n"
    assert _parts(body, "index.md") == (
        ("html", "<p>Trước.</p>\n"),
        ("list", "van-ban-moi"),
        (
            "html",
            "<p>Sau &lt;b&gt;đậm&lt;/b&gt;.</p>\n<ul>\n<li>&lt;!-- sotay:da-luu --&gt;</li>\n</ul>\n",
        ),
    )


@pytest.mark.parametrize(
    ("src", "href", "shown"),
    [
        ("index.md", "huong-dan.md", "huong-dan/"),
        ("index.md", "van-ban/index.md", "van-ban/"),
        ("huong-dan.md", "van-ban/index.md", "../van-ban/"),
        ("huong-dan.md", "index.md#tim", "../#tim"),
        ("a/b.md", "../index.md", "../../"),
        ("a/index.md", "b.md", "../a/b/"),
        ("huong-dan.md", "assets/x.pdf", "../assets/x.pdf"),
        ("huong-dan.md", "https://example.org/a.md", "https://example.org/a.md"),
        ("huong-dan.md", "#tim-van-ban", "#tim-van-ban"),
    ],
)
def test_links_to_pages_and_files_point_at_their_urls(src: str, href: str, shown: str) -> None:
    ((_, html),) = _parts(f"[x]({href})\n", src)
    assert html == f'<p><a href="{shown}">x</a></p>\n'


def test_every_list_a_page_may_ask_for_is_filled_in(repo_site: Path) -> None:
    home = (repo_site / "index.html").read_text(encoding="utf-8")
    saved = (repo_site / "xem-sau" / "index.html").read_text(encoding="utf-8")
    assert "sotay:" not in home + saved
    assert 'href="van-ban/57-ct-tw/"' in home and 'href="dot-hoc-tap/27-hd-bxdddu/"' in home
    assert "data-sotay-saved" in saved and "data-sotay-recent" in saved
    assert set(PAGE_LISTS) == {"cac-dot-hoc-tap", "van-ban-moi", "da-luu", "doc-gan-day"}


def test_a_file_name_cannot_forge_a_diagnostic_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(VALID, project / "directives")
    forged = "x.md:1: lỗi: giả\n\x1b[2Kdirectives\u2028y.md"
    (project / "directives" / forged).write_text("", encoding="utf-8")
    done = run_sotay("check", cwd=project)
    lines = done.stderr.splitlines()
    assert lines == [
        "directives/x.md:1: lỗi: giả\\n\\x1b[2Kdirectives\\u2028y.md:1: lỗi: tệp rỗng (gợi ý: "
        "viết phần thông tin đầu tệp và ba phần tóm tắt, hoặc tạo tệp mẫu: sotay new <số hiệu>)"
    ]


def test_a_long_title_says_its_length_as_vietnamese_writes_it(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(VALID, project / "directives")
    page = project / "content" / "trang.md"
    page.parent.mkdir()
    page.write_text(f"---\ntitle: {'a' * 2000}\n---\n\nMột đoạn.\n", encoding="utf-8")
    shown = [d.format() for d in load_corpus(project).diagnostics]
    assert shown == [
        f"content/trang.md:2: cảnh báo: tên dài 2.000 ký tự, quá mức {TITLE_MAX} ký tự (gợi ý: "
        'kiểm tra xem có dán nhầm cả đoạn văn vào "title" không; tên chỉ là trích yếu)'
    ]
    page.write_text(f"---\ntitle: {'a' * TITLE_MAX}\n---\n\nMột đoạn.\n", encoding="utf-8")
    assert load_corpus(project).diagnostics == []


def test_the_guide_page_reads_right_on_a_phone(browser: Any, site_url: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{site_url}/huong-dan/")
    link = page.get_by_role("link", name="Tất cả văn bản").last
    assert link.get_attribute("href") == "../van-ban/"
    paragraph = page.locator("article p", has_text="Hoặc mở").inner_text()
    assert paragraph.startswith("Hoặc mở Tất cả văn bản: văn bản xếp theo cấp")
    page.screenshot(path=str(tmp_path / "huong-dan-360.png"), full_page=True)
    if os.environ.get("SOTAY_SHOTS"):
        shutil.copy(tmp_path / "huong-dan-360.png", os.environ["SOTAY_SHOTS"])
    link.click()
    page.wait_for_url(f"{site_url}/van-ban/")
    page.close()


def test_an_implements_number_without_a_file_stays_on_the_page_as_text() -> None:
    from builder.render.pages import directive_page

    result = load_corpus(FIXTURES / "invalid" / "implements.missing_file" / "bare_number")
    assert [d.code for d in result.diagnostics] == ["implements.missing_file"]
    (directive,) = result.corpus.directives.values()
    html = directive_page(directive, result.corpus, "../../").html
    (line,) = [line for line in html.splitlines() if "99-CT/TW" in line]
    assert line == (
        '<li data-ref="99-CT/TW"><strong class="nw">99-CT/TW</strong> '
        '<span class="vb-note">(chưa có bản tóm tắt)</span></li>'
    )
