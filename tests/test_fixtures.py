"""Every validation rule against its fixture corpora: exact diagnostic lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.pipeline import load_corpus

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted(p.parent for p in (FIXTURES / "invalid").glob("*/*/expected.txt"))
VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("case", INVALID, ids=_case_id)
def test_invalid_case_reports_exact_diagnostics(case: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = load_corpus(case)
    assert [d.format() for d in result.diagnostics] == expected


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case_has_no_diagnostics(case: Path) -> None:
    result = load_corpus(case)
    assert [d.format() for d in result.diagnostics] == []
    assert result.corpus.directives
