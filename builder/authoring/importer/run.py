"""`sotay import`: read → split → directive and campaign files → write (never overwrite)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.authoring.importer.blocks import Block
from builder.authoring.importer.campaign import (
    Lists,
    add_appendix_entries,
    campaign_draft,
    read_lists,
)
from builder.authoring.importer.casing import CaseBook
from builder.authoring.importer.directive import Context, directive_draft
from builder.authoring.importer.guide import Guide, read_guide_fields
from builder.authoring.importer.guide_body import guide_markdown
from builder.authoring.importer.read import read_guide
from builder.authoring.importer.split import Appendix, appendix_bounds, split_appendix
from builder.authoring.importer.write import Draft, existing, write_all
from builder.core import urls
from builder.core.diagnostics import Diagnostic, sort_key
from builder.core.messages import diagnostic, write_reason
from builder.core.numbers import vn_date
from builder.core.schema import number_key

_NUMBER_LINE = re.compile(r"^number:\s*(\S.*?)\s*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Target:
    """Where the files go, and how messages name those folders."""

    directives_dir: Path
    content_dir: Path
    shown_directives: str
    shown_content: str
    force: bool = False


@dataclass(slots=True)
class Outcome:
    written: list[Draft] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    documents: int = 0
    """Documents summarised in the Phụ lục: each should become a directive file."""
    skipped: int = 0
    """Summaries not written because an earlier one of the same number took their file."""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def needs_human(self) -> int:
        return sum(draft.needs_human for draft in self.written)

    @property
    def not_imported(self) -> int:
        """Documents of the Phụ lục with no file written (all of them when nothing was)."""
        return self.skipped if self.ok else self.documents

    @property
    def complete(self) -> bool:
        """Every document of the Phụ lục was written: what the exit status says."""
        return self.ok and not self.skipped


def import_guide(path: Path, shown: str, target: Target) -> Outcome:
    outcome = Outcome()
    blocks, problems = read_guide(path, shown)
    if blocks is None:
        outcome.errors += problems
        return outcome
    appendix = split_appendix(blocks)
    if appendix is None:
        outcome.errors.append(diagnostic("import.no_appendix", shown, 0))
        return outcome
    if not appendix.summaries and not appendix.listed:
        outcome.errors.append(diagnostic("import.no_documents", shown, appendix.start.line))
        return outcome
    outcome.documents = len(appendix.summaries)
    drafts, notes = _drafts(blocks, appendix, shown, target)
    outcome.skipped = sum(note.code == "import.same_file" for note in notes)
    outcome.notes = sorted(notes, key=sort_key)
    taken = [] if target.force else existing(drafts)
    if taken:
        outcome.errors += [diagnostic("import.exists", _shown(d, target), 0) for d in taken]
        return outcome
    try:
        write_all(drafts)
    except OSError as error:
        reason = write_reason(error)
        outcome.errors.append(diagnostic("import.unwritable", shown, 0, reason=reason))
        return outcome
    outcome.written = drafts
    return outcome


def _drafts(
    blocks: list[Block], appendix: Appendix, shown: str, target: Target
) -> tuple[list[Draft], list[Diagnostic]]:
    start, end = appendix_bounds(blocks) or (0, len(blocks))
    book = CaseBook(blocks)
    guide = read_guide_fields(blocks[:start], blocks[start : start + 4] + blocks[end:], book)
    summarised = {number_key(s.reference.number) for s in appendix.summaries}
    known = summarised | _numbers_in(target.directives_dir)
    lists = Lists(shown, book, known, guide.notes)
    read_lists(blocks[:start], lists)
    context = Context(
        shown,
        _origin(guide),
        lists.references,
        book,
        known,
        target.directives_dir,
        target.shown_directives,
    )
    drafts, repeated = _one_per_file(
        [directive_draft(s, context) for s in appendix.summaries], appendix, shown
    )
    add_appendix_entries(appendix, lists)
    body = guide_markdown(blocks[:start], lists.lines, book, shown)
    campaign = campaign_draft(guide, lists, target.content_dir, target.shown_content, shown, body)
    drafts.append(campaign)
    notes = context.notes + lists.notes + repeated + [n for d in drafts for n in d.notes]
    return drafts, notes


def _one_per_file(
    drafts: list[Draft], appendix: Appendix, shown: str
) -> tuple[list[Draft], list[Diagnostic]]:
    """The first draft for each file; a later summary of the same number is not written
    (the directive drafts come first, in the order of `appendix.summaries`)."""
    kept: dict[Path, Draft] = {}
    repeated: list[Diagnostic] = []
    lines = [summary.heading.line for summary in appendix.summaries]
    for index, draft in enumerate(drafts):
        if draft.path in kept:
            line = lines[index] if index < len(lines) else 0
            repeated.append(diagnostic("import.same_file", shown, line, label=draft.label))
        else:
            kept[draft.path] = draft
    return list(kept.values()), repeated


def _origin(guide: Guide) -> str:
    """`source:` of the directives: "Phụ lục 1 của Hướng dẫn số …, ngày … của …"."""
    issuer = f" của {guide.issuer}" if guide.issuer else ""
    if guide.number is None:
        return f"Phụ lục 1 của Hướng dẫn học tập, quán triệt{issuer} (chưa ghi số)"
    date = f", ngày {vn_date(guide.date)}" if guide.date else ""
    return f"Phụ lục 1 của Hướng dẫn số {guide.number}{date}{issuer}"


def _numbers_in(folder: Path) -> set[str]:
    """Number keys of the directive files already in `folder`."""
    found = set()
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
        match = _NUMBER_LINE.search(head)
        if match and match.group(1) not in ("null", "~"):
            found.add(number_key(match.group(1).strip("\"'")))
    return found


def _shown(draft: Draft, target: Target) -> str:
    if draft.path.parent == target.directives_dir:
        return f"{target.shown_directives}/{draft.path.name}"
    return f"{target.shown_content}/{urls.CAMPAIGNS_FOLDER}/{draft.path.name}"


def shown_path(draft: Draft, target: Target) -> str:
    return _shown(draft, target)
