"""The 意見書 a record names, judged alike by the check of a pull request, the audit of main and the server's
pre-receive hook, with signatures required and off (bodies.yml `requires: consultations`). With signatures
off the record lands first and counts from the branch: its 意見書 is judged as the commit it arrived in
holds it, by all three. On real repositories, a real bare server with the hook and real `git push`."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from governance.gate.audit import run_audit
from governance.gate.check import run_check
from governance.limits import MAX_OPINION_BYTES
from tests.gate.test_hook import HOOK
from tests.gate.test_procedures import (
    AMENDED,
    NOTIFICATION,
    OPINION,
    OPINION_TEXT,
    REQUIRING,
    TEXT,
    WORK_RULES,
)
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import BOARD, CONFIG, Governed, digest, record_text
from tests.testing.sshkeys import Keys

TODAY = date(2026, 12, 1)
EARLIER = "resolutions/意見書/BL-2026-001.txt"
EARLIER_TEXT = "意見書\n\n就業規則について、異議はありません。\n\n過半数代表者　鈴木一郎\n"
ALTERED = OPINION_TEXT.replace("異議はありません", "反対します")
RECORD = (
    f"id: BD-2026-050\nbody: {BOARD}\ndate: 2026-11-20\nform: written-consent\nconsents: 9\ndecisions:\n"
    f"  - regulation: 01_就業規則\n    action: amend\n    digest: {digest(AMENDED)}\n"
    f"consultations:\n  - representative: 過半数代表者　山田太郎\n    date: 2026-11-22\n"
    f"    opinion: {OPINION}\n    digest: {digest(OPINION_TEXT)}\n"
    f"{NOTIFICATION}recorded_by: 総務部　佐藤花子\n"
)
MISSING = f"the opinion {OPINION} (意見書) is not in the repository; add it with the record"
DIFFERS = (
    f"the opinion {OPINION} is {digest(ALTERED)}, not the {digest(OPINION_TEXT)} the record names: "
    "the file changed since it was recorded"
)
# A scan beyond the limit: refused by its size in git's object header, never read (tests/git).
HUGE = b"%PDF-1.7\n" + b"\0" * MAX_OPINION_BYTES
BEYOND = (
    f"the opinion {OPINION} is {len(HUGE):,} bytes, more than the limit of {MAX_OPINION_BYTES:,} for an "
    "意見書; it was not read"
)
# What the repository holds at the opinion's path beside the record, and the reason all three give.
KEPT: dict[str, tuple[str | bytes | None, str | None]] = {
    "kept": (OPINION_TEXT, None),
    "missing": (None, MISSING),
    "altered": (ALTERED, DIFFERS),
    "beyond the limit": (HUGE, BEYOND),
}


@dataclass(frozen=True)
class Judged:
    check: list[str]  # why the check did not cover the amendment (empty: covered)
    check_ok: bool
    audit: list[str]
    audit_ok: bool
    push: subprocess.CompletedProcess[str]


def _adopted(path: Path, keys: Keys, signatures: str) -> Governed:
    """The 就業規則 adopted with a baseline that records the opinion heard on it when it was last changed
    (the rules require one for every decision on it, the baseline's too)."""
    repo = GitRepo.init(path)
    repo.write(WORK_RULES, TEXT)
    repo.write("governance.yml", f'{CONFIG}signatures: "{signatures}"\n')
    repo.write("resolutions/bodies.yml", REQUIRING)
    repo.write("resolutions/allowed_signers", keys.secretary.allowed_signers())
    repo.write(EARLIER, EARLIER_TEXT)
    baseline = record_text(
        "BL-2026-001", [("01_就業規則", "enact", digest(TEXT))], date="2026-01-05", consents=9
    )
    steps = (
        f"consultations:\n  - representative: 過半数代表者　鈴木一郎\n    date: 2025-12-01\n"
        f"    opinion: {EARLIER}\n    digest: {digest(EARLIER_TEXT)}\n{NOTIFICATION}recorded_by:"
    )
    gov = Governed(repo, keys)
    gov.record("BL-2026-001", baseline.replace("recorded_by:", steps))
    repo.commit("Adopt")
    return gov


def _judge_everywhere(tmp_path: Path, keys: Keys, signatures: str, opinion: str | bytes | None) -> Judged:
    gov = _adopted(tmp_path / "kitei", keys, signatures)
    repo = gov.repo
    server = tmp_path / "server.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(server)], check=True)
    (server / "hooks").mkdir(exist_ok=True)
    (server / "hooks" / "pre-receive").write_text(HOOK, encoding="utf-8")
    (server / "hooks" / "pre-receive").chmod(0o755)
    repo.git("remote", "add", "origin", str(server))

    def record_with_opinion() -> None:
        gov.record("BD-2026-050", RECORD, sign=signatures == "required")
        if opinion is not None:
            repo.write(OPINION, opinion)

    if signatures == "off":
        record_with_opinion()  # a record counts from the branch: it lands before the change
        repo.commit("Record BD-2026-050")
    gov.branch("amend")
    repo.write(WORK_RULES, AMENDED)
    if signatures == "required":
        record_with_opinion()  # a record counts in the pull request that adds it
    repo.commit("Amend 第6条")
    check = run_check(repo.path, "main", "amend", today=TODAY)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "amend")
    audit = run_audit(repo.path, "main", today=TODAY)
    push = subprocess.run(["git", "push", "origin", "main"], cwd=repo.path, capture_output=True, text=True)
    [amended] = [commit for commit in audit.commits if commit.subject == "Amend 第6条"]
    [checked] = check.verdicts
    [audited] = amended.verdicts
    return Judged(list(checked.reasons), check.ok, list(audited.reasons), audit.ok, push)


@pytest.mark.parametrize("kept", list(KEPT))
@pytest.mark.parametrize("signatures", ["required", "off"])
def test_check_audit_and_hook_agree_on_the_opinion(
    tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch, signatures: str, kept: str
) -> None:
    monkeypatch.setenv("GOVERNANCE_TODAY", TODAY.isoformat())  # the hook runs in git's process
    opinion, reason = KEPT[kept]

    judged = _judge_everywhere(tmp_path, keys, signatures, opinion)

    if reason is None:
        assert judged.check_ok and not judged.check, judged.check
        assert judged.audit_ok and not judged.audit, judged.audit
        assert judged.push.returncode == 0, judged.push.stderr
        return
    refused = f"BD-2026-050 does not count: {reason}"
    assert not judged.check_ok and any(refused in why for why in judged.check), judged.check
    assert not judged.audit_ok and any(refused in why for why in judged.audit), judged.audit
    assert judged.push.returncode != 0
    assert "Amend 第6条): amend 01_就業規則 is not approved" in judged.push.stderr
    assert refused in judged.push.stderr
