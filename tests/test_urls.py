"""URLs and folder names: core/urls.py spells them, every other module asks it."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.core import urls

BUILDER = Path(__file__).resolve().parents[1] / "builder"
OWNER = BUILDER / "core" / "urls.py"


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: urls.directive_src("57-ct-tw"), "van-ban/57-ct-tw.md"),
        (lambda: urls.directive_url("57-ct-tw"), "van-ban/57-ct-tw/"),
        (lambda: urls.outline_url("57-ct-tw"), "van-ban/57-ct-tw/de-cuong/"),
        (lambda: urls.outline_file("57-ct-tw"), "van-ban/57-ct-tw/de-cuong/index.html"),
        (lambda: urls.outline_print_css("57-ct-tw"), "van-ban/57-ct-tw/de-cuong/print.css"),
        (lambda: urls.outline_pdf("57-ct-tw"), "57-ct-tw-de-cuong.pdf"),
        (lambda: urls.fulltext_src("57-ct-tw"), "van-ban/57-ct-tw/toan-van.md"),
        (lambda: urls.fulltext_url("57-ct-tw"), "van-ban/57-ct-tw/toan-van/"),
        (lambda: urls.fulltext_print_css("57-ct-tw"), "van-ban/57-ct-tw/toan-van/print.css"),
        (
            lambda: urls.facet_src(urls.FACET_TAG, "chuyen-doi-so"),
            "van-ban/chu-de/chuyen-doi-so.md",
        ),
        (lambda: urls.facet_url(urls.FACET_YEAR, "2025"), "van-ban/nam/2025/"),
        (lambda: urls.facet_url(urls.FACET_LEVEL, "xa"), "van-ban/cap/xa/"),
        (lambda: urls.facet_url(urls.FACET_TYPE, "chi-thi"), "van-ban/loai/chi-thi/"),
        (lambda: urls.campaign_src("han-thang-5"), "dot-hoc-tap/han-thang-5.md"),
        (lambda: urls.campaign_url("han-thang-5"), "dot-hoc-tap/han-thang-5/"),
        (lambda: urls.bundle_src("han-thang-5"), "dot-hoc-tap/han-thang-5/in.md"),
        (lambda: urls.bundle_url("han-thang-5"), "dot-hoc-tap/han-thang-5/in/"),
        (lambda: urls.bundle_print_css("han-thang-5"), "dot-hoc-tap/han-thang-5/in/print.css"),
        (lambda: urls.form_csv_url("han-thang-5"), "dot-hoc-tap/han-thang-5/phu-luc-2.csv"),
        (lambda: urls.form_xlsx_url("han-thang-5"), "dot-hoc-tap/han-thang-5/phu-luc-2.xlsx"),
        (lambda: urls.INDEX_SRC, "van-ban/index.md"),
        (lambda: urls.INDEX_URL, "van-ban/"),
        (lambda: urls.CAMPAIGN_INDEX_SRC, "dot-hoc-tap/index.md"),
        (lambda: urls.DIRECTIVES_DIR, "directives"),
        (lambda: urls.CAMPAIGNS_DIR, "content/dot-hoc-tap"),
        (lambda: urls.FULLTEXT_DIR, "toan-van"),
    ],
)
def test_urls_and_paths(build: Callable[[], str], expected: str) -> None:
    assert build() == expected


def test_relative_links_agree_with_the_full_urls() -> None:
    """Templates link `de-cuong/`, `toan-van/`, `in/` from the page above them."""
    assert urls.directive_url("x") + f"{urls.OUTLINE}/" == urls.outline_url("x")
    assert urls.directive_url("x") + f"{urls.FULLTEXT}/" == urls.fulltext_url("x")
    assert urls.campaign_url("x") + f"{urls.BUNDLE}/" == urls.bundle_url("x")
    assert urls.campaign_url("x") + urls.FORM_CSV == urls.form_csv_url("x")


NAMES = re.compile(
    r"(?<![\w:{-])(van-ban|dot-hoc-tap|de-cuong|toan-van|phu-luc-2|directives|print\.css)(?![\w-])"
    r"|(?<![\w-])in(/|\.md)"
)
"""A folder or file name of the site or the project, as a path segment."""


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module but its docstrings (which may show URLs as examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _template_text(path: Path) -> list[tuple[int, str]]:
    """A template's literal text, line by line: Jinja comments, tags and expressions removed."""
    text = path.read_text(encoding="utf-8")
    lines = [re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "", line) for line in text.splitlines()]
    return list(enumerate(lines, 1))


def _spelled_outside_the_owner() -> list[str]:
    found = []
    for path in sorted(BUILDER.rglob("*.py")):
        if path != OWNER:
            found += [f"{path.relative_to(BUILDER)}:{n}: {s!r}" for n, s in _strings(path)]
    for path in sorted((BUILDER / "render" / "templates").iterdir()):
        found += [f"{path.relative_to(BUILDER)}:{n}: {s}" for n, s in _template_text(path)]
    return [line for line in found if NAMES.search(line.split(": ", 1)[1])]


def test_only_core_urls_spells_urls_and_folder_names() -> None:
    assert _spelled_outside_the_owner() == []


def test_the_scan_finds_a_spelled_url(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""Doc: van-ban/x/."""\nURL = f"van-ban/{1}/"\nMARK = "sotay:van-ban-moi"\nKEY = "<!-- sotay:dot-hoc-tap -->"\n'
    )
    assert [s for _, s in _strings(module) if NAMES.search(s)] == ["van-ban/"]
