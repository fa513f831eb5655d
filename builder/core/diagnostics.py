"""Diagnostic: one problem in one file at one line, formatted for people."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters that would break a diagnostic's one line (a newline in a file name), or colour
and move a terminal's cursor: shown as their escapes (`\\n`), never as themselves."""


def one_line(text: str) -> str:
    """`text` with every control character written as its escape: it cannot forge a line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Severity(enum.Enum):
    ERROR = "lỗi"
    """Fails the build."""
    WARNING = "cảnh báo"
    """Printed; fails the build only with --strict."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in a source file.

    `path:line: lỗi: loại văn bản "chi thi" không hợp lệ (gợi ý: có phải "chi-thi"?)`
    """

    path: str
    """Path relative to the project root, with `/`; "" for a problem of the whole command."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    severity: Severity
    code: str
    """Stable identifier of the rule, e.g. `type.invalid` (for tests and JSON output)."""
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """One line, whatever the file's name or text holds (see `one_line`)."""
        hint = f" (gợi ý: {self.hint})" if self.hint else ""
        where = f"{self.path}:{self.line}: " if self.path else ""
        return one_line(f"{where}{self.severity.value}: {self.message}{hint}")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity.name.lower(),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, str]:
    return (diagnostic.path, diagnostic.line, diagnostic.code)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)
