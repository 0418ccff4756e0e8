"""Token diffs in time linear in the tokens, whatever the texts (issue 12).

difflib's SequenceMatcher takes time up to the product of its two sequences' lengths: an article of 20,000
words amended into a shuffle of them took 9 s, a megabyte half an hour, in every redline and comparison
of the site and the board pack. Here its work is bounded by a budget proportional to the tokens compared:
texts within it are diffed as difflib diffs them; beyond it the common start and end are matched first
(the usual amendment changes the middle of an article), the middle token by token while the budget allows, else block by block (a paragraph, a list item, a line),
and the blocks that changed token by token while the budget lasts. Whatever is beyond the budget is shown
as replaced whole: a coarser redline, never a wrong one (each side keeps every token of its text).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

# The steps difflib's longest-match search may take per token compared (each is one look at a place where
# a token of one side stands in the other); a search that would take more is abandoned for a coarser one.
STEPS_PER_TOKEN = 100

Opcode = tuple[str, int, int, int, int]  # difflib's: (tag, i1, i2, j1, j2)


class _OverBudget(Exception):
    pass


class _Budget:
    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            raise _OverBudget


class _Counted(difflib.SequenceMatcher[str]):
    """difflib's matcher, charged before each longest-match search with the steps that search may take
    (every place of `b` where each token of `a`'s range stands): its total is what difflib's time grows
    with, which the product of the lengths does not bound (each search of the recursion walks the places
    before its range again)."""

    def __init__(self, a: Sequence[str], b: Sequence[str], budget: _Budget) -> None:
        self.budget = budget
        self.tokens = a
        super().__init__(None, a, b, autojunk=False)
        self.places: dict[str, list[int]] = vars(self)["b2j"]  # where each token of b stands

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        end = len(self.tokens) if ahi is None else ahi
        places = self.places
        self.budget.spend(end - alo + sum(len(places.get(token, ())) for token in self.tokens[alo:end]))
        return super().find_longest_match(alo, ahi, blo, bhi)


def opcodes(a: Sequence[str], b: Sequence[str], boundary: Callable[[str], bool]) -> list[Opcode]:
    """difflib's opcodes turning `a` into `b` (keys compared for equality), found within the budget;
    `boundary` says which tokens end a block (a tag, a line break)."""
    steps = STEPS_PER_TOKEN * (len(a) + len(b))
    whole = _matched(a, b, 0, 0, _Budget(steps))
    if whole is not None:  # within the budget: exactly difflib's answer
        return whole
    prefix = 0
    limit = min(len(a), len(b))
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    out: list[Opcode] = [("equal", 0, prefix, 0, prefix)] if prefix else []
    out += _middle(a, b, (prefix, len(a) - suffix, prefix, len(b) - suffix), boundary, steps)
    if suffix:
        out.append(("equal", len(a) - suffix, len(a), len(b) - suffix, len(b)))
    return out


def ratio(a: Sequence[str], b: Sequence[str], boundary: Callable[[str], bool]) -> float:
    """SequenceMatcher.ratio() of the opcodes above: 2 * matched tokens / all tokens."""
    if not a and not b:
        return 1.0
    matched = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes(a, b, boundary) if tag == "equal")
    return 2.0 * matched / (len(a) + len(b))


def _middle(
    a: Sequence[str],
    b: Sequence[str],
    span: tuple[int, int, int, int],
    boundary: Callable[[str], bool],
    steps: int,
) -> list[Opcode]:
    i1, i2, j1, j2 = span
    if i1 == i2 and j1 == j2:
        return []
    if i1 == i2 or j1 == j2:
        return [("insert" if i1 == i2 else "delete", i1, i2, j1, j2)]
    middle = _matched(a[i1:i2], b[j1:j2], i1, j1, _Budget(steps))
    if middle is not None:
        return middle
    blocks_a, blocks_b = _blocks(a, i1, i2, boundary), _blocks(b, j1, j2, boundary)
    budget = _Budget(steps)  # the blocks' diff and the tokens' diffs of the blocks that changed share it
    keys_a = ["\0".join(a[start:end]) for start, end in blocks_a]
    keys_b = ["\0".join(b[start:end]) for start, end in blocks_b]
    by_block = None if len(keys_a) == len(keys_b) == 1 else _matched(keys_a, keys_b, 0, 0, budget)
    if by_block is None:
        return [("replace", i1, i2, j1, j2)]
    out: list[Opcode] = []
    for tag, x1, x2, y1, y2 in by_block:
        s1, s2 = _span(blocks_a, x1, x2, i1)
        t1, t2 = _span(blocks_b, y1, y2, j1)
        within = None
        if tag == "replace" and budget.left > 0:
            within = _matched(a[s1:s2], b[t1:t2], s1, t1, budget)
        out += within if within is not None else [(tag, s1, s2, t1, t2)]
    return out


def _matched(a: Sequence[str], b: Sequence[str], i: int, j: int, budget: _Budget) -> list[Opcode] | None:
    """difflib's opcodes shifted by (i, j), or None when finding them would exceed the budget."""
    try:
        found = _Counted(a, b, budget).get_opcodes()
    except _OverBudget:
        return None
    return [(tag, i + x1, i + x2, j + y1, j + y2) for tag, x1, x2, y1, y2 in found]


def _blocks(
    tokens: Sequence[str], start: int, end: int, boundary: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """The runs of tokens[start:end], each ending after a boundary token (or at `end`)."""
    out: list[tuple[int, int]] = []
    first = start
    for index in range(start, end):
        if boundary(tokens[index]):
            out.append((first, index + 1))
            first = index + 1
    if first < end:
        out.append((first, end))
    return out


def _span(blocks: list[tuple[int, int]], first: int, last: int, empty_at: int) -> tuple[int, int]:
    """The tokens of blocks[first:last]; an empty run sits where blocks[first] starts."""
    if first < last:
        return blocks[first][0], blocks[last - 1][1]
    at = blocks[first][0] if first < len(blocks) else (blocks[-1][1] if blocks else empty_at)
    return at, at
