"""The house rules of `builder/`, read from the code's own imports.

Folders are the stages of the data flow and imports go one way (ARCHITECTURE.md):
core ← model ← read ← validate ← render ← pipeline ← outputs ← adapter ← cli. The model
(plain dataclasses) sits right above the core so every stage can speak it; the pipeline runs
read → validate → model and asks render for each file's HTML fragments; authoring
(sotay new / import) sits beside the pipeline and uses only the stages below it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

BUILDER = Path(__file__).resolve().parents[1] / "builder"

# A stage may import its own folder and any stage of a lower rank, never a higher one.
RANK = {
    "core": 0,
    "model": 1,
    "read": 2,
    "validate": 3,
    "render": 4,
    "pipeline": 5,
    "authoring": 5,
    "outputs": 6,
    "adapter": 7,
    "cli": 8,
    "cli_args": 8,  # the Vietnamese argparse wording, beside cli.py
    "cli_progress": 8,  # `sotay build`'s progress line, beside cli.py
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(BUILDER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(BUILDER.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that runs, skipping `if TYPE_CHECKING:` blocks (they break no cycle)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _import_nodes(node)


def _imported(path: Path) -> list[str]:
    """Full dotted names imported by one module (`from a import b` gives `a.b` when b is a module)."""
    names: list[str] = []
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.append(full if full in MODULES else node.module)
    return names


def _internal_imports(name: str) -> set[str]:
    return {target for target in _imported(MODULES[name]) if target in MODULES and target != name}


def _stage(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "builder"


def test_every_module_belongs_to_a_stage() -> None:
    unknown = sorted(name for name in MODULES if name != "builder" and _stage(name) not in RANK)
    assert unknown == []


def test_imports_go_one_way() -> None:
    upward = sorted(
        f"{name} → {target}"
        for name in MODULES
        if name != "builder"
        for target in _internal_imports(name)
        if _stage(target) != "builder" and RANK[_stage(target)] > RANK[_stage(name)]
    )
    assert upward == []


def test_the_model_imports_only_the_core() -> None:
    assert {_stage(t) for t in _internal_imports("builder.model")} <= {"core"}


def test_no_import_cycle() -> None:
    graph = {name: _internal_imports(name) for name in MODULES}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def _imports_mkdocs(path: Path) -> bool:
    return any(t.split(".")[0] == "mkdocs" for t in _imported(path))


def test_only_the_adapter_imports_mkdocs() -> None:
    offenders = sorted(
        name
        for name, path in MODULES.items()
        if _imports_mkdocs(path) and _stage(name) != "adapter"
    )
    assert offenders == []
    assert any(_imports_mkdocs(p) for n, p in MODULES.items() if _stage(n) == "adapter")


def _own_names() -> set[str]:
    names: set[str] = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name | ast.arg):
                names.add(node.id if isinstance(node, ast.Name) else node.arg)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return names


def _private_mkdocs_uses(path: Path, own: set[str]) -> list[str]:
    found: list[str] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _import_nodes(tree):
        modules = (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
        for module in modules:
            if module.split(".")[0] == "mkdocs" and any(
                p.startswith("_") for p in module.split(".")
            ):
                found.append(module)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
            found.extend(a.name for a in node.names if a.name.startswith("_"))
    for node in ast.walk(tree):
        # `obj._name` where `_name` is defined nowhere in builder/ reaches into a library.
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            if not node.attr.startswith("__") and node.attr not in own:
                found.append(node.attr)
        # Overriding a library's private method is using its private API too.
        if isinstance(node, ast.ClassDef) and node.bases:
            found.extend(
                f.name
                for f in node.body
                if isinstance(f, ast.FunctionDef)
                and f.name.startswith("_")
                and not f.name.startswith("__")
                and "super" in ast.dump(f)
            )
    return found


@pytest.mark.parametrize(
    "name", sorted(n for n, p in MODULES.items() if _imports_mkdocs(p)), ids=str
)
def test_no_private_mkdocs_name(name: str) -> None:
    assert _private_mkdocs_uses(MODULES[name], _own_names()) == []


def test_the_rules_catch_what_they_name(tmp_path: Path) -> None:
    """The checks above are not vacuous: a module written against them is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from mkdocs.commands.build import _build_page\n"
        "from mkdocs.livereload import LiveReloadServer\n"
        "class S(LiveReloadServer):\n"
        "    def _inject_js_into_html(self, c, e):\n"
        "        return super()._inject_js_into_html(c, e)\n",
        encoding="utf-8",
    )
    uses = _private_mkdocs_uses(bad, set())
    assert "_build_page" in uses and "_inject_js_into_html" in uses


def test_the_plugin_imports_no_other_adapter_module() -> None:
    """The plugin is MkDocs' hooks only; building and serving drive it from outside."""
    assert {
        t for t in _internal_imports("builder.adapter.plugin") if _stage(t) == "adapter"
    } == set()
