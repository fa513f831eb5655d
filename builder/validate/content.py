"""Content-folder rules: which files may reach the site, and the checks of a hand-written page.

The content folder is the site engine's own folder: whatever lies there would be copied to the
site as it is. So every entry is judged here, once, for `sotay check` and the build alike: only
lower-case `.md` pages and, under `assets/`, the declared picture and PDF types pass, each
judged by its content too (`validate/asset.py`); a symbolic link is never followed, here or in
the directives folder.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.core import urls
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.core.schema import ASSET_SUFFIXES, CONTENT_FIELDS_BY_KEY, HIDE_PARTS, PAGE_LISTS
from builder.read.source import SourceFile
from builder.validate import translation
from builder.validate.asset import check_asset
from builder.validate.body import fenced_lines, scan_body
from builder.validate.front_matter import (
    Checker,
    check_classification,
    check_unknown_keys,
    choice_hint,
)

PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
"""Spellings of a Markdown page: only `.md` is read, the others are named in an error."""

MARKER = re.compile(r"^<!-- sotay:([a-z0-9-]+) -->$")
"""A line that asks for one of the build's lists (`core/schema.PAGE_LISTS`)."""


@dataclass(frozen=True, slots=True)
class ContentTree:
    """What the content folder may publish, and every entry it may not."""

    pages: tuple[Path, ...] = ()
    """Hand-written pages to read (campaign files are read as campaigns)."""
    assets: tuple[str, ...] = ()
    """Files copied as they are, by their path inside the content folder."""
    problems: list[Diagnostic] = field(default_factory=list)


def scan_tree(root: Path, directives_dir: str = urls.DIRECTIVES_DIR) -> ContentTree:
    """Judge every entry of the content folder, and every link in the directives folder."""
    pages: list[Path] = []
    assets: list[str] = []
    problems: list[Diagnostic] = []
    content = root / urls.CONTENT_DIR
    for path, is_dir in _entries(content):
        rel = path.relative_to(root).as_posix()
        inner = path.relative_to(content).as_posix()
        problem = _refusal(path, rel, inner, is_dir)
        if problem is not None:
            problems.append(problem)
        elif is_dir:
            continue
        elif inner.startswith(f"{urls.CONTENT_ASSETS}/"):
            refused = check_asset(path, rel)
            problems += refused
            if not refused:
                assets.append(inner)
        elif path.parent != root / urls.CAMPAIGNS_DIR:
            pages.append(path)
    for path, _ in _entries(root / directives_dir):
        if path.is_symlink():
            problems.append(diagnostic("file.symlink", path.relative_to(root).as_posix(), 1))
    problems += _bulletin_folder(root, root / directives_dir / urls.BULLETIN_DIR)
    problems += translation.scan_folder(root, directives_dir)
    return ContentTree(tuple(pages), tuple(assets), problems)


def _bulletin_folder(root: Path, folder: Path) -> list[Diagnostic]:
    """The bulletins' folder holds only `.md` bulletins: anything else there is named, since
    it would be silently skipped (a link is named above, as everywhere)."""
    shown = folder.relative_to(root).as_posix()
    problems = []
    for path, is_dir in _entries(folder):
        inside = path.parent == folder
        plain = not is_dir and path.suffix == ".md" and not path.name.startswith(".")
        if inside and not plain and not path.is_symlink():
            rel = path.relative_to(root).as_posix()
            problems.append(
                diagnostic("bulletin.not_allowed", rel, 1, name=path.name, folder=shown)
            )
    return problems


def _entries(folder: Path) -> list[tuple[Path, bool]]:
    """Every entry under `folder`, sorted, not descending into links or hidden folders."""
    found: list[tuple[Path, bool]] = []
    if not folder.is_dir() or folder.is_symlink():
        return found
    for top, dirs, files in os.walk(folder, followlinks=False):
        base = Path(top)
        dirs.sort()
        found.extend((base / name, True) for name in dirs)
        found.extend((base / name, False) for name in sorted(files))
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (base / d).is_symlink()]
    return sorted(found, key=_entry_order)


def path_order(path: Path) -> tuple[str, ...]:
    """The order `Path`'s own comparison gives (its parts, case kept), worked out once a path
    as a sort key and not at each of the sort's comparisons (10.000 summaries: a tenth of a
    second); the pipeline sorts the files it reads by it too."""
    return path.parts


def _entry_order(entry: tuple[Path, bool]) -> tuple[tuple[str, ...], bool]:
    """The order `sorted` gives the entries themselves (`path_order`, then the flag)."""
    return path_order(entry[0]), entry[1]


def _refusal(path: Path, rel: str, inner: str, is_dir: bool) -> Diagnostic | None:
    """Why an entry of the content folder may not reach the site, if it may not."""
    folder, assets = urls.CONTENT_DIR, urls.CONTENT_ASSETS
    if path.is_symlink():
        return diagnostic("file.symlink", rel, 1)
    if path.name.startswith("."):
        return diagnostic("content.hidden", rel, 1, name=path.name, folder=folder)
    if is_dir:
        return None
    suffix = path.suffix.lower()
    if inner.startswith(f"{assets}/"):
        if suffix in ASSET_SUFFIXES and path.suffix == suffix:
            return None
        types = ", ".join(s.lstrip(".") for s in ASSET_SUFFIXES)
        return diagnostic("content.asset_type", rel, 1, name=path.name, assets=assets, types=types)
    if path.suffix == ".md":
        return None
    if suffix in PAGE_SUFFIXES:
        expected = f"{path.stem}.md"
        return diagnostic("content.page_suffix", rel, 1, name=path.name, expected=expected)
    return diagnostic("content.not_allowed", rel, 1, name=path.name, folder=folder, assets=assets)


@dataclass(frozen=True, slots=True)
class PageFields:
    """A hand-written page's front matter, checked."""

    title: str | None
    description: str
    hide: tuple[str, ...]
    contact_ok: tuple[str, ...]


def check_page(source: SourceFile) -> tuple[PageFields, list[Diagnostic]]:
    """Front matter and body rules of one hand-written page, every problem collected."""
    checker = Checker(source, CONTENT_FIELDS_BY_KEY)
    check_unknown_keys(checker)
    hide = checker.text_list("hide")
    for value in hide:
        if value not in HIDE_PARTS:
            hint = choice_hint(value, HIDE_PARTS)
            checker.report("hide.invalid", "hide", value=value, suggestion=hint)
    fields = PageFields(
        title=checker.text("title"),
        description=checker.text("description") or "",
        hide=tuple(v for v in hide if v in HIDE_PARTS),
        contact_ok=checker.text_list("contact_ok"),
    )
    check_classification(checker)
    problems = checker.problems
    problems += scan_body(
        source.body, source.body_line, fields.contact_ok, source.path, html_code="content.html"
    )
    problems += _comments(source)
    return fields, sorted(problems, key=lambda d: d.line)


def _comments(source: SourceFile) -> list[Diagnostic]:
    """An HTML comment is HTML too, unless it is a whole line naming one of the build's lists."""
    fenced = fenced_lines(source.body)
    markers = ", ".join(f"<!-- sotay:{name} -->" for name in PAGE_LISTS)
    problems = []
    for index, line in enumerate(source.body.split("\n")):
        if "<!--" not in line or index in fenced:
            continue
        found = MARKER.match(line.strip())
        where = source.body_line + index
        if found is None:
            sample = line.strip()[:40]
            problems.append(diagnostic("content.html", source.path, where, sample=sample))
        elif found.group(1) not in PAGE_LISTS:
            name = found.group(1)
            problems.append(
                diagnostic("content.unknown_list", source.path, where, name=name, markers=markers)
            )
    return problems
