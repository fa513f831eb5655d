"""The MkDocs plugin: hands the core's generated pages to MkDocs, nothing more."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.yaml import yaml_load

from builder.core import urls
from builder.core.memo import Memo
from builder.core.messages import message
from builder.core.spill import Spill
from builder.model import Corpus, Heading
from builder.outputs.card import CardCache, card_files
from builder.outputs.extra import extra_files
from builder.outputs.offline import offline_manifest, offline_page, service_worker
from builder.outputs.search import PostingCache, iter_index, prefetched
from builder.pipeline import Result, load_corpus
from builder.render.page_table import OutlineCache, PageSpec, iter_outline_files, page_table
from builder.render.pages import PageContent, content_page
from builder.validate.content import scan_tree

log = get_plugin_logger(__name__)

ERRORS_SCRIPT = "_sotay/loi.js"
"""Every served page loads it: it shows `_sotay/loi.html` (`serve`'s current errors), if any."""


class SotayConfig(Config):
    enabled = c.Type(bool, default=True)
    directives_dir = c.Type(str, default=urls.DIRECTIVES_DIR)


def configured_directives_dir(config_file: Path) -> str:
    """The plugin's `directives_dir` in `config_file`: the one reader of it outside a build.

    Without a readable mkdocs.yml or a valid option, the default: reporting a broken
    mkdocs.yml is MkDocs' job when it builds.
    """
    try:
        with config_file.open("rb") as stream:
            plugins = yaml_load(stream).get("plugins") or []
    except (OSError, MkDocsException):
        return urls.DIRECTIVES_DIR
    config = SotayConfig()
    config.load_dict(_plugin_options(plugins, "sotay"))
    failed, _ = config.validate()
    return urls.DIRECTIVES_DIR if failed else config.directives_dir


def _plugin_options(plugins: object, name: str) -> dict[str, Any]:
    """The options of plugin `name` in mkdocs.yml's `plugins`, a list or a mapping."""
    if isinstance(plugins, dict):
        options = plugins.get(name)
    elif isinstance(plugins, list):
        options = next((p[name] for p in plugins if isinstance(p, dict) and name in p), None)
    else:
        options = None
    return options if isinstance(options, dict) else {}


class SotayPlugin(BasePlugin[SotayConfig]):
    """Validates the corpus, adds one page per directive and the index, renders them.

    MkDocs keeps one instance through a session (`on_startup` … `on_shutdown`). In a `serve`
    session, the plugin's pages are read from files of its own (under `stage`), rewritten only
    when the page's content changed: MkDocs' `dirty` build then renders only those pages.
    """

    def __init__(self) -> None:
        self.on_startup(command="build", dirty=False)

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.preloaded: Result | None = None
        self.corpus: Corpus | None = None
        self.pages: dict[str, PageSpec] = {}
        self.contents: Memo[PageContent] = Memo()
        """src_uri → what the page shows, from the inputs it was rendered from."""
        self.staged: Memo[None] = Memo()
        """src_uri → what its staged file stands for; rewritten when that changes."""
        self.changed = 0
        """Pages staged again by the last build (all of them without staging)."""
        self.written: Memo[None] = Memo()
        """path → digest of the file written there after the pages (search, outlines…)."""
        self.postings: PostingCache = Memo()
        self.outlines: OutlineCache = Memo()
        self.cards: CardCache = Memo()
        self.theme_env: jinja2.Environment | None = None
        """The first build's theme environment, with its compiled templates."""
        self.first_build = True
        self.serving = command == "serve"
        self.stage = Path(tempfile.mkdtemp(prefix="sotay-pages-")) if self.serving else None
        self.dirty = dirty and self.serving
        self.held: Spill | None = None
        """A build's page bodies between reading and writing (on disk: see `on_page_content`)."""
        self.on_pages: Callable[[int, int, int], None] | None = None
        """Told (pages rendered, pages written, pages in all) after each page is rendered
        and after each is written: `sotay build`'s progress."""
        self.rendered = self.pages_written = 0

    def on_shutdown(self) -> None:
        self._release()
        if self.stage is not None:
            shutil.rmtree(self.stage, ignore_errors=True)
            self.stage = None

    def preload(self, result: Result) -> None:
        """Use this already validated corpus for the next build instead of reading it again."""
        self.preloaded = result

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        result = self.preloaded or self._validate(config)
        if not result.ok:
            errors = [d.format() for d in result.diagnostics if d.is_error]
            raise PluginError("\n".join([message("build.has_errors"), *errors]))
        self.corpus = result.corpus
        _pin_build_date(result.corpus)
        if self.serving:
            config.extra_javascript.append(ERRORS_SCRIPT)
        # The search box (theme/partials/search.html) asks the build where the index and the
        # results page are: the theme spells no name of ours.
        config.extra["sotay_search"] = {"index": urls.SEARCH_DOCS, "page": urls.SEARCH_PAGE_URL}
        return config

    def _validate(self, config: MkDocsConfig) -> Result:
        root = Path(config.config_file_path).parent
        result = load_corpus(root, self.config.directives_dir)
        for diagnostic in result.diagnostics:
            if not diagnostic.is_error:
                log.warning(diagnostic.format())
        return result

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.corpus is not None
        self.pages = page_table(self.corpus)
        for src, page in self.corpus.pages.items():
            render = functools.partial(content_page, page, self.corpus)
            self.pages.setdefault(src, PageSpec(render, virtual=False))
        self._keep_only_checked(files, config)
        for src_uri, spec in self.pages.items():
            if spec.virtual and files.get_file_from_path(src_uri) is None:
                inclusion = InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
        self.contents.keep_only(self.pages)
        if self.stage is None:
            self.changed = len(self.pages)
            return files
        script = Path(__file__).parents[1] / "render" / "templates" / "serve_errors.js"
        files.append(File.generated(config, ERRORS_SCRIPT, abs_src_path=str(script)))
        return self._staged(files, config)

    def _keep_only_checked(self, files: Files, config: MkDocsConfig) -> None:
        """Of the content folder, only the pages and assets the checks passed reach the site:
        whatever else lies there (a `.docx`, a `.MD` page, a link) is dropped and named."""
        assert self.corpus is not None
        docs = Path(config.docs_dir).resolve()
        kept = set(self.pages) | set(self.corpus.assets)
        refused = False
        for file in list(files):
            if file.abs_src_path is None or file.generated_by is not None or not file.src_dir:
                continue
            if Path(file.src_dir).resolve() == docs and file.src_uri not in kept:
                files.remove(file)
                refused = True
        if refused:
            root = Path(config.config_file_path).parent
            for problem in scan_tree(root, self.config.directives_dir).problems:
                log.error(problem.format())

    def _staged(self, files: Files, config: MkDocsConfig) -> Files:
        """Replace each page of ours by a staged copy, rewritten only when the page changed."""
        self.changed = 0
        for file in list(files.documentation_pages()):
            if file.src_uri not in self.pages:
                continue
            text = file.content_string
            shown: object = (text, self._content(file))
            files.remove(file)
            files.append(self._stage_file(file, text, shown, config))
        self.staged.keep_only(f.src_uri for f in files.documentation_pages())
        return files

    def _stage_file(self, file: File, text: str, shown: object, config: MkDocsConfig) -> File:
        assert self.stage is not None
        staged = File(file.src_uri, str(self.stage), config.site_dir, config.use_directory_urls)
        staged.inclusion = file.inclusion
        if not self.staged.is_fresh(file.src_uri, shown):
            self.staged.put(file.src_uri, shown, None)
            path = self.stage / file.src_uri  # its time tells MkDocs the page is modified
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.changed += 1
        return staged

    def _content(self, file: File) -> PageContent | None:
        spec = self.pages.get(file.src_uri)
        if spec is None:
            return None
        root = "../" * file.url.removeprefix("./").count("/")  # the home page's URL is "./"
        inputs = (spec.inputs(), root) if spec.inputs else object()  # no inputs: always render
        if not self.serving:  # one build: keeping every page's HTML would only cost memory
            return spec.render(root)
        return self.contents.get(file.src_uri, inputs, lambda: spec.render(root))

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """A dirty session keeps its theme: reuse its compiled templates (seconds per build)."""
        if not self.dirty:
            return env
        self.theme_env = self.theme_env or env
        return self.theme_env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        content = self._content(page.file)
        if content is None:  # never reached: every page left in Files is ours
            return ""
        # MkDocs and Material print title, description and TOC names unescaped: hand them text
        # already escaped (and never HTML), so a title can neither run nor break its tag.
        page.meta.update(title=escape(content.title), description=escape(content.description))
        if content.stylesheet:
            page.meta["sotay_stylesheet"] = content.stylesheet
        if content.lang:  # theme/partials/language.html gives it to <html lang>
            page.meta["sotay_lang"] = content.lang
        page.meta["sotay"] = content
        return ""  # our HTML replaces it in on_page_content; skip Python-Markdown's work

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        content = page.meta.pop("sotay", None)
        if not isinstance(content, PageContent):
            return html
        page.toc = _toc(content.toc)
        self.rendered += 1
        self._tell()
        if self.serving:
            return content.html
        # MkDocs reads every page before writing any: a page's HTML waits on disk till then,
        # so that memory does not grow with the corpus (`on_page_context` takes it back).
        self.held = self.held or Spill()
        self.held.put(page.file.src_uri, content.html)
        return ""

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.held is not None and page.file.src_uri in self.held:
            html = self.held.get(page.file.src_uri)
            assert isinstance(html, str)
            page.content = html
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.serving:  # written: its HTML and contents are of no more use
            page.content = None
            page.toc = TableOfContents([])
        self.pages_written += 1
        self._tell()
        return output

    def _tell(self) -> None:
        if self.on_pages is not None:
            self.on_pages(self.rendered, self.pages_written, len(self.pages))

    def _release(self) -> None:
        if self.held is not None:
            self.held.close()
            self.held = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        search = self._write_outputs(config)
        manifest = site / urls.OFFLINE_MANIFEST  # lists every file written above: last but sw.js
        text = offline_manifest(site, config.site_name)
        if not manifest.is_file() or manifest.read_text(encoding="utf-8") != text:
            manifest.write_text(text, encoding="utf-8")
        if self.dirty and not self.first_build:
            return  # `sw.js` digests every file of the site: the session keeps its first one
        self.first_build = False
        precache = prefetched(self.corpus, search) if self.corpus else []
        (site / urls.SERVICE_WORKER).write_text(
            service_worker(site, precache or [urls.SEARCH_DOCS]), encoding="utf-8"
        )

    def _write_outputs(self, config: MkDocsConfig) -> list[str]:
        """Write search, spreadsheets and outlines; in a dirty session skip unchanged files.

        Each file is written as soon as it is made (a large build's memory). Returns the search
        files' paths. Files no longer produced are deleted.
        """
        self._release()
        site = Path(config.site_dir)
        if not self.dirty:
            self.written = Memo()  # the site folder was emptied: write everything
        search: list[str] = []
        produced: list[str] = []
        for path, content in self._outputs(site, config.site_name, search):
            produced.append(path)
            digest = hashlib.blake2b(content, digest_size=16).digest()
            if not self.written.is_fresh(path, digest):
                self.written.put(path, digest, None)
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        for gone in self.written.keep_only(produced):
            (site / str(gone)).unlink(missing_ok=True)
        return search

    def _outputs(
        self, site: Path, site_name: str, search: list[str]
    ) -> Iterator[tuple[str, bytes]]:
        """Every file beside the pages, made one at a time; the search files' paths go in
        `search` as they are made."""
        assert self.corpus is not None
        for path, text in iter_index(self.corpus, self.postings if self.serving else None):
            search.append(path)
            yield path, text.encode("utf-8")
        yield from extra_files(self.corpus).items()
        sheets = [
            p.relative_to(site).as_posix()
            for p in sorted(site.glob("assets/stylesheets/*.min.css"))
        ]
        outlines = self.outlines if self.serving else None
        yield from iter_outline_files(self.corpus, [*sheets, urls.SITE_CSS], site_name, outlines)
        yield from offline_page([*sheets, urls.SITE_CSS], site_name).items()
        yield from card_files(self.corpus, site_name, self.cards if self.serving else None).items()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(Path(config.config_file_path).parent / self.config.directives_dir))
        return server


def _toc(headings: tuple[Heading, ...]) -> TableOfContents:
    """Nest H3/H4 under the preceding H2 as MkDocs' TOC expects."""
    top: list[AnchorLink] = []
    stack: list[AnchorLink] = []
    for heading in headings:
        link = AnchorLink(escape(heading.title), heading.anchor, heading.level)
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        (stack[-1].children if stack else top).append(link)
        stack.append(link)
    return TableOfContents(top)


def _pin_build_date(corpus: Corpus) -> None:
    """Sitemap dates come from SOURCE_DATE_EPOCH: pin it so equal input builds equal bytes."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    dates = [d.date for d in corpus.directives.values() if d.date]
    newest = max(dates).toordinal() if dates else 719163  # 1970-01-01
    os.environ["SOURCE_DATE_EPOCH"] = str((newest - 719163) * 86400)
