"""Page helpers: print CSS, the one template environment, facets, the results form."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
from markupsafe import escape

from builder.pipeline import load_corpus
from builder.render.facets import facets
from builder.render.page_table import page_table
from builder.render.pages import campaigns_html, newest_html
from builder.render.print_css import css_string, named_pages
from builder.render.templating import ENV, whole_numbers
from conftest import REPO

CORPUS = load_corpus(REPO).corpus


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("57-CT/TW · Đề cương", '"57-CT/TW · Đề cương"'),
        ('Kế hoạch "A"', '"Kế hoạch \\"A\\""'),
        ("a\\b", '"a\\\\b"'),
        ("hai\ndòng", '"hai\\A dòng"'),
        ("<b>&", '"<b>&"'),
    ],
)
def test_css_string(text: str, expected: str) -> None:
    assert css_string(text) == expected


def test_named_pages_exact_css() -> None:
    css = named_pages([("d-a", "A · Đề cương"), ("c-b", 'Hướng dẫn "B" & <C>')], body="c-b")
    assert css.decode("utf-8") == (
        "body { page: c-b; }\n"
        '[data-page="d-a"] { page: d-a; }\n'
        '@page d-a { @bottom-left { content: "A · Đề cương"; font-size: 9pt; } }\n'
        '[data-page="c-b"] { page: c-b; }\n'
        '@page c-b { @bottom-left { content: "Hướng dẫn \\"B\\" & <C>"; font-size: 9pt; } }\n'
    )


def test_named_pages_body_defaults_to_the_first() -> None:
    assert named_pages([("t-x", "X · Toàn văn")]).startswith(b"body { page: t-x; }\n")


def test_importing_the_page_modules_leaves_the_environment_alone() -> None:
    """Filters and globals come from templating.py alone, whatever is imported after it."""
    script = (
        "from builder.render.templating import ENV\n"
        "before = (dict(ENV.filters), dict(ENV.globals))\n"
        "import builder.render.pages, builder.render.page_table, builder.outputs.extra\n"
        "assert (dict(ENV.filters), dict(ENV.globals)) == before\n"
        "assert {'vn_date', 'on_date'} <= set(ENV.filters)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_deadline_macro() -> None:
    template = ENV.from_string('{% from "deadline.html" import deadline %}{{ deadline(day) }}')
    assert template.render(day=dt.date(2026, 5, 31)) == (
        '<time datetime="2026-05-31">31/5/2026</time> '
        '<span class="dht-left" data-deadline="2026-05-31"></span>'
    )


def test_newest_list_links_the_pages_and_escapes_their_text() -> None:
    newest = CORPUS.newest_first()[0]
    items = re.findall(r"<li>.*?</li>", newest_html(CORPUS, "../", limit=2))
    assert len(items) == 2
    assert items[0].startswith(f'<li><a href="../van-ban/{newest.slug}/"><strong>')
    # the title as the page shows it: escaped, its document numbers kept whole
    title = whole_numbers(newest.title)
    assert items[0].endswith(f" của {escape(newest.issuer)}: {title}</li>")
    assert 'Chỉ thị số <span class="nw">57-CT/TW</span>' in items[0]


def test_campaign_list_links_each_campaign() -> None:
    html = campaigns_html(CORPUS, "../")
    for slug in CORPUS.campaigns:
        assert f'<a href="../dot-hoc-tap/{slug}/">' in html


def test_every_facet_has_a_page() -> None:
    table = page_table(CORPUS)
    found = facets(CORPUS)
    assert [f.kind for f in found] == sorted(
        (f.kind for f in found), key=["cap", "loai", "nam", "chu-de"].index
    )
    assert all(f.path in table and f.url == f.path[:-3] + "/" for f in found)
    years = [f.key for f in found if f.kind == "nam"]
    assert years == sorted(years, reverse=True)
