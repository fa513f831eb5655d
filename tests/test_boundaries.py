"""Module boundaries: the core never imports MkDocs; only the adapter does.

The adapter is the plugin (generated pages) and `live.py` (the incremental `serve`, which
drives MkDocs' page rendering and live-reload server directly).
"""

from __future__ import annotations

import ast
from pathlib import Path

BUILDER = Path(__file__).resolve().parents[1] / "builder"
ADAPTER = (BUILDER / "adapter" / "plugin.py", BUILDER / "adapter" / "serve.py")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_adapter_imports_mkdocs() -> None:
    modules = sorted(BUILDER.rglob("*.py"))
    offenders = [
        p.relative_to(BUILDER).as_posix()
        for p in modules
        if p not in ADAPTER and "mkdocs" in _imports(p)
    ]
    assert offenders == []
    assert all("mkdocs" in _imports(p) for p in ADAPTER)
