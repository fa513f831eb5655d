"""/van-ban/cap/, /loai/, /nam/, /chu-de/: each lists its values with their counts, and every
link on them reaches a page of the built site."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import pytest

from builder.core import urls

KINDS = {
    urls.FACET_LEVEL: "Văn bản theo cấp",
    urls.FACET_TYPE: "Văn bản theo loại",
    urls.FACET_YEAR: "Văn bản theo năm",
    urls.FACET_TAG: "Văn bản theo chủ đề",
}


def _links(page: Path) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page.read_text("utf-8"))]


def _target(site: Path, page_url: str, href: str) -> Path | None:
    """The file a relative link of the page at `page_url` opens, or None for another host."""
    if re.match(r"^[a-z]+:|^//", href):
        return None
    path = href.split("#")[0].split("?")[0]
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path or "."))
    assert not resolved.startswith(".."), (page_url, href)
    target = site / resolved.lstrip("./")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_has_a_page_whose_links_all_resolve(repo_site: Path, kind: str) -> None:
    url = urls.facet_index_url(kind)
    page = repo_site / url / "index.html"
    assert page.is_file(), url
    text = page.read_text("utf-8")
    assert f"<h1>{KINDS[kind]}</h1>" in text
    missing = []
    for href in _links(page):
        target = _target(repo_site, url + "index.html", href)
        if target is not None and not target.is_file():
            missing.append(href)
    assert missing == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_value_is_listed_with_the_count_of_its_page(repo_site: Path, kind: str) -> None:
    url = urls.facet_index_url(kind)
    text = (repo_site / url / "index.html").read_text("utf-8")
    entries = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> \((\d+) văn bản\)</li>', text)
    values = sorted(p.parent.name for p in (repo_site / url).glob("*/index.html"))
    assert sorted(href.rstrip("/").rsplit("/", 1)[-1] for href, _, _ in entries) == values
    for href, label, count in entries:
        listed = _target(repo_site, url + "index.html", href)
        assert listed is not None
        documents = listed.read_text("utf-8").count('<li data-level="')
        assert documents == int(count) > 0, label


def test_the_documents_index_links_each_kind_page(repo_site: Path) -> None:
    page = repo_site / urls.INDEX_URL / "index.html"
    links = _links(page)
    for kind in KINDS:
        assert f"../{urls.facet_index_url(kind)}" in links, kind
