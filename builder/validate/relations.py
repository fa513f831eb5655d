"""Rules across files: identity (number + year), slugs and file names, `implements`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.core.schema import number_key
from builder.core.text import slugify
from builder.model import DescribedParent, Reference
from builder.validate.front_matter import FrontMatter, RawRef


@dataclass(frozen=True, slots=True)
class Entry:
    """What relations need to know of one file."""

    path: str
    stem: str
    fm: FrontMatter
    number_line: int
    implements_line: int


@dataclass(frozen=True, slots=True)
class Resolved:
    slugs: dict[str, str]
    """path → slug."""
    references: dict[str, tuple[Reference, ...]]
    """path → resolved `implements`."""
    problems: list[Diagnostic]


def relation_facts(entry: Entry) -> tuple[object, ...]:
    """All `resolve` reads of an entry: entries equal in these resolve alike (`serve` resolves
    again only when one of them changed, not after an edit of a title or a body)."""
    fm = entry.fm
    facts = (fm.number, fm.number_null, fm.slug, _year(entry), tuple(fm.implements))
    return (entry.path, entry.stem, entry.number_line, entry.implements_line, *facts)


def resolve(entries: list[Entry]) -> Resolved:
    problems: list[Diagnostic] = []
    by_number: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.path):
        if entry.fm.number:
            by_number[number_key(entry.fm.number)].append(entry)
    slugs = {e.path: _slug(e, by_number, problems) for e in entries}
    problems.extend(_duplicates(by_number))
    references = {e.path: _references(e, by_number, slugs, problems) for e in entries}
    problems.extend(_cycles(entries, slugs, references))
    return Resolved(slugs, references, problems)


def _year(entry: Entry) -> int | None:
    return entry.fm.date.year if entry.fm.date else None


def _slug(entry: Entry, by_number: dict[str, list[Entry]], problems: list[Diagnostic]) -> str:
    fm = entry.fm
    if fm.slug:
        slug = slugify(fm.slug)
    elif fm.number:
        slug = slugify(fm.number)
        if len({_year(e) for e in by_number[number_key(fm.number)]}) > 1 and _year(entry):
            slug = f"{slug}-{_year(entry)}"
    else:
        if fm.number_null:
            problems.append(
                diagnostic(
                    "slug.missing", entry.path, entry.number_line, expected=slugify(entry.stem)
                )
            )
        return slugify(entry.stem)
    if slug != entry.stem:
        problems.append(
            diagnostic(
                "file.name",
                entry.path,
                entry.number_line,
                name=entry.stem + ".md",
                number=fm.number or fm.slug,
                expected=slug + ".md",
            )
        )
    return slug


def _duplicates(by_number: dict[str, list[Entry]]) -> list[Diagnostic]:
    problems = []
    for group in by_number.values():
        first_by_year: dict[int | None, Entry] = {}
        # The file named after its number is the original; "57-ct-tw - Bản sao.md" is the copy.
        for entry in sorted(group, key=lambda e: (not _is_named_after_number(e), e.path)):
            first = first_by_year.setdefault(_year(entry), entry)
            if first is not entry:
                problems.append(
                    diagnostic(
                        "number.duplicate",
                        entry.path,
                        entry.number_line,
                        number=entry.fm.number,
                        year=_year(entry) or "?",
                        other=first.path,
                    )
                )
    return problems


def _is_named_after_number(entry: Entry) -> bool:
    slug = slugify(entry.fm.number or "")
    return entry.stem == slug or entry.stem == f"{slug}-{_year(entry)}"


def _references(
    entry: Entry,
    by_number: dict[str, list[Entry]],
    slugs: dict[str, str],
    problems: list[Diagnostic],
) -> tuple[Reference, ...]:
    resolved = []
    for ref in entry.fm.implements:
        target = _target(entry, ref, by_number, problems)
        if target is entry:
            problems.append(diagnostic("implements.self", entry.path, ref.line, number=ref.number))
        elif target is not None:
            resolved.append(Reference(slugs[target.path], None, ref.number))
        elif ref.described is not None:
            described = _described_above(entry, ref, by_number, slugs, problems)
            resolved.append(Reference(None, described, ref.number))
        elif not _candidates(ref, by_number):
            # No file for it (warned): still shown, as the number written, never linked.
            unknown = DescribedParent(ref.number, None, None, None, None)
            resolved.append(Reference(None, unknown, ref.number))
    return tuple(resolved)


def _described_above(
    entry: Entry,
    ref: RawRef,
    by_number: dict[str, list[Entry]],
    slugs: dict[str, str],
    problems: list[Diagnostic],
) -> DescribedParent | None:
    """A described parent with the directives it carries out resolved to slugs."""
    facts = ref.described
    if facts is None:
        return None
    found = []
    for number in ref.above:
        above = _target(entry, RawRef(number, None, None, ref.line), by_number, problems)
        if above is not None and above is not entry:
            found.append(slugs[above.path])
    return DescribedParent(
        ref.number, facts.type, facts.issuer, facts.date, facts.title, facts.level, tuple(found)
    )


def _target(
    entry: Entry, ref: RawRef, by_number: dict[str, list[Entry]], problems: list[Diagnostic]
) -> Entry | None:
    candidates = _candidates(ref, by_number)
    if len(candidates) > 1:
        years = ", ".join(str(_year(c)) for c in candidates)
        problems.append(
            diagnostic("implements.ambiguous", entry.path, ref.line, number=ref.number, years=years)
        )
        return None
    if not candidates and ref.described is None:
        problems.append(
            diagnostic("implements.missing_file", entry.path, ref.line, number=ref.number)
        )
    return candidates[0] if candidates else None


def _candidates(ref: RawRef, by_number: dict[str, list[Entry]]) -> list[Entry]:
    """The files that may be the document `ref` names: same number, same year if given."""
    candidates = by_number.get(number_key(ref.number), [])
    return [c for c in candidates if ref.year is None or _year(c) == ref.year]


def _cycles(
    entries: list[Entry], slugs: dict[str, str], references: dict[str, tuple[Reference, ...]]
) -> list[Diagnostic]:
    """Report each cycle on every file of it, the chain read from that file."""
    by_slug = {slugs[e.path]: e for e in entries}
    parents = {slugs[e.path]: [r.slug for r in references[e.path] if r.slug] for e in entries}
    problems, reported = [], set()
    for start in sorted(parents):
        cycle = _find_cycle(start, parents)
        if cycle and frozenset(cycle) not in reported and min(cycle) == start:
            reported.add(frozenset(cycle))
            for index, slug in enumerate(cycle):
                turn = cycle[index:] + cycle[:index]
                entry = by_slug[slug]
                chain = " → ".join(by_slug[s].fm.number or s for s in turn + [slug])
                problems.append(
                    diagnostic("implements.cycle", entry.path, entry.implements_line, chain=chain)
                )
    return problems


def _find_cycle(start: str, parents: dict[str, list[str]]) -> list[str] | None:
    """The path start → … → start through `implements`, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, path = stack.pop()
        for parent in parents.get(node, []):
            if parent == start:
                return path
            if parent not in visited:
                visited.add(parent)
                stack.append((parent, path + [parent]))
    return None
