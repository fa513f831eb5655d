"""The model sits at the bottom: it imports the core and the standard library, nothing more."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

BUILDER = Path(__file__).resolve().parents[1] / "builder"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_model_imports_only_the_core_and_the_standard_library() -> None:
    imported = _imported_modules(BUILDER / "model.py")
    outside = sorted(
        name
        for name in imported
        if not name.startswith("builder.core")
        and name.split(".")[0] not in sys.stdlib_module_names
        and name != "__future__"
    )
    assert outside == []


def test_front_matter_checks_do_not_import_the_model() -> None:
    imported = _imported_modules(BUILDER / "validate" / "front_matter.py")
    assert "builder.model" not in imported
