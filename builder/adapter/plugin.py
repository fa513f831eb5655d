"""The MkDocs plugin: hands the core's generated pages to MkDocs, nothing more."""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from html import escape
from pathlib import Path
from typing import Any, Literal, NamedTuple

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import normalize_url
from mkdocs.utils.yaml import yaml_load

from builder.core import urls
from builder.core.memo import Memo
from builder.core.messages import message
from builder.core.spill import Spill
from builder.model import Corpus, Directive, Heading
from builder.outputs.apart import Apart, ApartFailed
from builder.outputs.cache import LABELS, BuildState, TemplateCache, save_parts
from builder.outputs.card import card_files
from builder.outputs.extra import extra_files
from builder.outputs.offline import (
    ManifestCache,
    SiteListing,
    is_saved,
    manifest_entry,
    offline_manifest,
    offline_page,
    preview_worker,
    service_worker,
)
from builder.outputs.search import (
    Precache,
    SessionIndex,
    Unchanged,
    file_digest,
    iter_index,
    prefetched,
)
from builder.outputs.site import unshare, write_new
from builder.pipeline import Result, load_corpus
from builder.render.page_table import (
    PageSpec,
    content_inputs,
    iter_outline_files,
    own_files,
    page_table,
)
from builder.render.pages import PageContent, RelationCache, content_page, keep_relations
from builder.render.templating import RowCache, keep_rows
from builder.validate.content import scan_tree

log = get_plugin_logger(__name__)

SHEETS = "assets/stylesheets"
"""Where the theme's compiled stylesheets lie in the site (Material's folder, not ours)."""

ERRORS_SCRIPT = "_sotay/loi.js"
"""Every served page loads it: it shows `_sotay/loi.html` (`serve`'s current errors), if any."""


class Made(NamedTuple):
    """What the forked process of a build from nothing wrote (`SotayPlugin._start_apart`)."""

    search: list[str]
    """The search files, in the order they were made."""
    written: list[tuple[str, tuple[int, int], tuple[bytes, str | None]]]
    """Every file: (path in the site, its (mtime_ns, size), its offline manifest entry)."""
    parts: dict[str, list[tuple[int, str]]]
    """A fill: the build cache's parts it wrote (`cache.save_parts`), by memo; else none."""


HERE_ONLY = ("staged", "manifest")
"""The build cache's memos a fill makes in the main process (the pages' inputs, the offline
manifest's entries of every file): the forked one makes and writes all the others but
`WRITTEN_HERE`."""
WRITTEN_HERE = ("files.summaries", "files.fulltexts", "files.translations")
"""The memos of what each source gave, whole before the fork: a fill's main process writes
their parts once its page loop is done, while the forked one still makes the search index
(about 2 s CPU of its 6,7 at 1.000, against 3,7 s of the page loop)."""


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
    session and in a build with a cache (`keep`), each page of ours is handed to MkDocs as new
    only when what it shows changed, and as an unchanged file (`unchanged`, dated 1970)
    otherwise: MkDocs' `dirty` build then renders only the changed pages.
    """

    def __init__(self) -> None:
        self.on_startup(command="build", dirty=False)

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.preloaded: Result | None = None
        self.corpus: Corpus | None = None
        self.claims: list[tuple[str, PageSpec]] | None = None
        """The corpus's page claims, as the pipeline made them (`Result.claims`)."""
        self.pages: dict[str, PageSpec] = {}
        self.state = BuildState()
        """The memos a rebuild reads: kept through a `serve` session, or the build cache's."""
        self.changed = 0
        """Pages handed to MkDocs as changed by the last build (all of them when not kept)."""
        self.theme_env: jinja2.Environment | None = None
        """The first build's theme environment, with its compiled templates."""
        self.first_build = True
        self.serving = command == "serve"
        self.keep = self.serving
        """Whether pages are compared with what the state says they showed."""
        self.unchanged: Path | None = None
        """An empty file dated 1970: the source of every page that has not changed."""
        self.dirty = dirty and self.serving
        self.around: dict[str, tuple[object, ...]] = {}
        """src_uri → what a changed page shows of the site around it (for its digest)."""
        self.rendered: dict[str, PageContent] = {}
        """src_uri → a changed page's content, already rendered to compare it."""
        self.digested: dict[str, bytes] = {}
        """src_uri → that content's digest (`_digest`), made to compare it."""
        self.held: Spill | None = None
        """A build's page bodies between reading and writing (on disk: see `on_page_content`)."""
        self.tell_pages: Callable[[int, int, int], None] | None = None
        """Told (pages rendered, pages written, pages in all) after each page is rendered
        and after each is written: `sotay build`'s progress. Not named `on_…`: MkDocs takes
        any such attribute of a plugin it loads again in one process for an event."""
        self.pages_rendered = self.pages_written = 0
        self.templates: TemplateCache | None = None
        """The build cache's compiled templates, given to the theme's environment."""
        self.search_ids = SessionIndex() if self.serving else None
        """`serve`: search ids kept through the session, and what each page gave the index."""
        self.last_written: dict[str, str | bytes] = {}
        """`serve`: path → the content written there, kept by a memo: the same object again
        is the same file, neither encoded nor digested again."""
        self.site_shown: object = None
        """What every page showed of the site at the last build (`_site_inputs`)."""
        self.apart: Apart | None = None
        """A build from nothing: the process making the files beside the pages meanwhile."""
        self.apart_sheets: list[str] = []
        """The theme's stylesheets the outlines of that process link to."""
        self.frozen = False
        """Whether `_start_apart` froze the collector's view of the objects (`gc.freeze`)."""
        self.fill_root: Path | None = None
        """A build that fills the cache from nothing: the project whose cache the forked
        process writes its parts in (`resume`)."""
        self.placed: Files | None = None
        """The files MkDocs writes in this build, while that process writes its own."""
        self.listing = SiteListing()
        """`serve`: the site's files, looked at again after a rebuild only where it wrote."""
        self.touched: set[str] = set()
        """`serve`: the site's paths this build wrote or removed (the offline manifest's)."""
        self.kept_files: dict[tuple[str, InclusionLevel], File] = {}
        """`serve`: (src_uri, inclusion) → the File of a page left unchanged by the last build."""
        self.kept_own: dict[str, tuple[Directive, tuple[str, ...]]] = {}
        """`serve`: slug → the directive whose own files beside the pages the last build wrote
        (`_remade`), and their paths (`own_files`)."""
        self.own_around: object = None
        """What those files showed besides their directive (`_remade`)."""
        self.left_out: list[File] = []
        """`serve`: the unchanged pages this build does not hand MkDocs at all (`_staged`)."""
        # A document's line of the lists (the index, each facet page it is on) is made once per
        # depth of page: `serve` keeps them through its session, a build through its page
        # loop's reading (`on_env` lets them go).
        keep_rows(RowCache())
        keep_relations(RelationCache() if self.serving else None)

    def on_shutdown(self) -> None:
        self._stop_apart()
        keep_rows(None)
        keep_relations(None)
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
        self._release()
        if self.unchanged is not None:
            shutil.rmtree(self.unchanged.parent, ignore_errors=True)
            self.unchanged = None

    def preload(self, result: Result) -> None:
        """Use this already validated corpus for the next build instead of reading it again."""
        self.preloaded = result

    def resume(
        self,
        state: BuildState,
        dirty: bool,
        templates: TemplateCache | None = None,
        root: Path | None = None,
    ) -> None:
        """Build with the build cache's `state`: `dirty` when the last site was carried into
        the site folder (only changed pages are written), else from nothing (all are);
        `templates` keeps the theme's compiled templates for the next build. With `root`, a
        build from nothing of a state that knows nothing of a last build (it fills the cache
        of the project at `root`): the files beside the pages are made in a forked process,
        as `--clean` does, which writes its memos' parts in that cache too."""
        self.state, self.keep, self.dirty = state, True, dirty
        self.templates = templates
        if not dirty:
            state.staged, state.written, state.dests, state.shown = Memo(), Memo(), set(), {}
        self.fill_root = None if dirty else root

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        result = self.preloaded or self._validate(config)
        if not result.ok:
            errors = [d.format() for d in result.diagnostics if d.is_error]
            raise PluginError("\n".join([message("build.has_errors"), *errors]))
        self.corpus, self.claims = result.corpus, result.claims
        _pin_build_date(result.corpus)
        if self.serving:
            config.extra_javascript.append(ERRORS_SCRIPT)
            if self.theme_env is None:  # the session's first build lists the theme's files
                self.theme_env = config.theme.get_env()  # once for every build after it
                _list_once(self.theme_env)
            self._keep_theme(config)
            self.touched = set()
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
        self.pages = dict(self.claims) if self.claims is not None else page_table(self.corpus)
        for src, page in self.corpus.pages.items():
            render = functools.partial(content_page, page, self.corpus)
            shown = functools.partial(content_inputs, page, self.corpus)
            self.pages.setdefault(src, PageSpec(render, virtual=False, inputs=shown))
        self._keep_only_checked(files, config)
        if not self.keep:
            for src_uri, inclusion in self._virtual(files):
                files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
            self.changed = len(self.pages)
            # Every page left is ours and `on_page_markdown` hands Python-Markdown nothing: it
            # need not load the extensions again for each page (a second a thousand pages).
            config.markdown_extensions = []
            self._start_apart(files, config)
            return files
        if self.serving:
            script = Path(__file__).parents[1] / "render" / "templates" / "serve_errors.js"
            files.append(File.generated(config, ERRORS_SCRIPT, abs_src_path=str(script)))
        files = self._staged(files, config)
        self._forget_gone(files, config)
        if self.fill_root is not None and not self.serving:
            config.markdown_extensions = []  # every page changed, every page ours (above)
            self._start_apart(files, config)
        return files

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

    def _virtual(self, files: Files) -> list[tuple[str, InclusionLevel]]:
        """Our pages that no file of `files` stands for, each with the inclusion it is given."""
        present = files.src_uris
        return [
            (src_uri, InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV)
            for src_uri, spec in self.pages.items()
            if spec.virtual and src_uri not in present
        ]

    def _staged(self, files: Files, config: MkDocsConfig) -> Files:
        """Hand MkDocs each page of ours as changed only when what it shows changed: a page
        that did not is the File object it was at the last build (`_kept_file`). Without a
        `site_url`, `serve` hands it no unchanged page the navigation does not list at all
        (`left_out`): MkDocs would make a Page of each and walk it in its loops (a few
        tenths of a second at 10.000) for nothing, as its sitemap lists no page either way
        (without a `site_url` none has an address to list)."""
        self.changed = 0
        staged = self.state.staged
        self.around, self.rendered, self.digested = {}, {}, {}
        virtual = self._virtual(files)
        ours: list[tuple[str, str, InclusionLevel]] = []
        for file in list(files.documentation_pages()):
            if file.src_uri in self.pages:  # a content page of ours (a campaign's)
                ours.append((file.src_uri, file.content_string, file.inclusion))
                files.remove(file)
        ours += [(src, "", inclusion) for src, inclusion in virtual]
        site = self._site_inputs(files, ours, config)
        if site == self.site_shown:  # the same object: each page compares it at once
            site = self.site_shown
        self.site_shown = site
        kept, self.kept_files = self.kept_files, {}
        self.left_out = []
        leave_out = self.serving and not config.site_url
        for src, text, inclusion in ours:
            spec = self.pages[src]
            inputs = (site, inclusion, text, spec.inputs() if spec.inputs else object())
            changed = self._changed_file(config, src, text, inclusion, inputs)
            if changed is not None:
                files.append(changed)
                self.changed += 1
                # Its File for when the next build finds it unchanged, made now: a session's
                # first rebuild made 10.000 of them (a third of a second at 10.000 documents).
                if self.serving:
                    self._keep_unchanged(config, src, inclusion)
                continue
            file = self._kept_file(kept.get((src, inclusion)), config, src, inclusion)
            if leave_out and not inclusion.is_in_nav():
                self.left_out.append(file)
            else:
                files.append(file)
        listed = [src for src, _, _ in ours]
        staged.keep_only(listed)
        self.state.shown = {s: self.state.shown[s] for s in listed if s in self.state.shown}
        return files

    def _kept_file(
        self, file: File | None, config: MkDocsConfig, src_uri: str, inclusion: InclusionLevel
    ) -> File:
        """The File of an unchanged page: the one of the last build, as MkDocs found it (the
        inclusion it was given; no page when the navigation lists it), else a new one, which
        `serve` keeps for the next. Making ten thousand anew at each rebuild took a tenth of
        `serve`'s rebuild. A page the navigation does not list keeps its `Page` too: MkDocs
        makes one for each such file that has none (another tenth, for the same object)."""
        if file is None:
            file = self._unchanged(config, src_uri, inclusion)
        if inclusion.is_in_nav():
            file.page = None
        file.inclusion = inclusion
        if self.serving:
            self.kept_files[(src_uri, inclusion)] = file
        return file

    def _keep_unchanged(
        self, config: MkDocsConfig, src_uri: str, inclusion: InclusionLevel
    ) -> None:
        """`serve`: the File `_kept_file` gives the page when the next build finds it unchanged,
        its address worked out (`_forget_gone` asks every File for it)."""
        file = self._unchanged(config, src_uri, inclusion)
        _ = file.dest_uri  # a cached property: worked out now, not in the next build's time
        self.kept_files[(src_uri, inclusion)] = file

    def _unchanged(self, config: MkDocsConfig, src_uri: str, inclusion: InclusionLevel) -> File:
        """A new File for a page whose HTML is already in the site (`serve`'s: `_Unchanged`)."""
        source = str(self._unchanged_file())
        made = _Unchanged if self.serving else File
        return made.generated(config, src_uri, abs_src_path=source, inclusion=inclusion)

    def _changed_file(
        self,
        config: MkDocsConfig,
        src: str,
        text: str,
        inclusion: InclusionLevel,
        inputs: tuple[object, ...],
    ) -> File | None:
        """The page's File when it shows other than at the last build, else None: its inputs
        are equal, or (a page naming none, or whose inputs changed) its content renders the
        same."""
        staged = self.state.staged
        if staged.is_fresh(src, inputs):
            return None
        staged.put(src, inputs, None)
        self.around[src] = inputs[:-1]
        file = File.generated(config, src, content=text, inclusion=inclusion)
        if src not in self.state.shown:  # nothing to compare with: on_page_markdown records it
            return file
        content = self._content(file)
        if content is None:
            return None
        digest = _digest(self.around[src], content)
        if self.state.shown[src] == digest:
            return None
        self.rendered[src] = content
        self.digested[src] = digest  # `_record_shown` need not digest it again (the index: MBs)
        return file  # (content None: never reached, every page of `self.pages` renders)

    def _record_shown(self, src: str, content: PageContent) -> None:
        """What a page handed to MkDocs shows, for the next build to compare with."""
        if self.keep and src in self.around:
            around, digest = self.around.pop(src), self.digested.pop(src, None)
            self.state.shown[src] = digest or _digest(around, content)

    @staticmethod
    def _site_inputs(
        files: Files, ours: list[tuple[str, str, InclusionLevel]], config: MkDocsConfig
    ) -> object:
        """What every page shows of the others: the navigation (the pages it may list, the
        order mkdocs.yml gives: the pages left in `files` and ours) and the build date."""
        in_nav = [f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav()]
        in_nav += [src for src, _, inclusion in ours if inclusion.is_in_nav()]
        return (os.environ.get("SOURCE_DATE_EPOCH"), repr(config.nav), tuple(sorted(in_nav)))

    def _unchanged_file(self) -> Path:
        if self.unchanged is None:
            self.unchanged = Path(tempfile.mkdtemp(prefix="sotay-pages-")) / "unchanged.md"
            self.unchanged.write_bytes(b"")
            os.utime(self.unchanged, ns=(0, 0))
        return self.unchanged

    def _forget_gone(self, files: Files, config: MkDocsConfig) -> None:
        """Remove from the kept site what the last build placed and this one will not: the
        page of a deleted file, an asset taken away."""
        placed = {f.dest_uri for f in files} | {f.dest_uri for f in self.left_out}
        for gone in sorted(self.state.dests - placed):
            _remove(Path(config.site_dir), gone)
            self.touched.add(gone)
        self.state.dests = placed

    def _content(self, file: File) -> PageContent | None:
        spec = self.pages.get(file.src_uri)
        if spec is None:
            return None
        root = "../" * file.url.removeprefix("./").count("/")  # the home page's URL is "./"
        # Never kept between builds, `serve`'s neither: a page is rendered here only when its
        # inputs changed (`_is_unchanged`), and then a kept content would not be of them; it
        # would hold every page's HTML through a session (a tenth of its memory).
        return spec.render(root)

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """A dirty session keeps its theme: reuse its compiled templates (seconds per build).

        A build reads each theme template once: Jinja need not stat its file again at every
        `{% include %}` (about a hundred a page, two seconds a thousand pages).

        MkDocs writes right after this: in a carried site (hard links to the served one),
        every file it is about to write is removed first, so it writes a new one."""
        self.placed = files if self.apart is not None else None
        if not self.serving:  # every page's content is made: the lists' lines are of no more use
            keep_rows(None)
        # theme/partials/nav.html: the navigation of the pages it does not list, made once.
        env.globals.update(sotay_once=_Once(), sotay_nav_key=_nav_key, sotay_chrome_key=_chrome_key)
        if not self.serving:
            env.auto_reload = False
        if self.templates is not None:
            env.bytecode_cache = self.templates
        if not self.dirty:
            return env
        if not self.serving:
            self._unshare_written(files, config)
        else:
            self._touch_written(files, config)
        if self.theme_env is None:  # `sotay build` (serve keeps its first build's: on_config)
            self.theme_env = env
            _list_once(env)
        self.theme_env.globals.update(
            sotay_once=_Once(), sotay_nav_key=_nav_key, sotay_chrome_key=_chrome_key
        )
        return self.theme_env

    def _keep_theme(self, config: MkDocsConfig) -> None:
        """`serve`: a session's rebuild finds the theme's files in the list its first build
        made (a theme change starts a new session): MkDocs walks and filters its thousands
        of files (Material's icons) for every build, a tenth of a second each time."""
        kept = self.theme_env
        if kept is not None:
            config.theme.get_env = lambda: kept  # type: ignore[method-assign]

    def _touch_written(self, files: Files, config: MkDocsConfig) -> None:
        """`serve`: what MkDocs writes next besides the pages (`on_post_page` tells of them):
        the files it finds modified and copies, the theme's static templates (the sitemap
        with its .gz), extra templates."""
        self.touched.update(
            f.dest_uri for f in files if not f.is_documentation_page() and f.is_modified()
        )
        for name in config.theme.static_templates:
            self.touched.update((name, f"{name}.gz"))
        for name in config.extra_templates:
            extra = files.get_file_from_path(name)
            if extra is not None:
                self.touched.add(extra.dest_uri)

    @staticmethod
    def _unshare_written(files: Files, config: MkDocsConfig) -> None:
        """Remove what MkDocs' dirty build writes next: the files it finds modified (as it
        decides), the theme's static templates (the sitemap with its .gz), extra templates."""
        site = Path(config.site_dir)
        for file in files:
            if file.is_modified():
                unshare(Path(file.abs_dest_path))
        for name in config.theme.static_templates:
            unshare(site / name)
            unshare(site / f"{name}.gz")
        for name in config.extra_templates:
            extra = files.get_file_from_path(name)
            if extra is not None:
                unshare(Path(extra.abs_dest_path))

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        content = self.rendered.pop(page.file.src_uri, None) or self._content(page.file)
        if content is None:  # never reached: every page left in Files is ours
            return ""
        self._record_shown(page.file.src_uri, content)
        # MkDocs and Material print title, description and TOC names unescaped: hand them text
        # already escaped (and never HTML), so a title can neither run nor break its tag.
        page.meta.update(title=escape(content.title), description=escape(content.description))
        if content.stylesheet:
            page.meta["sotay_stylesheet"] = content.stylesheet
        if content.lang:  # theme/partials/language.html gives it to <html lang>
            page.meta["sotay_lang"] = content.lang
        page.meta["sotay"] = content
        # Our HTML replaces the page's in on_page_content: MkDocs need not make a Python-Markdown
        # converter for each page (with its extensions, a millisecond) to convert nothing.
        page.render = functools.partial(_render_nothing, page)  # type: ignore[method-assign]
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        content = page.meta.pop("sotay", None)
        if not isinstance(content, PageContent):
            return html
        page.toc = _toc(content.toc)
        self.pages_rendered += 1
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
        page.content = None  # written: its HTML and contents are of no more use (a session's
        page.toc = TableOfContents([])  # first build held every page's till its end)
        if self.serving:
            self.touched.add(page.file.dest_uri)
        self.pages_written += 1
        self._tell()
        return output

    def _tell(self) -> None:
        if self.tell_pages is not None:
            self.tell_pages(self.pages_rendered, self.pages_written, len(self.pages))

    def _release(self) -> None:
        if self.held is not None:
            self.held.close()
            self.held = None

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_apart()

    def _start_apart(self, files: Files, config: MkDocsConfig) -> None:
        """A build from nothing (nothing compared with a last build, nothing kept for the next):
        the files beside the pages depend on the corpus alone, so a forked process makes and
        writes them on the other core while MkDocs reads and writes the pages here."""
        self._stop_apart()
        site, site_name = Path(config.site_dir), config.site_name
        self.apart_sheets = _sheets(f.dest_uri for f in files)
        sheets = self.apart_sheets
        # What exists now (the corpus, MkDocs' files) lives till the build ends: the collector
        # need not scan it again and again through the page loop, nor the child copy its pages
        # to do so (`on_shutdown` gives it back).
        gc.freeze()
        self.frozen = True
        self.apart = Apart.start(lambda: self._write_apart(site, site_name, sheets))

    def _write_apart(self, site: Path, site_name: str, sheets: list[str]) -> Made:
        """The forked process's work: every output written, with what the offline manifest's
        cache holds for it (its bytes are at hand: the main process need not read it back);
        in a fill, then the parts of the build cache's memos but those made `HERE_ONLY`."""
        made = Made([], [], {})
        folders: set[Path] = set()
        written = self.state.written if self.fill_root is not None else None
        for path, made_there in self._outputs(sheets, site_name, made.search):
            if isinstance(made_there, Unchanged):  # (never: a build from nothing keeps none)
                made_there = made_there.make()
            content = made_there.encode("utf-8") if isinstance(made_there, str) else made_there
            target = site / path
            if target.parent not in folders:  # tens of thousands of files in a few folders
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            stat = _write_fresh(target, content)
            stamp = (stat.st_mtime_ns, stat.st_size)
            made.written.append((path, stamp, manifest_entry(path, content, site_name)))
            if written is not None:
                written.put(path, file_digest(content), None)
        if self.fill_root is not None:
            kept = [label for label in LABELS if label not in (*HERE_ONLY, *WRITTEN_HERE)]
            made.parts.update(save_parts(self.fill_root, self.state, kept))
        return made

    def _stop_apart(self) -> None:
        if self.apart is not None:
            self.apart.stop()
            self.apart = None

    def _waited(self, files: Files, config: MkDocsConfig, known: ManifestCache) -> Made | None:
        """What the forked process wrote, once it ended, its manifest entries put in `known`;
        None when what it wrote may differ from what this process would write now (then they
        are written again)."""
        assert self.apart is not None
        apart, self.apart = self.apart, None
        try:
            made = apart.wait()
        except ApartFailed as error:
            raise MkDocsException(message("build.apart_failed", reason=error)) from None
        assert isinstance(made, Made)
        site = Path(config.site_dir)
        pages = {f.dest_uri for f in files} | set(config.theme.static_templates)
        pages.update(config.extra_templates)
        if _sheets(_below(site)) != self.apart_sheets or any(p in pages for p, *_ in made.written):
            return None  # (never seen: a plugin's stylesheet, a page where an output goes)
        for path, stamp, entry in made.written:
            known.put(path, stamp, entry)
        self.state.elsewhere = made.parts
        return made

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        known = self.state.manifest if self.keep else ManifestCache()  # shared with sw.js
        placed, made = self.placed, None
        if self.apart is not None and placed is not None:
            _know_placed(placed, site, config.site_name, known)
            here = save_parts(self.fill_root, self.state, WRITTEN_HERE) if self.fill_root else {}
            made = self._waited(placed, config, known)
            self.state.elsewhere = {**self.state.elsewhere, **here} if made else {}
        if made is None:
            search = self._write_outputs(config)
        else:
            self._release()
            search = made.search
        manifest = site / urls.OFFLINE_MANIFEST  # lists every file written above: last but sw.js
        if self.serving:  # a session's first build scans the site, the next look where they wrote
            touched = None if self.first_build else self.touched
            text = self.listing.manifest(site, config.site_name, known, touched)
        else:
            text = offline_manifest(site, config.site_name, known)
        if not manifest.is_file() or manifest.read_text(encoding="utf-8") != text:
            write_new(manifest, text.encode("utf-8"))
        if self.serving and self.dirty and not self.first_build:
            return  # `sw.js` digests every file of the site: the session keeps its first one
        self.first_build = False
        (site / urls.SERVICE_WORKER).unlink(missing_ok=True)  # a carried site's: not digested
        if self.serving:  # a preview keeps no copy: its search would read the first build's
            worker = preview_worker()
        else:
            kept = prefetched(self.corpus, search) if self.corpus else Precache([], [])
            worker = service_worker(
                site, kept.install or [urls.SEARCH_DOCS], known, config.site_name, kept.later
            )
        (site / urls.SERVICE_WORKER).write_text(worker, encoding="utf-8")

    def _write_outputs(self, config: MkDocsConfig) -> list[str]:
        """Write search, spreadsheets and outlines; in a dirty session skip unchanged files.

        Each file is written as soon as it is made (a large build's memory). Returns the search
        files' paths. Files no longer produced are deleted.
        """
        self._release()
        site = Path(config.site_dir)
        if not self.dirty:
            self.state.written = Memo()  # the site folder was emptied: write everything
            self.last_written = {}
        written = self.state.written
        search: list[str] = []
        produced: list[str] = []
        last, self.last_written = self.last_written, {}
        sheets = _sheets(_below(site))
        for path, made in self._outputs(sheets, config.site_name, search):
            produced.append(path)
            if isinstance(made, Unchanged):  # the build cache knows its bytes: written?
                if written.is_fresh(path, made.digest):
                    continue
                made = made.make()
            if self.serving and not path.startswith(SEARCH_FILES):  # (search: `SessionIndex`)
                self.last_written[path] = made
                if last.get(path) is made:  # a memo's value, unchanged: so is its file
                    continue
            content = made.encode("utf-8") if isinstance(made, str) else made
            digest = file_digest(content)
            if not written.is_fresh(path, digest):
                written.put(path, digest, None)
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                write_new(target, content)
                self.touched.add(path)
        if self.search_ids is not None:  # `serve`: the search files an edit did not change
            produced += self.search_ids.kept
            search += self.search_ids.kept
        for _, paths in self.kept_own.values():  # `serve`: those of unchanged directives
            produced += paths
            for path in paths:
                self.last_written[path] = last[path]
        if self.serving and self.corpus is not None:
            self.kept_own = {
                slug: self.kept_own.get(slug) or (d, own_files(d))
                for slug, d in self.corpus.directives.items()
            }
        for gone in written.keep_only(produced):
            _remove(site, str(gone))
            self.touched.add(str(gone))
        return search

    def _outputs(
        self, sheets: list[str], site_name: str, search: list[str]
    ) -> Iterator[tuple[str, str | bytes | Unchanged]]:
        """Every file beside the pages, made one at a time; the search files' paths go in
        `search` as they are made. `sheets`: the theme's stylesheets in the site. With the
        build cache, a search text the cache knows is given by its digest (`Unchanged`)."""
        assert self.corpus is not None
        state = self.state if self.keep else None
        postings, made = (state.postings, state.index) if state else (None, None)
        lazy = made is not None and self.search_ids is None  # `sotay build` with its cache
        for path, text in iter_index(self.corpus, postings, made, self.search_ids, lazy):
            search.append(path)
            yield path, text
        corpus, only = self.corpus, self._remade(sheets, site_name)
        yield from extra_files(corpus, state.extras if state else None, only).items()
        outlines = state.outlines if state else None
        yield from iter_outline_files(corpus, [*sheets, urls.SITE_CSS], site_name, outlines, only)
        yield from offline_page([*sheets, urls.SITE_CSS], site_name).items()
        yield from card_files(corpus, site_name, state.cards if state else None, only).items()

    def _remade(self, sheets: list[str], site_name: str) -> list[Directive] | None:
        """`serve`: the directives whose own files beside the pages (`own_files`) are made
        again, None: all. The others' are as written: each file's memo is asked only of the
        directive, its campaigns, the stylesheets and the site's name, and a directive left
        the same object (`FileCache.directives`) with the same campaigns shows the same."""
        assert self.corpus is not None
        around = (sheets, site_name, tuple(self.corpus.campaigns.values()))
        kept, self.kept_own = self.kept_own, {}
        if not self.serving or around != self.own_around:
            self.own_around = around
            return None
        remade = []
        for slug, d in self.corpus.directives.items():
            last = kept.get(slug)
            if last is not None and last[0] is d:
                self.kept_own[slug] = last
            else:
                remade.append(d)
        return remade

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(Path(config.config_file_path).parent / self.config.directives_dir))
        return server


SEARCH_FILES = urls.SEARCH_DIR + "/"
_FRESH = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _write_fresh(target: Path, content: bytes) -> os.stat_result:
    """`write_new` of a file in a site being built from nothing, where none is there yet (one
    system call less, and no Python file object: tens of thousands of files); its stat."""
    try:
        fd = os.open(target, _FRESH, 0o666)
    except FileExistsError:  # never seen in a build from nothing: the usual way, then
        write_new(target, content)
        return target.stat()
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
        return os.fstat(fd)
    finally:
        os.close(fd)


class _Unchanged(File):
    """`serve`: the File of a page whose HTML is already in the site (`_kept_file`). MkDocs'
    dirty build asks each whether its source is newer than its page, two stats a page at
    every rebuild; the session's site is its own, written by its builds only."""

    def is_modified(self) -> bool:
        return False


class _Once:
    """A theme fragment rendered once per key in a build (`{% call sotay_once(key) %}`): the
    same key, the same HTML; a key of None renders it each time."""

    def __init__(self) -> None:
        self.made: dict[object, object] = {}

    def __call__(self, key: object, caller: Callable[[], object]) -> object:
        if key is None:
            return caller()
        if key not in self.made:
            self.made[key] = caller()
        return self.made[key]


def _nav_key(nav: Navigation | None, page: Any, base_url: str, config: MkDocsConfig) -> object:
    """What theme/partials/nav.html shows of `page`: None (render it) when the navigation lists
    the page (an item is active then); else every link it may write, as the `url` filter
    writes it from this page, and the page's language: pages alike there show the same."""
    if nav is None or not isinstance(page, Page):
        return None
    links: list[str] = [
        str(config.extra.get("homepage") or ""),
        str(config.theme.get("logo") or ""),
    ]
    items = list(nav.items)
    while items:
        item = items.pop()
        if isinstance(item, Page) and item.file == page.file:
            return None
        url = getattr(item, "url", None)  # a section has none
        if url is not None:
            links.append(str(url))
        items.extend(item.children or [])
    if nav.homepage is not None:
        links.append(str(nav.homepage.url))
    shown = tuple(normalize_url(link, page=page, base=base_url) for link in links)
    return (base_url, page.meta.get("sotay_lang"), shown)


def _chrome_key(page: Any, base_url: str, config: MkDocsConfig) -> object:
    """What a part of the theme that shows nothing of `page` but links relative to it shows
    of it (theme/main.html's `sotay_chrome`, the header around its title): None (render it)
    when a link may share a folder with the page's; else the page's depth (`base_url`) and
    language. A link from a page to a file in no folder of the page's is `../` per folder of
    the page and the file's path (mkdocs.utils.get_relative_url): the same at equal depth."""
    if not isinstance(page, Page):
        return None
    folder = page.url.rpartition("/")[0]
    first = folder.lstrip("/").partition("/")[0]
    if first:
        linked = {"assets", *_first_folders(config)}
        if first in linked:
            return None
    return (base_url, page.meta.get("sotay_lang"))


def _first_folders(config: MkDocsConfig) -> set[str]:
    """The first folder of every file the configuration links to from each page (its
    stylesheets, scripts, home page): a page under one may link to it otherwise."""
    paths = [str(getattr(script, "path", script)) for script in config.extra_javascript]
    paths += [str(sheet) for sheet in config.extra_css]
    paths += [str(config.extra.get("homepage") or ""), str(config.theme.get("logo") or "")]
    return {path.lstrip("/").partition("/")[0] for path in paths if "/" in path.lstrip("/")}


def _know_placed(placed: Files, site: Path, site_name: str, known: ManifestCache) -> None:
    """Put in `known` the offline manifest's entries of the files MkDocs wrote (its pages, the
    theme's files), read back while the forked process may still be making its own: the
    manifest, made once both are done, reads none of them again."""
    for file in placed:
        path = file.dest_uri
        if not is_saved(path):
            continue
        target = site / path
        try:
            content = target.read_bytes()
            stat = target.stat()
        except FileNotFoundError:  # a page MkDocs skipped (empty): the manifest lists none
            continue
        known.put(path, (stat.st_mtime_ns, stat.st_size), manifest_entry(path, content, site_name))


def _list_once(env: jinja2.Environment) -> None:
    """Make `env` list its templates once: MkDocs asks with the same filter at every build
    of a session (its theme files, from a configuration that does not change in one)."""
    listed: dict[object, list[str]] = {}
    list_templates = env.list_templates

    def once(
        extensions: Collection[str] | None = None, filter_func: Callable[[str], bool] | None = None
    ) -> list[str]:
        key = (tuple(extensions) if extensions is not None else None, filter_func is None)
        if key not in listed:
            listed[key] = list_templates(extensions, filter_func)
        return list(listed[key])

    env.list_templates = once  # type: ignore[method-assign]


def _sheets(paths: Iterable[str]) -> list[str]:
    """The theme's compiled stylesheets among the site's `paths` (the outlines link to them)."""
    return sorted(p for p in paths if _is_sheet(p))


def _is_sheet(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder == SHEETS and name.endswith(".min.css")


def _below(site: Path) -> Iterator[str]:
    """The site's files in the folder `_sheets` looks in, as paths from the site."""
    for path in (site / SHEETS).glob("*.min.css"):
        yield path.relative_to(site).as_posix()


def _digest(around: object, content: PageContent) -> bytes:
    """What a page shows, digested: its HTML as it is (the index's is megabytes at 10.000
    documents: no `repr` of it), the rest by `repr`."""
    rest = repr((around, dataclasses.replace(content, html="")))
    digest = hashlib.blake2b(rest.encode("utf-8"), digest_size=16)
    digest.update(content.html.encode("utf-8"))
    return digest.digest()


def _remove(site: Path, path: str) -> None:
    """Delete a file of the site and the folders it leaves empty."""
    target = site / path
    target.unlink(missing_ok=True)
    for folder in target.parents:
        if folder == site or not folder.is_relative_to(site):
            return
        try:
            folder.rmdir()
        except OSError:
            return


def _render_nothing(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What `Page.render` leaves of an empty Markdown text: no HTML, no contents, no anchors
    (on_page_content then puts ours in)."""
    page.content = ""
    page.toc = TableOfContents([])
    page.present_anchor_ids = set()


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
