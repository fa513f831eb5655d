"""What MkDocs' page loop spends on each of our pages, and what it is spared (issue 20: the
build's time at 1,000 directives; figures in tests/bench/build.py, never asserted here)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from builder.adapter.build import build_site
from builder.outputs.offline import manifest_entry, page_title
from builder.pipeline import load_corpus
from conftest import make_project


def test_no_page_of_ours_makes_a_python_markdown_converter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page's HTML is ours (on_page_content): MkDocs' Page.render would make a converter
    per page to convert an empty text."""
    project = make_project(tmp_path / "project")
    result = load_corpus(project)
    made: list[object] = []
    real_init = markdown.Markdown.__init__

    def counted(self: markdown.Markdown, **options: object) -> None:
        made.append(self)
        real_init(self, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(markdown.Markdown, "__init__", counted)
    site = tmp_path / "site"
    assert build_site(project / "mkdocs.yml", site, result) is None
    assert (site / "index.html").is_file() and len(list(site.rglob("index.html"))) > 10
    assert len(made) == 1  # mkdocs.yml's check of markdown_extensions; no page's


HEAD = (
    "<!doctype html><html><head><meta charset=utf-8>"
    "<!-- </title> --><title>Chỉ thị 05 &amp; kế hoạch - Sổ tay</title>"
    '<link rel="stylesheet" href="a.css"><script>var t = "<title>x</title>";</script>'
    "</head><body><title>not this</title></body></html>"
)


def test_a_page_title_is_the_heads_first_title_even_after_a_commented_end_tag() -> None:
    assert page_title(HEAD, "Sổ tay") == "Chỉ thị 05 & kế hoạch"
    _, title = manifest_entry("a/index.html", HEAD.encode("utf-8"), "Sổ tay")
    assert title == "Chỉ thị 05 & kế hoạch"
    assert page_title("<head><meta name=x></head>", "Sổ tay") == "Sổ tay"


def test_the_manifest_parses_a_page_only_up_to_its_title(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thousand pages' heads (their styles, config and scripts) are not parsed for a title
    read at their start."""
    seen: list[str] = []
    real = HTMLParser.parse_starttag

    def recorded(self: HTMLParser, i: int) -> int:
        end = real(self, i)
        seen.append(self.lasttag)
        return end

    monkeypatch.setattr(HTMLParser, "parse_starttag", recorded)
    page = HEAD.replace("<!-- </title> -->", "")
    assert page_title(page, "Sổ tay") == "Chỉ thị 05 & kế hoạch"
    assert seen == ["html", "head", "meta", "title"]
