"""The theme's chrome rendered once per key (`plugin._chrome_key`): the same key, the same
links; a page that may share a folder with what the chrome links to gets none."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, normalize_url

from builder.adapter.plugin import _chrome_key

LINKS = ["assets/stylesheets/main.css", "assets/sotay.js", "js/extra.js", "."]


def _config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "x",
            "docs_dir": str(tmp_path / "docs"),
            "site_dir": str(tmp_path / "site"),
            "extra_javascript": ["assets/sotay.js", "js/extra.js"],
        }
    )
    failed, _ = config.validate()
    assert not failed
    return config


def _page(src: str, config: MkDocsConfig) -> Page:
    file = File(src, config.docs_dir, config.site_dir, use_directory_urls=True)
    return Page(None, file, config)


def _key(page: Page, config: MkDocsConfig) -> object:
    return _chrome_key(page, get_relative_url(".", page.url), config)


def test_pages_with_one_key_link_alike(tmp_path: Path) -> None:
    config = _config(tmp_path)
    pages = [
        _page(src, config)
        for src in ("index.md", "van-ban/index.md", "van-ban/a.md", "van-ban/b.md", "x/y/z.md")
    ]
    by_key: dict[object, set[tuple[str, ...]]] = {}
    for page in pages:
        key = _key(page, config)
        assert key is not None
        shown = tuple(normalize_url(link, page=page) for link in LINKS)
        by_key.setdefault(key, set()).add(shown)
    assert all(len(links) == 1 for links in by_key.values())
    assert len(by_key) == 4  # depths 0, 1 (van-ban/), 2 (van-ban/a/), 3


def test_a_page_beside_what_the_chrome_links_gets_none(tmp_path: Path) -> None:
    config = _config(tmp_path)
    for src in ("assets/page.md", "js/page.md"):
        page = _page(src, config)
        assert _key(page, config) is None
        # (its link differs from a page's of the same depth elsewhere: why it gets none)
        other = _page("van-ban/page.md", config)
        assert normalize_url("assets/sotay.js", page=page) != normalize_url(
            "assets/sotay.js", page=other
        ) or normalize_url("js/extra.js", page=page) != normalize_url("js/extra.js", page=other)


def test_a_translation_has_its_own_key(tmp_path: Path) -> None:
    config = _config(tmp_path)
    plain, translated = _page("van-ban/a.md", config), _page("van-ban/b.md", config)
    translated.meta["sotay_lang"] = "km"
    assert _key(plain, config) != _key(translated, config)
    assert _chrome_key(None, ".", config) is None
