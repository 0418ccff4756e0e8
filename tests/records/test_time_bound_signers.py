"""allowed_signers lines with `valid-before`/`valid-after` (fifth red-team review): ssh-keygen judges them
on the day it is asked, so the gate refuses any line that has them, in any case and at any position
among its options, and reads every other line as before."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


@given(
    principals=st.from_regex(r"[a-z0-9@.]{1,12}(,[a-z0-9@.]{1,12}){0,2}", fullmatch=True),
    before=st.lists(st.sampled_from(['namespaces="rg"', "cert-authority", 'namespaces="a,b"']), max_size=2),
    after=st.lists(st.sampled_from(['namespaces="rg"', "cert-authority"]), max_size=2),
    name=st.sampled_from(["valid-before", "valid-after"]),
    upper=st.lists(st.booleans(), min_size=12, max_size=12),
    noise=st.text(max_size=60),
)
def test_any_time_bound_option_is_found_and_any_text_is_read(
    principals: str, before: list[str], after: list[str], name: str, upper: list[bool], noise: str
) -> None:
    spelled = "".join(c.upper() if up else c for c, up in zip(name, upper, strict=False))
    options = ",".join([*before, f'{spelled}="20300101"', *after])
    text = f"{noise.replace(chr(10), ' ')}\n{principals} {options} {KEY}\n"
    assert time_bound_line(text) in (1, 2)
    found = time_bound_line(noise)  # never raises; a line it names holds the option's name
    assert found is None or "valid-" in noise.split("\n")[found - 1].lower()
