"""`sotay build`'s progress on a terminal: one line, rewritten in place, with an estimate.

    Đã đọc 3.200/10.000 tệp · đã ghi 1.500 trang · còn khoảng 40 giây

Nothing is printed when stderr is not a terminal (a pipe, a log file, CI): the lines a
script reads stay the same as without it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from builder.core.messages import message
from builder.core.numbers import vn_count

EVERY = 0.25
"""Seconds between two updates of the line: often enough to move, rarely enough to cost
nothing."""
ESTIMATE_AFTER = 0.05
"""The estimate is shown once this share of the work is done: before, it is a guess."""


class Progress:
    """Counts files read and pages written; shows them, and the time left, on one line.

    The work is the files to read and the pages to render and write (the site engine renders
    every page before it writes any); until it says how many pages there are, one page a
    file is assumed.
    """

    def __init__(
        self, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.shown = _is_terminal(self.stream)
        self.clock = clock
        self.started = clock()
        self.last = float("-inf")
        self.read = self.files = self.rendered = self.written = self.pages = 0
        self.width = 0

    def on_read(self, read: int, files: int) -> None:
        self.read, self.files = read, files
        self._show(final=read == files)

    def on_pages(self, rendered: int, written: int, pages: int) -> None:
        self.rendered, self.written, self.pages = rendered, written, pages
        self._show(final=written == pages)

    def line(self) -> str:
        """The line as it reads now."""
        text = message(
            "build.progress",
            read=vn_count(self.read),
            files=vn_count(self.files),
            written=vn_count(self.written),
        )
        pages = self.pages or self.files
        total = self.files + 2 * pages  # a page is rendered, later written
        done = self.read + self.rendered + self.written
        if total and done < total and done >= ESTIMATE_AFTER * total:
            left = (self.clock() - self.started) * (total - done) / done
            if left >= 90:
                text += message("build.progress_left_minutes", minutes=vn_count(round(left / 60)))
            else:
                text += message("build.progress_left", seconds=vn_count(max(1, round(left))))
        return text

    def done(self) -> None:
        """Clear the line: the build's own last line takes its place."""
        if self.shown and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0

    def _show(self, final: bool) -> None:
        if not self.shown:
            return
        now = self.clock()
        if now - self.last < EVERY and not final:
            return
        self.last = now
        text = self.line()
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
