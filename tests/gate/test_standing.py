"""Which records count on the branch (`governance.gate.ledger.Standing`), asked along a walk: each
record's arrival, the rules that judged it and its signature are asked of git and ssh-keygen once per
walk, not once per commit; a record that came with the adoption is judged by the adoption's own rules
(its repository binding too); a record beyond the limit on a YAML file is refused from git's object
header, never read. Real repositories, real git and ssh-keygen (counted through logging wrappers on
PATH that run the real programs)."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from governance import git
from governance.gate.audit import run_audit
from governance.gate.changes import Change
from governance.gate.check import run_check
from governance.gate.in_force import RecordsAt
from governance.gate.ledger import BaseLedger, Standing
from governance.gate.rules import rules_at
from governance.limits import MAX_YAML_BYTES
from governance.records.resolutions import load_resolution
from tests.testing.gitrepo import AskedObjects, GitRepo
from tests.testing.governed import (
    AMENDED,
    BODIES,
    CONFIG,
    REGULATION,
    SEED,
    Governed,
    adopted_repository,
    digest,
    governed_copy,
    record_text,
    with_effective,
)
from tests.testing.sshkeys import Keys, generate

TODAY = date(2026, 12, 1)
NAMES = ("bribery-prevention", "conduct", "expenses")


def _logged(folder: Path, log: Path, *programs: str) -> str:
    """A PATH whose `programs` are scripts noting each run (its name and arguments) in `log`, then running
    the real program."""
    folder.mkdir()
    for program in programs:
        real = shutil.which(program)
        assert real is not None
        script = folder / program
        script.write_text(f'#!/bin/sh\nprintf "%s %s\\n" {program} "$*" >> {log}\nexec {real} "$@"\n')
        script.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


def test_an_audit_asks_each_record_on_the_branch_once_not_once_per_commit(
    tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An ECDSA key: its signatures are verified by ssh-keygen (in-process only for Ed25519), so each
    # verification is a run of the program, counted.
    secretary = generate(tmp_path, "secretary-ecdsa", "hanako.sato@example.com", key_type="ecdsa")
    group = Keys(secretary=secretary, outsider=keys.outsider)
    texts = {f"regulations/{name}.md": SEED for name in NAMES}
    repo = adopted_repository(tmp_path / "repo", group, texts, message="Adopt regulation governance")
    trusted = repo.head()
    for number, name in enumerate(NAMES, 7):
        repo.write(f"regulations/{name}.md", AMENDED)
        Governed(repo, group).approve(f"BD-2026-{number:03d}", name, "amend", AMENDED)
        repo.commit(f"Amend {name}")
    log = tmp_path / "runs.log"
    monkeypatch.setenv("PATH", _logged(tmp_path / "bin", log, "git", "ssh-keygen"))

    # From the trusted commit (as the hook judges a push): each amendment asks the version in force of its
    # text from the records at its parent, where the baseline approved all three.
    report = run_audit(repo.path, "main", today=TODAY, since=trusted)

    assert report.ok, report.bad_commits
    runs = log.read_text(encoding="utf-8").splitlines()
    verified = [run for run in runs if run.startswith("ssh-keygen -Y verify")]
    # Walks for arrivals: of one file (`--diff-filter=A`), or of a folder for its index (`--sparse`).
    arrivals = [
        run for run in runs if run.startswith("git ") and ("--diff-filter=A" in run or "--sparse" in run)
    ]
    assert len(verified) == len(NAMES) + 1  # each amendment's record, and the baseline once
    assert len(arrivals) == 1  # the baseline's arrival, once for the walk


def test_a_record_that_came_with_the_adoption_is_bound_by_the_adoption_s_rules(
    tmp_path: Path, keys: Keys
) -> None:
    # The adoption commit names this repository, and brings beside its baseline a record made for another
    # repository of the group (same secretary key) claiming the text in force only from 2030.
    repo = GitRepo.init(tmp_path / "repo")
    gov = Governed(repo, keys)
    repo.write(REGULATION, SEED)
    repo.write("governance.yml", CONFIG + "repository: acme/bribery-us\n")
    repo.write("resolutions/bodies.yml", BODIES)
    repo.write("resolutions/allowed_signers", keys.secretary.allowed_signers())
    baseline = record_text("BL-2026-001", [("bribery-prevention", "enact", digest(SEED))], consents=9)
    gov.record("BL-2026-001", baseline.replace("\nbody:", "\nrepository: acme/bribery-us\nbody:", 1))
    foreign = record_text(
        "BD-2026-003",
        [("bribery-prevention", "amend", digest(SEED))],
        date="2026-11-10",
        effective="2030-01-01",
    ).replace("\nbody:", "\nrepository: acme/bribery-jp\nbody:", 1)
    gov.record("BD-2026-003", foreign)
    adoption = repo.commit("Adopt regulation governance")
    gov.branch("BD-2026-007")
    repo.write(REGULATION, AMENDED)
    approval = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))])
    gov.record(
        "BD-2026-007",
        with_effective(approval, "2026-12-15").replace("\nbody:", "\nrepository: acme/bribery-us\nbody:", 1),
    )
    repo.commit("Amend Article 7")

    with git.Objects(repo.path) as objects:
        rules = rules_at(objects, adoption)
        assert rules is not None
        standing = Standing(repo.path, objects, adoption, rules, TODAY)
        path = "resolutions/BD-2026-003.yml"
        blob = repo.git("rev-parse", f"{adoption}:{path}")
        problems = standing.problems(path, blob, load_resolution(foreign, path))
        judging = standing.judged_by(adoption)
    assert judging == rules  # its parent is not governed: the adoption's own rules
    assert any("recorded for the repository 'acme/bribery-jp'" in problem for problem in problems), problems

    # So it sets no version in force: the amendment is not held to 2030.
    report = run_check(repo.path, "main", "BD-2026-007", today=TODAY)
    [verdict] = report.verdicts
    assert verdict.covered, verdict.reasons


def _pushed_huge_record(gov: Governed, approved: str) -> tuple[str, str, str]:
    """A record beyond the limit on a YAML file, approving `approved` (valid YAML: a long comment), pushed
    around the gate onto main: its path, the commit and its blob id."""
    record = record_text(
        "BD-2026-009", [("bribery-prevention", "amend", digest(approved))], date="2026-11-10"
    )
    path = gov.record("BD-2026-009", record + "# " + "x" * MAX_YAML_BYTES + "\n")
    commit = gov.repo.commit("A huge record, pushed around the gate")
    relative = path.relative_to(gov.path).as_posix()
    return relative, commit, gov.repo.git("rev-parse", f"{commit}:{relative}")


def test_a_record_beyond_the_limit_on_the_branch_is_refused_from_its_header_unread(gov: Governed) -> None:
    path, commit, blob = _pushed_huge_record(gov, SEED)
    objects = AskedObjects(gov.path)
    with objects:
        rules = rules_at(objects, commit)
        assert rules is not None
        # The version in force of the seed: the huge record names it, but is never read to say so.
        decisions = RecordsAt(gov.path, objects, commit, rules.config).approving({digest(SEED)})
        standing = Standing(gov.path, objects, commit, rules, TODAY)
        resolution = load_resolution(
            record_text("BD-2026-009", [("bribery-prevention", "amend", digest(SEED))], date="2026-11-10"),
            path,
        )
        signature = standing.signature_problems(path, resolution)
        asked = list(objects.asked)
    assert {resolution.id for resolution, _ in decisions} == {"BL-2026-001"}
    assert signature == [
        f"the record is {(gov.path / path).stat().st_size:,} bytes, larger than 4096 KiB (the limit on a "
        "YAML file); it was not read: a record is never that long"
    ]
    assert blob not in asked and f"{commit}:{path}" not in asked  # only its header was read


def test_a_record_beyond_the_limit_counts_for_nothing_without_signatures(
    tmp_path: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> None:
    off = governed_copy(tmp_path, keys, tmp_path_factory, signatures="off")
    _, commit, blob = _pushed_huge_record(off, AMENDED)
    amendment = Change("amend", "bribery-prevention", None, REGULATION, digest(AMENDED), "board-of-directors")
    objects = AskedObjects(off.path)
    with objects:
        rules = rules_at(objects, commit)
        assert rules is not None
        records = BaseLedger(off.path, objects, commit, rules, TODAY).records_for([amendment])
        asked = list(objects.asked)
    # The huge record decides on nothing here, as in the audit's ledger, which never reads it.
    assert [record.path for record in records] == ["resolutions/BL-2026-001.yml"]
    assert blob not in asked  # only its header was read
