"""Module boundaries: the core never imports MkDocs; only the adapter does.

The adapter is the plugin (hooks only), `build.py` (configuration, build, sessions) and
`serve.py` (the incremental `serve`); it uses MkDocs' public names only.
"""

from __future__ import annotations

import ast
from pathlib import Path

BUILDER = Path(__file__).resolve().parents[1] / "builder"
ADAPTER = tuple(sorted((BUILDER / "adapter").glob("[!_]*.py")))


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


def _mkdocs_names(path: Path) -> list[str]:
    """Every name imported from mkdocs, and every attribute read on them."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mkdocs")
        for alias in node.names
    ]
    imported = {name.rsplit(".", 1)[1] for name in names}
    names += [
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        if node.value.id in imported
    ]
    return names


def test_the_adapter_uses_no_private_mkdocs_name() -> None:
    private = [
        f"{p.name}: {name}"
        for p in ADAPTER
        for name in _mkdocs_names(p)
        if any(part.startswith("_") for part in name.split("."))
    ]
    assert private == []


def test_the_plugin_imports_no_other_adapter_module() -> None:
    assert "builder.adapter" not in {
        node.module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse((BUILDER / "adapter" / "plugin.py").read_text()))
        if isinstance(node, ast.ImportFrom) and node.module
    }
