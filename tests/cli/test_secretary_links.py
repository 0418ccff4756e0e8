"""The secretary's commands on a hostile branch (the second red-team review, H5): a symbolic link committed
in the records folder must not carry a record or its signature out of the repository, nor make `sign`
sign a file other than the record git commits. `resolution new` wrote through a link `resolutions/2026`
(or a folder `resolutions` replaced by a link) into any folder the link named, saying it wrote
resolutions/2026/BD-2026-007.yml, with file names of the branch in it: into a folder a shell reads at
start (~/.bashrc.d), that is the secretary's shell running the branch's words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from governance.text.digests import digest_bytes
from tests.cli.test_cli_resolution import MEETING, new, repo, run, template  # noqa: F401 (fixtures)
from tests.testing.gitrepo import GitRepo
from tests.testing.sshkeys import Keys


def _by_year(root: Path) -> GitRepo:
    """main keeps its records by year (governance.yml, as the check reads it from the base); `amend`
    follows it."""
    git = GitRepo(root)
    git.git("checkout", "-q", "main")
    config = root / "governance.yml"
    config.write_text(config.read_text(encoding="utf-8") + "records_by_year: true\n", encoding="utf-8")
    git.commit("keep records by year")
    git.git("checkout", "-q", "amend")
    git.git("merge", "-q", "--no-edit", "main")
    return git


@pytest.mark.parametrize("linked", ["resolutions", "resolutions/2026"])
def test_new_writes_no_record_through_a_symbolic_link(repo: Path, linked: str) -> None:  # noqa: F811
    git = _by_year(repo) if linked.endswith("2026") else GitRepo(repo)
    outside = repo.parent / "outside"
    link = repo / linked
    if link.exists():  # the whole folder: its files move out with it, as a branch could do
        shutil.move(link, outside)
    else:
        outside.mkdir()
    link.symlink_to(Path("../" * linked.count("/")) / "../outside")
    git.commit("a link in the records folder")

    result = new(repo, *MEETING)

    assert result.exit_code == 2, result.output
    assert f"error: {linked}: a symbolic link in the records folder" in result.output
    assert not list(outside.rglob("BD-*")), "a record was written outside the repository"


def test_sign_refuses_a_record_that_is_a_symbolic_link(repo: Path, keys: Keys) -> None:  # noqa: F811
    assert new(repo, *MEETING).exit_code == 0
    record = repo / "resolutions" / "BD-2026-007.yml"
    elsewhere = repo.parent / "elsewhere.yml"  # a record the secretary never saw: git commits the link
    shutil.move(record, elsewhere)
    record.symlink_to(elsewhere)

    signed = run(repo, "resolution", "sign", "BD-2026-007", "--key", str(keys.secretary.private))

    assert signed.exit_code == 2, signed.output
    assert "error: resolutions/BD-2026-007.yml: a symbolic link in the records folder" in signed.output
    assert not (repo / "resolutions" / "BD-2026-007.yml.sig").exists()
    verified = run(repo, "resolution", "verify", "BD-2026-007")
    assert verified.exit_code == 2
    assert "resolutions/BD-2026-007.yml: a symbolic link in the records folder" in verified.output


def test_sign_says_what_it_signs_before_signing(repo: Path, keys: Keys) -> None:  # noqa: F811
    """A branch may already hold the record of the id the secretary was given (`new` then refuses: a
    record is never overwritten): `sign` shows each decision it approves before the key signs."""
    workflow = "on: push\njobs: {}\n"
    GitRepo(repo).write(".github/workflows/deploy.yml", workflow)
    record = repo / "resolutions" / "BD-2026-007.yml"
    record.write_text(
        "id: BD-2026-007\nbody: board-of-directors\ndate: 2026-11-20\nform: written-consent\nconsents: 9\n"
        "decisions:\n  - file: .github/workflows/deploy.yml\n    action: enact\n"
        f"    digest: {digest_bytes(workflow.encode())}\nrecorded_by: Mallory\n",
        encoding="utf-8",
    )
    GitRepo(repo).commit("a record made on the branch")
    refused = new(repo, *MEETING)
    assert refused.exit_code == 2 and "already exists" in refused.output

    signed = run(repo, "resolution", "sign", "BD-2026-007", "--key", str(keys.secretary.private))

    assert signed.exit_code == 0, signed.output
    assert signed.output.startswith(
        "signing resolutions/BD-2026-007.yml: BD-2026-007 of board-of-directors on 2026-11-20, with 1 "
        f"decision(s):\n  enact file .github/workflows/deploy.yml {digest_bytes(workflow.encode())}\n"
        "signed by hanako.sato@example.com"
    )


def test_verify_judges_by_the_base_branchs_rules_not_the_branchs(repo: Path) -> None:  # noqa: F811
    """A branch that lowers the board's quorum and turns signatures off in its own files, and names itself
    the protected branch there (from which the commands took their default base): `verify` said `valid
    (signatures: off, not signed)` of a record with 4 of 9 present, which the gate (reading the base's
    rules) refuses twice over."""
    git = GitRepo(repo)
    bodies = repo / "resolutions" / "bodies.yml"
    bodies.write_text(
        bodies.read_text(encoding="utf-8").replace("\n    quorum: majority", "\n    quorum: 3", 1), "utf-8"
    )
    config = repo / "governance.yml"
    config.write_text(
        config.read_text("utf-8")
        .replace("signatures: required", "signatures: false")
        .replace('branch: "main"', "branch: amend"),
        "utf-8",
    )
    git.commit("the branch's own rules")
    made = new(repo, "--members", "9", "--present", "4", "--for", "4", "--against", "0", "--abstain", "0")
    assert made.exit_code == 2 and "quorum not met: 4 of 9 present" in made.output  # new reads the base's
    record = repo / "resolutions" / "BD-2026-007.yml"
    record.write_text(
        "id: BD-2026-007\nrepository: repo\nbody: board-of-directors\ndate: 2026-11-20\nform: meeting\n"
        "attendance: {members: 9, present: 4}\nvotes: {for: 4, against: 0, abstain: 0}\n"
        "decisions:\n  - regulation: gifts\n    action: enact\n"
        f"    digest: {digest_bytes((repo / 'regulations' / 'gifts.md').read_bytes())}\n"
        "recorded_by: Hanako Sato, Board Secretary\n",
        encoding="utf-8",
    )

    verified = run(repo, "resolution", "verify", "BD-2026-007")

    assert verified.exit_code == 1, verified.output
    assert "quorum not met: 4 of 9 present" in verified.output
    assert "not signed: run governance resolution sign BD-2026-007 --key <key>" in verified.output
