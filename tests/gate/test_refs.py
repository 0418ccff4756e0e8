"""Refs that are what they seem: the base is judged as the branch at its current tip, never a tag of the
same name nor the stale merge base; the hook refuses refs that would shadow the protected branch."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from governance.gate.check import run_check
from governance.gate.hook import Update, pre_receive
from tests.testing.governed import AMENDED, REGULATION, Governed, digest, record_text

TODAY = date(2026, 12, 1)


def unapproved_proposal(gov: Governed) -> str:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    return gov.repo.commit("Amend Article 7, no resolution")


def test_a_tag_named_like_the_base_branch_does_not_replace_it(gov: Governed) -> None:
    head = unapproved_proposal(gov)
    gov.repo.git("tag", "main", head)  # `main` as git would resolve it first: this tag, the proposal itself

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    assert not report.ok
    assert report.base == gov.repo.git("rev-parse", "refs/heads/main")
    [verdict] = report.verdicts
    assert verdict.change.target == "bribery-prevention" and not verdict.covered


def test_a_tag_still_names_a_base_when_no_branch_has_its_name(gov: Governed) -> None:
    gov.repo.git("tag", "adopted", "main")
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7")

    assert run_check(gov.path, "adopted", "proposal", today=TODAY).ok


def test_a_key_revoked_on_the_base_after_the_branch_was_made_no_longer_counts(gov: Governed) -> None:
    """The proposal was signed with the secretary's key; main has since replaced that key by another
    (a rotation the board approved). Judged by the merge base's keys it would pass."""
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7, signed with the old key")
    gov.repo.git("checkout", "-q", "main")
    gov.branch("rotate")
    new_keys = gov.keys.outsider.allowed_signers()
    gov.repo.write("resolutions/allowed_signers", new_keys)
    rotation = record_text("BD-2026-008", [("file:resolutions/allowed_signers", "amend", digest(new_keys))])
    gov.record("BD-2026-008", rotation)
    gov.repo.commit("Rotate the secretary's key")
    gov.merge("rotate")

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    assert not report.ok
    assert report.base == gov.repo.git("rev-parse", "main")
    assert any("signature not valid" in violation for violation in report.violations), report.violations
    # The same proposal signed again with the key main allows today passes.
    gov.repo.git("checkout", "-q", "proposal")
    gov.record(
        "BD-2026-007", (gov.path / "resolutions" / "BD-2026-007.yml").read_text(), key=gov.keys.outsider
    )
    gov.repo.commit("Sign again with the key in force")
    assert run_check(gov.path, "main", "proposal", today=TODAY).ok


def bare_with_hook(gov: Governed, tmp_path: Path) -> Path:
    bare = tmp_path / "server.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(gov.path), str(bare)], check=True)
    # The server's HEAD names its main line (the clone's names the branch checked out, the proposal).
    subprocess.run(["git", "-C", str(bare), "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    return bare


def test_the_hook_refuses_refs_that_shadow_the_protected_branch(gov: Governed, tmp_path: Path) -> None:
    head = unapproved_proposal(gov)
    bare = bare_with_hook(gov, tmp_path)
    zero = "0" * 40

    for ref in ["refs/tags/main", "refs/main", "refs/remotes/main", "refs/remotes/main/HEAD"]:
        [refusal] = pre_receive(bare, [Update(zero, head, ref)], today=TODAY)
        assert refusal.startswith(f"{ref}: ") and "shadows the protected branch main" in refusal, refusal
    # Other tags, and removing a shadowing ref, are fine.
    assert pre_receive(bare, [Update(zero, head, "refs/tags/v1")], today=TODAY) == []
    assert pre_receive(bare, [Update(head, zero, "refs/tags/main")], today=TODAY) == []
