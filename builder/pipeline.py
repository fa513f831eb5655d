"""The core pipeline: directives/*.md → load → validate → model (a Corpus)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic, has_errors, sort_key
from builder.load import SourceFile, load_source
from builder.markdown import ParsedBody, inline_text, parse
from builder.messages import diagnostic
from builder.model import Corpus, Directive, Heading, Section, build_corpus
from builder.sections import RawSection, split_sections
from builder.validate.body import check_headings, check_sections, scan_body
from builder.validate.front_matter import FrontMatter, check_front_matter
from builder.validate.relations import Entry, resolve

DIRECTIVES_DIR = "directives"


@dataclass(frozen=True, slots=True)
class Draft:
    """One file after per-file validation, before cross-file rules."""

    source: SourceFile
    fm: FrontMatter
    body: ParsedBody
    sections: list[RawSection]
    problems: list[Diagnostic]


@dataclass(frozen=True, slots=True)
class Result:
    corpus: Corpus
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def load_corpus(root: Path, directives_dir: str = DIRECTIVES_DIR) -> Result:
    """Read, validate and model every directive under `root/directives_dir`."""
    folder = root / directives_dir
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not paths:
        missing = diagnostic("build.no_content", f"{directives_dir}/", 0)
        return Result(build_corpus([]), [missing])
    diagnostics: list[Diagnostic] = []
    drafts = []
    for path in paths:
        source, problems = load_source(root, path)
        diagnostics.extend(problems)
        if source is not None:
            draft = check_file(source)
            diagnostics.extend(draft.problems)
            drafts.append(draft)
    resolved = resolve([_entry(d) for d in drafts])
    diagnostics.extend(resolved.problems)
    failed = {d.path for d in diagnostics if d.is_error}
    directives = [
        make_directive(d, resolved.slugs[d.source.path], resolved.references[d.source.path])
        for d in drafts
        if d.source.path not in failed
    ]
    return Result(build_corpus(directives), sorted(diagnostics, key=sort_key))


def check_file(source: SourceFile) -> Draft:
    fm, problems = check_front_matter(source)
    body = parse(source.body)
    sections = split_sections(body.tokens, source.body_line)
    problems += check_sections(sections, fm.absent, source.path, source.body_line)
    problems += check_headings(body.tokens, source.path, source.body_line)
    problems += scan_body(source.body, source.body_line, fm.contact_ok, source.path)
    return Draft(source, fm, body, sections, problems)


def _entry(draft: Draft) -> Entry:
    lines = draft.source.key_lines
    return Entry(
        draft.source.path,
        draft.source.stem,
        draft.fm,
        lines.get("number", 1),
        lines.get("implements", lines.get("number", 1)),
    )


def make_directive(draft: Draft, slug: str, implements: tuple) -> Directive:  # type: ignore[type-arg]
    fm = draft.fm
    assert fm.type and fm.issuer and fm.level and fm.title
    return Directive(
        path=draft.source.path,
        slug=slug,
        number=fm.number,
        type=fm.type,
        issuer=fm.issuer,
        level=fm.level,
        date=fm.date,
        title=fm.title,
        tags=fm.tags,
        implements=implements,
        sections=tuple(Section(s.key, s.title, s.anchor, s.line) for s in draft.sections),
        headings=_headings(draft.body),
        description=_description(fm.title, draft),
        source=fm.source,
        absent=fm.absent,
        absent_reason=fm.absent_reason,
        body=draft.body,
    )


def _headings(body: ParsedBody) -> tuple[Heading, ...]:
    tokens = body.tokens
    return tuple(
        Heading(int(t.tag[1]), inline_text(tokens[i + 1]).strip(), str(t.attrGet("id")))
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag in ("h2", "h3", "h4")
    )


_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _description(title: str, draft: Draft) -> str:
    """Title and the first sentence of the background section."""
    background = next((s for s in draft.sections if s.key == "boi-canh"), None)
    if background is None:
        return title
    tokens = draft.body.tokens[background.start + 3 : background.end]
    first = next((inline_text(t) for t in tokens if t.type == "inline"), "")
    sentence = _SENTENCE_END.split(first, maxsplit=1)[0].strip()
    if len(sentence) > 240:
        sentence = sentence[:240].rsplit(" ", 1)[0] + "…"
    return f"{title}. {sentence}" if sentence else title
