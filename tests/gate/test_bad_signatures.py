"""A commit of many bad signatures costs the gate no more than a bounded number of ssh-keygen runs: the
check, the audit and the pre-receive hook refuse it, naming the first failures and counting those not
checked (limits.MAX_FAILED_SIGNATURES); a wrong Ed25519 signature costs none (fourth red-team review)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from governance.gate.audit import run_audit
from governance.gate.check import run_check
from governance.limits import MAX_FAILED_SIGNATURES
from tests.gate.test_hook import install_hook
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed, adopted_repository, record_text
from tests.testing.sshkeys import Keys, generate

TODAY = date(2026, 12, 1)
EXTRA = 5  # records beyond the limit


def _logged(folder: Path, log: Path) -> str:
    """A PATH whose ssh-keygen notes each run in `log`, then runs the real one."""
    folder.mkdir()
    real = shutil.which("ssh-keygen")
    assert real is not None
    script = folder / "ssh-keygen"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {log}\nexec {real} "$@"\n')
    script.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


def _bad_records(gov: Governed, count: int, signature: bytes) -> None:
    """`count` records, each with the same signature, made for another record: a valid envelope by an
    allowed key whose signature does not verify."""
    for number in range(count):
        ident = f"BD-2026-{100 + number:03d}"
        gov.record(
            ident, record_text(ident, [("bribery-prevention", "amend", "sha256:" + "0" * 64)]), sign=False
        )
        gov.repo.write(f"resolutions/{ident}.yml.sig", signature.decode())


def _signature_of_another_record(gov: Governed, tmp_path: Path) -> bytes:
    other = tmp_path / "other.yml"
    other.write_text("id: another\n", encoding="utf-8")
    done = subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-f", str(gov.keys.secretary.private), "-n", "regulation-governance"],
        input=other.read_bytes(),
        capture_output=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def ecdsa_gov(tmp_path: Path, keys: Keys) -> Governed:
    """A repository whose secretary signs with an ECDSA key: its signatures need ssh-keygen."""
    secretary = generate(tmp_path, "secretary-ecdsa", "hanako.sato@example.com", key_type="ecdsa")
    group = Keys(secretary=secretary, outsider=keys.outsider)
    repo = adopted_repository(
        tmp_path / "repo", group, {REGULATION: SEED}, message="Adopt regulation governance"
    )
    return Governed(repo, group)


def test_a_commit_of_many_failing_signatures_runs_ssh_keygen_a_bounded_number_of_times(
    ecdsa_gov: Governed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gov = ecdsa_gov
    trusted = gov.repo.head()
    gov.branch("hostile")
    gov.repo.write(REGULATION, AMENDED)
    _bad_records(gov, MAX_FAILED_SIGNATURES + EXTRA, _signature_of_another_record(gov, tmp_path))
    gov.repo.commit("Many bad signatures")
    log = tmp_path / "runs.log"
    monkeypatch.setenv("PATH", _logged(tmp_path / "bin", log))

    check = run_check(gov.path, "main", "hostile", today=TODAY)
    check_runs = log.read_text(encoding="utf-8").splitlines()
    log.unlink()
    gov.repo.git("checkout", "-q", "main")
    gov.repo.git("merge", "-q", "--ff-only", "hostile")
    audit = run_audit(gov.path, "main", today=TODAY, since=trusted)
    # ssh-keygen's verdicts of the check are known to this process (signatures._BY_BLOB): the hook's test
    # below counts the audit's own runs, in a process of its own.
    audit_runs = log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    assert not check.ok
    assert len(check_runs) == MAX_FAILED_SIGNATURES
    assert all(run.startswith("-Y verify") for run in check_runs)
    assert len(audit_runs) <= MAX_FAILED_SIGNATURES
    unchecked = (
        f"{EXTRA:,} more records' signatures were not checked: {MAX_FAILED_SIGNATURES} signatures of this "
        "commit failed already"
    )
    assert sum(unchecked in violation for violation in check.violations) == 1
    named = [v for v in check.violations if "the record was changed after signing" in v]
    assert len(named) == MAX_FAILED_SIGNATURES  # the first ones, each named with ssh-keygen's reason
    (bad,) = audit.bad_commits
    assert sum(unchecked in violation for violation in bad.violations) == 1
    assert (
        len([v for v in bad.violations if "the record was changed after signing" in v])
        == MAX_FAILED_SIGNATURES
    )


def test_the_hook_refuses_the_push_and_counts_the_signatures_not_checked(
    ecdsa_gov: Governed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVERNANCE_TODAY", "2026-12-01")
    gov = ecdsa_gov
    server = tmp_path / "server.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(gov.path), str(server)], check=True)
    install_hook(server)
    gov.repo.git("remote", "add", "origin", str(server))
    gov.repo.write(REGULATION, AMENDED)
    _bad_records(gov, MAX_FAILED_SIGNATURES + EXTRA, _signature_of_another_record(gov, tmp_path))
    gov.repo.commit("Many bad signatures")
    log = tmp_path / "runs.log"
    monkeypatch.setenv("PATH", _logged(tmp_path / "bin", log))

    pushed = subprocess.run(
        ["git", "push", "origin", "main"], cwd=gov.path, capture_output=True, text=True, check=False
    )

    assert pushed.returncode != 0
    assert f"{EXTRA:,} more records' signatures were not checked" in pushed.stderr
    assert len(log.read_text(encoding="utf-8").splitlines()) == MAX_FAILED_SIGNATURES


def test_wrong_ed25519_signatures_by_an_allowed_key_cost_no_process(
    tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = adopted_repository(
        tmp_path / "repo", keys, {REGULATION: SEED}, message="Adopt regulation governance"
    )
    gov = Governed(repo, keys)
    trusted = repo.head()
    repo.write(REGULATION, AMENDED)
    _bad_records(gov, MAX_FAILED_SIGNATURES + EXTRA, _signature_of_another_record(gov, tmp_path))
    garbage = "resolutions/BD-2026-200"
    gov.record(
        "BD-2026-200",
        record_text("BD-2026-200", [("bribery-prevention", "amend", "sha256:" + "0" * 64)]),
        sign=False,
    )
    repo.write(f"{garbage}.yml.sig", "not a signature\n")
    repo.commit("Many wrong signatures")
    log = tmp_path / "runs.log"
    monkeypatch.setenv("PATH", _logged(tmp_path / "bin", log))

    audit = run_audit(repo.path, "main", today=TODAY, since=trusted)

    assert not log.exists()  # no ssh-keygen ran
    (bad,) = audit.bad_commits
    refused = [v for v in bad.violations if "Signature verification failed: incorrect signature" in v]
    assert len(refused) == MAX_FAILED_SIGNATURES + EXTRA  # all checked in-process: none left unchecked
    assert not any("were not checked" in v for v in bad.violations)
    assert any(garbage in v and "the signature is malformed" in v for v in bad.violations)
