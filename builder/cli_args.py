"""argparse speaking Vietnamese: usage, option titles, help and every parse error.

argparse builds its texts in English ("usage:", "options:", "the following arguments are
required"); a formatter of our own writes the help, and `error()` turns argparse's few error
templates into the message table's lines, with a suggestion for a mistyped command.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from typing import NoReturn

from builder.core.messages import problem

HELP = "in hướng dẫn này rồi thoát"
OPTIONS_TITLE = "tùy chọn"
ARGUMENTS_TITLE = "tham số"

# argparse's error templates (Python 3.11–3.13), each → the code whose fields its groups fill.
_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"the following arguments are required: (?P<what>.+)"), "cli.missing"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "cli.unrecognized"),
    (
        re.compile(r"argument (?P<option>[^:]+): invalid choice: '?(?P<value>[^' ]*)'? \(choose"),
        "cli.bad_choice",
    ),
    (re.compile(r"argument (?P<option>[^:]+): expected one argument"), "cli.needs_value"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"), "cli.ambiguous"),
    (re.compile(r"argument (?P<option>[^:]+): .*"), "cli.bad_argument"),
]


class Formatter(argparse.HelpFormatter):
    """argparse's help layout with a Vietnamese usage line."""

    def add_usage(
        self,
        usage: str | None,
        actions: object,
        groups: object,
        prefix: str | None = None,
    ) -> None:
        # argparse passes prefix "" when it builds a sub-command's `prog` from this usage.
        shown = "cách dùng: " if prefix is None else prefix
        super().add_usage(usage, actions, groups, shown)  # type: ignore[arg-type]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Vietnamese; `-h` is added in Vietnamese."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = ARGUMENTS_TITLE
        self._optionals.title = OPTIONS_TITLE
        self.add_argument("-h", "--help", action="help", help=HELP)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(translate(message, self.prog, self.commands()), file=sys.stderr)
        sys.exit(2)

    def commands(self) -> list[str]:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return list(action.choices)
        return []


def translate(message: str, prog: str, commands: list[str]) -> str:
    """argparse's English error → our Vietnamese line ("lỗi: … (gợi ý: …)")."""
    for pattern, code in _ERRORS:
        found = pattern.match(message)
        if found is None:
            continue
        values = found.groupdict()
        if code == "cli.bad_choice" and commands:
            return unknown_command(values["value"], commands)
        return problem(code, prog=prog, **values)
    return problem("cli.bad_argument", option=message, prog=prog)


def unknown_command(command: str, commands: list[str]) -> str:
    """The line for a mistyped command, naming the nearest one ("buld" → build)."""
    close = difflib.get_close_matches(command, commands, n=1, cutoff=0.5)
    listed = ", ".join(commands)
    if close:
        return problem("cli.unknown_command", command=command, close=close[0], commands=listed)
    return problem("cli.no_such_command", command=command, commands=listed)
