"""Values kept on disk rather than in memory: what a large build needs once per page, later.

A build of 10,000 documents would hold every body's HTML, texts and outline from reading to
writing (about 60 MB a thousand documents); the pipeline puts each one here as it is read and
the page that shows it takes it back. The file has no name (`tempfile.TemporaryFile`): it goes
when the store goes, or when the process ends, whatever happens.

    spill = Spill()
    spill.put("directives/57-ct-tw.md", body)
    spill.get("directives/57-ct-tw.md")  # an equal copy of `body`
"""

from __future__ import annotations

import pickle
import tempfile
from typing import IO


class Spill:
    """An append-only file of pickled values, by key; the last value put under a key wins."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="sotay-spill-")
        self._where: dict[str, tuple[int, int]] = {}
        self._end = 0

    def put(self, key: str, value: object) -> None:
        self.put_pickled(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, key: str, data: bytes) -> None:
        """`put` of a value pickled elsewhere (a worker process): `get` unpickles it."""
        self._file.seek(self._end)
        self._file.write(data)
        self._where[key] = (self._end, len(data))
        self._end += len(data)

    def get(self, key: str) -> object:
        offset, size = self._where[key]
        self._file.seek(offset)
        return pickle.loads(self._file.read(size))

    def __contains__(self, key: object) -> bool:
        return key in self._where

    def __len__(self) -> int:
        return len(self._where)

    def close(self) -> None:
        self._file.close()
