"""The site folder: where a build may write, and how the new site replaces the old one.

A build never destroys what is not its own: the site folder may not be the project, hold it,
or lie inside a source folder, and a folder that is not an earlier site is left alone. The
new site is swapped in with one atomic exchange, so at no instant is there no site.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
from pathlib import Path

from builder.core import urls
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic

SITE_FINGERPRINT = ("index.html", "404.html")
"""Files every built site has: a non-empty folder without them is not a site of ours."""

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def shown(path: Path, root: Path) -> str:
    """The folder as the user knows it: relative to the project when inside it, with `/`."""
    try:
        text = path.relative_to(root).as_posix()
    except ValueError:
        text = path.as_posix()
    return text if text.endswith("/") else text + "/"  # the root folder is "/", not "//"


def refuse(
    root: Path, site_dir: Path, sources: tuple[str, ...] = urls.SOURCE_FOLDERS
) -> Diagnostic | None:
    """Why `site_dir` may not receive a build, or None when it may."""
    root, site_dir = root.resolve(), site_dir.resolve()
    name = shown(site_dir, root)
    if site_dir == root or root.is_relative_to(site_dir):
        return diagnostic("site.holds_project", name, 0)
    for folder in sources:
        source = (root / folder).resolve()
        if site_dir.is_relative_to(source):
            return diagnostic("site.inside_source", name, 0, source=shown(source, root))
    if site_dir.exists() and not site_dir.is_dir():
        return diagnostic("site.not_folder", name, 0)
    if site_dir.is_dir() and any(site_dir.iterdir()) and not _is_site(site_dir):
        return diagnostic("site.foreign", name, 0)
    return None


def _is_site(folder: Path) -> bool:
    return all((folder / name).is_file() for name in SITE_FINGERPRINT)


def staging_dir(site_dir: Path) -> Path:
    """Where this process builds before the swap, beside the site (same file system)."""
    return site_dir.with_name(f"{site_dir.name}.tmp-{os.getpid()}")


def remove_stale(site_dir: Path) -> list[Path]:
    """Remove what builds killed earlier left beside the site; return what was removed."""
    removed = []
    leftover = re.compile(re.escape(site_dir.name) + r"\.(?:tmp|old)-(\d+)(?:-old)?")
    for path in sorted(site_dir.parent.glob(f"{site_dir.name}.*-*")):
        match = leftover.fullmatch(path.name)
        if match and path.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def unshare(path: Path) -> None:
    """Remove `path` before it is written again: a file carried from the last site is a hard
    link to the one being served (`outputs/cache.carry_site`), and writing into it in place
    would change the served site before the swap."""
    path.unlink(missing_ok=True)


def write_new(path: Path, content: bytes) -> None:
    """Write `content` as a new file at `path` (never into the file that was there)."""
    unshare(path)
    path.write_bytes(content)


def swap_in(staging: Path, site_dir: Path, keep: Path | None = None) -> bool:
    """Put the built `staging` folder in place of `site_dir`, then remove the old site, or
    move it to `keep` (the build cache's spare); True when it was kept there."""
    if site_dir.exists() and _exchange(staging, site_dir):
        return _set_aside(staging, keep)  # now holds the old site
    if site_dir.exists():  # no atomic exchange here: two renames, the shortest possible gap
        old = site_dir.with_name(f"{site_dir.name}.tmp-{os.getpid()}-old")
        site_dir.rename(old)
        staging.rename(site_dir)
        return _set_aside(old, keep)
    staging.rename(site_dir)
    return False


def _set_aside(old: Path, keep: Path | None) -> bool:
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        try:
            keep.parent.mkdir(parents=True, exist_ok=True)
            old.rename(keep)
            return True
        except OSError:  # another file system: not worth a copy
            pass
    shutil.rmtree(old, ignore_errors=True)
    return False


def _exchange(first: Path, second: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two paths in one step; False where unsupported."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(done == 0)
