"""The audit walks main's first-parent history: every change must have been approved when it arrived."""

from __future__ import annotations

import gc
import json
import os
import signal
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from governance import git
from governance.cli import main
from governance.config import Config
from governance.gate import audit as audit_module
from governance.gate.audit import run_audit
from governance.gate.check import run_check
from governance.gate.rules import Rules
from governance.limits import MAX_TEXT_BYTES
from governance.records.signatures import sign_record
from governance.records.verifying import Request, Verifications, _Arithmetic
from tests.conftest import ROOT
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import (
    AMENDED,
    BL_RECORD,
    CONFIG,
    REGULATION,
    SEED,
    Governed,
    digest,
    governed_copy,
    record_text,
)
from tests.testing.sshkeys import NAMESPACE, Keys

TODAY = date(2026, 12, 1)
TARGET = "bribery-prevention"
CONFIG_TEXT_OFF = CONFIG + 'signatures: "off"\n'


def _propose_approved_amendment(gov: Governed) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Record BD-2026-007")


def test_happy_path_check_merge_audit(gov: Governed) -> None:
    _propose_approved_amendment(gov)
    assert run_check(gov.path, "main", "proposal", today=TODAY).ok

    merge = gov.merge()
    report = run_audit(gov.path, "main", today=TODAY)

    assert report.ok, report.bad_commits
    assert report.walked == 2
    assert [c.commit for c in report.commits][-1] == merge
    [amendment] = report.commits[-1].verdicts
    assert amendment.record is not None and amendment.record.name == "BD-2026-007"


def test_evil_merge_is_caught(gov: Governed) -> None:
    _propose_approved_amendment(gov)
    gov.repo.git("checkout", "-q", "main")
    gov.repo.git("merge", "-q", "--no-ff", "--no-commit", "proposal")
    gov.repo.write(REGULATION, AMENDED.replace("the law", "the law, unless the CEO agrees"))
    evil = gov.repo.commit("Merge proposal")

    report = run_audit(gov.path, "main", today=TODAY)

    [bad] = report.bad_commits
    assert bad.commit == evil
    assert "the text was changed after approval" in bad.verdicts[0].reasons[0]


def test_direct_push_of_unapproved_text(gov: Governed) -> None:
    gov.repo.write(REGULATION, AMENDED)
    direct = gov.repo.commit("Quick fix")
    result = CliRunner().invoke(
        main, ["audit", "--root", str(gov.path)], env={"GOVERNANCE_TODAY": "2026-12-01"}
    )

    assert result.exit_code == 1
    assert f"commit {direct[:12]} Quick fix" in result.output
    assert "no resolution added in this commit decides on it" in result.output


def test_tampered_history_record_and_json(gov: Governed) -> None:
    _propose_approved_amendment(gov)
    gov.merge()
    record = gov.path / BL_RECORD
    record.write_text(
        record.read_text(encoding="utf-8").replace("2026-01-05", "2026-01-06"), encoding="utf-8"
    )
    tamper = gov.repo.commit("Fix the date")

    result = CliRunner().invoke(
        main,
        ["audit", "main", "--format", "json", "--root", str(gov.path)],
        env={"GOVERNANCE_TODAY": "2026-12-01"},
    )

    assert result.exit_code == 1
    document = json.loads(result.output)
    bad = [c for c in document["commits"] if not c["ok"]]
    assert [c["commit"] for c in bad] == [tamper]
    assert "records are immutable" in bad[0]["violations"][0]


def test_reading_ahead_in_windows_changes_no_verdict(gov: Governed, monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit reads blobs and verifies signatures a window of commits ahead; the window's size (500)
    must be invisible in the verdicts, also when a commit's record and its text sit in other windows."""
    _propose_approved_amendment(gov)
    gov.merge()
    gov.repo.write(REGULATION, AMENDED + "One more sentence.\n")
    gov.repo.commit("Quick fix")
    record = gov.path / BL_RECORD
    record.write_text(record.read_text(encoding="utf-8") + "# noted\n", encoding="utf-8")
    gov.repo.commit("Touch the baseline record")
    whole = run_audit(gov.path, "main", today=TODAY)

    monkeypatch.setattr("governance.gate.audit._WINDOW", 1)
    by_one = run_audit(gov.path, "main", today=TODAY)
    monkeypatch.setattr("governance.gate.audit._WINDOW", 4)
    monkeypatch.setattr("governance.gate.audit._FIRST_WINDOW", 1)  # windows of 1, 2, 4, 4, ...
    growing = run_audit(gov.path, "main", today=TODAY)

    assert [c.subject for c in whole.bad_commits] == ["Quick fix", "Touch the baseline record"]
    assert by_one == whole
    assert growing == whole
    # What the CLI and the hook ask for: the same verdicts, without every version's text.
    reported = run_audit(gov.path, "main", today=TODAY, works=False)
    assert reported.works == [] and whole.works != []
    assert reported.commits == whole.commits
    assert all(v.change.content is None for c in whole.commits for v in c.verdicts)


def test_unadopted_repository_is_a_usage_error(repo: GitRepo, seed_text: str) -> None:
    repo.write(REGULATION, seed_text)
    repo.commit("Regulations, not governed yet")

    result = CliRunner().invoke(main, ["audit", "--root", str(repo.path)])

    assert result.exit_code == 2
    assert "run `governance init`" in result.output


def test_adoption_must_enact_every_text(repo: GitRepo, seed_text: str, keys: Keys) -> None:
    repo.write(REGULATION, seed_text)
    repo.write("regulations/unapproved.md", SEED.replace("Bribery Prevention", "Gifts"))
    repo.write("resolutions/bodies.yml", "bodies:\n  board-of-directors: {name: Board, members: 3}\n")
    repo.write("resolutions/allowed_signers", keys.secretary.allowed_signers())
    adoption = repo.commit("Adopt without a baseline")

    report = run_audit(repo.path, "HEAD", today=TODAY)

    [bad] = report.bad_commits
    assert bad.commit == adoption
    assert {v.change.target for v in bad.verdicts if not v.covered} == {"bribery-prevention", "unapproved"}
    assert "no baseline record added at the adoption" in bad.verdicts[0].reasons[0]


def test_signatures_off_records_count_once_merged_and_once_only(
    tmp_path: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> None:
    gov = governed_copy(tmp_path, keys, tmp_path_factory, signatures="off")
    gov.branch("with-record")
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Record and amend in one pull request")
    same_pull_request = run_check(gov.path, "main", "with-record", today=TODAY)
    gov.repo.git("checkout", "-q", "main")
    gov.repo.git("branch", "-D", "with-record")

    gov.pull_request("record", "Record BD-2026-007", approvals=(("BD-2026-007", TARGET, "amend", AMENDED),))
    record_only = run_check(gov.path, "main", "record", today=TODAY)
    gov.merge("record")
    gov.pull_request("amend", "Amend Article 7", {REGULATION: AMENDED})
    amendment = run_check(gov.path, "main", "amend", today=TODAY)
    gov.merge("amend")
    gov.pull_request(
        "revert",
        "Record BD-2026-008 and revert, in one pull request",
        {REGULATION: SEED},
        (("BD-2026-008", TARGET, "amend", SEED),),
    )
    gov.merge("revert")
    gov.pull_request("reuse", "Amend again citing BD-2026-007", {REGULATION: AMENDED})
    reuse = run_check(gov.path, "main", "reuse", today=TODAY)
    gov.merge("reuse")

    audit = run_audit(gov.path, "main", today=TODAY)
    # The records and the consumption before the trusted commit still count after it.
    incremental = run_audit(gov.path, "main", today=TODAY, since="main~1")

    assert [c.subject for c in incremental.bad_commits] == ["Merge reuse"]
    assert "BD-2026-007 was already used" in incremental.bad_commits[0].verdicts[0].reasons[0]
    assert not same_pull_request.ok
    assert "no resolution on the base decides on it" in same_pull_request.verdicts[0].reasons[0]
    assert record_only.ok and record_only.verdicts == []
    assert amendment.ok, amendment
    assert not reuse.ok
    assert "BD-2026-007 was already used" in reuse.verdicts[0].reasons[0]
    assert [c.subject for c in audit.bad_commits] == ["Merge revert", "Merge reuse"]


def test_a_switch_to_signatures_off_looks_back_at_records_of_the_required_years(
    gov: Governed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk keeps no records while every rule requires signatures; a later rule of signatures: off
    needs them (records count once, and once only), so the audit walks again keeping them, with a child
    verifying signatures again (nothing the first walk started in the background is left running)."""
    _propose_approved_amendment(gov)  # BD-2026-007 approves AMENDED, used by its own merge
    gov.merge()
    off = (("BD-2026-008", "file:governance.yml", "amend", CONFIG_TEXT_OFF),)
    gov.pull_request("switch", "Signatures off (BD-2026-008)", {"governance.yml": CONFIG_TEXT_OFF}, off)
    gov.merge("switch")
    revert = (("BD-2026-009", TARGET, "amend", SEED),)
    gov.pull_request("revert", "Record BD-2026-009", {REGULATION: SEED}, revert)
    gov.merge("revert")  # off: the record merged with the change does not count for it
    gov.pull_request("again", "Amend again, citing BD-2026-007", {REGULATION: AMENDED})
    gov.merge("again")

    forks: list[bool] = []
    fork = _Arithmetic.fork

    def forked() -> _Arithmetic | None:
        child = fork()
        forks.append(child is not None)
        return child

    monkeypatch.setattr(_Arithmetic, "fork", forked)
    report = run_audit(gov.path, "main", today=TODAY)

    assert [c.subject for c in report.bad_commits] == ["Merge revert", "Merge again"]
    assert "BD-2026-007 was already used" in report.bad_commits[1].verdicts[0].reasons[0]
    assert forks == [True, True]


def test_init_adopts_this_repository_and_the_audit_passes(repo: GitRepo, keys: Keys) -> None:
    for name in ("bribery-prevention.md", "bribery-prevention.ja.md"):
        repo.write(f"regulations/{name}", (ROOT / "regulations" / name).read_bytes())
    # As in this repository: the bodies were committed before `governance init` wrote the keys. The
    # adoption is the commit that completes the rules, not the first with bodies.yml.
    repo.write("resolutions/bodies.yml", (ROOT / "resolutions" / "bodies.yml").read_bytes())
    repo.commit("Regulations as they stand, and the bodies")

    init = CliRunner().invoke(
        main,
        [
            "init",
            "--key",
            str(keys.secretary.private),
            "--identity",
            keys.secretary.identity,
            "--root",
            str(repo.path),
        ],
        env={"GOVERNANCE_TODAY": "2026-12-01"},
    )
    adoption = repo.commit("Adopt regulation governance")
    report = run_audit(repo.path, "HEAD", today=TODAY)

    assert init.exit_code == 0, init.output
    assert "wrote:" in init.output
    assert report.ok, [(c.subject, [v.reasons for v in c.verdicts], c.violations) for c in report.bad_commits]
    assert report.adoption == adoption
    assert {work.id for work in report.works} == {"bribery-prevention", "bribery-prevention.ja"}


def _signed_history(gov: Governed) -> tuple[str, str]:
    """Amendments each approved by a signed record, one record changed after it was signed (its signature
    no longer holds) and one change approved by nobody: (the tampered commit, the unapproved one)."""
    texts = [SEED.replace("the employment rules.", f"the employment rules ({n}).") for n in range(1, 9)]
    tampered = unapproved = ""
    for number, text in enumerate(texts, start=1):
        gov.repo.write(REGULATION, text)
        if number == 6:
            unapproved = gov.repo.commit(f"Amendment {number}, unapproved")
            continue
        record = gov.approve(f"BD-2026-2{number:02}", TARGET, "amend", text)
        if number == 3:
            record.write_text(
                record.read_text(encoding="utf-8") + "# changed after signing\n", encoding="utf-8"
            )
        commit = gov.repo.commit(f"Amendment {number}")
        tampered = commit if number == 3 else tampered
    return tampered, unapproved


def test_signatures_verified_a_window_ahead_change_no_verdict(
    gov: Governed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window's signatures go to the child while the window before it is judged, as soon as the fetcher
    has read its records (issue 14): when they go must not change a verdict, whether never ahead (each
    window's at its start), always ahead, or with the child killed half-way (the caller then does the
    arithmetic: every signature is still verified)."""
    tampered, unapproved = _signed_history(gov)
    monkeypatch.setattr(audit_module, "_WINDOW", 2)
    monkeypatch.setattr(audit_module, "_FIRST_WINDOW", 2)  # windows: the adoption and 1, then 2 and 3, ...
    events: list[tuple[str, tuple[str, ...]]] = []
    verify_ahead, judge_commit = audit_module._Reading.verify_ahead, audit_module._Judging.judge_commit

    def submitted(reading: audit_module._Reading, commits: list[git.LogCommit], rules: list[Rules]) -> None:
        events.append(("submit", tuple(commit.sha for commit in commits)))
        verify_ahead(reading, commits, rules)

    def judged(judging: audit_module._Judging, commit: git.LogCommit, rules: Rules) -> object:
        events.append(("judge", (commit.sha,)))
        return judge_commit(judging, commit, rules)

    monkeypatch.setattr(audit_module._Reading, "verify_ahead", submitted)
    monkeypatch.setattr(audit_module._Judging, "judge_commit", judged)

    def walk() -> tuple[audit_module.AuditReport, list[tuple[str, tuple[str, ...]]]]:
        events.clear()
        report = run_audit(gov.path, "main", today=TODAY)
        return report, list(events)

    early = git.Fetcher.early
    monkeypatch.setattr(git.Fetcher, "early", lambda fetcher, wait=False: None)
    never, never_events = walk()
    monkeypatch.setattr(git.Fetcher, "early", lambda fetcher, wait=False: early(fetcher, wait=True))
    ahead, ahead_events = walk()
    monkeypatch.setattr(git.Fetcher, "early", early)
    kills: list[bool] = []  # each submission: whether the child was there
    submit = Verifications.submit

    def killing(verifications: Verifications, requests: Iterable[Request]) -> None:
        submit(verifications, requests)
        child = verifications._child
        if child is not None and len(kills) == 1:  # the second window's signatures sent, then no child
            os.kill(child._pid, signal.SIGKILL)
        kills.append(child is not None)

    monkeypatch.setattr(Verifications, "submit", killing)
    killed, _ = walk()

    assert [c.commit for c in never.bad_commits] == [tampered, unapproved]
    assert "signature not valid" in next(c for c in never.commits if c.commit == tampered).violations[0]
    assert ahead == never and killed == never and kills == [True] * 5
    windows = [shas for kind, shas in never_events if kind == "submit"]
    assert len(windows) == 5 and sum(map(len, windows)) == 9
    # Never ahead, each window's signatures are submitted just before its commits are judged; ahead, the next
    # window's while the one before it is judged (after its first commit: `early` waited for the records).
    judged_between: list[list[str]] = []
    for kind, shas in never_events:
        judged_between += [[]] if kind == "submit" else []
        judged_between[-1] += [] if kind == "submit" else [shas[0]]
    assert judged_between == [list(window[number == 0 :]) for number, window in enumerate(windows)]  # adopted
    assert [shas for kind, shas in ahead_events if kind == "submit"] == windows
    for number, at in enumerate(i for i, (kind, _) in enumerate(ahead_events) if kind == "submit"):
        done = {shas[0] for kind, shas in ahead_events[:at] if kind == "judge"}
        assert not set(windows[number]) & done  # a window's signatures before any of it is judged
        if number >= 2:  # and while the window before it is being judged
            assert set(windows[number - 1]) & done and not set(windows[number - 1]) <= done


def test_since_judges_every_commit_after_the_trusted_one(gov: Governed) -> None:
    _propose_approved_amendment(gov)
    trusted = gov.merge()
    gov.repo.write(REGULATION, AMENDED.replace("the law", "the law, mostly"))
    unapproved = gov.repo.commit("Small wording fix")
    text = record_text("BD-2026-008", [("bribery-prevention", "amend", digest(SEED))])
    gov.record("BD-2026-008", text, key=gov.keys.outsider)
    gov.repo.write(REGULATION, SEED)
    forged = gov.repo.commit("Revert, signed by a key nobody allowed")

    full = run_audit(gov.path, "main", today=TODAY)
    since = run_audit(gov.path, "main", today=TODAY, since=trusted)
    at_tip = run_audit(gov.path, "main", today=TODAY, since="main")

    assert since.since == trusted and since.works == []
    assert [c.commit for c in since.commits] == [unapproved, forged]
    assert since.commits == full.commits[-2:]  # the same verdicts as the full audit, nothing weaker
    assert [c.commit for c in since.bad_commits] == [unapproved, forged]
    assert "signature not valid" in since.bad_commits[1].violations[0]
    assert at_tip.ok and at_tip.commits == []


def test_since_trusts_what_was_audited_and_refuses_a_non_ancestor(gov: Governed) -> None:
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Quick fix, already on main")
    trusted = gov.repo.head()
    gov.branch("elsewhere")
    gov.repo.write("notes.txt", "not governed\n")
    elsewhere = gov.repo.commit("A commit main does not have")
    gov.repo.git("checkout", "-q", "main")

    report = run_audit(gov.path, "main", today=TODAY, since=trusted)
    result = CliRunner().invoke(
        main,
        ["audit", "main", "--since", elsewhere, "--root", str(gov.path)],
        env={"GOVERNANCE_TODAY": "2026-12-01"},
    )
    option = CliRunner().invoke(
        main, ["audit", "--since", "--all", "--root", str(gov.path)], env={"GOVERNANCE_TODAY": "2026-12-01"}
    )

    assert report.ok and report.commits == []
    assert not run_audit(gov.path, "main", today=TODAY).ok
    assert result.exit_code == 2
    assert "is not an ancestor of main" in result.output
    assert option.exit_code == 2
    assert "is not a revision" in option.output


def test_since_a_commit_of_a_merged_branch_walks_the_whole_line(gov: Governed) -> None:
    """A trusted commit off main's first-parent line (the tip of a merged branch) cannot stand for
    main's state: the audit then walks main's history and judges every commit of main after the fork."""
    _propose_approved_amendment(gov)
    branch_tip = gov.repo.git("rev-parse", "proposal")
    merge = gov.merge()
    gov.repo.write(REGULATION, AMENDED.replace("the law", "the law, mostly"))
    unapproved = gov.repo.commit("Small wording fix")

    report = run_audit(gov.path, "main", today=TODAY, since=branch_tip)

    assert [c.commit for c in report.commits] == [merge, unapproved]
    assert [c.commit for c in report.bad_commits] == [unapproved]


def test_a_history_rewritten_from_before_the_adoption_is_caught(gov: Governed) -> None:
    """Rewriting the branch with a new adoption and keys of one's own passes on its own terms; the
    adoption commit known from outside the repository (--adoption) exposes it."""
    known = run_audit(gov.path, "main", today=TODAY).adoption
    gov.repo.write("resolutions/allowed_signers", gov.keys.outsider.allowed_signers())
    (gov.path / f"{BL_RECORD}.sig").unlink()
    sign_record(gov.path / BL_RECORD, gov.keys.outsider.private, NAMESPACE)  # the baseline, re-signed
    gov.repo.git("commit", "-q", "--amend", "-a", "-m", "Adopt regulation governance (rewritten)")

    same = run_audit(gov.path, "main", today=TODAY)
    checked = CliRunner().invoke(
        main, ["audit", "--adoption", known, "--root", str(gov.path)], env={"GOVERNANCE_TODAY": "2026-12-01"}
    )
    incremental = run_audit(gov.path, "main", today=TODAY, since="main", adoption=known)

    assert same.adoption != known  # a rewritten history that passes on its own terms ...
    assert checked.exit_code == 1  # ... but not against the adoption known from outside
    assert f"the adoption commit should be {known[:12]}" in checked.output
    assert not incremental.ok and "not an ancestor" in incremental.problems[0]
    assert run_audit(gov.path, "main", today=TODAY, adoption=same.adoption).ok


def test_a_walk_reads_each_text_from_git_once_whatever_its_windows(
    gov: Governed, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An amendment's old side is the text an earlier commit brought: kept from that window, not read again.
    texts = [SEED.replace("the employment rules.", f"the employment rules ({n}).") for n in range(1, 5)]
    for number, text in enumerate(texts, start=1):
        gov.repo.write(REGULATION, text)
        gov.approve(f"BD-2026-10{number}", TARGET, "amend", text)
        gov.repo.commit(f"Amendment {number}")
    asked: list[str] = []
    start = git.Fetcher.start

    def recorded(fetcher: git.Fetcher, names: Iterable[str], first: Iterable[str] = ()) -> None:
        first, names = list(first), list(names)
        asked.extend(dict.fromkeys([*first, *names]))  # one stream reads a name once, `first` first
        start(fetcher, names, first)

    monkeypatch.setattr(audit_module, "_WINDOW", 2)  # windows: the adoption and 1, 2 and 3, 4
    monkeypatch.setattr(git.Fetcher, "start", recorded)
    report = run_audit(gov.path, "main", today=TODAY)

    assert report.ok, report.bad_commits
    assert len(asked) == len(set(asked)), sorted(name for name in asked if asked.count(name) > 1)
    assert {gov.repo.git("rev-parse", f"main~{back}:{REGULATION}").strip() for back in range(5)} <= set(asked)


def test_an_audits_report_holds_no_text_and_its_works_every_text(gov: Governed) -> None:
    """An audit that only reports makes its changes without their texts (at 100,000 commits they are a
    gigabyte); with works, each approved version keeps its text, the report still none."""
    _propose_approved_amendment(gov)
    gov.merge()
    for works in (False, True):
        report = audit_module.audit(gov.path, "main", today=TODAY, works=works)
        assert report.ok, report.bad_commits
        changes = [verdict.change for commit in report.commits for verdict in commit.verdicts]
        assert {change.action for change in changes} == {"enact", "amend"}
        assert [change.content for change in changes] == [None] * len(changes)
        texts = [version.text for work in report.works for version in work.versions]
        assert (AMENDED in texts and all(texts)) if works else texts == []


def test_a_reported_verdict_keeps_every_field_but_the_text() -> None:
    """The report's verdicts are made field by field (speed): each field of a verdict and of its change
    is kept, a field added later included, and only the text is left out."""
    import dataclasses

    from governance.gate.changes import Change
    from governance.gate.judge import Record, Verdict

    # Every field set to a value of its own (none left at its default), the text as bytes.
    given: dict[str, Any] = {field.name: field.name for field in dataclasses.fields(Change)}
    change = Change(**given | {"content": b"text"})
    assert all(getattr(change, field.name) is not None for field in dataclasses.fields(Change))
    verdict = Verdict(change, Record("resolutions/BD-2026-001.yml", None), None, ("why",))
    (reported,) = audit_module._without_texts([verdict])
    assert reported == dataclasses.replace(verdict, change=dataclasses.replace(change, content=None))
    assert reported.change.content is None and reported.reasons == ("why",)


def _held_texts_before(
    windows: list[audit_module._Window], fetched: list[dict[str, tuple[str, str, bytes] | None]], limit: int
) -> list[dict[str, tuple[str, str, bytes] | None]]:
    """The texts held after each window as the walk kept them before issue 14's fourth round (each
    window rebuilt the whole set and summed its sizes): the oracle of `_LatestTexts`."""
    blobs: dict[str, str] = {}
    objects: dict[str, tuple[str, str, bytes] | None] = {}
    after = []
    for window, found_in in zip(windows, fetched, strict=True):
        for _, commit, rules in window:
            for entry in audit_module._sorted_entries(commit, rules.config).regulations:
                found = found_in.get(entry.new_blob)
                if entry.status == "D" or found is None or len(found[2]) > MAX_TEXT_BYTES:
                    blobs.pop(entry.path, None)
                else:
                    blobs[entry.path] = entry.new_blob
        if window:
            known = {**objects, **found_in}
            objects = {blob: known[blob] for blob in set(blobs.values())}
            if sum(len(found[2]) for found in objects.values() if found is not None) > limit:
                blobs, objects = {}, {}
        after.append(objects)
    return after


_PATHS = [f"regulations/r{n}.md" for n in range(4)]
_BLOBS = [f"{n:040x}" for n in range(1, 6)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.lists(
                st.tuples(st.sampled_from(_PATHS), st.sampled_from("AMD"), st.sampled_from(_BLOBS)),
                min_size=1,
                max_size=3,
                unique_by=lambda change: change[0],
            ),
            max_size=3,
        ),
        min_size=1,
        max_size=6,
    ),
    st.lists(
        st.dictionaries(st.sampled_from(_BLOBS), st.sampled_from([None, 0, 3, 9])), min_size=6, max_size=6
    ),
    st.sampled_from([2, 6, 1000]),
)
def test_the_texts_held_between_windows_are_those_the_former_walk_held(
    windows_of_changes: list[list[list[tuple[str, str, str]]]],
    reads: list[dict[str, int | None]],
    limit: int,
) -> None:
    """The texts kept from one window to the next are kept by the changes of each window alone (issue 14):
    the same texts as when each window rebuilt the set, through identical texts at two paths, deletions,
    blobs git did not give, texts beyond the text limit and the cap on their bytes."""
    rules = Rules("0" * 40, Config(), {}, "")
    windows: list[audit_module._Window] = []
    for number, changes in enumerate(windows_of_changes):
        commits = [
            git.LogCommit(
                f"{number:020x}{index:020x}",
                ("f" * 40,),
                "",
                tuple(
                    git.DiffEntry(status, "100644", "100644", _BLOBS[0], blob, path)
                    for path, status, blob in change
                ),
            )
            for index, change in enumerate(changes)
        ]
        windows.append([(index, commit, rules) for index, commit in enumerate(commits)])
    fetched = [
        {
            blob: None if size is None else (blob, "blob", b"x" * (size if size < 9 else 2 * MAX_TEXT_BYTES))
            for blob, size in read.items()
        }
        for read in reads[: len(windows)]
    ]
    held = audit_module._LatestTexts()
    before: list[dict[str, tuple[str, str, bytes] | None]] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit_module, "_HELD_BYTES", limit)
        for window, found in zip(windows, fetched, strict=True):
            for blob in held.objects:  # what the walk holds it does not read again (`_Reading.blobs_of`)
                found.pop(blob, None)
            former = held.objects
            held.take_in(window, found)
            assert (held.objects is not former) == bool(window)  # a new set: the former one is still served
            before.append(held.objects)
        assert before == _held_texts_before(windows, fetched, limit)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_walk_collects_at_its_end_only_when_the_program_runs_the_collector(
    gov: Governed, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    """The command line keeps the collector off (it ends after its report): a last collection of the young
    objects then walked every object the walk kept, and freed none (issue 14)."""
    _propose_approved_amendment(gov)
    gov.merge()
    collections: list[int] = []

    def collect(generation: int = 2) -> int:
        collections.append(generation)
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        report = run_audit(gov.path, "main", today=TODAY)
    finally:
        (gc.enable if was else gc.disable)()
    assert report.ok
    assert collections == ([0] if enabled else [])
