"""Front matter and Markdown text of the files the importer writes, and the writing itself."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.core.diagnostics import Diagnostic

Value = str | int | bool | dt.date | None | list[Any] | dict[str, Any]

_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


@dataclass(slots=True)
class Draft:
    """A file to write: where, what, and what a person must still check in it."""

    path: Path
    text: str
    label: str
    """How the summary line names it: "02-NQ/TW (nghi-quyet, 17/3/2026)"."""
    notes: list[Diagnostic] = field(default_factory=list)
    needs_human: bool = False
    """The file carries a `needs_human:` list."""


def scalar(value: Value) -> str:
    """One YAML scalar, plain when that reads back unchanged, double-quoted otherwise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value)
    text = str(value)
    if _PLAIN_START.match(text) and text == text.strip() and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(text: str) -> bool:
    try:
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except yaml.YAMLError:
        return False


def emit(key: str, value: Value, indent: int = 0, comment: str = "") -> list[str]:
    """`key: value` as block YAML (flow lists for short lists of scalars)."""
    pad = " " * indent
    tail = f"  # {comment}" if comment else ""
    if isinstance(value, dict):
        lines = [f"{pad}{key}:{tail}"]
        for child, item in value.items():
            lines += emit(child, item, indent + 2)
        return lines
    if isinstance(value, list) and _flow(value):
        return [f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]{tail}"]
    if isinstance(value, list):
        lines = [f"{pad}{key}:{tail}"]
        for item in value:
            lines += _list_item(item, indent + 2)
        return lines
    return [f"{pad}{key}: {scalar(value)}{tail}"]


def _flow(items: list[Any]) -> bool:
    simple = all(isinstance(v, (str, int)) for v in items)
    return simple and sum(len(str(v)) + 2 for v in items) <= 80


def _list_item(item: Value, indent: int) -> list[str]:
    pad = " " * indent
    if not isinstance(item, dict):
        return [f"{pad}- {scalar(item)}"]
    lines: list[str] = []
    for position, (key, value) in enumerate(item.items()):
        child = emit(key, value, indent + 2)
        lines += [(f"{pad}- " + child[0].lstrip()) if position == 0 else child[0], *child[1:]]
    return lines


def front_matter(fields: list[tuple[str, Value, str]], footer: list[str]) -> str:
    """`---`, each (key, value, comment), the footer comment lines, `---`."""
    lines = ["---"]
    for key, value, comment in fields:
        lines += emit(key, value, comment=comment)
    lines += [f"# {line}" for line in footer]
    return "\n".join([*lines, "---"]) + "\n"


def key_line(text: str, key: str) -> int:
    """Line of a top-level `key:` in a written file (1 when absent)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def existing(drafts: list[Draft]) -> list[Draft]:
    return [d for d in drafts if d.path.exists()]


def write_all(drafts: list[Draft]) -> None:
    """All files or none: each is written beside its target first, then all are renamed, so a
    full disk or a read-only folder leaves no half import (and no 0-byte file) behind."""
    staged: list[tuple[Path, Path]] = []
    try:
        for draft in drafts:
            draft.path.parent.mkdir(parents=True, exist_ok=True)
            temp = draft.path.with_name(f".{draft.path.name}.sotay-tmp")
            staged.append((temp, draft.path))
            with temp.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(draft.text)
                handle.flush()
                os.fsync(handle.fileno())
    except OSError:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, target in staged:
        os.replace(temp, target)
