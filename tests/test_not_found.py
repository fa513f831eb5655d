"""The 404 page's search: it knows the site's root, never a protocol-relative "//" host."""

from __future__ import annotations

import re
from pathlib import Path


def _bases(page: Path) -> list[str]:
    return re.findall(r'data-base="([^"]*)"', page.read_text(encoding="utf-8"))


def test_the_404_page_searches_the_site_root(repo_site: Path) -> None:
    assert _bases(repo_site / "404.html") == ["/"]


def test_every_page_searches_relative_to_itself(repo_site: Path) -> None:
    pages = sorted(p for p in repo_site.rglob("index.html"))
    bases = {p.relative_to(repo_site).as_posix(): _bases(p) for p in pages}
    wrong = {
        page: found
        for page, found in bases.items()
        if found and (found[0].startswith("//") or not found[0].endswith("/"))
    }
    assert len(bases) > 20 and wrong == {}
    assert bases["index.html"] == ["./"]
