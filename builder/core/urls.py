"""Every URL, source path and folder name of the site and the project, in one place.

Three kinds of name live here: folders of the project (`directives/`, `content/dot-hoc-tap/`),
source paths the site engine knows a generated page by (`van-ban/57-ct-tw.md`), and the URLs
those pages are served at (`van-ban/57-ct-tw/`, always relative to the site root, ending in
`/` for a page). Nothing else in `builder/` spells them.
"""

from __future__ import annotations

# Folders of the project, relative to its root.

DIRECTIVES_DIR = "directives"
"""One summary per document; the default of the plugin's `directives_dir` option."""
CONTENT_DIR = "content"
"""Hand-written pages: the site engine's `docs_dir`."""
THEME_DIR = "theme"
"""Overrides of the site engine's theme."""
PDF_DIR = "ban-in"
"""Where `sotay pdf` writes its PDFs by default: beside site/, listed in .gitignore."""
SOURCE_FOLDERS = (
    DIRECTIVES_DIR,
    CONTENT_DIR,
    THEME_DIR,
    "builder",
    "tests",
    "deploy",
    ".git",
    ".ci",
)
"""Folders of the project a build may never write into, be, or hold."""
CAMPAIGNS_FOLDER = "dot-hoc-tap"
"""Campaign files' folder inside the content folder; their pages keep the name in the URL."""
CAMPAIGNS_DIR = f"{CONTENT_DIR}/{CAMPAIGNS_FOLDER}"
"""Campaign files, relative to the project root."""
CONTENT_ASSETS = "assets"
"""Pictures and PDFs of hand-written pages, inside the content folder (`content/assets/`)."""
FULLTEXT_DIR = "toan-van"
"""Full texts' folder inside the directives folder: `toan-van/<slug>.md` beside `<slug>.md`."""
BUILD_CACHE_DIR = ".cache/sotay"
"""`sotay build`'s cache (builder/outputs/cache.py), beside site/, listed in .gitignore."""
BUILD_CACHE_STATE = "state.bin"
"""The cache's state, inside BUILD_CACHE_DIR: signed, never trusted unsigned."""
BUILD_CACHE_SPARE = "site-truoc"
"""The site before the last one, inside BUILD_CACHE_DIR: the next build's folder."""
CACHE_KEY_FILE = "sotay/cache-signing-key"
"""The signing key of every project's build cache, in the user's own cache folder
(`$XDG_CACHE_HOME` or `~/.cache`): a cache copied from another computer fails its check."""
BUILD_CACHE_TEMPLATES = "mau-da-dich"
"""Compiled Jinja templates, inside BUILD_CACHE_DIR: one signed file each."""
BUILD_CACHE_PARTS = "phan"
"""The state's parts, inside BUILD_CACHE_DIR: one file each, named by the digest of its
bytes, that the signed BUILD_CACHE_STATE lists (only a changed part is written again)."""

# Names inside a page's folder, so templates can link relatively.

OUTLINE = "de-cuong"
"""A directive's outline (đề cương), in a folder under the directive's page."""
FULLTEXT = "toan-van"
"""A directive's full text, in a folder under the directive's page."""
BUNDLE = "in"
"""A campaign's outlines printed at once, in a folder under the campaign's page."""
PRINT_CSS = "print.css"
"""A printed page's running footers, beside the page."""
FORM_CSV = "phu-luc-2.csv"
"""A campaign's results form (Phụ lục 2) as a spreadsheet, beside the campaign's page."""
FORM_XLSX = "phu-luc-2.xlsx"
"""The same form as an Excel workbook (merged header, formulas, number validation)."""
REPORT_XLSX = "tong-hop-phu-luc-2.xlsx"
"""`sotay bao-cao`: the summary of the units' returns, as a workbook."""
REPORT_HTML = "tong-hop-phu-luc-2.html"
"""`sotay bao-cao`: the same summary as a printable A4 page."""
REPORT_DIR = "bao-cao"
"""`sotay bao-cao`: the project folder the summaries go to, one subfolder per campaign."""

# Anchors inside a page.

LIST_ANCHOR = "van-ban"
"""The campaign page's list of documents to study."""
FORM_ANCHOR = "phu-luc-2"
"""The campaign page's results form."""
CAMPAIGNS_ANCHOR = "trong-dot-hoc-tap"
"""The directive page's campaigns, each with its previous and next document."""
RELATED_ANCHOR = "van-ban-lien-quan"
"""The directive page's chain: the documents it carries out and those carrying it out."""
FORM_FILL_ANCHOR = "dien-phu-luc-2"
"""The campaign page's results form, to fill in on the phone (theme/assets/sotay-form.js)."""
FORM_FILL_EXPORT = "phu-luc-2-"
"""The start of a filled-in return's file name: `phu-luc-2-<đơn vị>.csv`."""

# Generated pages: source paths (`…_src`) and URLs (`…_url`).

_DIRECTIVES = "van-ban"
INDEX_SRC = f"{_DIRECTIVES}/index.md"
"""The all-documents index."""
INDEX_URL = f"{_DIRECTIVES}/"
CAMPAIGN_INDEX_SRC = f"{CAMPAIGNS_FOLDER}/index.md"
"""The list of campaigns."""

FACET_LEVEL = "cap"
"""Facet folder of the documents of one level (`van-ban/cap/trung-uong/`)."""
FACET_TYPE = "loai"
"""Facet folder of the documents of one type (`van-ban/loai/chi-thi/`)."""
FACET_YEAR = "nam"
"""Facet folder of the documents of one year (`van-ban/nam/2025/`)."""
FACET_TAG = "chu-de"
"""Facet folder of the documents of one tag (`van-ban/chu-de/chuyen-doi-so/`)."""


def page_url(src: str) -> str:
    """The URL of a page the engine knows by `src`: `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def directive_src(slug: str) -> str:
    """`van-ban/<slug>.md`: the directive's page."""
    return f"{_DIRECTIVES}/{slug}.md"


def directive_url(slug: str) -> str:
    """`van-ban/<slug>/`."""
    return f"{_DIRECTIVES}/{slug}/"


def outline_url(slug: str) -> str:
    """`van-ban/<slug>/de-cuong/`: written straight to the site, outside the engine."""
    return f"{directive_url(slug)}{OUTLINE}/"


def outline_file(slug: str) -> str:
    """The outline's file in the built site."""
    return f"{outline_url(slug)}index.html"


def outline_print_css(slug: str) -> str:
    """The outline's running footers."""
    return f"{outline_url(slug)}{PRINT_CSS}"


def outline_pdf(slug: str) -> str:
    """File name `sotay pdf` gives a directive's outline (or a campaign's, by its slug)."""
    return f"{slug}-{OUTLINE}.pdf"


def fulltext_src(slug: str) -> str:
    """`van-ban/<slug>/toan-van.md`: the directive's full-text page."""
    return f"{_DIRECTIVES}/{slug}/{FULLTEXT}.md"


def fulltext_url(slug: str) -> str:
    """`van-ban/<slug>/toan-van/`."""
    return f"{directive_url(slug)}{FULLTEXT}/"


def fulltext_print_css(slug: str) -> str:
    """The full text's running footers."""
    return f"{fulltext_url(slug)}{PRINT_CSS}"


def facet_index_src(kind: str) -> str:
    """`van-ban/<kind>/index.md`: the list of every level, type, year or tag, with counts."""
    return f"{_DIRECTIVES}/{kind}/index.md"


def facet_index_url(kind: str) -> str:
    """`van-ban/<kind>/`."""
    return f"{_DIRECTIVES}/{kind}/"


def facet_src(kind: str, key: str) -> str:
    """`van-ban/<kind>/<key>.md`: the page of one level, type, year or tag."""
    return f"{_DIRECTIVES}/{kind}/{key}.md"


def facet_url(kind: str, key: str) -> str:
    """`van-ban/<kind>/<key>/`."""
    return f"{_DIRECTIVES}/{kind}/{key}/"


def campaign_src(slug: str) -> str:
    """`dot-hoc-tap/<slug>.md`: a hand-written campaign file, as the engine knows it."""
    return f"{CAMPAIGNS_FOLDER}/{slug}.md"


def campaign_url(slug: str) -> str:
    """`dot-hoc-tap/<slug>/`."""
    return f"{CAMPAIGNS_FOLDER}/{slug}/"


def bundle_src(slug: str) -> str:
    """`dot-hoc-tap/<slug>/in.md`: every outline of a campaign on one page."""
    return f"{CAMPAIGNS_FOLDER}/{slug}/{BUNDLE}.md"


def bundle_url(slug: str) -> str:
    """`dot-hoc-tap/<slug>/in/`."""
    return f"{campaign_url(slug)}{BUNDLE}/"


def bundle_print_css(slug: str) -> str:
    """The bundle's running footers."""
    return f"{bundle_url(slug)}{PRINT_CSS}"


def form_csv_url(slug: str) -> str:
    """`dot-hoc-tap/<slug>/phu-luc-2.csv`: the campaign's results form as a spreadsheet."""
    return f"{campaign_url(slug)}{FORM_CSV}"


# Reading without signal (builder/outputs/offline.py, sw.js, theme/assets/sotay-offline.js).

SERVICE_WORKER = "sw.js"
"""The service worker, at the site root so that its scope is the whole site."""
OFFLINE_MANIFEST = "ban-luu.json"
"""Every file of the site with its size, read by "Lưu để đọc khi không có mạng"."""
OFFLINE_PAGE_URL = "khong-co-mang/"
"""The page the worker shows for a page it can neither fetch nor find on the phone."""
OFFLINE_PAGE_FILE = f"{OFFLINE_PAGE_URL}index.html"
"""The offline page's file in the built site."""


def form_xlsx_url(slug: str) -> str:
    """`dot-hoc-tap/<slug>/phu-luc-2.xlsx`: the campaign's results form as an Excel workbook."""
    return f"{campaign_url(slug)}{FORM_XLSX}"


# Files beside the pages: the search index, the search results page, the service worker.

SEARCH_DIR = "search"
"""The search index's folder: builder/outputs/search.py writes it, theme/assets/search/ reads it."""
SEARCH_DOCS = f"{SEARCH_DIR}/docs.json"
"""What ranking and the filters need of every document; it names the index's other files
(`search_files`), so the browser spells none of them."""
SEARCH_NUMBERS = f"{SEARCH_DIR}/numbers.json"
"""Every document number, for the suggestions of a query finding nothing."""
SEARCH_TEXTS = f"{SEARCH_DIR}/text/"
"""A document's section texts, `text/<id>.json`: fetched only for the results shown."""
_ID = "*"
"""Where the browser puts a shard key or a document id into a name of `search_files`."""


def search_shard(key: str) -> str:
    """`search/shards/<key>.json`: the words beginning with `key`, with their postings."""
    return f"{SEARCH_DIR}/shards/{key}.json"


def search_record(doc_id: int | str) -> str:
    """`search/record/<id>.json`: what a result shows of document `doc_id`."""
    return f"{SEARCH_DIR}/record/{doc_id}.json"


def search_text(doc_id: int | str) -> str:
    """`search/text/<id>.json`: document `doc_id`'s section texts."""
    return f"{SEARCH_TEXTS}{doc_id}.json"


def search_files() -> dict[str, str]:
    """The names of the index's files as docs.json hands them to the browser, `*` standing
    for a shard key or a document id."""
    return {
        "shard": search_shard(_ID),
        "record": search_record(_ID),
        "text": search_text(_ID),
        "numbers": SEARCH_NUMBERS,
    }


SEARCH_PAGE_SRC = "tim-kiem.md"
"""The search results page (`?q=` and the filters in its address)."""
SEARCH_PAGE_URL = "tim-kiem/"
SITE_CSS = "assets/sotay.css"
"""The site's own stylesheet (theme/assets/sotay.css), also linked by standalone pages."""

# Loudspeaker bulletins (bản tin phát thanh): `directives/phat-thanh/<name>.md`, one page each.

BULLETIN_DIR = "phat-thanh"
"""Bulletins' folder inside the directives folder: `phat-thanh/<name>.md`."""
_BULLETINS = "phat-thanh"
"""The bulletins' pages, at the site root: a bulletin may belong to a campaign, not only to
one document, so its address does not hang under a directive's."""


def bulletin_src(name: str) -> str:
    """`phat-thanh/<name>.md`: a bulletin's reading page."""
    return f"{_BULLETINS}/{name}.md"


def bulletin_url(name: str) -> str:
    """`phat-thanh/<name>/`."""
    return f"{_BULLETINS}/{name}/"


def bulletin_pdf(name: str) -> str:
    """File name `sotay pdf --phat-thanh` gives a bulletin's sheet."""
    return f"{_BULLETINS}-{name}.pdf"


BULLETINS_ANCHOR = "ban-tin-phat-thanh"
"""The campaign page's list of bulletins."""

# Translations (versions in other languages) of summaries.

TRANSLATIONS_DIR = "dich"
"""Translations' folder inside the directives folder: `dich/<lang>/<slug>.md` beside
`<slug>.md`, one subfolder per language code."""
LANGUAGES_FILE = "ngon-ngu.yml"
"""The table of languages inside the translations' folder: each code's names and headings."""


def translation_src(slug: str, lang: str) -> str:
    """`van-ban/<slug>/<lang>.md`: the summary's version in language `lang`."""
    return f"{_DIRECTIVES}/{slug}/{lang}.md"


def translation_url(slug: str, lang: str) -> str:
    """`van-ban/<slug>/<lang>/`."""
    return f"{directive_url(slug)}{lang}/"


def translation_outline_url(slug: str, lang: str) -> str:
    """`van-ban/<slug>/<lang>/de-cuong/`: the translation's outline, written straight to the
    site like the summary's."""
    return f"{translation_url(slug, lang)}{OUTLINE}/"


def translation_outline_pdf(slug: str, lang: str) -> str:
    """File name `sotay pdf --ban-dich` gives a translation's outline."""
    return f"{slug}-{lang}-{OUTLINE}.pdf"


def translation_outline_file(slug: str, lang: str) -> str:
    """The translation's outline file in the built site."""
    return f"{translation_outline_url(slug, lang)}index.html"


# Share cards (render/card.py, outputs/card.py, theme/assets/sotay-card.js).

CARD = "anh.svg"
"""A directive's share card, beside its page: templates link it relatively."""
CARD_DIR = "anh"
"""Where `sotay anh` writes its PNG cards by default: beside ban-in/, listed in .gitignore."""
CARD_ANCHOR = "anh-chia-se"
"""The directive page's card preview with its "Tải ảnh" button."""


def card_url(slug: str) -> str:
    """`van-ban/<slug>/anh.svg`: the directive's share card, 1080×1350."""
    return f"{directive_url(slug)}{CARD}"


def card_png(slug: str) -> str:
    """File name `sotay anh` (and "Tải ảnh" in the browser) gives a directive's card."""
    return f"{slug}.png"


# `sotay serve` (adapter/serve.py).

THEME_ASSETS = "assets/"
"""Where the theme's files (Material's and ours) lie in the site: within a `serve` session they
never change (a theme edit starts a new one), so the browser may keep them between reloads."""
