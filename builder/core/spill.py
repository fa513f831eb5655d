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

import dataclasses
import io
import os
import pickle
import tempfile
from typing import IO, Any


def pickled(value: object) -> bytes:
    """`value` pickled, its slotted dataclasses (sections, headings, outline items: about a
    hundred a body) as their field values: read back in half the time of their own pickling,
    which asks `dataclasses.fields` for each object."""
    stream = io.BytesIO()
    _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return stream.getvalue()


_FIELDS: dict[type, tuple[str, ...]] = {}


def field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def rebuild(kind: type, values: tuple[object, ...]) -> object:
    """A slotted dataclass from its field values, as its own unpickling does."""
    made: object = object.__new__(kind)
    for name, value in zip(field_names(kind), values, strict=True):
        object.__setattr__(made, name, value)
    return made


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: object) -> Any:
        kind = type(obj)
        if dataclasses.is_dataclass(kind) and hasattr(kind, "__slots__"):
            return rebuild, (kind, tuple(getattr(obj, n) for n in field_names(kind)))
        return NotImplemented


def beside(key: str, part: str) -> str:
    """The key of another value kept for `key` (a directive's postings beside its body): a NUL
    never appears in a path."""
    return f"{key}\0{part}"


class Spill:
    """An append-only file of pickled values, by key; the last value put under a key wins."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="sotay-spill-")
        self._where: dict[str, tuple[int, int]] = {}
        self._end = 0

    def put(self, key: str, value: object) -> None:
        self.put_pickled(key, pickled(value))

    def put_pickled(self, key: str, data: bytes) -> None:
        """`put` of a value pickled elsewhere (a worker process): `get` unpickles it."""
        self._file.seek(self._end)
        self._file.write(data)
        self._where[key] = (self._end, len(data))
        self._end += len(data)

    def get(self, key: str) -> object:
        """The value put under `key`, read at its offset without moving the file's position: a
        process forked from this one (the plugin's outputs beside the page loop) shares it."""
        offset, size = self._where[key]
        self._file.flush()
        return pickle.loads(os.pread(self._file.fileno(), size, offset))

    def __contains__(self, key: object) -> bool:
        return key in self._where

    def __len__(self) -> int:
        return len(self._where)

    def close(self) -> None:
        self._file.close()
