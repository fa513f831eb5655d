"""Load a source file: bytes → NFC text → front matter (with line numbers) + body."""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic

MAX_BYTES = 1_000_000
"""A summary is a few pages; anything larger is a mistake (a pasted full text, a binary)."""

LEGACY_GUESS = "TCVN3 (ABC), VNI hoặc Windows-1258"

# UTF-8 text once decoded as Windows-1252 ("Ä‘" for "đ", "áº¡" for "ạ").
_MOJIBAKE_UTF8 = re.compile(r"Ã[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|Ä‘|Æ°|Æ¡|á[º»]")
# TCVN3 bytes shown as Windows-1252 ("Ch\xad¬ng tr×nh", "®¶ng"); not "¹", a footnote mark.
_MOJIBAKE_TCVN3 = re.compile(r"[A-Za-z][¬®µ¸¶·¨©ª×¦§¥¤£¢¡]|[¬®µ¸¶·¨©ª×¦§¥¤£¢¡][A-Za-z]")
# VNI bytes shown as Windows-1252 ("Vieät Nam", "Chæ thò"); Vietnamese has none of these.
_MOJIBAKE_VNI = re.compile(r"[A-Za-z][äöøëïñæüåÄÖØËÏÑÆÜÅ]")


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe loader (libyaml when present) that keeps dates as written for our own checks."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A source file read and split, before any validation of its fields."""

    path: str
    """Path relative to the project root, with `/`."""
    stem: str
    """File name without `.md`."""
    meta: dict[str, Any]
    """Front matter as plain Python values (dates stay strings)."""
    key_lines: dict[str, int]
    """Line of each top-level front matter key."""
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    """Line of each item of a list-valued key (e.g. `implements`)."""
    node_lines: dict[str, int] = field(default_factory=dict)
    """Line of every nested value by path: `documents[0].items[2]`, `report.deadline`."""
    body: str = ""
    body_line: int = 1
    """Line number of the first body line in the file."""
    front_matter_line: int = 1
    """Line of the opening `---`."""


_KINDS = (
    (stat.S_ISDIR, "thư mục"),
    (stat.S_ISFIFO, "ống dẫn FIFO"),
    (stat.S_ISCHR, "thiết bị"),
    (stat.S_ISBLK, "thiết bị"),
    (stat.S_ISSOCK, "socket"),
)
"""What a name ending in `.md` can be besides a file, as a user would call it."""


def read_bytes(path: Path, rel: str) -> tuple[bytes | None, list[Diagnostic]]:
    """A regular file's bytes, at most MAX_BYTES read: `stat()` sizes are not trusted
    (a link to /dev/zero reports 0), and a FIFO or a folder is never waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        return None, [diagnostic("file.unreadable", rel, 1, reason=_os_reason(error))]
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = next((name for test, name in _KINDS if test(mode)), "không rõ loại")
        return None, [diagnostic("file.not_regular", rel, 1, kind=kind)]
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = max(path.stat().st_size, len(data))
        return None, [
            diagnostic("file.too_large", rel, 0, size=size // 1000, limit=MAX_BYTES // 1000)
        ]
    if not data.strip():
        return None, [diagnostic("file.empty", rel, 1)]
    return data, []


_OS_REASONS = {
    errno.ENOENT: "tệp không còn, hoặc là liên kết trỏ tới tệp không còn",
    errno.EACCES: "không có quyền đọc",
    errno.EPERM: "không có quyền đọc",
    errno.ELOOP: "liên kết trỏ vòng về chính nó",
}


def _os_reason(error: OSError) -> str:
    return _OS_REASONS.get(
        error.errno or 0, f"lỗi hệ thống {errno.errorcode.get(error.errno or 0, '')}"
    )


def read_text(path: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode a file as UTF-8 (BOM, CRLF and NFD tolerated); reject other encodings."""
    data, problems = read_bytes(path, rel)
    if data is None:
        return None, problems
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:200].count(b"\x00") > 2:
        return None, [diagnostic("encoding.utf16", rel, 1)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [diagnostic("encoding.legacy", rel, line, guess=LEGACY_GUESS)]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    mojibake = find_mojibake(text, rel) or find_bidi_control(text, rel)
    if mojibake:
        return None, [mojibake]
    return text, []


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidi embeddings, overrides and isolates: invisible, they reverse or reorder how the text
after them reads ("Trojan Source"), so a title or a number could show other than it is
written and checked. Vietnamese needs none of them."""


def find_bidi_control(text: str, rel: str) -> Diagnostic | None:
    """Report the first bidi control character of `text` with its line and column."""
    match = _BIDI_CONTROLS.search(text)
    if match is None:
        return None
    start = match.start()
    line_start = text.rfind("\n", 0, start) + 1
    return diagnostic(
        "text.bidi_control",
        rel,
        text.count("\n", 0, start) + 1,
        char=f"U+{ord(match.group()):04X}",
        column=start - line_start + 1,
    )


_CODE_PAGES = (
    (_MOJIBAKE_UTF8, "Windows-1252", "ÃÄÆº»"),
    (_MOJIBAKE_TCVN3, "TCVN3 (ABC)", "¬®µ¸¶·¨©ª×¦§¥¤£¢¡"),
    (_MOJIBAKE_VNI, "VNI", "äöøëïñæüåÄÖØËÏÑÆÜÅ"),
)
"""Each wrong code page's pattern, its name, and the characters one of which each of its
matches holds: a pattern is searched only in a text that has one. Vietnamese itself has "Ã"
("XÃ" in capitals): a summary that has must not cost the other two patterns' searches, a
regex test at each letter."""


def find_mojibake(text: str, rel: str) -> Diagnostic | None:
    """Report the first line whose letters show a wrong code page."""
    for pattern, guess, odd in _CODE_PAGES:
        if not any(char in text for char in odd):  # a substring search each, in C
            continue
        found = pattern.search(text)
        if found and _is_garbled(pattern, text):
            line = text.count("\n", 0, found.start()) + 1
            return diagnostic(
                "encoding.mojibake", rel, line, sample=_word_at(text, found.start()), guess=guess
            )
    return None


def _is_garbled(pattern: re.Pattern[str], text: str) -> bool:
    """Several distinct odd characters: "25 µg/m³" or "BKAV®" alone is not a wrong code page."""
    odd = {ch for match in pattern.findall(text) for ch in match if not ch.isascii()}
    return len(pattern.findall(text)) >= 2 and (pattern is _MOJIBAKE_UTF8 or len(odd) >= 3)


def _word_at(text: str, index: int) -> str:
    start = max(text.rfind(" ", 0, index), text.rfind("\n", 0, index)) + 1
    ends = [i for i in (text.find(" ", index), text.find("\n", index)) if i != -1]
    return text[start : min(ends) if ends else len(text)][:40]


def split_front_matter(text: str, rel: str) -> tuple[str, int, str, int] | Diagnostic:
    """Return (yaml text, its first line, body, body's first line) or a diagnostic."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return diagnostic("fm.missing", rel, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
    return diagnostic("fm.unclosed", rel, 1)


Parsed = tuple[dict[str, Any], dict[str, int], dict[str, list[int]], dict[str, int]]
"""Front matter values, key lines, list item lines, and lines of every nested value."""


def parse_yaml(source: str, first_line: int, rel: str) -> Parsed | list[Diagnostic]:
    """Parse front matter safely, keeping the line of every key and list item."""
    shape = _shape_problem(source, first_line, rel)
    if shape is not None:
        return [shape]
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        return [_yaml_error(error, source, first_line, rel)]
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return [diagnostic("fm.not_mapping", rel, first_line)]
    return _node_lines(node, first_line, rel, data)


MAX_DEPTH = 12
"""Nesting of a front matter: a campaign needs 6 (documents → group → items → item …)."""


def _shape_problem(source: str, first_line: int, rel: str) -> Diagnostic | None:
    """Depth and aliases checked on the event stream, before anything is built: composing
    200,000 nested brackets overflows the stack, and an alias bomb expands to gigabytes."""
    depth = 0
    try:
        for event in yaml.parse(source, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return diagnostic("yaml.alias", rel, _event_line(event, first_line))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = _event_line(event, first_line)
                    return diagnostic("yaml.too_deep", rel, line, limit=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: reported with its line by the full parse below
    return None


def _event_line(event: yaml.Event, first_line: int) -> int:
    return (event.start_mark.line if event.start_mark else 0) + first_line


def _node_lines(
    node: yaml.MappingNode, first_line: int, rel: str, data: dict[str, Any]
) -> Parsed | list[Diagnostic]:
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    problems: list[Diagnostic] = []
    for key_node, value_node in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + first_line
        if key in key_lines:
            problems.append(
                diagnostic("yaml.duplicate_key", rel, line, key=key, first=key_lines[key])
            )
        key_lines.setdefault(key, line)
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [item.start_mark.line + first_line for item in value_node.value]
    if problems:
        return problems
    node_lines: dict[str, int] = {}
    _walk(node, "", first_line, node_lines)
    return {str(k): v for k, v in data.items()}, key_lines, item_lines, node_lines


def _walk(node: yaml.Node, path: str, first_line: int, lines: dict[str, int]) -> None:
    """Record the line of every node under `path` (`a.b[2].c`)."""
    if path:
        lines[path] = node.start_mark.line + first_line
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = f"{path}.{key_node.value}" if path else str(key_node.value)
            lines[child] = key_node.start_mark.line + first_line
            _walk(value_node, child, first_line, lines)
            lines[child] = key_node.start_mark.line + first_line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{path}[{index}]", first_line, lines)


def _yaml_error(error: yaml.YAMLError, source: str, first_line: int, rel: str) -> Diagnostic:
    mark = _error_mark(error)
    line = (mark.line if mark else 0) + first_line
    column = (mark.column if mark else 0) + 1
    for number, text in enumerate(source.split("\n")):
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent:  # a tab inside a value is harmless; a tab in the indent is not
            return diagnostic("yaml.tab", rel, number + first_line, column=text.index("\t") + 1)
    problem = _yaml_problem(str(getattr(error, "problem", "") or ""))
    return diagnostic("yaml.syntax", rel, line, problem=problem, column=column)


def _error_mark(error: yaml.YAMLError) -> yaml.Mark | None:
    """Where the broken item starts: an unclosed quote or bracket is found only much later."""
    context = str(getattr(error, "context", "") or "")
    if context.startswith(
        ("while scanning a quoted", "while scanning a simple key", "while parsing a flow")
    ):
        return getattr(error, "context_mark", None)
    return getattr(error, "problem_mark", None)


# Problems as worded by libyaml and by PyYAML's pure-Python parser.
_YAML_PROBLEMS = {
    "mapping values are not allowed here": 'dấu ":" ở chỗ không được phép',
    "mapping values are not allowed in this context": 'dấu ":" ở chỗ không được phép',
    "could not find expected ':'": 'thiếu dấu ":" sau tên khóa',
    "found unexpected end of stream": "thiếu dấu ngoặc hoặc ngoặc kép đóng",
    "found undefined alias": 'dấu "*" ở đầu giá trị',
    "did not find expected alphabetic or numeric character": 'dấu "*" hoặc "&" ở đầu giá trị',
    "did not find expected key": "thụt lề không đúng",
    "did not find expected ',' or ']'": 'danh sách "[…]" thiếu dấu "," hoặc "]"',
    "did not find expected ',' or '}'": 'mô tả "{…}" thiếu dấu "," hoặc "}"',
    "expected <block end>, but found '<block sequence start>'": 'dòng "- …" thụt lề không đúng',
    "found character that cannot start any token": "có ký tự không được phép ở đầu giá trị",
}


def _yaml_problem(problem: str) -> str:
    return _YAML_PROBLEMS.get(problem, "cú pháp sai")


def load_source(root: Path, path: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read one Markdown file with front matter; every failure becomes a diagnostic."""
    rel = path.relative_to(root).as_posix()
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return None, [diagnostic("file.unreadable", rel, 1, reason=_OS_REASONS[errno.ELOOP])]
    if not inside:
        return None, [diagnostic("file.outside", rel, 1)]
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    split = split_front_matter(text, rel)
    if isinstance(split, Diagnostic):
        return None, [split]
    yaml_text, yaml_line, body, body_line = split
    parsed = parse_yaml(yaml_text, yaml_line, rel)
    if isinstance(parsed, list):
        return None, parsed
    meta, key_lines, item_lines, node_lines = parsed
    source = SourceFile(rel, path.stem, meta, key_lines, item_lines, node_lines, body, body_line, 1)
    return source, []
