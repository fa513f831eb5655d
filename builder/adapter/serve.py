"""`sotay serve`: live preview that rebuilds only the pages an edit changes.

Part of the MkDocs adapter. The first build of a session is a normal MkDocs build. On an edit
under directives/ or content/dot-hoc-tap/ (a file changed, added, renamed or deleted), only
changed files are re-read (by mtime and size) and MkDocs makes a `dirty` build, in which the
plugin marks as modified only the pages whose inputs changed and removes the pages of deleted
files. Any other edit (theme, mkdocs.yml, other content pages) starts a new session and
builds everything. A file with errors leaves the last good
site in place and shows the Vietnamese errors on every page. An open page is told which files
each rebuild wrote and patches itself in place when only its own HTML changed
(`render/templates/serve_reload.js`), else reloads.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import signal
import tempfile
import threading
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
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
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
from builder.outputs.cache import collector_paused
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
MOST_TOLD = 2000
"""Past this many changed paths between two rebuilds (a checkout, a copied folder), every file
is looked at again rather than only those the watcher named: inotify drops events when its
queue overflows, and says so to no handler."""


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
        """Every watched file outside directives/ and the campaigns, with its time and size,
        as the current session's last build saw them: a change starts a new session."""
        self.unseen: set[Path] = set()
        """Those the watcher named since: looked at again before the next build (kept through
        a rebuild that errors stopped before)."""
        self.written: frozenset[str] | None = None
        """The site files the last rebuild wrote or removed; None when it may have changed any
        (a new session, the errors banner changed, a crash)."""

    def rebuild(self, told: Iterable[str] | None = None) -> None:
        """Called by the server after files change: the smallest rebuild that is correct.

        `told`: the absolute paths the watcher named since the last rebuild; only they are
        looked at again (None: not known, every file is)."""
        began = time.monotonic()
        self.written = None
        try:
            with _collected_after():
                count = self.update(self._under_root(told))
        except (MkDocsException, OSError) as error:
            self.errors, count = [problem("build.mkdocs", error=error)], None
            self.close()
        except Exception as error:  # a theme template or a plugin broke: keep serving
            self.errors = [problem("serve.crashed", kind=type(error).__name__, error=error)]
            count = None
            self.close()
        if self._write_errors():
            self.written = None
        if self.errors:
            print("\n".join([message("serve.has_errors"), *self.errors]))
        if count is not None:
            print(message("serve.updated", count=count, seconds=time.monotonic() - began))

    def update(self, told: frozenset[Path] | None = None) -> int | None:
        """Re-read changed files (`told`, else all) and build; None when errors keep the last
        good site.

        At start-up a file with errors is left out (its error shown on every page) so the
        author sees the rest; later, an error keeps the last good site instead.
        """
        self.files_seen.tell(told if self.session is not None else None)
        self.unseen |= {path for path in told or () if self._is_other(path)}
        result = load_corpus(self.root, self.directives_dir, self.files_seen)
        self.errors = [d.format() for d in result.diagnostics if d.is_error]
        if self.errors and self.session is not None:
            self.written = frozenset()
            return None
        others = self._others_now(told)
        full = self.session is None or others != self.others
        config, plugin = configure(self.config_file, self.site_dir)
        if full:
            self.close()
            gc.enable()  # a session's first build leaves a million objects of garbage: freed
            start(config, "serve")  # as it goes (`_collected_after` pauses the collector)
            self.sessions += 1
        self.session, self.others, self.unseen = config, others, set()
        warnings = [d for d in result.diagnostics if not d.is_error]
        plugin.preload(Result(result.corpus, warnings, result.claims))
        build(config, serve_url="/", dirty=not full)
        # the offline manifest, written after the plugin's list, changes with every page
        self.written = None if full else frozenset(plugin.touched | {urls.OFFLINE_MANIFEST})
        if full:  # what a session's first build keeps lives as long as the session: the
            gc.collect()  # collector need not walk it again at every rebuild (a tenth of
            gc.freeze()  # a second at 1.000 documents, each time it runs in full)
        return plugin.changed

    def close(self) -> None:
        """End the MkDocs session: the next build starts afresh."""
        if self.session is not None:
            end(self.session)
            self.session = None

    def _write_errors(self) -> bool:
        """Write the errors banner; whether it changed."""
        target = self.site_dir / ERRORS_PAGE
        text = errors_page(self.errors)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return True

    def _under_root(self, told: Iterable[str] | None) -> frozenset[Path] | None:
        """The watcher's absolute paths spelt as `self.root` joins them (the caches' keys);
        None when not known, too many, or one lies outside the project."""
        if told is None:
            return None
        named = set(told)
        if not named or len(named) > MOST_TOLD:
            return None
        root = self.root.absolute()
        found = set()
        for path in named:
            absolute = Path(os.path.abspath(path))
            if not absolute.is_relative_to(root):
                return None
            found.add(self.root / absolute.relative_to(root))
        return frozenset(found)

    def _others_now(self, told: frozenset[Path] | None) -> dict[Path, tuple[int, int]]:
        """Times of every watched file outside directives/ and the campaigns: of those the
        watcher named looked at again, the others as they were (`told` None: every one)."""
        if told is None or self.session is None:
            return self._snapshot_others()
        others = dict(self.others)
        for path in self.unseen:
            others.pop(path, None)
            if path.is_file():
                stat = path.stat()
                others[path] = (stat.st_mtime_ns, stat.st_size)
        return others

    def _is_other(self, path: Path) -> bool:
        """Whether `_snapshot_others` looks at `path` (when it is a file)."""
        if path == self.config_file:
            return True
        if self.root / urls.CAMPAIGNS_DIR in path.parents:
            return False
        return any(
            self.root / folder in path.parents for folder in (urls.CONTENT_DIR, urls.THEME_DIR)
        )

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


def _collected_after() -> contextlib.AbstractContextManager[None]:
    """The cycle collector paused while a rebuild runs, then run once on what it made (the
    young generations, where all of it is); the older ones, as the collector's thresholds
    have it, between rebuilds (about every tenth: a full pass counts ten of these)."""
    return collector_paused(then=1)


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


RELOAD_TEMPLATE = "serve_reload.html"
"""What every served page runs to follow the rebuilds (in place of MkDocs' script)."""
REFRESHED_IN_PLACE = (urls.OFFLINE_MANIFEST, f"{urls.SEARCH_DIR}/")
"""Files a page's own scripts read again when its HTML is patched in place (the
"sotay-site-changed" event: sotay-offline.js, search/ui.js): they need no full reload."""
KEPT_REBUILDS = 100
"""Rebuilds whose written files the server remembers; a page older than them reloads."""
ANSWER_SECONDS = 60
"""How long a page's long poll waits for a rebuild before it is answered anyway."""
UNKNOWN_GENERATION = 0
"""Told to a page read while a rebuild ended: older than every site."""
POLL = re.compile(r"/livereload/([0-9]+)/[0-9]+")
MKDOCS_SCRIPT = re.compile(
    rb"<script>\s*var livereload = function\(.*?livereload\([0-9, ]+\);\s*</script>", re.S
)
"""The script MkDocs' server puts before `</body>` of each page, replaced by ours."""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, answering a missing page with the site's 404 page and an
    address that names no file (a NUL byte, `..`, a control character) with a 400. Its pages
    follow the rebuilds with our script (`serve_reload.js`): the long poll tells them which
    files each rebuild wrote, so that a page whose HTML alone changed is patched in place."""

    def __init__(self, site: LiveSite, **kwargs: Any) -> None:
        super().__init__(builder=self.rebuild, **kwargs)
        self.site = site
        self.error_handler = self._error_page
        self.generation = self.started = _now_ms()
        """The last rebuild, by when it ended (milliseconds of the system's monotonic clock,
        so that a page from an earlier `serve` is older than this one's first site); a page
        knows the one it was made by."""
        self.rebuilds: list[tuple[int, frozenset[str] | None]] = []
        self.rebuilt = threading.Condition()
        self.begun = 0
        """Rebuilds begun (`page_answer` tells from it whether one began while it read)."""
        self.building = False
        """A rebuild is running: MkDocs holds a page asked for meanwhile until it ends."""
        self.heard: float | None = None
        """When the watcher told of the first change the next rebuild takes in (wall clock)."""
        self.told: set[str] | None = set()
        """The paths the watcher named since the last rebuild began (None: a folder moved or
        was removed, which names none of its files: every file is looked at again)."""
        self.told_lock = threading.Lock()
        self.timing: dict[str, float] = {}
        """The last rebuild's moments, wall clock, told in the long poll's answer (the split
        of tests/bench/serve.py): the first change heard, the rebuild begun, ended."""
        self.reload_script = ENV.get_template(RELOAD_TEMPLATE)
        self.build_delay = SETTLE_SECONDS
        told = told_observer()  # set before any path is watched; MkDocs only schedules,
        if told is not None:  # starts and stops it, which every observer does
            self.observer = told  # type: ignore[assignment]

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """MkDocs' watch, noting besides when a change is first heard."""
        super().watch(path, func, recursive=recursive)
        self.observer.schedule(_Heard(self), str(Path(path).absolute()), recursive=recursive)

    def rebuild(self) -> None:
        """The site's rebuild, then each waiting page told of it."""
        began = time.time()
        heard, self.heard = self.heard, None
        with self.told_lock:
            told, self.told = self.told, set()
        with self.rebuilt:
            self.begun += 1
            self.building = True
        try:
            self.site.rebuild(told)
        except BaseException:
            with self.rebuilt:
                self.building = False
            raise
        with self.rebuilt:
            self.building = False
            self.generation = max(self.generation + 1, _now_ms())
            kept = self.rebuilds[-KEPT_REBUILDS + 1 :]
            self.rebuilds = [*kept, (self.generation, self.site.written)]
            self.timing = {"heard": heard or began, "began": began, "ended": time.time()}
            self.rebuilt.notify_all()

    def changes_since(self, generation: int) -> list[str] | None:
        """The site files written since `generation`; None when any may have changed."""
        later = [written for made, written in self.rebuilds if made > generation]
        lost = generation < self.started or len(later) == KEPT_REBUILDS
        if lost or any(w is None for w in later):
            return None
        return sorted(frozenset().union(*later))  # type: ignore[arg-type]

    def answer_poll(self, generation: int) -> bytes:
        """A page's long poll: once a rebuild is newer than its own, which files it wrote."""
        with self.rebuilt:
            self.rebuilt.wait_for(lambda: self.generation > generation, timeout=ANSWER_SECONDS)
            told = {
                "epoch": self.generation,
                "changed": self.changes_since(generation),
                "timing": self.timing,
            }
        return json.dumps(told).encode("utf-8")

    def with_our_script(self, page: bytes, generation: int) -> bytes:
        """A page as MkDocs serves it, its live-reload script replaced by ours."""
        ours = self.reload_script.render(
            epoch=generation, request_id=time.monotonic_ns(), refreshed=list(REFRESHED_IN_PLACE)
        ).encode("utf-8")
        return MKDOCS_SCRIPT.sub(lambda _: ours, page, count=1)

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
        polled = POLL.fullmatch(path_info)
        if polled:
            answer = self.answer_poll(int(polled[1]))
            start_response("200 OK", [("Content-Type", "application/json")])
            return [answer]
        tag = self._theme_file_tag(path_info)
        if tag is None:
            return self.page_answer(environ, start_response)
        if environ.get("HTTP_IF_NONE_MATCH") == tag:
            start_response("304 Not Modified", [("ETag", tag), CACHE_THEME_FILE])
            return []

        def tagged(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            if status.startswith("200"):
                headers = [*headers, ("ETag", tag), CACHE_THEME_FILE]
            return start_response(status, headers, *rest)

        return super().serve_request(environ, tagged)

    def page_answer(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """MkDocs' answer, an HTML page's with our live-reload script, which names the rebuild
        that made the page (`_made_by`)."""
        with self.rebuilt:
            asked = (self.generation, self.begun, self.building)
        answered: list[Any] = []
        body = super().serve_request(environ, lambda *args: answered.append(args))
        status, headers, *rest = answered[0]
        if not any(k == "Content-Type" and v.startswith("text/html") for k, v in headers):
            start_response(status, headers, *rest)
            return body
        page = self.with_our_script(b"".join(body), self._made_by(*asked))
        headers = [(k, str(len(page)) if k == "Content-Length" else v) for k, v in headers]
        start_response(status, headers, *rest)
        return [page]

    def _made_by(self, generation: int, begun: int, building: bool) -> int:
        """The rebuild whose site a page asked for at `generation` was read from: that one
        when no rebuild began since; the one running then when that alone ended since (MkDocs
        held the request until it did: a page opened while an edit rebuilds is that edit's);
        else unknown, so that the page reloads at once (its copy is no base for a patch)."""
        with self.rebuilt:
            if self.begun == begun and not self.building:
                return self.generation if building else generation
        return UNKNOWN_GENERATION

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


class _Heard(FileSystemEventHandler):
    """Notes on the server when the first change since its last rebuild was heard."""

    def __init__(self, server: PreviewServer) -> None:
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        server = self.server
        with server.told_lock:
            if event.is_directory:
                server.told = None
            elif server.told is not None:
                server.told.update(_named(event.src_path, event.dest_path))
        if not event.is_directory and server.heard is None:
            server.heard = time.time()


def _named(*paths: str | bytes) -> list[str]:
    """An event's paths (a move names two; watchdog may give bytes)."""
    return [os.fsdecode(p) for p in paths if p]


CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirCreatedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]
"""What the told watcher tells of: inotify also tells of every file opened or read, and each
build reads them all, which would rebuild without end. A folder's events start no rebuild
(MkDocs' handler passes them by) but make the next one look at every file (`_Heard`)."""


def _now_ms() -> int:
    return time.monotonic_ns() // 1_000_000


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
            site,
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
