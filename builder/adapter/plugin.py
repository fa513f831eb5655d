"""The MkDocs adapter: hands the core's generated pages to MkDocs, nothing more."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.yaml import yaml_load

from builder.core import urls
from builder.core.messages import message
from builder.model import Corpus, Heading
from builder.outputs.extra import extra_files
from builder.outputs.offline import service_worker
from builder.outputs.search import PostingCache, build_index, prefetched
from builder.pipeline import Result, load_corpus
from builder.render.page_table import OutlineCache, PageSpec, outline_files, page_table
from builder.render.pages import PageContent, campaigns_html, newest_markdown

log = get_plugin_logger(__name__)

NEWEST_MARKER = "<!-- sotay:van-ban-moi -->"
CAMPAIGNS_MARKER = "<!-- sotay:dot-hoc-tap -->"


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
    """Validates the corpus, adds one page per directive and the index, renders them."""

    def __init__(self) -> None:
        self.preloaded: Result | None = None
        self.corpus: Corpus | None = None
        self.pages: dict[str, PageSpec] = {}
        self.rendered: dict[str, PageContent] = {}
        """src_uri → what each generated page last showed (`serve` compares against it)."""
        self.written: dict[str, bytes] = {}
        """path → digest of what was written there."""
        """Files written after the pages (search, outlines, …): `serve` rewrites only changes."""
        self.search_cache: PostingCache | None = None
        self.outline_cache: OutlineCache | None = None
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None
        self.files: Files | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        result = self.preloaded or self._validate(config)
        if not result.ok:
            errors = [d.format() for d in result.diagnostics if d.is_error]
            raise PluginError("\n".join([message("build.has_errors"), *errors]))
        self.corpus = result.corpus
        _pin_build_date(result.corpus)
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
        for src_uri, spec in self.pages.items():
            if spec.virtual and files.get_file_from_path(src_uri) is None:
                inclusion = InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        self.env, self.files = env, files
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri in self.pages:
            content = self.rendered.get(page.file.src_uri) or self._render(page)
            self.rendered[page.file.src_uri] = content
            page.meta.update(title=content.title, description=content.description)
            if content.stylesheet:
                page.meta["sotay_stylesheet"] = content.stylesheet
            page.meta["sotay"] = content
            return ""  # our HTML replaces it in on_page_content; skip Python-Markdown's work
        assert self.corpus is not None
        root = "../" * page.url.count("/")
        markdown = markdown.replace(CAMPAIGNS_MARKER, campaigns_html(self.corpus, root))
        return markdown.replace(NEWEST_MARKER, newest_markdown(self.corpus))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        content = page.meta.pop("sotay", None)
        if not isinstance(content, PageContent):
            return html
        page.toc = _toc(content.toc)
        return content.html

    def _render(self, page: Page) -> PageContent:
        return self.pages[page.file.src_uri].render("../" * page.url.count("/"))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        search = self.write_outputs(config)
        precache = prefetched(self.corpus, search) if self.corpus else []
        (site / "sw.js").write_text(
            service_worker(site, precache or ["search/docs.json"]), encoding="utf-8"
        )

    def write_outputs(self, config: MkDocsConfig) -> list[str]:
        """Write search, spreadsheets and outlines; skip files equal to the last write.

        Returns the search files' paths. Files no longer produced are deleted.
        """
        assert self.corpus is not None
        site = Path(config.site_dir)
        search = build_index(self.corpus, self.search_cache)
        outputs: dict[str, bytes] = {path: text.encode("utf-8") for path, text in search.items()}
        outputs.update(extra_files(self.corpus))
        sheets = [
            p.relative_to(site).as_posix()
            for p in sorted(site.glob("assets/stylesheets/*.min.css"))
        ]
        outputs.update(
            outline_files(
                self.corpus, sheets + ["assets/sotay.css"], config.site_name, self.outline_cache
            )
        )
        written = {}
        for path, content in outputs.items():
            written[path] = digest = hashlib.blake2b(content, digest_size=16).digest()
            if self.written.get(path) != digest:
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        for path in set(self.written) - set(outputs):
            (site / path).unlink(missing_ok=True)
        self.written = written
        return list(search)

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
        link = AnchorLink(heading.title, heading.anchor, heading.level)
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


def build_site(config_file: Path, site_dir: Path, result: Result) -> str | None:
    """Build into `site_dir`; return a Vietnamese error message, or None on success."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        plugin = config.plugins.get("sotay")
        if isinstance(plugin, SotayPlugin):
            plugin.preloaded = result
        build(config)
    except MkDocsException as error:
        return message("build.mkdocs", error=error)
    except OSError as error:
        return message("build.unwritable", folder=site_dir, reason=error.strerror)
    return None


def serve_site(config_file: Path, address: str) -> None:
    from builder.adapter.serve import serve

    serve(config_file, address)
