"""Work done in a forked process beside the main one: a build's files that depend on the corpus
alone (search index, outlines) are made there while MkDocs runs its page loop here.

The child shares the parent's memory as it was at the fork (the corpus, nothing copied) and
reports back through a pipe: what its work returned, or why it failed. `wait` turns a failure
(an exception, a signal) into `ApartFailed` with a Vietnamese reason, never a hang: the pipe
closes when the child ends, however it ends. `stop` ends a child no longer wanted (the build
failed elsewhere) before its files are removed.

    apart = Apart.start(lambda: write_files(site))
    ...  # the page loop
    written = apart.wait()
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable

from builder.core.messages import message


class ApartFailed(Exception):
    """The forked work failed; `str()` says why, in Vietnamese."""


class Apart:
    def __init__(self, pid: int, reader: int) -> None:
        self.pid: int | None = pid
        self._reader = reader

    @classmethod
    def start(cls, work: Callable[[], object]) -> Apart:
        """Run `work` in a forked process; its return value (picklable) comes back by `wait`."""
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(reader)
            _run(work, writer)
        os.close(writer)
        return cls(pid, reader)

    def wait(self) -> object:
        """What the work returned; `ApartFailed` if it raised or its process was killed."""
        assert self.pid is not None
        with os.fdopen(self._reader, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        code = os.waitstatus_to_exitcode(status)
        if code == 0:
            return pickle.loads(data)  # noqa: S301 (our own child's)
        if code == 1 and data:
            raise ApartFailed(data.decode("utf-8"))
        shown = signal.Signals(-code).name if code < 0 else str(code)
        raise ApartFailed(message("build.apart_killed", signal=shown))

    def stop(self) -> None:
        """End the child if it still runs (it writes no more once this returns)."""
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        self.pid = None
        os.close(self._reader)


def _run(work: Callable[[], object], writer: int) -> None:
    """The child's whole life: run `work`, report, leave without running the parent's cleanup
    (`os._exit`: no atexit handler, no flush of the parent's buffered output, no `finally` of
    the parent's stack)."""
    code = 1
    try:
        gc.freeze()  # the inherited objects are never collected here: no page copied to scan them
        try:
            report = pickle.dumps(work())
            code = 0
        except OSError as error:
            shown = f"{error.filename}: {error.strerror}" if error.filename else error.strerror
            report = (shown or str(error)).encode("utf-8")
        except BaseException as error:  # noqa: BLE001 (reported to the parent, which fails)
            kind = type(error).__name__
            report = message("run.unexpected", kind=kind, error=error).encode("utf-8")
        with os.fdopen(writer, "wb") as stream:
            stream.write(report)
    finally:
        os._exit(code)
