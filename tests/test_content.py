"""The repository's real content stays faithful to the seeds it was condensed from."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from builder.read.source import load_source
from conftest import FIXTURES, REPO

SEEDS = {
    "57-ct-tw": "000_a60ddfcd73adb11d.txt",
    "02-nq-tw": "004_a6e3e6db9fb79925.txt",
    "04-ct-tw": "004_a6e3e6db9fb79925.txt",
    "18-ctr-tu": "004_a6e3e6db9fb79925.txt",
    "19-ctr-tu": "004_a6e3e6db9fb79925.txt",
    "20-ctr-tu": "004_a6e3e6db9fb79925.txt",
    "64-kh-tu": "004_a6e3e6db9fb79925.txt",
    "tinh-chuong-trinh-hanh-dong-57-ct-tw": "002_33e26a63c4379b83.txt",
    "xa-ke-hoach-tuyen-truyen-57-ct-tw": "001_2f250635ba4e0a81.txt",
}
FULL_TEXTS = {
    "57-ct-tw": "003_06a25ff493abcfd6.txt",
    "tinh-chuong-trinh-hanh-dong-57-ct-tw": "002_33e26a63c4379b83.txt",
    "xa-ke-hoach-tuyen-truyen-57-ct-tw": "001_2f250635ba4e0a81.txt",
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


@pytest.mark.parametrize("slug", sorted(SEEDS))
def test_every_number_of_a_summary_is_in_its_seed(slug: str) -> None:
    source, problems = load_source(REPO, REPO / "directives" / f"{slug}.md")
    assert source is not None and problems == []
    seed = (FIXTURES / "seeds" / SEEDS[slug]).read_text(encoding="utf-8")
    body = re.sub(r"^#{2,4} \d+(?:\.\d+)*\.? ", "", source.body, flags=re.MULTILINE)
    body = re.sub(r"\*\*\d+(?:\.\d+)*\.\*\*|\*\*\d+(?:\.\d+)*\.\s", "", body)
    missing = sorted(n for n in _numbers(body) if n not in seed)
    assert missing == []


@pytest.mark.parametrize("slug", sorted(FULL_TEXTS))
def test_a_full_text_keeps_every_word_of_its_seed_in_order(slug: str) -> None:
    """Only line breaks may differ: page-break joins are the one change allowed."""
    source, problems = load_source(REPO, REPO / "directives" / "toan-van" / f"{slug}.md")
    assert source is not None and problems == []
    seed = (FIXTURES / "seeds" / FULL_TEXTS[slug]).read_text(encoding="utf-8")
    body = "".join(source.body.split())
    assert len(body) > 5000
    assert body in "".join(seed.split())


@pytest.mark.parametrize(
    "path", sorted((REPO / "directives").rglob("*.md")), ids=lambda p: p.as_posix()[-40:]
)
def test_content_files_are_clean_utf8_nfc(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    assert unicodedata.normalize("NFC", text) == text
    assert not [line for line in text.splitlines() if line != line.rstrip()]


def test_first_pages_a_reader_meets_have_no_broken_wording(repo_site: Path) -> None:
    home = (repo_site / "index.html").read_text(encoding="utf-8")
    assert "ngày Chưa rõ ngày" not in home and "ngày chưa rõ ngày" not in home
    assert "<strong>Chương trình hành động của Ban Thường vụ Tỉnh ủy</strong></a>: " in home
    guide = (repo_site / "huong-dan" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", guide)
    assert "- Hoặc mở" not in text and "Hoặc mở Tất cả văn bản" in text
