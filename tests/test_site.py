"""The repository's content built into a site: pages, sections, metadata, determinism."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from builder.pipeline import load_corpus
from builder.read.sections import REQUIRED
from conftest import REPO, make_project, run_sotay

SEED_SLUGS = [
    "02-nq-tw",
    "04-ct-tw",
    "18-ctr-tu",
    "19-ctr-tu",
    "20-ctr-tu",
    "57-ct-tw",
    "64-kh-tu",
    "tinh-chuong-trinh-hanh-dong-57-ct-tw",
    "xa-ke-hoach-tuyen-truyen-57-ct-tw",
]


class _Headings(HTMLParser):
    """Collects (tag, id, text) of h1/h2 and the meta description."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str, str]] = []
        self.description: str | None = None
        self.title = ""
        self._open: tuple[str, str] | None = None
        self._text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("h1", "h2"):
            self._open, self._text = (tag, values.get("id") or ""), []
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content")
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            self.headings.append((*self._open, "".join(self._text).strip()))
            self._open = None
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)
        if self._in_title:
            self.title += data


def _parse(path: Path) -> _Headings:
    parser = _Headings()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_repository_content_passes_strict_check() -> None:
    done = run_sotay("check", "--strict")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Kiểm tra xong: 9 văn bản, 2 đợt học tập hợp lệ; 0 lỗi, 0 cảnh báo.\n"


def test_every_seed_directive_has_a_page_with_its_three_sections(repo_site: Path) -> None:
    corpus = load_corpus(REPO).corpus
    assert sorted(corpus.directives) == SEED_SLUGS
    for slug, directive in corpus.directives.items():
        page = _parse(repo_site / "van-ban" / slug / "index.html")
        h2 = [(anchor, text) for tag, anchor, text in page.headings if tag == "h2"]
        keyed = {s.key: (s.anchor, s.title) for s in directive.sections if s.key}
        for key in ("boi-canh", "noi-dung", "goi-y"):
            if key in directive.absent:
                assert (key, REQUIRED[key]) in h2  # the notice keeps the part's own heading
            else:
                assert keyed[key] in h2
        assert page.title.startswith(f"{directive.display_number}: ")


def test_absent_section_says_the_source_gives_none(repo_site: Path) -> None:
    html = (repo_site / "van-ban" / "02-nq-tw" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="goi-y">Gợi ý liên hệ, vận dụng</h2>' in html
    assert "Phụ lục 1 không nêu phần gợi ý liên hệ, vận dụng cho văn bản này." in html


def test_implements_chain_is_linked_both_ways(repo_site: Path) -> None:
    child = (repo_site / "van-ban" / "20-ctr-tu" / "index.html").read_text(encoding="utf-8")
    parent = (repo_site / "van-ban" / "57-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../van-ban/57-ct-tw/"><strong class="nw">57-CT/TW</strong></a>' in child
    assert "Văn bản triển khai" in parent
    assert '<a href="../../van-ban/20-ctr-tu/"><strong class="nw">20-CTr/TU</strong></a>' in parent
    described = (repo_site / "van-ban" / "18-ctr-tu" / "index.html").read_text(encoding="utf-8")
    assert (
        '<strong class="nw">58-CT/TW</strong> — Chỉ thị ngày 10/01/2026 của Ban Bí thư' in described
    )


def test_index_groups_documents_by_level_newest_first(repo_site: Path) -> None:
    page = _parse(repo_site / "van-ban" / "index.html")
    assert [h for h in page.headings if h[0] == "h2"] == [
        ("h2", "trung-uong", "Trung ương (3)"),
        ("h2", "tinh", "Tỉnh (5)"),
        ("h2", "xa", "Xã (1)"),
    ]
    html = (repo_site / "van-ban" / "index.html").read_text(encoding="utf-8")
    order = [
        html.index(f"van-ban/{slug}/")
        for slug in ("02-nq-tw", "57-ct-tw", "20-ctr-tu", "64-kh-tu", "19-ctr-tu", "18-ctr-tu")
    ]
    assert order[:2] == sorted(order[:2]) and order[2:] == sorted(order[2:])
    undated = html.index("van-ban/tinh-chuong-trinh-hanh-dong-57-ct-tw/")
    assert undated > order[-1]  # a document without a date comes last in its level


NUMBERLESS = {
    "tinh-chuong-trinh-hanh-dong-57-ct-tw": "Chương trình hành động của Ban Thường vụ Tỉnh ủy",
    "xa-ke-hoach-tuyen-truyen-57-ct-tw": "Kế hoạch của Ban Thường vụ Đảng ủy xã",
}
"""The seed documents that carry no number, named by their kind and issuer."""


def test_documents_without_number_say_so_and_build_without_warning(repo_site: Path) -> None:
    for slug in NUMBERLESS:
        page = _parse(repo_site / "van-ban" / slug / "index.html")
        assert page.title.startswith(f"{NUMBERLESS[slug]}: ")
        html = (repo_site / "van-ban" / slug / "index.html").read_text(encoding="utf-8")
        assert "<dt>Số hiệu</dt><dd>Không ghi số hiệu</dd>" in html
        assert "<dd>Chưa rõ ngày</dd>" in html
    listing = (repo_site / "van-ban" / "cap" / "xa" / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{NUMBERLESS['xa-ke-hoach-tuyen-truyen-57-ct-tw']}</strong>" in listing


def test_full_text_page_keeps_the_document_structure(repo_site: Path) -> None:
    html = (repo_site / "van-ban" / "57-ct-tw" / "toan-van" / "index.html").read_text("utf-8")
    headings = re.findall(r'<h2 id="(muc-\d)">(\d)\. ', html)
    assert headings == [(f"muc-{n}", str(n)) for n in range(1, 7)]
    assert '<p class="tv-number">Số <span class="nw">57-CT/TW</span></p>' in html
    assert html.index("Nơi nhận") > html.index('id="muc-6"')
    assert html.index("Trần Cẩm Tú") > html.index("Nơi nhận")
    summary = (repo_site / "van-ban" / "57-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert '<a class="md-button vb-fulltext" href="toan-van/">Đọc toàn văn</a>' in summary
    province = repo_site / "van-ban" / "tinh-chuong-trinh-hanh-dong-57-ct-tw" / "toan-van"
    parts = re.findall(r'<h([23]) id="(muc-[^"]+)"', (province / "index.html").read_text("utf-8"))
    assert parts == [
        ("2", "muc-i"),
        ("2", "muc-ii"),
        *[("3", f"muc-ii-{n}") for n in range(1, 6)],
        ("2", "muc-iii"),
    ]


def test_every_page_has_a_meta_description(repo_site: Path) -> None:
    pages = [p for p in repo_site.rglob("index.html")]
    assert len(pages) >= 10
    for page in pages:
        description = _parse(page).description
        assert description, page
    meta = _parse(repo_site / "van-ban" / "57-ct-tw" / "index.html").description
    assert meta == (
        "Về tăng cường bảo đảm an ninh mạng, bảo mật thông tin, an ninh dữ liệu trong hệ thống "
        "chính trị. Thời gian qua, công tác bảo đảm an ninh mạng, bảo mật thông tin, an ninh dữ "
        "liệu được các cấp ủy, tổ chức đảng quan tâm lãnh đạo, chỉ đạo; hành lang pháp lý từng "
        "bước hoàn thiện; năng lực kỹ thuật bảo đảm an ninh mạng của một số cơ quan…"
    )


def test_no_page_loads_anything_from_another_host(repo_site: Path) -> None:
    loads = re.compile(
        r"""<(?:script|img|link|iframe|source|video|audio)\b[^>]*?\b(?:src|href)=["']?([^"'\s>]+)"""
    )
    css_url = re.compile(r"url\(\s*['\"]?([^'\")]+)")
    remote = []
    for path in sorted(repo_site.rglob("*")):
        if path.suffix == ".html":
            remote += [
                (path.name, u) for u in loads.findall(path.read_text(encoding="utf-8")) if "//" in u
            ]
        elif path.suffix == ".css":
            remote += [
                (path.name, u)
                for u in css_url.findall(path.read_text(encoding="utf-8"))
                if "//" in u
            ]
    assert remote == []


def test_navigation_does_not_list_every_document(repo_site: Path) -> None:
    html = (repo_site / "van-ban" / "57-ct-tw" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "20-ctr-tu" not in nav and "64-kh-tu" not in nav


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    first = run_sotay("--root", str(project), "build")
    snapshot = tree_digest(project / "site")
    second = run_sotay("--root", str(project), "build", "--site-dir", str(tmp_path / "again"))
    assert first.returncode == second.returncode == 0
    assert tree_digest(tmp_path / "again") == snapshot
