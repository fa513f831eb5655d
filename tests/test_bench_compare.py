"""The comparison bench's Material site (tests/bench/compare_search.py) still builds: it runs
only by hand, so a theme change that needs the sotay plugin once broke it unseen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent / "bench"


def test_the_material_site_of_the_comparison_builds_with_its_lunr_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    import compare_search

    monkeypatch.setattr(compare_search, "OUT", tmp_path)
    site, seconds = compare_search.build_material("seed")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"]}
    assert seconds > 0
    assert any("57-CT/TW" in title or "Chỉ thị" in title for title in titles), sorted(titles)[:20]
