"""Which digests a record's bytes may name (records/named_digests.py): the rule the records index and the
in-force reading share, on bytes (tests/gate/test_in_force.py and test_records_index.py hold the readers
to git's own search on real repositories)."""

from __future__ import annotations

import pytest

from governance.records.named_digests import digests_in, digests_of_matches

A, B = "ab" * 32, "0f" * 32


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"", frozenset()),
        (b"digest: sha256:" + A.encode() + b"\n", frozenset({A})),
        (f"- {A}\n- {B}\n- {A}\n".encode(), frozenset({A, B})),
        (A[:63].encode(), frozenset()),  # too short to be a digest
        (f"a{A}".encode(), None),  # a longer run: a digest may sit anywhere in it
        (f"{A}{B}".encode(), None),
        (f'digest: "sha256:\\x61{A[1:]}"'.encode(), None),  # an escape: only a parse shows the digest
        (A.upper().encode(), frozenset()),  # not how a digest is written
    ],
)
def test_the_digests_a_record_may_name(content: bytes, named: frozenset[str] | None) -> None:
    assert digests_in(content) == named


def test_git_greps_matches_give_the_same_answer() -> None:
    assert digests_of_matches([A, B, A]) == frozenset({A, B})
    assert digests_of_matches([A, "\\"]) is None
    assert digests_of_matches([A + "0"]) is None
    assert digests_of_matches([]) == frozenset()
