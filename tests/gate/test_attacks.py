"""Every file of a pull request is written by an adversary: each attack is refused, saying why."""

from __future__ import annotations

from datetime import date

import pytest

from governance.gate.audit import run_audit
from governance.gate.check import CheckReport, run_check
from tests.testing.governed import (
    AMENDED,
    BL_RECORD,
    COMPLIANCE,
    REGULATION,
    SEED,
    Governed,
    digest,
    record_text,
)

TODAY = date(2026, 12, 1)


@pytest.fixture
def gov(gov: Governed) -> Governed:
    """Every attack is a pull request: the conftest's repository, on a proposal branch."""
    gov.branch()
    return gov


def _check(gov: Governed) -> CheckReport:
    gov.repo.commit("proposal")
    return run_check(gov.path, "main", "proposal", today=TODAY)


def _reasons(report: CheckReport) -> str:
    return "\n".join(reason for verdict in report.verdicts for reason in verdict.reasons)


def test_text_changed_after_approval(gov: Governed) -> None:
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.write(REGULATION, AMENDED.replace("the law", "the law, as it pleases"))

    report = _check(gov)

    assert not report.ok
    assert "the text was changed after approval" in _reasons(report)
    assert any("matches no change here" in violation for violation in report.violations)


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        ("unsigned", "no signature"),
        ("edited after signing", "signature not valid"),
        ("outsider key", "signature not valid"),
        ("signature of another record", "signature not valid"),
        ("a signature beyond the size limit", "signature not valid: the signature file is"),
    ],
)
def test_record_without_a_valid_signature(gov: Governed, tamper: str, expected: str) -> None:
    gov.repo.write(REGULATION, AMENDED)
    text = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))])
    if tamper == "unsigned":
        gov.record("BD-2026-007", text, sign=False)
    elif tamper == "outsider key":
        gov.record("BD-2026-007", text, key=gov.keys.outsider)
    elif tamper == "edited after signing":
        path = gov.record("BD-2026-007", text)
        path.write_text(text.replace("present: 7", "present: 8"), encoding="utf-8")
    elif tamper == "a signature beyond the size limit":
        path = gov.record("BD-2026-007", text)
        signature_file = path.with_name(path.name + ".sig")
        signature_file.write_bytes(signature_file.read_bytes() + b"\n" * 70_000)
    else:
        signature = (gov.path / f"{BL_RECORD}.sig").read_bytes()
        gov.record("BD-2026-007", text, sign=False)
        gov.repo.write("resolutions/BD-2026-007.yml.sig", signature)

    report = _check(gov)

    assert not report.ok
    assert f"BD-2026-007 does not count: {expected}" in _reasons(report)
    assert any(expected in violation for violation in report.violations)


def test_attacker_adds_own_key_to_allowed_signers_in_the_same_pull_request(gov: Governed) -> None:
    signers = gov.path / "resolutions" / "allowed_signers"
    signers.write_text(
        signers.read_text(encoding="utf-8") + gov.keys.outsider.allowed_signers(), encoding="utf-8"
    )
    gov.repo.write(REGULATION, AMENDED)
    text = record_text(
        "BD-2026-007",
        [
            ("bribery-prevention", "amend", digest(AMENDED)),
            ("file:resolutions/allowed_signers", "amend", digest(signers.read_bytes())),
        ],
    )
    gov.record("BD-2026-007", text, key=gov.keys.outsider)

    report = _check(gov)

    assert not report.ok
    assert [v.covered for v in report.verdicts] == [False, False]
    assert "signature not valid" in _reasons(report)
    assert {v.change.target for v in report.verdicts} == {
        "bribery-prevention",
        "file resolutions/allowed_signers",
    }


def test_resolution_already_on_base_is_not_used_twice(gov: Governed) -> None:
    gov.repo.git("checkout", "-q", "main")
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7 (BD-2026-007)")
    gov.repo.write(REGULATION, SEED)
    gov.approve("BD-2026-008", "bribery-prevention", "amend", SEED)
    gov.repo.commit("Revert Article 7 (BD-2026-008)")
    gov.repo.git("checkout", "-q", "-b", "again")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7 once more, citing BD-2026-007")

    report = run_check(gov.path, "main", "again", today=TODAY)

    assert not report.ok
    assert "BD-2026-007 is already on the base" in _reasons(report)
    assert "one resolution, one pull request" in _reasons(report)


@pytest.mark.parametrize(
    ("kwargs", "target", "action", "expected"),
    [
        ({"body": COMPLIANCE, "members": 1, "present": 1, "votes_for": 1}, "bribery-prevention", "amend",
         "BD-2026-007 is a resolution of the compliance-department; this change needs the board-of-directors"),
        ({}, "bribery-prevention", "enact", "BD-2026-007 decides to enact bribery-prevention, but this change is to amend it"),
        ({}, "anti-bribery", "amend", "no resolution added in this pull request decides on it"),
        ({"present": 4, "votes_for": 4}, "bribery-prevention", "amend", "quorum not met: 4 of 9 present, 5 needed"),
        ({"present": 7, "votes_for": 3}, "bribery-prevention", "amend", "not carried: 3 of 7 present voted for, 4 needed"),
        ({"date": "2027-01-01"}, "bribery-prevention", "amend", "dated 2027-01-01, which is in the future"),
        ({"members": 5, "present": 5, "votes_for": 5}, "bribery-prevention", "amend", "attendance.members is 5"),
    ],
    ids=["wrong body", "wrong action", "wrong regulation", "no quorum", "no majority", "future", "wrong members"],
)  # fmt: skip
def test_resolution_that_does_not_approve_this_change(
    gov: Governed, kwargs: dict[str, object], target: str, action: str, expected: str
) -> None:
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", target, action, AMENDED, **kwargs)

    report = _check(gov)

    assert not report.ok
    assert expected in _reasons(report)


def test_rename_is_a_rescission_and_an_enactment(gov: Governed) -> None:
    gov.repo.git("mv", REGULATION, "regulations/anti-bribery.md")
    gov.approve("BD-2026-007", "bribery-prevention", "amend", SEED)
    refused = _check(gov)

    gov.repo.remove("resolutions/BD-2026-007.yml")
    gov.repo.remove("resolutions/BD-2026-007.yml.sig")
    text = record_text(
        "BD-2026-009",
        [("bribery-prevention", "rescind", digest(SEED)), ("anti-bribery", "enact", digest(SEED))],
    )
    gov.record("BD-2026-009", text)
    approved = _check(gov)

    assert [(v.change.action, v.change.target, v.covered) for v in refused.verdicts] == [
        ("enact", "anti-bribery", False),
        ("rescind", "bribery-prevention", False),
    ]
    assert approved.ok, approved


def test_case_only_rename_and_case_twin(gov: Governed) -> None:
    gov.repo.git("mv", REGULATION, "regulations/Bribery-Prevention.md")
    gov.approve("BD-2026-007", "bribery-prevention", "amend", SEED)
    renamed = _check(gov)
    gov.repo.git("mv", "regulations/Bribery-Prevention.md", REGULATION)
    gov.repo.write("regulations/BRIBERY-prevention.md", AMENDED)
    gov.repo.remove("resolutions/BD-2026-007.yml")
    gov.repo.remove("resolutions/BD-2026-007.yml.sig")
    gov.approve("BD-2026-008", "BRIBERY-prevention", "enact", AMENDED)
    twin = _check(gov)

    assert {(v.change.action, v.covered) for v in renamed.verdicts} == {("enact", False), ("rescind", False)}
    [verdict] = twin.verdicts
    assert not verdict.covered
    assert "differs from regulations/bribery-prevention.md only in case" in verdict.reasons[0]


def test_symlink_is_refused_even_with_a_resolution(gov: Governed) -> None:
    (gov.path / "regulations" / "evil.md").symlink_to("bribery-prevention.md")
    gov.approve("BD-2026-007", "evil", "enact", "bribery-prevention.md")

    report = _check(gov)

    [verdict] = report.verdicts
    assert not verdict.covered
    assert "regulations/evil.md is a symbolic link" in verdict.reasons[0]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.txt", b"hello\n", "a regulation is a Markdown file (.md)"),
        ("latin1.md", "caf\xe9\n".encode("latin-1"), "is not UTF-8 text"),
        ("with space.md", b"text\n", "a regulation is a Markdown file (.md)"),
    ],
)
def test_odd_files_under_the_regulations_folder_are_refused(
    gov: Governed, name: str, content: bytes, expected: str
) -> None:
    gov.repo.write(f"regulations/{name}", content)

    report = _check(gov)

    [verdict] = report.verdicts
    assert verdict.change.refusal is not None and expected in verdict.change.refusal


def test_deletion_passed_off_as_a_rename(gov: Governed) -> None:
    gov.repo.remove(REGULATION)
    lax = SEED.replace("are prohibited from engaging in bribery", "may engage in bribery")
    gov.repo.write("regulations/bribery-prevention-2026.md", lax)
    gov.approve("BD-2026-007", "bribery-prevention-2026", "enact", lax)

    report = _check(gov)

    by_action = {v.change.action: v for v in report.verdicts}
    assert by_action["enact"].covered
    assert not by_action["rescind"].covered
    assert "bribery-prevention" in by_action["rescind"].change.target


def test_rescission_without_a_resolution(gov: Governed) -> None:
    gov.repo.remove(REGULATION)

    report = _check(gov)

    [verdict] = report.verdicts
    assert (verdict.change.action, verdict.covered) == ("rescind", False)
    assert verdict.change.digest == digest(SEED)


@pytest.mark.parametrize("how", ["modify", "delete signature"])
def test_existing_record_is_immutable(gov: Governed, how: str) -> None:
    if how == "modify":
        record = gov.path / BL_RECORD
        record.write_text(
            record.read_text(encoding="utf-8").replace("consents: 9", "consents: 8"), encoding="utf-8"
        )
    else:
        gov.repo.remove(f"{BL_RECORD}.sig")

    report = _check(gov)

    assert not report.ok
    assert any("records are immutable" in violation for violation in report.violations)


def test_rules_changed_without_a_resolution(gov: Governed) -> None:
    gov.repo.write("governance.yml", "signatures: off\n")
    gov.repo.write(
        "resolutions/bodies.yml", (gov.path / "resolutions/bodies.yml").read_text().replace("9", "1")
    )
    gov.repo.write(".github/workflows/governance.yml", "on: push\n")
    gov.repo.write(".github/CODEOWNERS", "* @mallory\n")
    gov.repo.write("mkdocs.yml", "site_name: x\nhooks: [evil.py]\n")
    gov.repo.write("site/stylesheets/extra.css", "#article-9 { display: none }\n")
    gov.repo.write("site/guides/legal.md", "# Guide\n")  # the site publishes it: governed by default
    gov.repo.write("notes/meeting.md", "# Notes\n")  # read by nothing that judges or publishes

    report = _check(gov)

    assert not report.ok
    assert sorted(v.change.target for v in report.verdicts if not v.covered) == [
        "file .github/CODEOWNERS",
        "file .github/workflows/governance.yml",
        "file governance.yml",
        "file mkdocs.yml",
        "file resolutions/bodies.yml",
        "file site/guides/legal.md",
        "file site/stylesheets/extra.css",
    ]
    assert report.mode == "required"  # the base's config decided, not the pull request's


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: BD-2026-007\nid: BD-2026-007\n", "the key 'id' appears twice"),
        ("id: &x BD-2026-007\nbody: *x\n", "an anchor (&name) is not allowed"),
        ("id: BD-2026-007\nrecorded_by: " + "x" * 4_300_000 + "\n", "larger than 4096 KiB"),
        ("- just\n- a list\n", "expected a mapping"),
        ("id: [unclosed\n", "not valid YAML"),
        ("id: !!python/object:os.system echo\n", "is not allowed"),
    ],
    ids=["duplicate key", "alias", "huge", "list", "broken", "tag"],
)
def test_malformed_and_hostile_records_are_refused_not_a_crash(
    gov: Governed, text: str, expected: str
) -> None:
    gov.repo.write(REGULATION, AMENDED)
    gov.record("BD-2026-007", text)

    report = _check(gov)

    assert not report.ok
    assert report.violations and expected in report.violations[0]
    assert "resolutions/BD-2026-007.yml" in report.violations[0]


def test_record_named_after_another_id_is_refused(gov: Governed) -> None:
    gov.repo.write(REGULATION, AMENDED)
    gov.record("BD-2026-999", record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))]))

    report = _check(gov)

    assert not report.ok
    assert "must be named BD-2026-007.yml" in report.violations[0]


def test_a_retroactive_amendment_is_refused_by_the_check_and_the_audit(gov: Governed) -> None:
    """A decision taking effect before its resolution would rewrite what the site shows was in force."""
    gov.repo.write(REGULATION, AMENDED)
    text = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))])
    gov.record(
        "BD-2026-007", text.replace("    action: amend\n", "    action: amend\n    effective: 2020-01-01\n")
    )

    report = _check(gov)
    gov.merge()
    audit = run_audit(gov.path, "main", today=TODAY)

    assert not report.ok
    expected = "takes effect on 2020-01-01, before the resolution of 2026-11-20"
    assert expected in _reasons(report)
    assert not audit.ok and expected in " ".join(
        r for c in audit.bad_commits for v in c.verdicts for r in v.reasons
    )
