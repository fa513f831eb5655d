"""Rendering of directive bodies: markdown-it-py fixture files (title / input / expected)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from builder.render.body import render_markdown

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "bodies.md"


@pytest.mark.parametrize(("line", "title", "text", "expected"), read_fixture_file(FIXTURE))
def test_render(line: int, title: str, text: str, expected: str) -> None:
    assert render_markdown(text) == expected
