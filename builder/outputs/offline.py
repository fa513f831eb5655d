"""Reading without signal: the service worker, the offline page and the site's manifest.

The worker itself is `sw.js` beside this module; the build fills in what it must know. The
manifest (`urls.OFFLINE_MANIFEST`) lists every file a reader needs to read the whole site
offline, with its size and, for a page, its title: "Lưu để đọc khi không có mạng"
(theme/assets/sotay-offline.js) downloads it, and the offline page names the saved pages
from it. Everything here is derived from the built files, sorted, with no time in it, so that
the same input builds the same bytes.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import os
from collections.abc import Iterable
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from stat import S_ISREG

from builder.core import urls
from builder.core.memo import Memo
from builder.render.templating import ENV

SHELL_PREFIXES = (
    "assets/stylesheets/",
    "assets/javascripts/bundle",
    "assets/sotay",
    "assets/search",
)

NOT_SAVED = (
    urls.SERVICE_WORKER,  # the browser keeps the worker itself
    urls.OFFLINE_MANIFEST,
    "404.html",  # offline, the worker answers with the offline page instead
    "sitemap.xml",
    "sitemap.xml.gz",
)
"""Files of the site that saving it for offline reading leaves out."""
NOT_SAVED_PREFIXES = (
    "assets/javascripts/lunr/",  # Material's own search, replaced by assets/search/
    "assets/javascripts/workers/",
    "_sotay/",  # `sotay serve`'s error box
)
NOT_SAVED_SUFFIXES = (".map",)
"""Source maps: only a developer's tools read them."""

PLACEHOLDER = "__SOTAY_BUILD__"
"""Where `sw.js` takes this build's values: `var BUILD = __SOTAY_BUILD__;`."""

# JSON is valid JavaScript; escaping these keeps a file name from ever closing a tag or comment.
_JS_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


ManifestCache = Memo[tuple[bytes, str | None]]
"""path → (its SHA-256, its page title), from the file's (mtime_ns, size): lets a rebuild
read only the files it wrote again. Shared by the manifest and `sw.js` (a title only for a
page that the manifest lists)."""


Stamp = tuple[int, int]
"""A file's (mtime_ns, size)."""


def _site_files(site: Path) -> list[tuple[str, Stamp]]:
    """Every file of a built site, sorted by its path relative to it, with its stamp (one
    directory scan: ten thousand files)."""
    found: list[tuple[str, Stamp]] = []
    folders = [("", str(site))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file():
                    stat = entry.stat()
                    found.append((prefix + entry.name, (stat.st_mtime_ns, stat.st_size)))
    found.sort()
    return found


def service_worker(
    site: Path,
    search_files: list[str],
    cache: ManifestCache | None = None,
    site_name: str = "",
    later: Iterable[str] = (),
) -> str:
    """`sw.js` for a built site; its version is a digest of every file's name and SHA-256.
    `search_files` are kept at install, `later` once the worker runs (search.py `Precache`).

    `cache` is the manifest's (with its `site_name`, for the titles it keeps): only the files
    written since it was filled are read."""
    cache = Memo() if cache is None else cache
    digest = hashlib.sha256()
    listing = _site_files(site)
    for path, stamp in listing:
        read = functools.partial(_manifest_entry, site, path, site_name)
        sha, _ = cache.get(path, stamp, read)
        digest.update(path.encode() + b"\0" + sha)
    paths = [path for path, _ in listing]
    shell = ["./", urls.OFFLINE_PAGE_URL, urls.OFFLINE_MANIFEST] + sorted(
        p for p in paths if p.startswith(SHELL_PREFIXES) and not p.endswith(".map")
    )
    build: dict[str, object] = {
        "version": "sotay-" + digest.hexdigest()[:16],
        "shell": shell,
        "search": sorted(search_files),
        "later": sorted(later),
        "offline": urls.OFFLINE_PAGE_URL,
    }
    return fill_worker(worker_source(), build)


def offline_page(stylesheets: list[str], site_name: str) -> dict[str, bytes]:
    """The offline page, as `urls.OFFLINE_PAGE_FILE`; `stylesheets` relative to the root."""
    root = "../" * urls.OFFLINE_PAGE_URL.count("/")
    html = ENV.get_template("offline.html").render(
        root=root, stylesheets=[*stylesheets, "assets/sotay-offline.css"], site_name=site_name
    )
    return {urls.OFFLINE_PAGE_FILE: html.encode("utf-8")}


def is_saved(path: str) -> bool:
    """Whether reading the whole site offline needs the site's file `path`."""
    return not (
        path in NOT_SAVED
        or path.startswith(NOT_SAVED_PREFIXES)
        or path.endswith(NOT_SAVED_SUFFIXES)
    )


def page_url(path: str) -> str:
    """ "van-ban/57-ct-tw/index.html" is read at "van-ban/57-ct-tw/", "index.html" at "./"."""
    if path == "index.html":
        return "./"
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


class SiteListing:
    """`serve`: the site's files with their lines in the manifest, kept through a session, so
    that a rebuild looks again only at the files it wrote or removed, not at every file of
    the site, and makes only their lines again."""

    def __init__(self) -> None:
        self.stamps: dict[str, Stamp] | None = None
        """Every file of the site with its stamp."""
        self.saved: list[str] = []
        """The files the manifest lists, sorted; by path, its line and size:"""
        self.lines: dict[str, tuple[tuple[str, bytes, bool], int]] = {}

    def manifest(
        self, site: Path, site_name: str, cache: ManifestCache, touched: Iterable[str] | None
    ) -> str:
        """`offline_manifest` of the site: scanned when nothing is kept or `touched` is None
        (a first build), else the kept lines with those of the `touched` paths made again."""
        if self.stamps is None or touched is None:
            listing = _site_files(site)
            cache.keep_only(path for path, _ in listing)
            self.stamps, self.saved, self.lines = {}, [], {}
            for path, stamp in listing:
                self._put(path, stamp, _line(site, path, stamp, site_name, cache))
        else:
            removed = False
            for path in sorted(set(touched)):
                try:
                    stat = (site / path).stat()
                except FileNotFoundError:
                    stat = None
                if stat is None or not S_ISREG(stat.st_mode):
                    removed |= self._forget(path)
                elif self.stamps.get(path) != (stat.st_mtime_ns, stat.st_size):
                    self._forget(path)
                    stamp = (stat.st_mtime_ns, stat.st_size)
                    self._put(path, stamp, _line(site, path, stamp, site_name, cache))
            if removed:
                cache.keep_only(self.stamps)
        return _manifest([self.lines[path] for path in self.saved])

    def _put(self, path: str, stamp: Stamp, line: Listed) -> None:
        assert self.stamps is not None
        self.stamps[path] = stamp
        if line is not None:
            bisect.insort(self.saved, path)
            self.lines[path] = (line, stamp[1])

    def _forget(self, path: str) -> bool:
        """Take a file out of the listing; whether it was in it."""
        assert self.stamps is not None
        if self.stamps.pop(path, None) is None:
            return False
        if self.lines.pop(path, None) is not None:
            del self.saved[bisect.bisect_left(self.saved, path)]
        return True


Listed = tuple[str, bytes, bool] | None
"""A file's line in the manifest: its JSON, what the version digests of it, whether it is a
page; None for a file not saved."""


def offline_manifest(site: Path, site_name: str, cache: ManifestCache | None = None) -> str:
    """The manifest of a built site: every file to save, sorted, with its size in bytes.

    `{"version": …, "pages": N, "bytes": N, "files": [{"url", "bytes", "title"?}]}`; a page
    (an `index.html`, but the offline page) carries its title without the site's name. Files
    come in the order of their paths. The version is a digest of the listed files' names and
    contents: it changes exactly when a saved copy is out of date. `cache`: what each file's
    bytes gave, by its stamp (`serve` keeps the lines themselves too: `SiteListing`).
    """
    cache = Memo() if cache is None else cache
    listing = _site_files(site)
    cache.keep_only(path for path, _ in listing)
    made = [(_line(site, path, stamp, site_name, cache), stamp[1]) for path, stamp in listing]
    return _manifest([(line, size) for line, size in made if line is not None])


def _manifest(saved: list[tuple[tuple[str, bytes, bool], int]]) -> str:
    """The manifest's text from its files' lines (`Listed`) and sizes, in the order of their
    paths."""
    # columns by `zip` (in C), not a generator each: 60,000 files at 10.000 documents
    lines, sizes = zip(*saved, strict=True) if saved else ((), ())
    texts, named, is_page = zip(*lines, strict=True) if lines else ((), (), ())
    digest = hashlib.sha256(b"".join(named)).hexdigest()[:16]
    pages, total = sum(is_page), sum(sizes)
    head = _manifest_json({"version": digest, "pages": pages, "bytes": total})
    return f'{head[:-1]},"files":[{",".join(texts)}]}}\n'


_manifest_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _line(site: Path, path: str, stamp: Stamp, site_name: str, cache: ManifestCache) -> Listed:
    """`path`'s line in the manifest (None: not saved); its digest and title from `cache`."""
    if not is_saved(path):
        return None
    sha, title = cache.get(path, stamp, functools.partial(_manifest_entry, site, path, site_name))
    entry: dict[str, object] = {"url": page_url(path), "bytes": stamp[1]}
    if title is not None:
        entry["title"] = title
    return _manifest_json(entry), path.encode() + b"\0" + sha, title is not None


def _manifest_entry(site: Path, path: str, site_name: str) -> tuple[bytes, str | None]:
    """A file's SHA-256 and, for a page (an `index.html`, but the offline page), its title."""
    return manifest_entry(path, (site / path).read_bytes(), site_name)


def manifest_entry(path: str, content: bytes, site_name: str) -> tuple[bytes, str | None]:
    """`_manifest_entry` of a file whose bytes are at hand (its writer's): what the manifest's
    cache holds for it, without reading it back."""
    is_page = path == "index.html" or path.endswith("/index.html")
    title = None
    if is_page and path != urls.OFFLINE_PAGE_FILE:
        head = content.find(b"</head>")  # what page_title reads, decoded alone
        title = page_title(
            content[: head if head >= 0 else len(content)].decode("utf-8", "replace"), site_name
        )
    return hashlib.sha256(content).digest(), title


class _TitleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self._inside = False
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "title" and not self.done

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._inside:
            self._inside = False
            self.done = True

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.title.append(data)


def page_title(html: str, site_name: str) -> str:
    """A page's `<title>` as text, without the " - <site name>" every page ends with."""
    parser = _TitleParser()
    head = html[: html.find("</head>") if "</head>" in html else len(html)]
    # The parser reads the head in two parts (as it would in one): up to the first
    # `</title>`, where it is done with a page's title, then the rest only when it is not.
    end = head.find("</title>")
    first = len(head) if end < 0 else end + len("</title>")
    parser.feed(head[:first])
    if not parser.done:
        parser.feed(head[first:])
    title = " ".join("".join(parser.title).split())
    return title.removesuffix(f" - {site_name}") or site_name


def worker_source() -> str:
    return files("builder.outputs").joinpath("sw.js").read_text(encoding="utf-8")


def preview_worker() -> str:
    """`sw.js` of `sotay serve`'s site: it keeps nothing and removes itself (`sw_preview.js`)."""
    return files("builder.outputs").joinpath("sw_preview.js").read_text(encoding="utf-8")


def fill_worker(source: str, build: dict[str, object]) -> str:
    """The worker with `build` written in as a JavaScript literal."""
    if source.count(PLACEHOLDER) != 1:
        raise ValueError(f"sw.js must hold {PLACEHOLDER} exactly once")
    return source.replace(PLACEHOLDER, to_js_literal(build))


def to_js_literal(value: object) -> str:
    """JSON with `<`, `>` and `&` escaped: the same value, safe anywhere in a script."""
    return json.dumps(value, ensure_ascii=False).translate(_JS_SAFE)
