"""Translation rules: the table of languages, a translation's front matter, its parts, its age,
and what the translations' folder may hold.

A translation (`directives/dich/<lang>/<slug>.md`) has the parts of its summary, each headed as
the table (`directives/dich/ngon-ngu.yml`) writes that part in its language; it goes through the
summary's secrecy, HTML and personal-data checks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from builder.core import urls
from builder.core.diagnostics import Diagnostic
from builder.core.messages import LANGUAGE_REASONS, diagnostic
from builder.core.numbers import vn_date
from builder.core.schema import LANGUAGE_CODE, LANGUAGE_FIELDS_BY_KEY, TRANSLATION_FIELDS_BY_KEY
from builder.model import Directive, Language
from builder.read.numbering import parse_marker
from builder.read.sections import REQUIRED, RawSection
from builder.read.source import SourceFile, parse_yaml, read_text
from builder.validate.front_matter import (
    Checker,
    check_classification,
    check_date,
    check_unknown_keys,
)


@dataclass(frozen=True, slots=True)
class Languages:
    """The table of languages: the valid entries, the codes whose entry has errors (their
    translations are not checked again), and where the table is."""

    known: dict[str, Language] = field(default_factory=dict)
    broken: frozenset[str] = frozenset()
    table: str = ""
    """Path of the table relative to the project root, for messages."""
    readable: bool = True
    """False when the table itself could not be read: its error stands for every language."""


_TAKEN = {urls.OUTLINE, urls.FULLTEXT}
"""Names a summary's page already gives a folder under it: never a language's."""


def languages_path(folder: Path) -> Path:
    """The table of languages inside the directives folder `folder`."""
    return folder / urls.TRANSLATIONS_DIR / urls.LANGUAGES_FILE


def load_languages(root: Path, folder: Path) -> tuple[Languages, list[Diagnostic]]:
    """Read and check the table; an absent table declares no language."""
    path = languages_path(folder)
    rel = path.relative_to(root).as_posix()
    if not path.is_file() or path.is_symlink():
        return Languages(table=rel), []
    text, problems = read_text(path, rel)
    if text is None:
        return Languages(table=rel, readable=False), problems
    parsed = parse_yaml(text, 1, rel) if text.strip() else ({}, {}, {}, {})
    if isinstance(parsed, list):
        shown = [
            diagnostic("language.table_invalid", rel, d.line) if d.code == "fm.not_mapping" else d
            for d in parsed
        ]
        return Languages(table=rel, readable=False), shown
    meta, key_lines, _, node_lines = parsed
    known: dict[str, Language] = {}
    broken: set[str] = set()
    for code, entry in meta.items():
        found = _entry(code, entry, rel, key_lines.get(code, 1), node_lines)
        problems += found[1]
        if found[0] is None:
            broken.add(code)
        else:
            known[code] = found[0]
    return Languages(known, frozenset(broken), rel), problems


def _entry(
    code: str, entry: object, rel: str, line: int, lines: dict[str, int]
) -> tuple[Language | None, list[Diagnostic]]:
    """One language of the table, or None and every problem of its entry."""

    def invalid(reason: str, at: int = line, **values: str) -> Diagnostic:
        why = LANGUAGE_REASONS[reason].format(lang=code, **values)
        return diagnostic("language.entry_invalid", rel, at, lang=code, reason=why)

    if code in _TAKEN:
        return None, [invalid("taken", taken=", ".join(sorted(_TAKEN)))]
    if not LANGUAGE_CODE.match(code):
        return None, [invalid("code")]
    if not isinstance(entry, dict):
        return None, [invalid("shape")]
    problems = [
        invalid("key", lines.get(f"{code}.{key}", line), key=str(key))
        for key in entry
        if key not in LANGUAGE_FIELDS_BY_KEY
    ]
    names = {}
    for key in ("name", "own_name"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            names[key] = " ".join(value.split())
        else:
            label = LANGUAGE_FIELDS_BY_KEY[key].label
            problems.append(invalid("text", lines.get(f"{code}.{key}", line), key=key, label=label))
    headings = entry.get("headings")
    if not isinstance(headings, dict):
        problems.append(invalid("headings", lines.get(f"{code}.headings", line)))
        return None, problems
    at = lines.get(f"{code}.headings", line)
    problems += [
        invalid("part", lines.get(f"{code}.headings.{key}", at), key=str(key))
        for key in headings
        if key not in REQUIRED
    ]
    written: list[tuple[str, str]] = []
    for key, title in REQUIRED.items():
        value = headings.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            written.append((key, " ".join(str(value).split())))
        else:
            problems.append(
                diagnostic(
                    "language.heading_missing",
                    rel,
                    lines.get(f"{code}.headings.{key}", at),
                    lang=code,
                    title=title,
                    key=key,
                    name=names.get("name", code),
                )
            )
    if problems:
        return None, problems
    return Language(code, names["name"], names["own_name"], tuple(written)), []


@dataclass(frozen=True, slots=True)
class TranslationFields:
    """A translation's front matter, checked; None where missing or invalid."""

    lang: str | None
    translator: str | None
    date: dt.date | None
    approved_by: str
    contact_ok: tuple[str, ...]


def check_front_matter(
    source: SourceFile, folder: str, languages: Languages
) -> tuple[TranslationFields, Language | None, list[Diagnostic]]:
    """The front matter; the language is the folder's, when the table declares it."""
    checker = Checker(source, TRANSLATION_FIELDS_BY_KEY)
    check_unknown_keys(checker)
    fields = TranslationFields(
        lang=checker.text("lang"),
        translator=checker.text("translator"),
        date=check_date(checker, "date"),
        approved_by=checker.text("approved_by") or "",
        contact_ok=checker.text_list("contact_ok"),
    )
    if "date" in source.meta and source.meta["date"] is None:
        field_spec = TRANSLATION_FIELDS_BY_KEY["date"]
        checker.report(
            "value.empty", "date", key="date", label=field_spec.label, example=field_spec.example
        )
    check_classification(checker)
    if fields.lang is not None and fields.lang != folder:
        checker.report("translation.lang_folder", "lang", lang=fields.lang, folder=folder)
    language = languages.known.get(folder)
    if language is None and languages.readable and folder not in languages.broken:
        known = ", ".join(languages.known) or "—"
        checker.report(
            "translation.lang_unknown", "lang", lang=folder, table=languages.table, known=known
        )
    return fields, language, checker.problems


def _plain_heading(title: str) -> str:
    """A heading as compared with the table: numbering, case, spacing and a colon aside."""
    marker = parse_marker(title)
    text = marker.rest if marker else title
    return " ".join(text.split()).rstrip(":").strip().casefold()


def check_parts(
    sections: list[RawSection], language: Language, summary: Directive, path: str, body_line: int
) -> tuple[list[RawSection], list[Diagnostic]]:
    """Key each H2 by the language's headings; the summary's parts, no more, no fewer.

    The summary's extra parts ("Những điểm mới") have no heading in the table: a translation
    carries only the three parts."""
    by_heading = {_plain_heading(title): key for key, title in language.headings}
    wanted = [s.key for s in summary.sections if s.key]
    shown = "; ".join(f"{title}" for key, title in language.headings if key in wanted)
    keyed: list[RawSection] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for section in sections:
        key = by_heading.get(_plain_heading(section.title))
        if key is None or key not in wanted or key in seen:
            problems.append(
                diagnostic(
                    "translation.part_extra",
                    path,
                    section.line,
                    title=section.title,
                    headings=shown,
                )
            )
            keyed.append(dataclasses.replace(section, key=None))
            continue
        seen.add(key)
        keyed.append(dataclasses.replace(section, key=key))
    titles = dict(language.headings)
    last = max((s.line for s in sections), default=body_line)
    problems += [
        diagnostic(
            "translation.part_missing", path, last, title=titles[key], summary_title=REQUIRED[key]
        )
        for key in wanted
        if key not in seen
    ]
    return keyed, problems


def check_age(
    fields: TranslationFields, summary: Directive, source: SourceFile
) -> list[Diagnostic]:
    """A translation dated before its summary's last change (`updated`, else `date`) may no
    longer say what the summary says: a warning."""
    changed = summary.updated or summary.date
    if fields.date is None or changed is None or fields.date >= changed:
        return []
    line = source.key_lines.get("date", 1)
    return [
        diagnostic(
            "translation.stale",
            source.path,
            line,
            date=vn_date(fields.date),
            changed=vn_date(changed),
        )
    ]


def scan_folder(root: Path, directives_dir: str) -> list[Diagnostic]:
    """What the translations' folder may hold: the table, and `<lang>/<slug>.md` files."""
    base = root / directives_dir / urls.TRANSLATIONS_DIR
    if not base.is_dir() or base.is_symlink():
        return []
    shown = base.relative_to(root).as_posix()
    problems = []
    for entry in sorted(base.iterdir()):
        if entry.is_symlink():
            continue  # named by the directives folder's own scan
        if entry.is_dir() and not entry.name.startswith("."):
            unknown = [p for p in sorted(entry.iterdir()) if not _is_translation_file(p)]
        else:
            unknown = [] if entry.name == urls.LANGUAGES_FILE and entry.is_file() else [entry]
        problems += [
            diagnostic(
                "translation.not_allowed",
                p.relative_to(root).as_posix(),
                1,
                name=p.name,
                folder=shown,
                table=urls.LANGUAGES_FILE,
            )
            for p in unknown
        ]
    return problems


def _is_translation_file(path: Path) -> bool:
    return path.is_symlink() or (
        path.is_file() and path.suffix == ".md" and not path.name.startswith(".")
    )
