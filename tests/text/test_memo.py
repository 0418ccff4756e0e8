"""governance.text.memo: results remembered by the digest of their texts, within a count and a size."""

from __future__ import annotations

import sys

from governance.text import redline
from governance.text.memo import memo_by_digest


def counting(entries: int = 8, characters: int = 1000):  # type: ignore[no-untyped-def]
    calls: list[tuple[str, str]] = []

    @memo_by_digest(lambda a, b: (a, b), entries=entries, characters=characters)
    def joined(a: str, b: str) -> int:
        calls.append((a, b))
        return len(a) * 1000 + len(b)

    return joined, calls


def test_a_result_is_made_once_and_the_memo_keeps_no_text_alive() -> None:
    joined, calls = counting()
    text = "".join(["x"] * 50)  # a string of its own, not an interned constant
    before = sys.getrefcount(text)
    assert joined(text, "y") == 50_001
    assert joined("".join(["x"] * 50), "y") == 50_001  # an equal text, another object: remembered
    assert calls == [(text, "y")]
    calls.clear()
    assert sys.getrefcount(text) == before  # functools.lru_cache would hold it in its key


def test_texts_that_join_alike_are_different_keys() -> None:
    joined, calls = counting()
    assert joined("ab", "c") == 2001 and joined("a", "bc") == 1002
    assert len(calls) == 2


def test_the_count_and_the_size_are_bounded_least_recently_used_first() -> None:
    joined, calls = counting(entries=2, characters=10)
    joined("a", "1")
    joined("b", "1")
    joined("a", "1")  # used again: "b" is now the oldest
    joined("c", "1")
    assert len(joined) == 2
    calls.clear()
    joined("a", "1")
    joined("b", "1")
    assert calls == [("b", "1")]  # "a" was kept, "b" was dropped
    joined("01234567", "1")  # 9 characters: with the 4 kept, over 10
    assert len(joined) == 1
    calls.clear()
    joined("0123456789ab", "")  # larger than the whole budget: never kept
    joined("0123456789ab", "")
    assert len(calls) == 2 and len(joined) == 1


def test_the_redline_memos_give_what_a_fresh_redline_gives() -> None:
    old = "# Rules\n\n## Article 1. Scope\n\nThese rules apply to everyone.\n"
    new = old.replace("everyone", "every employee")
    first = redline.redline(old, new)
    assert first == redline.redline(old, new)
    assert [change.status for change in first] == ["changed"]
    assert "<ins>" in first[0].html and "<del>" in first[0].html
