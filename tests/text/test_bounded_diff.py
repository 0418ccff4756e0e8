"""Token diffs within a budget (governance/text/bounded_diff.py, issue 12): a valid edit script whatever
the input, difflib's own answer within the budget, and never more work than the budget allows."""

from __future__ import annotations

import difflib
import random
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.text import bounded_diff
from governance.text.redline import redline

TOKENS = st.lists(st.sampled_from(["a", "b", "c", "\n", "<p>", "</p>"]), max_size=60)


def _ends_block(token: str) -> bool:
    return token.startswith("<") or token == "\n"


def _assert_script(a: Sequence[str], b: Sequence[str], ops: list[bounded_diff.Opcode]) -> None:
    """The opcodes cover both sequences in order, and what they call equal is equal."""
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j) and i1 <= i2 and j1 <= j2
        assert tag in ("equal", "replace", "insert", "delete")
        if tag == "equal":
            assert list(a[i1:i2]) == list(b[j1:j2])
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


@given(TOKENS, TOKENS)
def test_within_the_budget_it_is_difflib(a: list[str], b: list[str]) -> None:
    ops = bounded_diff.opcodes(a, b, _ends_block)
    assert ops == difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@pytest.mark.parametrize("steps_per_token", [0, 1, 3])
@given(a=TOKENS, b=TOKENS)
def test_beyond_the_budget_it_is_still_a_valid_script(
    steps_per_token: int, a: list[str], b: list[str]
) -> None:
    saved = bounded_diff.STEPS_PER_TOKEN
    bounded_diff.STEPS_PER_TOKEN = steps_per_token  # small texts then take the paths of long ones
    try:
        ops = bounded_diff.opcodes(a, b, _ends_block)
        ratio = bounded_diff.ratio(a, b, _ends_block)
    finally:
        bounded_diff.STEPS_PER_TOKEN = saved
    _assert_script(a, b, ops)
    assert 0.0 <= ratio <= 1.0


def test_the_work_stays_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the adversary of issue 12 (H7): an article of 20,000 words amended into a shuffle of them
    took 9 s to redline, in 500 paragraphs 57 s (difflib's time grows with the product of the lengths and
    more; a megabyte, hours). Counted, not timed: the steps difflib's searches take stay within the
    budgets (one for the whole, one for the middle, one for its blocks)."""
    taken: list[int] = []

    class Counting(bounded_diff._Budget):
        def spend(self, steps: int) -> None:
            super().spend(steps)
            taken.append(steps)  # only when allowed: a search beyond the budget never runs

    monkeypatch.setattr(bounded_diff, "_Budget", Counting)
    words = [f"w{i % 50} " for i in range(20_000)]
    shuffled = random.Random(1).sample(words, len(words))
    head = "---\ntitle: T\n---\n\n# T\n\n## Article 1. Words\n\n"
    paragraphs = "\n\n".join("".join(words[k : k + 40]).strip() for k in range(0, len(words), 40))
    reordered = "\n\n".join("".join(shuffled[k : k + 40]).strip() for k in range(0, len(shuffled), 40))

    for old, new in (
        (head + "".join(words).strip() + "\n", head + "".join(shuffled).strip() + "\n"),  # one paragraph
        (head + paragraphs + "\n", head + reordered + "\n"),  # 500 paragraphs
    ):
        taken.clear()
        [change] = redline(old, new)
        assert change.status == "changed" and "<del>" in change.html and "<ins>" in change.html
        tokens = 2 * (len(words) + 2000)  # each word with its blank, and the paragraphs' tags and breaks
        assert 0 < sum(taken) <= 3 * bounded_diff.STEPS_PER_TOKEN * tokens
