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
        (lambda: urls.SEARCH_DOCS, "search/docs.json"),
        (lambda: urls.SEARCH_NUMBERS, "search/numbers.json"),
        (lambda: urls.search_shard("an"), "search/shards/an.json"),
        (lambda: urls.search_record(7), "search/record/7.json"),
        (lambda: urls.search_text(7), "search/text/7.json"),
        (lambda: urls.SEARCH_PAGE_SRC, "tim-kiem.md"),
        (lambda: urls.SEARCH_PAGE_URL, "tim-kiem/"),
        (lambda: urls.SERVICE_WORKER, "sw.js"),
        (lambda: urls.SITE_CSS, "assets/sotay.css"),
        (lambda: urls.card_url("57-ct-tw"), "van-ban/57-ct-tw/anh.svg"),
        (lambda: urls.card_png("57-ct-tw"), "57-ct-tw.png"),
        (lambda: urls.CARD_DIR, "anh"),
    ],
)
def test_urls_and_paths(build: Callable[[], str], expected: str) -> None:
    assert build() == expected


def test_the_browser_gets_each_search_file_name_from_the_build() -> None:
    """docs.json's `files`: the name of each kind with `*` for the key or id, as urls spells it."""
    files = urls.search_files()
    assert files["shard"].replace("*", "an") == urls.search_shard("an")
    assert files["record"].replace("*", "7") == urls.search_record(7)
    assert files["text"].replace("*", "7") == urls.search_text(7)
    assert files["numbers"] == urls.SEARCH_NUMBERS
    assert urls.search_text(7).startswith(urls.SEARCH_TEXTS)


def test_relative_links_agree_with_the_full_urls() -> None:
    """Templates link `de-cuong/`, `toan-van/`, `in/` from the page above them."""
    assert urls.directive_url("x") + f"{urls.OUTLINE}/" == urls.outline_url("x")
    assert urls.directive_url("x") + f"{urls.FULLTEXT}/" == urls.fulltext_url("x")
    assert urls.campaign_url("x") + f"{urls.BUNDLE}/" == urls.bundle_url("x")
    assert urls.campaign_url("x") + urls.FORM_CSV == urls.form_csv_url("x")
    assert urls.directive_url("x") + urls.CARD == urls.card_url("x")


NAMES = re.compile(
    r"(?<![\w:{-])(van-ban|dot-hoc-tap|de-cuong|toan-van|phu-luc-2|directives|print\.css)(?![\w-])"
    r"|(?<![\w-])in(/|\.md)"
)
"""A folder or file name of the site or the project, as a path segment."""

ASSETS = re.compile(r"(?<![\w-])(search/|docs\.json|numbers\.json|sw\.js|sotay\.css|tim-kiem)")
"""A file or folder of the search index, the results page, the service worker, the stylesheet."""

SEARCH_JS = Path(__file__).resolve().parents[1] / "theme" / "assets" / "search"
"""The browser's search modules: they get every name from the build (the search box's
`data-index` and `data-page`, docs.json's `files`)."""

STILL_SPELLED = {("outputs/offline.py", "sw.js")}
"""offline.py reads its own `sw.js` beside it (a package file, the site's file named after
it); the offline work owns that module and may move it to urls.SERVICE_WORKER."""


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


def _js_code(path: Path) -> list[tuple[int, str]]:
    """A script's lines with its comments blanked (`/* … */`, and `//` not after a colon)."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m[0]), path.read_text(), flags=re.S)
    return [(n, re.sub(r"(?<!:)//.*", "", line)) for n, line in enumerate(text.splitlines(), 1)]


def _spelled(path: Path, n: int, text: str) -> bool:
    where = path.relative_to(BUILDER).as_posix() if path.is_relative_to(BUILDER) else path.name
    names = {m[0] for m in ASSETS.finditer(text)} - {s for p, s in STILL_SPELLED if p == where}
    return bool(NAMES.search(text) or names)


def _spelled_outside_the_owner() -> list[str]:
    found: list[tuple[Path, int, str]] = []
    for path in sorted(BUILDER.rglob("*.py")):
        if path != OWNER:
            found += [(path, n, repr(s)) for n, s in _strings(path)]
    for path in sorted((BUILDER / "render" / "templates").iterdir()):
        found += [(path, n, s) for n, s in _template_text(path)]
    for path in sorted(SEARCH_JS.glob("*.js")):
        found += [(path, n, s) for n, s in _js_code(path)]
    return [
        f"{path.name}:{n}: {text.strip()}" for path, n, text in found if _spelled(path, n, text)
    ]


def test_only_core_urls_spells_urls_and_folder_names() -> None:
    assert _spelled_outside_the_owner() == []


def test_the_scan_finds_a_spelled_url(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""Doc: van-ban/x/."""\nURL = f"van-ban/{1}/"\nMARK = "sotay:van-ban-moi"\nKEY = "<!-- sotay:dot-hoc-tap -->"\n'
    )
    assert [s for _, s in _strings(module) if NAMES.search(s)] == ["van-ban/"]


def test_the_scan_finds_a_name_spelled_in_a_search_module(tmp_path: Path) -> None:
    script = tmp_path / "m.js"
    script.write_text(
        '/* docs.json is named by the build */\nconst a = load("search/docs.json"); // sw.js\n'
        'const b = "https://x/tim-kiem/";\n'
    )
    spelled = [text for n, text in _js_code(script) if ASSETS.search(text)]
    assert spelled == ['const a = load("search/docs.json"); ', 'const b = "https://x/tim-kiem/";']


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: urls.translation_src("57-ct-tw", "hnj"), "van-ban/57-ct-tw/hnj.md"),
        (lambda: urls.translation_url("57-ct-tw", "hnj"), "van-ban/57-ct-tw/hnj/"),
        (lambda: urls.translation_outline_url("57-ct-tw", "hnj"), "van-ban/57-ct-tw/hnj/de-cuong/"),
        (
            lambda: urls.translation_outline_file("57-ct-tw", "hnj"),
            "van-ban/57-ct-tw/hnj/de-cuong/index.html",
        ),
        (lambda: urls.TRANSLATIONS_DIR, "dich"),
        (lambda: urls.LANGUAGES_FILE, "ngon-ngu.yml"),
    ],
)
def test_translation_urls_and_paths(build: Callable[[], str], expected: str) -> None:
    assert build() == expected


def test_a_translation_page_sits_under_its_summary() -> None:
    """The summary links `…/<slug>/<lang>/` and the outline `<lang>/de-cuong/` relatively."""
    assert urls.translation_url("x", "hnj") == urls.directive_url("x") + "hnj/"
    assert urls.translation_outline_url("x", "hnj") == urls.translation_url("x", "hnj") + (
        f"{urls.OUTLINE}/"
    )
