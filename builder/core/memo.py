"""The one cache of the incremental rebuild: what each key gave, and from which inputs."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Memo(Generic[Value]):
    """Recomputes a key's value only when its inputs differ from the last call, nothing more.

    Inputs are anything comparable: a file's (mtime_ns, size), a directive, a digest.

        outlines: Memo[bytes] = Memo()
        outlines.get("van-ban/57-ct-tw/", directive, lambda: render(directive))
    """

    def __init__(self) -> None:
        self._known: dict[Hashable, tuple[object, Value]] = {}

    def is_fresh(self, key: Hashable, inputs: object) -> bool:
        """True when `key` was last computed from equal inputs."""
        known = self._known.get(key)
        return known is not None and known[0] == inputs

    def get(self, key: Hashable, inputs: object, compute: Callable[[], Value]) -> Value:
        """The value of `key`, computed again only when `inputs` changed."""
        known = self._known.get(key)
        if known is None or known[0] != inputs:
            known = self._known[key] = (inputs, compute())
        return known[1]

    def put(self, key: Hashable, inputs: object, value: Value) -> None:
        self._known[key] = (inputs, value)

    def keep_only(self, keys: Iterable[Hashable]) -> list[Hashable]:
        """Forget every other key; return the forgotten ones."""
        kept = set(keys)
        gone = [key for key in self._known if key not in kept]
        for key in gone:
            del self._known[key]
        return gone
