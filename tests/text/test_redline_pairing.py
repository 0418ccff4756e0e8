"""The pairing of two texts' articles (governance.text.redline.matched) in time linear in the articles:
the same pairs as the plain search it replaced (kept here as the oracle), which looked at every article
of one text for each of the other, at every pair made so far (issue 12, H7: 1,000 renamed articles took
1.6 s, growing with the square; 6,000, the most a text within the limits holds, about a minute)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from governance.text import redline
from governance.text.redline import SIMILAR, Part, matched

_PARTS = st.lists(
    st.one_of(
        st.builds(
            lambda number, title, text: Part(
                f"article-{number}", f"Article {number}. {title}", "", text, text
            ),
            st.integers(1, 6),
            st.sampled_from(["Purpose", "Scope", "Duties"]),
            st.sampled_from(["a b c", "a b d", "x y z", "x y"]),
        ),
        st.builds(
            lambda key, text: Part(key, "", "", text, text),
            st.sampled_from(["preamble", "closing"]),
            st.sampled_from(["a", "b"]),
        ),
    ),
    max_size=12,
)


def _oracle(old: list[Part], new: list[Part]) -> list[tuple[Part | None, Part | None]]:
    pairs: dict[int, int] = {}
    for same in (
        lambda a, b: bool(a.number and b.number) and a.title == b.title and a.text == b.text,
        lambda a, b: bool(a.number and b.number) and a.title == b.title,
        lambda a, b: bool(a.number) and a.number == b.number and redline._ratio(a.text, b.text) >= SIMILAR,
        lambda a, b: bool(a.number) and a.number == b.number,
        lambda a, b: not a.number and not b.number and a.key == b.key,
    ):
        _plain_pairing(old, new, pairs, same)
    taken = set(pairs.values())
    keys = {part.key for part in new}
    deleted_after: dict[int, list[Part]] = {}
    for index, part in enumerate(old):
        if index in taken:
            continue
        if part.key in keys:
            part = dataclasses.replace(part, key=f"{part.key}-deleted")
        before = [n for n, o in pairs.items() if o < index]
        deleted_after.setdefault(max(before) if before else -1, []).append(part)
    out: list[tuple[Part | None, Part | None]] = [(gone, None) for gone in deleted_after.get(-1, [])]
    for index, part in enumerate(new):
        out.append((old[pairs[index]] if index in pairs else None, part))
        out.extend((gone, None) for gone in deleted_after.get(index, []))
    return out


def _plain_pairing(
    old: list[Part], new: list[Part], pairs: dict[int, int], same: Callable[[Part, Part], bool]
) -> None:
    taken = set(pairs.values())
    free_old = [i for i in range(len(old)) if i not in taken]
    for j in [j for j in range(len(new)) if j not in pairs]:
        for i in free_old:
            if i in taken or not same(new[j], old[i]):
                continue
            if any((n < j and o > i) or (n > j and o < i) for n, o in pairs.items()):
                continue
            pairs[j] = i
            taken.add(i)
            break


@given(_PARTS, _PARTS)
def test_the_pairs_are_the_plain_search_s(old: list[Part], new: list[Part]) -> None:
    assert matched(old, new) == _oracle(old, new)
