"""allowed_signers lines with `valid-before`/`valid-after` (fifth red-team review): ssh-keygen judges them
on the day it is asked, so the gate refuses any line that has them, in any case and at any position
among its options, and reads every other line as before."""

from __future__ import annotations

import pytest

from governance.errors import GovernanceError
from governance.records.signatures import refuse_time_bounds, time_bound_line

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f'a@x namespaces="rg" {KEY}\n', None),
        (f"a@x {KEY}\n", None),
        (f'# a@x valid-before="20300101" {KEY}\n', None),
        (f'a@x valid-before="20300101" {KEY}\n', 1),
        (f'a@x namespaces="rg",valid-after="20200101" {KEY}\n', 1),
        (f'a@x cert-authority,Valid-Before="20300101",namespaces="rg" {KEY}\n', 1),
        (f"a@x VALID-AFTER=20200101 {KEY}\n", 1),
        (f'"a b"valid-after="20200101" {KEY}\n', 1),
        (f'a@x namespaces="rg" {KEY}\n\n  b@x\tvalid-before="20300101" {KEY}\n', 3),
    ],
)
def test_a_time_bound_line_is_found(text: str, line: int | None) -> None:
    assert time_bound_line(text) == line


def test_the_refusal_names_the_file_the_line_and_what_to_do() -> None:
    with pytest.raises(GovernanceError) as refused:
        refuse_time_bounds(
            f'a@x namespaces="rg" {KEY}\nb@x valid-before="20300101" {KEY}\n', "allowed_signers"
        )
    said = str(refused.value)
    assert said.startswith("allowed_signers:2: ")
    assert "resolution that changes allowed_signers" in said
    refuse_time_bounds(f'a@x namespaces="rg" {KEY}\n', "allowed_signers")
