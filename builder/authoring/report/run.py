"""`sotay bao-cao`: find the campaign, read and check every return, write the summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from builder.authoring.report.check import Checker
from builder.authoring.report.read import read_return
from builder.authoring.report.summary import Summary, summarise, summary_html, summary_xlsx
from builder.core import urls
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic, did_you_mean
from builder.core.schema import number_key
from builder.core.text import slugify
from builder.model import Campaign, Corpus


@dataclass(slots=True)
class Outcome:
    problems: list[Diagnostic] = field(default_factory=list)
    summary: Summary | None = None
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def find_campaign(corpus: Corpus, wanted: str) -> Campaign | Diagnostic:
    """A guide number (27-HD/BXDĐĐU) or a campaign file's name (han-thang-5-2026)."""
    slug = slugify(wanted.removesuffix(".md"))
    for c in corpus.campaigns.values():
        if c.slug == slug or (c.guide and number_key(c.guide) == number_key(wanted)):
            if c.form is None:
                return diagnostic("report.no_form", "", 0, label=c.label)
            return c
    names = sorted(c.guide or c.slug for c in corpus.campaigns.values())
    listed = "các đợt có: " + ", ".join(names) if names else "chưa có đợt học tập nào"
    close = did_you_mean(wanted, names, listed)
    return diagnostic("report.no_campaign", "", 0, target=wanted, choices=close)


def add_up(
    campaign: Campaign, returns: list[tuple[Path, str]], out: Path, today: dt.date
) -> Outcome:
    """Read `returns` (path, as shown), check them, write the summary into the folder `out`."""
    assert campaign.form is not None
    checker = Checker(campaign.form, campaign.units)
    outcome = Outcome()
    faulty: list[str] = []
    for path, shown in returns:
        table = read_return(path, shown, campaign.form)
        before = len(checker.result.problems)
        checker.result.problems += table.problems
        for row in table.rows:
            checker.row(shown, row)
        if any(p.is_error for p in checker.result.problems[before:]):
            faulty.append(shown)
    outcome.problems = checker.result.problems
    errors = sum(p.is_error for p in outcome.problems)
    summary = summarise(campaign, campaign.form, checker.result.entries, errors, faulty)
    out.mkdir(parents=True, exist_ok=True)
    xlsx, html = out / urls.REPORT_XLSX, out / urls.REPORT_HTML
    xlsx.write_bytes(summary_xlsx(summary, today))
    html.write_text(summary_html(summary, today), encoding="utf-8")
    outcome.summary = summary
    outcome.written = [xlsx, html]
    return outcome
