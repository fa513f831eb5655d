"""The one cache of the incremental rebuild: recomputes a key only when its inputs change."""

from __future__ import annotations

from builder.core.memo import Memo


def test_a_value_is_computed_again_only_when_its_inputs_change() -> None:
    memo: Memo[str] = Memo()
    calls: list[str] = []

    def compute(value: str) -> str:
        calls.append(value)
        return value

    assert memo.get("a", (1, 2), lambda: compute("first")) == "first"
    assert memo.get("a", (1, 2), lambda: compute("second")) == "first"
    assert memo.get("a", (1, 3), lambda: compute("third")) == "third"
    assert calls == ["first", "third"]


def test_freshness_put_and_forgetting() -> None:
    memo: Memo[None] = Memo()
    assert not memo.is_fresh("a", b"digest")
    memo.put("a", b"digest", None)
    memo.put("b", b"other", None)
    assert memo.is_fresh("a", b"digest")
    assert not memo.is_fresh("a", b"changed")
    assert memo.keep_only(["a"]) == ["b"]
    assert not memo.is_fresh("b", b"other")
