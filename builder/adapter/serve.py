"""`sotay serve`: live preview that rebuilds only the pages an edit changes.

Part of the MkDocs adapter. The first build is a normal MkDocs build whose objects (config,
files, navigation, theme environment) are kept. On an edit under directives/ or
content/dot-hoc-tap/, only changed files are re-read (by mtime and size), the core re-renders
every generated page's HTML fragment, and MkDocs' theme renders only the pages whose fragment
changed. Any other edit (theme, mkdocs.yml, other content pages) rebuilds everything. A file
with errors leaves the last good site in place and shows the Vietnamese errors on every page.
"""

from __future__ import annotations

import html
import logging
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

from builder.adapter.plugin import SotayPlugin, configured_directives_dir
from builder.core import urls
from builder.core.diagnostics import Diagnostic
from builder.core.messages import message, problem
from builder.pipeline import FileCache, Result, load_corpus
from builder.render.page_table import page_table

POLL_SECONDS = 0.2
"""How often the watcher looks at file times: part of the edit-to-reload delay."""


class LiveSite:
    """A built site kept in memory, updated file by file."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file = config_file
        self.root = config_file.parent
        self.directives_dir = configured_directives_dir(config_file)
        self.site_dir = site_dir
        self.files_seen = FileCache()
        self.errors: list[str] = []
        self.config: MkDocsConfig | None = None
        self.plugin: SotayPlugin | None = None
        self.others: dict[Path, tuple[int, int]] = {}
        self.inputs: dict[str, object] = {}
        """src_uri → the inputs its page was last rendered from."""

    def rebuild(self) -> None:
        """Called by the server after files change: the smallest rebuild that is correct."""
        start = time.monotonic()
        try:
            if self.plugin is None or self._others_changed():
                count = self.full_build()
            else:
                count = self.update()
        except (MkDocsException, OSError) as error:
            self.errors = [problem("build.mkdocs", error=error)]
            count = None
        except Exception as error:  # a theme template or a plugin broke: keep serving
            self.errors = [problem("serve.crashed", kind=type(error).__name__, error=error)]
            count = None
        if self.errors:
            print("\n".join([message("serve.has_errors"), *self.errors]))
        if count is not None:
            elapsed = time.monotonic() - start
            print(message("serve.updated", count=count, seconds=elapsed))

    def full_build(self) -> int | None:
        """Build everything again from a fresh configuration.

        At start-up a file with errors is left out (its error shown on every page) so the
        author sees the rest; later, an error keeps the last good site instead.
        """
        result = load_corpus(self.root, self.directives_dir, self.files_seen)
        if not self._accept(result.diagnostics) and self.plugin is not None:
            return None
        config = load_config(str(self.config_file), site_dir=str(self.site_dir))
        plugin = config.plugins.get("sotay")
        assert isinstance(plugin, SotayPlugin), "mkdocs.yml phải bật plugin sotay"
        plugin.preloaded = Result(result.corpus, [d for d in result.diagnostics if not d.is_error])
        plugin.search_cache, plugin.outline_cache = {}, {}
        build(config, serve_url="/")
        self.config, self.plugin = config, plugin
        self.inputs = {uri: spec.inputs() for uri, spec in plugin.pages.items() if spec.inputs}
        self.others = self._snapshot_others()
        return len(plugin.pages)

    def update(self) -> int | None:
        """Re-read changed files; re-render only the pages whose content changed."""
        assert self.plugin is not None and self.config is not None
        result = load_corpus(self.root, self.directives_dir, self.files_seen)
        if not self._accept(result.diagnostics):
            return None
        plugin, config = self.plugin, self.config
        table = page_table(result.corpus)
        if set(table) != set(plugin.pages):
            return self.full_build()  # a file was added or removed: the file list changes
        plugin.corpus, plugin.pages = result.corpus, table
        changed = [p for p in self._pages() if self._refresh(p)]
        changed += [p for p in self._pages() if p.file.src_uri not in table]  # home, guide
        assert plugin.files is not None and plugin.nav is not None and plugin.env is not None
        doc_files = plugin.files.documentation_pages()
        for page in changed:
            _populate_page(page, config, plugin.files)
            _build_page(page, config, doc_files, plugin.nav, plugin.env)
        plugin.write_outputs(config)
        return len(changed)

    def _pages(self) -> list[Page]:
        assert self.plugin is not None and self.plugin.files is not None
        return [f.page for f in self.plugin.files.documentation_pages() if f.page is not None]

    def _refresh(self, page: Page) -> bool:
        """Render the page's fragment; keep it and say so when it differs from the last one."""
        assert self.plugin is not None
        uri = page.file.src_uri
        spec = self.plugin.pages.get(uri)
        if spec is None:
            return False
        if spec.inputs is not None:
            inputs = spec.inputs()
            if uri in self.inputs and self.inputs[uri] == inputs:
                return False
            self.inputs[uri] = inputs
        content = spec.render("../" * page.url.count("/"))
        if self.plugin.rendered.get(page.file.src_uri) == content:
            return False
        self.plugin.rendered[page.file.src_uri] = content
        return True

    def _accept(self, diagnostics: list[Diagnostic]) -> bool:
        self.errors = [d.format() for d in diagnostics if d.is_error]
        return not self.errors

    def _snapshot_others(self) -> dict[Path, tuple[int, int]]:
        """Times of every watched file outside directives/ and the campaigns."""
        campaigns = self.root / urls.CAMPAIGNS_DIR
        found = [self.config_file]
        for folder in (urls.CONTENT_DIR, urls.THEME_DIR):
            found += [
                p
                for p in sorted((self.root / folder).rglob("*"))
                if p.is_file() and campaigns not in p.parents
            ]
        return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in found}

    def _others_changed(self) -> bool:
        return self._snapshot_others() != self.others


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that also shows the current errors on every page."""

    def __init__(self, site: LiveSite, host: str, port: int) -> None:
        super().__init__(
            builder=site.rebuild,
            host=host,
            port=port,
            root=str(site.site_dir),
            polling_interval=POLL_SECONDS,
        )
        self.site = site

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        if not self.site.errors:
            return content
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + error_banner(self.site.errors) + content[end:]


def error_banner(errors: list[str]) -> bytes:
    items = "".join(f"<li>{html.escape(e)}</li>" for e in errors)
    banner = (
        '<div id="sotay-loi" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:1000;'
        "max-height:70vh;overflow:auto;background:#fff4f4;color:#600;border-bottom:3px solid "
        '#b00;padding:1rem;font:16px/1.5 sans-serif">'
        f"<strong>{message('serve.banner')}</strong> {message('serve.banner_advice')}"
        f'<ul style="margin:.5rem 0 0 1rem;font-family:monospace">{items}</ul></div>'
    )
    return banner.encode("utf-8")


def serve(config_file: Path, address: str) -> None:
    """Build into a temporary folder, serve it and rebuild on every edit until Ctrl+C."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    host, _, port = address.rpartition(":")
    with tempfile.TemporaryDirectory(prefix="sotay-serve-") as folder:
        site = LiveSite(config_file, Path(folder))
        site.rebuild()
        server = PreviewServer(site, host or "127.0.0.1", int(port))
        for watched in (site.directives_dir, urls.CONTENT_DIR, urls.THEME_DIR):
            server.watch(str(site.root / watched))
        server.watch(str(config_file))
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            print(message("serve.stopped"))
        finally:
            server.shutdown()
