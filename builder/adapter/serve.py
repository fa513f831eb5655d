"""`sotay serve`: live preview that rebuilds only the pages an edit changes.

Part of the MkDocs adapter. The first build of a session is a normal MkDocs build. On an edit
under directives/ or content/dot-hoc-tap/ (a file changed, added, renamed or deleted), only
changed files are re-read (by mtime and size) and MkDocs makes a `dirty` build, in which the
plugin marks as modified only the pages whose inputs changed and removes the pages of deleted
files. Any other edit (theme, mkdocs.yml, other content pages) starts a new session and
builds everything. A file with errors leaves the last good
site in place and shows the Vietnamese errors on every page.
"""

from __future__ import annotations

import gc
import signal
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from stat import S_ISREG
from types import FrameType
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch

from builder.adapter.build import configure, end, quiet_dirty, start
from builder.adapter.plugin import configured_directives_dir
from builder.core import urls
from builder.core.messages import message, problem
from builder.pipeline import FileCache, Result, load_corpus
from builder.render.templating import ENV

POLL_SECONDS = 0.2
"""How often the watcher looks at file times where the system cannot tell it of changes
(no inotify): part of the edit-to-reload delay."""
SETTLE_SECONDS = 0.03
"""How long the server waits after a change for the next one before it rebuilds: an editor
saves in a few steps (write, rename) within milliseconds (MkDocs waits 0.1 s)."""
ERRORS_PAGE = "_sotay/loi.html"
"""Read by every served page (the plugin's `_sotay/loi.js`): the banner of current errors."""


class LiveSite:
    """A site served from a folder, rebuilt as little as each edit allows."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file = config_file
        self.root = config_file.parent
        self.directives_dir = configured_directives_dir(config_file)
        self.site_dir = site_dir
        self.files_seen = FileCache()
        self.errors: list[str] = []
        self.session: MkDocsConfig | None = None
        """The configuration the current MkDocs session started with."""
        self.sessions = 0
        """MkDocs sessions started: one more for each full rebuild."""
        self.others: dict[Path, tuple[int, int]] = {}

    def rebuild(self) -> None:
        """Called by the server after files change: the smallest rebuild that is correct."""
        began = time.monotonic()
        try:
            count = self.update()
        except (MkDocsException, OSError) as error:
            self.errors, count = [problem("build.mkdocs", error=error)], None
            self.close()
        except Exception as error:  # a theme template or a plugin broke: keep serving
            self.errors = [problem("serve.crashed", kind=type(error).__name__, error=error)]
            count = None
            self.close()
        self._write_errors()
        if self.errors:
            print("\n".join([message("serve.has_errors"), *self.errors]))
        if count is not None:
            print(message("serve.updated", count=count, seconds=time.monotonic() - began))

    def update(self) -> int | None:
        """Re-read changed files and build; None when errors keep the last good site.

        At start-up a file with errors is left out (its error shown on every page) so the
        author sees the rest; later, an error keeps the last good site instead.
        """
        result = load_corpus(self.root, self.directives_dir, self.files_seen)
        self.errors = [d.format() for d in result.diagnostics if d.is_error]
        if self.errors and self.session is not None:
            return None
        others = self._snapshot_others()
        full = self.session is None or others != self.others
        config, plugin = configure(self.config_file, self.site_dir)
        if full:
            self.close()
            start(config, "serve")
            self.sessions += 1
        self.session, self.others = config, others
        plugin.preload(Result(result.corpus, [d for d in result.diagnostics if not d.is_error]))
        build(config, serve_url="/", dirty=not full)
        if full:  # what a session's first build keeps lives as long as the session: the
            gc.collect()  # collector need not walk it again at every rebuild (a tenth of
            gc.freeze()  # a second at 1.000 documents, each time it runs in full)
        return plugin.changed

    def close(self) -> None:
        """End the MkDocs session: the next build starts afresh."""
        if self.session is not None:
            end(self.session)
            self.session = None

    def _write_errors(self) -> None:
        target = self.site_dir / ERRORS_PAGE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(errors_page(self.errors), encoding="utf-8")

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


def errors_page(errors: list[str]) -> str:
    """What `_sotay/loi.html` holds: the banner listing the errors, or nothing."""
    if not errors:
        return ""
    return ENV.get_template("serve_errors.html").render(
        errors=[unicodedata.normalize("NFC", e) for e in errors],
        title=message("serve.banner"),
        advice=message("serve.banner_advice"),
    )


StartResponse = Callable[..., Any]
CACHE_THEME_FILE = ("Cache-Control", "no-cache")
"""A theme file may be kept by the browser, asked again at each use (`_theme_file_tag`)."""
NOT_FOUND_PAGE = "404.html"
"""The site's own page for a missing address (theme/404.html), served with status 404."""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, answering a missing page with the site's 404 page and an
    address that names no file (a NUL byte, `..`, a control character) with a 400."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_handler = self._error_page
        self.build_delay = SETTLE_SECONDS
        told = told_observer()  # set before any path is watched; MkDocs only schedules,
        if told is not None:  # starts and stops it, which every observer does
            self.observer = told  # type: ignore[assignment]

    def _error_page(self, code: int) -> bytes | None:
        page = Path(self.root) / NOT_FOUND_PAGE
        return page.read_bytes() if code == 404 and page.is_file() else None

    def serve_request(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        path_info = environ.get("PATH_INFO", "")
        if not is_servable(path_info):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [message("serve.bad_path").encode("utf-8")]
        tag = self._theme_file_tag(path_info)
        if tag is None:
            return super().serve_request(environ, start_response)
        if environ.get("HTTP_IF_NONE_MATCH") == tag:
            start_response("304 Not Modified", [("ETag", tag), CACHE_THEME_FILE])
            return []

        def tagged(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            if status.startswith("200"):
                headers = [*headers, ("ETag", tag), CACHE_THEME_FILE]
            return start_response(status, headers, *rest)

        return super().serve_request(environ, tagged)

    def _theme_file_tag(self, path_info: str) -> str | None:
        """The ETag of a theme file the request names (its time and size), None for any other
        address: a reload then asks for each theme file again only to hear it is the same
        (304), and the browser reuses what it compiled of its scripts."""
        path = path_info.encode("latin-1").decode("utf-8").lstrip("/")
        if not path.startswith(urls.THEME_ASSETS):
            return None
        try:
            stat = (Path(self.root) / path).stat()
        except OSError:
            return None
        return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"' if S_ISREG(stat.st_mode) else None


CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
]
"""What the told watcher tells of: inotify also tells of every file opened or read, and each
build reads them all, which would rebuild without end."""


def told_observer() -> BaseObserver | None:
    """A watcher the system tells of each change as it happens (inotify), telling of `CHANGES`
    only; None where there is none: MkDocs' own polls every file's time every `POLL_SECONDS`,
    which costs up to that long after each save and, at 10.000 files, CPU all the time."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except Exception:  # not Linux, or a C library without inotify: watchdog's own error
        return None

    class ChangeObserver(InotifyObserver):
        def schedule(
            self,
            event_handler: FileSystemEventHandler,
            path: str | Path,
            *,
            recursive: bool = False,
            event_filter: list[type[FileSystemEvent]] | None = None,
            follow_symlink: bool = False,
        ) -> ObservedWatch:
            return super().schedule(
                event_handler,
                path,
                recursive=recursive,
                event_filter=event_filter or CHANGES,
                follow_symlink=follow_symlink,
            )

    try:  # the system may refuse one more watcher (inotify's per-user limits)
        with tempfile.TemporaryDirectory(prefix="sotay-watch-") as folder:
            probe = ChangeObserver()
            probe.schedule(FileSystemEventHandler(), folder)
            probe.start()
            probe.stop()
            probe.join()
    except OSError:
        return None
    return ChangeObserver()


def is_servable(path_info: str) -> bool:
    """Whether a request's decoded path can name a file of the site: UTF-8, no control
    character (`%00`), no `..` segment (`/..%2f..`)."""
    try:
        path = path_info.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return False
    if any(unicodedata.category(c) == "Cc" for c in path) or "\\" in path:
        return False
    return ".." not in path.split("/")


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM stops `serve` as Ctrl+C does, so the temporary site is removed."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def serve(config_file: Path, address: str) -> None:
    """Build into a temporary folder, serve it and rebuild on every edit until Ctrl+C or
    SIGTERM; either leaves no temporary folder behind."""
    quiet_dirty()
    previous = signal.signal(signal.SIGTERM, _stop)
    # Ctrl+C stops it even when started in the background by a shell, which ignores SIGINT
    # for its background jobs (Python then never raises KeyboardInterrupt: serve ran on).
    interrupt = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with tempfile.TemporaryDirectory(prefix="sotay-serve-") as folder:
            _serve_from(config_file, address, Path(folder))
    except KeyboardInterrupt:
        print(message("serve.stopped"))
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, interrupt)


def _serve_from(config_file: Path, address: str, folder: Path) -> None:
    host, _, port = address.rpartition(":")
    site = LiveSite(config_file, folder)
    server: PreviewServer | None = None
    try:
        site.rebuild()
        server = PreviewServer(
            builder=site.rebuild,
            host=host or "127.0.0.1",
            port=int(port),
            root=str(folder),
            polling_interval=POLL_SECONDS,
        )
        for watched in (site.directives_dir, urls.CONTENT_DIR, urls.THEME_DIR):
            server.watch(str(site.root / watched))
        server.watch(str(config_file))
        server.serve()  # type: ignore[no-untyped-call]
    finally:
        if server is not None:
            server.shutdown()
        site.close()
