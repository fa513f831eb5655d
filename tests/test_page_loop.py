"""What MkDocs' page loop spends on each of our pages, and what it is spared (issue 20: the
build's time at 1,000 directives; figures in tests/bench/build.py, never asserted here)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import jinja2.runtime
import markdown
import pytest

from builder.adapter.build import build_site
from builder.outputs.offline import manifest_entry, page_title
from builder.pipeline import load_corpus
from conftest import make_project


class Counted(NamedTuple):
    site: Path
    converters: int
    """Python-Markdown converters made."""
    templates: Counter[str]
    """Each template's loads (`get_template`, an `{% include %}` or `{% import %}` each)."""
    table_calls: int
    """Calls of Material's language tables' `t` macro (partials/languages/*.html)."""
    rows: int
    """Lines of the lists made (`doc_row.html`'s `row` macro)."""
    directives: int


@pytest.fixture(scope="module")
def counted_build(tmp_path_factory: pytest.TempPathFactory) -> Counted:
    """The repository's content built in this process, with what the page loop does counted."""
    project = make_project(tmp_path_factory.mktemp("loop") / "project")
    result = load_corpus(project)
    converters: list[object] = []
    templates: Counter[str] = Counter()
    table_calls: list[str] = []
    rows: list[object] = []
    real_init = markdown.Markdown.__init__
    real_get = jinja2.Environment.get_template
    real_invoke = jinja2.runtime.Macro._invoke

    def init(self: markdown.Markdown, **options: Any) -> None:
        converters.append(self)
        real_init(self, **options)

    def get(self: jinja2.Environment, name: Any, *args: Any, **kwargs: Any) -> jinja2.Template:
        templates[str(name)] += 1
        return real_get(self, name, *args, **kwargs)

    def invoke(self: jinja2.runtime.Macro, arguments: list[Any], autoescape: bool) -> str:
        made_in = self._func.__code__.co_filename
        if "/languages/" in made_in:
            table_calls.append(self.name)
        elif made_in.endswith("doc_row.html"):
            rows.append(arguments[0])
        return real_invoke(self, arguments, autoescape)

    site = project / "site-built"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown.Markdown, "__init__", init)
        patch.setattr(jinja2.Environment, "get_template", get)
        patch.setattr(jinja2.runtime.Macro, "_invoke", invoke)
        assert build_site(project / "mkdocs.yml", site, result) is None
    counted = Counted(
        site, len(converters), templates, len(table_calls), len(rows), len(result.corpus.directives)
    )
    return counted


def _pages(site: Path) -> int:
    pages = len(list(site.rglob("index.html")))
    assert pages > 30, "too few pages: the test would prove nothing"
    return pages


def test_no_page_of_ours_makes_a_python_markdown_converter(counted_build: Counted) -> None:
    """Every page's HTML is ours (on_page_content): MkDocs' Page.render would make a converter
    per page to convert an empty text."""
    _pages(counted_build.site)
    assert counted_build.converters == 1  # mkdocs.yml's check of markdown_extensions; no page's


def test_the_navigation_items_are_imported_only_for_the_pages_it_lists(
    counted_build: Counted,
) -> None:
    """theme/partials/nav.html renders once the navigation of every page it does not list:
    its items' macros (imported with each page's context) are needed only when it renders."""
    _pages(counted_build.site)
    assert counted_build.templates["partials/nav.html"] > 40  # every page of MkDocs' loop
    assert counted_build.templates["partials/nav-item.html"] < 12  # mkdocs.yml lists five


def test_the_themes_words_are_looked_up_once_per_key(counted_build: Counted) -> None:
    """Material's language tables build their whole dictionary at each call: the same key
    gives the same word through a build (a page's own language aside)."""
    pages = _pages(counted_build.site)
    assert counted_build.table_calls < 150 < 10 * pages
    html = (counted_build.site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in html and "Bỏ qua" in html  # vi.html's action.skip


def test_a_documents_line_of_the_lists_is_made_once_per_depth_of_page(
    counted_build: Counted,
) -> None:
    """The index and each facet page a document is on (its type, year, level, topics) show
    the same line at one depth: the page loop makes it once (`render/templating.keep_rows`)."""
    _pages(counted_build.site)
    assert counted_build.directives >= 8
    assert 0 < counted_build.rows <= 4 * counted_build.directives


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
