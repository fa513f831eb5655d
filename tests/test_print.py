"""What a presenter gets on paper: each outline and each campaign bundle printed to A4 PDF."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from builder.pipeline import load_corpus
from builder.render.print_css import print_label
from conftest import REPO, run_sotay

CORPUS = load_corpus(REPO).corpus
UI_TEXTS = [
    "Tìm kiếm",
    "Tìm số hiệu",
    "Trang chủ",
    "Hướng dẫn sử dụng",
    "In đề cương",
    "Sao chép liên kết",
    "Mọi cấp",
]


def pdf_pages(path: Path) -> list[str]:
    count = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout,
        ).group(1)
    )
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def _words(text: str, footer: str = "") -> list[str]:
    """Words of a text, without the page footer (running label and page numbers)."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text = re.sub(r"Trang \d+ / \d+", " ", text)
    if footer:
        text = text.replace(footer, " ")
    # pdftotext may drop a hyphen or dash that ends a printed line ("châu Á -⏎Thái" comes
    # back as "châu Á Thái"), so dashes are compared as spaces on both sides.
    return re.sub(r"[-‐‑–—]", " ", text).split()


def print_to_pdf(browser: Any, url: str, path: Path) -> tuple[list[str], str]:
    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    page.pdf(path=str(path), format="A4", prefer_css_page_size=True)
    shown = page.locator(".dc").evaluate_all("els => els.map(e => e.innerText).join('\\n')")
    page.close()
    return pdf_pages(path), shown


@pytest.mark.parametrize("slug", sorted(CORPUS.directives))
def test_outline_prints_on_at_most_two_pages_with_every_heading(
    browser: Any, site_url: str, tmp_path: Path, slug: str
) -> None:
    pages, shown = print_to_pdf(
        browser, f"{site_url}/van-ban/{slug}/de-cuong/", tmp_path / f"{slug}.pdf"
    )
    assert 1 <= len(pages) <= 2
    assert all(_words(p) for p in pages), "a printed page is blank"
    text = unicodedata.normalize("NFC", " ".join(pages))
    flat = " ".join(text.split())
    for heading in CORPUS.directives[slug].headings:
        assert " ".join(heading.title.split()) in flat
    for ui in UI_TEXTS:
        assert ui not in text
    footer = f"{print_label(CORPUS.directives[slug])} · Đề cương"
    for number, page in enumerate(pages, 1):
        assert footer in page and f"Trang {number} / {len(pages)}" in page
    # A line break at a number's hyphen ("57-⏎CT/TW") may come back with or without the
    # hyphen: the printed text is compared with its spaces and dashes removed.
    assert "".join(_words(" ".join(pages), footer)) == "".join(_words(shown))


def test_outline_keeps_the_blank_lines_of_an_absent_part(
    site_url: str, browser: Any, tmp_path: Path
) -> None:
    pages, _ = print_to_pdf(browser, f"{site_url}/van-ban/02-nq-tw/de-cuong/", tmp_path / "02.pdf")
    text = " ".join(" ".join(pages).split())
    assert (
        "Gợi ý liên hệ, vận dụng – Nguồn không nêu phần này; báo cáo viên tự liên hệ thực tế. Liên hệ thực tế của chi bộ"
        in text
    )
    assert text.count("Liên hệ thực tế của chi bộ") == 3


def test_every_page_prints_without_site_chrome(browser: Any, site_url: str, tmp_path: Path) -> None:
    pages, _ = print_to_pdf(browser, f"{site_url}/van-ban/57-ct-tw/", tmp_path / "page.pdf")
    text = " ".join(pages)
    assert "Bối cảnh, sự cần thiết ban hành Chỉ thị" in text
    for ui in UI_TEXTS:
        assert ui not in text
    assert all(_words(p) for p in pages)


MIN_LINES = 12
"""A printed page of a bundle, the last apart, holds more than this many lines of text."""


@pytest.mark.parametrize("slug", sorted(CORPUS.campaigns))
def test_campaign_bundle_shares_sheets_and_keeps_each_header_with_its_text(
    tmp_path: Path, slug: str
) -> None:
    """`sotay pdf <campaign>`: a cover with blank lines for the presenter, outlines that follow
    one another (no sheet with only a few lines), each header on the page of its first point,
    and each page's footer naming the bundle once."""
    campaign = CORPUS.campaigns[slug]
    output = tmp_path / "bundle.pdf"
    done = run_sotay("pdf", slug, "-o", str(output))
    assert (done.returncode, done.stderr) == (0, ""), done
    text = subprocess.run(
        ["pdftotext", "-layout", str(output), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = unicodedata.normalize("NFC", text).split("\f")[:-1]
    lines = [[line.strip() for line in p.splitlines() if line.strip()] for p in pages]
    assert [len(page) for page in lines[:-1] if len(page) <= MIN_LINES] == []
    for label in ("Báo cáo viên:", "Chi bộ:", "Ngày sinh hoạt:"):
        assert any(re.fullmatch(rf"{label} …{{30,}}", line) for line in lines[0]), label
    for d in CORPUS.summarised(campaign):
        kicker = f"ĐỀ CƯƠNG BÁO CÁO · {d.kind_and_number.upper()}"
        at = [n for n, page in enumerate(pages) if kicker in " ".join(page.split())]
        assert len(at) == 1, d.display_number
        first = next(i for i in d.outline if i.kind == "point")
        assert " ".join(_words(first.text)[:4]) in " ".join(_words(pages[at[0]])), d.slug
        assert d.display_number in " ".join(pages[at[0]].split())
    footers = [" ".join(page[-1].split()) for page in lines]
    names = [campaign.label] + [f"{campaign.label} · Tập đề cương"] * (len(pages) - 1)
    if campaign.form:
        assert "Phụ lục 2" in pages[-1]
        names[-1] = campaign.label
    for number, (footer, name) in enumerate(zip(footers, names, strict=True), 1):
        assert footer == f"{name} Trang {number} / {len(pages)}", footer


def layout_footers(path: Path) -> list[str]:
    """Each printed page's footer as `pdftotext -layout` lays it out: its last two lines."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = unicodedata.normalize("NFC", text).split("\f")[:-1]
    return [" ".join(" ".join(p.strip().splitlines()[-2:]).split()) for p in pages]


def assert_each_footer_names_one_document(
    footers: list[str], names: list[str], keys: set[str]
) -> None:
    """Page n's footer holds `names[n]`, "Trang n / m", and one document's key (number) once."""
    for number, (footer, name) in enumerate(zip(footers, names, strict=True), 1):
        assert name in footer and f"Trang {number} / {len(footers)}" in footer, footer
        assert footer.count("Trang ") == 1, footer
        assert sum(footer.count(key) for key in keys) == 1, footer


def test_sotay_pdf_writes_an_outline_with_its_number_in_the_footer(tmp_path: Path) -> None:
    done = run_sotay("pdf", "57 ct tw", "-o", str(tmp_path / "57.pdf"))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"Đã in 57-CT/TW ra {tmp_path / '57.pdf'}\n"
    pages = pdf_pages(tmp_path / "57.pdf")
    assert len(pages) <= 2
    footers = layout_footers(tmp_path / "57.pdf")
    assert_each_footer_names_one_document(
        footers, ["57-CT/TW · Đề cương"] * len(pages), {"57-CT/TW"}
    )
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "57.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_sotay_pdf_of_an_unknown_target_explains_itself(tmp_path: Path) -> None:
    done = run_sotay("pdf", "99-XX/YY", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 1
    assert done.stderr.startswith('lỗi: không có văn bản hay đợt học tập "99-XX/YY"')
    assert not (tmp_path / "x.pdf").exists()


def test_full_text_prints_as_the_paper_document(
    browser: Any, site_url: str, tmp_path: Path
) -> None:
    pages, _ = print_to_pdf(browser, f"{site_url}/van-ban/57-ct-tw/toan-van/", tmp_path / "tv.pdf")
    assert 4 <= len(pages) <= 9
    first = " ".join(pages[0].split())
    assert first.startswith("BAN CHẤP HÀNH TRUNG ƯƠNG")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "Số 57-CT/TW" in first
    assert "CHỈ THỊ CỦA BAN BÍ THƯ" in first
    text = " ".join(" ".join(pages).split())
    for n in range(1, 7):
        assert f" {n}. " in text
    last = " ".join(pages[-1].split())
    assert "Nơi nhận:" in last and "Trần Cẩm Tú" in last and "T/M BAN BÍ THƯ" in last
    body = text.replace("57-CT/TW · Toàn văn", "")
    for ui in [*UI_TEXTS, "Toàn văn", "Xem bản tóm tắt", "In toàn văn"]:
        assert ui not in body
    for number, page in enumerate(pages, 1):
        assert "57-CT/TW · Toàn văn" in page and f"Trang {number} / {len(pages)}" in page
