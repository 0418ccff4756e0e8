"""The texts' facts worked out beside the audit's walk (governance/gate/texts_alongside.py): an audit that
keeps no text takes each text's digest, whether it is UTF-8 and what its front matter says of who decides
from a child process; every verdict is the one the main process gives reading the texts itself, with the
child, without it, with it killed half-way and with it answering garbage."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance import git
from governance.gate import audit as audit_module
from governance.gate import texts_alongside
from governance.gate.audit import AuditReport, run_audit
from governance.gate.changes import BodiesNamed, TextFacts
from governance.gate.texts_alongside import TextsAlongside
from tests.gate.test_local_actions import _init
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import (
    AMENDED,
    COMPLIANCE,
    JA_AMENDED,
    REGULATION,
    SEED,
    TRANSLATION,
    Governed,
    digest,
    record_text,
)
from tests.testing.sshkeys import Keys

TODAY = date(2026, 12, 1)
_BY_COMPLIANCE = {"body": COMPLIANCE, "members": 1, "present": 1, "votes_for": 1}
EXECUTABLE_TEXT = "regulations/bribery-prevention.md"
_ANY = st.characters(blacklist_categories=())  # lone surrogates too
_COMPLIANT = SEED.replace("governed_by: board-of-directors", f"governed_by: {COMPLIANCE}")


_Approval = tuple[str, str, str, dict[str, object]]  # target, action, the text approved or its digest, record


def _history(gov: Governed) -> dict[str, bool]:
    """Commits whose verdicts hang on each fact of a text: subject -> whether the audit passes it."""
    expected: dict[str, bool] = {}
    repo = gov.repo

    def commit(subject: str, ok: bool, files: dict[str, str | bytes], approval: _Approval) -> None:
        for path, text in files.items():
            repo.write(path, text)
        target, action, text, kwargs = approval
        approved = text if text.startswith("sha256:") else digest(text)  # a digest as given, or the text's
        ident = f"BD-2026-{len(expected) + 101}"
        gov.record(ident, record_text(ident, [(target, action, approved)], **kwargs))  # type: ignore[arg-type]
        repo.commit(subject)
        expected[subject] = ok

    commit("an amendment approved", True, {REGULATION: AMENDED}, ("bribery-prevention", "amend", AMENDED, {}))
    # The translation's front matter (translation_of) sends it to the translations body, whatever body its
    # governed_by names (the board, from the second amendment on).
    naming_board = JA_AMENDED.replace(f"governed_by: {COMPLIANCE}", "governed_by: board-of-directors")
    again = naming_board.replace("第7条の本文（改正）。", "第7条の本文（再改正）。")
    once_more = again.replace("（再改正）", "（三改正）")
    commit(
        "a translation amended by the translations body",
        True,
        {TRANSLATION: naming_board},
        ("bribery-prevention.ja", "amend", naming_board, _BY_COMPLIANCE),
    )
    commit(
        "a translation naming the board, amended by the translations body",
        True,
        {TRANSLATION: again},
        ("bribery-prevention.ja", "amend", again, _BY_COMPLIANCE),
    )
    commit(
        "a translation amended by the board",
        False,
        {TRANSLATION: once_more},
        ("bribery-prevention.ja", "amend", once_more, {}),
    )
    # governed_by another body: the new text's front matter names who decides on it.
    gifts = "regulations/gifts.md"
    commit(
        "governed by compliance, enacted by the board",
        False,
        {gifts: _COMPLIANT},
        ("gifts", "enact", _COMPLIANT, {}),
    )
    hospitality = "regulations/hospitality.md"
    commit(
        "governed by compliance, enacted by it",
        True,
        {hospitality: _COMPLIANT},
        ("hospitality", "enact", _COMPLIANT, _BY_COMPLIANCE),
    )
    # A byte order mark before the front matter: still read.
    with_mark = "\ufeff" + _COMPLIANT.replace("Bribery", "Marked")
    commit(
        "a text with a BOM",
        True,
        {"regulations/marked.md": with_mark},
        ("marked", "enact", with_mark, _BY_COMPLIANCE),
    )
    latin = SEED.replace("Bribery", "Brib\u00e9ry").encode("latin-1")
    commit("a text not UTF-8", False, {"regulations/latin.md": latin}, ("latin", "enact", digest(latin), {}))
    # A front matter of a megabyte, naming its body at its end.
    long_head = _COMPLIANT.replace("language: en\n", "language: en\nnotes: " + "x" * 1_000_000 + "\n")
    long_head = long_head[: long_head.index("\n---\n") + 5] + "\n# Long\n"
    commit(
        "a front matter of a megabyte",
        True,
        {"regulations/long.md": long_head},
        ("long", "enact", long_head, _BY_COMPLIANCE),
    )
    wrong = AMENDED.replace("and the law.", "and the law, changed.")
    commit(
        "a record approving another digest",
        False,
        {REGULATION: wrong},
        ("bribery-prevention", "amend", AMENDED, {}),
    )
    # Beyond what a read ahead keeps: the child does not read it; the main process does.
    large = SEED + ("Padding line of a large text.\n" * 160_000)
    commit("a text of five megabytes", True, {"regulations/large.md": large}, ("large", "enact", large, {}))
    # An executable text and a symbolic link under the regulations folder: refused by their modes.
    marked = repo.path / "regulations" / "marked.md"
    marked.chmod(0o755)
    commit("a text made executable", False, {}, ("marked", "amend", with_mark, _BY_COMPLIANCE))
    marked.chmod(0o644)
    repo.commit("the text made plain again")
    (repo.path / "regulations" / "link.md").symlink_to("hospitality.md")
    commit("a symbolic link", False, {}, ("link", "enact", _COMPLIANT, {}))
    # A rescission: the base side's front matter says who decides, its digest is the base text's.
    repo.remove(hospitality)
    commit("a rescission by compliance", True, {}, ("hospitality", "rescind", _COMPLIANT, _BY_COMPLIANCE))
    repo.remove(gifts)
    commit(
        "a rescission by the board of a text compliance governs",
        False,
        {},
        ("gifts", "rescind", _COMPLIANT, {}),
    )
    return expected


def _verdicts(report: AuditReport) -> list[tuple[str, bool, list[str]]]:
    return [
        (
            commit.subject,
            commit.ok,
            [*commit.violations, *(r for v in commit.verdicts for r in map(str, v.reasons))],
        )
        for commit in report.commits
    ]


@pytest.fixture
def history(gov: Governed) -> tuple[Governed, dict[str, bool]]:
    return gov, _history(gov)


class _Served:
    """How many texts' facts the child answered in the main process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.known = 0
        facts = TextsAlongside.facts

        def counted(alongside: TextsAlongside, blob: str) -> TextFacts | None:
            found = facts(alongside, blob)
            self.known += found is not None
            return found

        monkeypatch.setattr(TextsAlongside, "facts", counted)


def _audit(gov: Governed) -> AuditReport:
    return run_audit(gov.path, "main", today=TODAY, works=False)


def test_the_facts_from_the_child_give_every_verdict_the_main_process_gives(
    history: tuple[Governed, dict[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    gov, expected = history
    reading = run_audit(gov.path, "main", today=TODAY, works=True)  # the main process reads every text
    served = _Served(monkeypatch)
    alongside = _audit(gov)
    assert served.known > 10  # the child answered: the adoption's texts and every change's
    monkeypatch.setattr(TextsAlongside, "fork", classmethod(lambda cls, root: None))
    without = _audit(gov)

    assert _verdicts(alongside) == _verdicts(reading) == _verdicts(without)
    assert alongside.commits == without.commits
    outcome = {commit.subject: commit.ok for commit in alongside.commits}
    assert {subject: outcome.get(subject) for subject in expected} == expected
    reasons = {subject: " ".join(why) for subject, _, why in _verdicts(alongside)}
    assert "compliance-department" in reasons["a translation amended by the board"]
    assert "compliance-department" in reasons["governed by compliance, enacted by the board"]
    assert "not UTF-8" in reasons["a text not UTF-8"]
    assert "executable" in reasons["a text made executable"]
    assert "symbolic link" in reasons["a symbolic link"]
    wrong = next(c for c in alongside.commits if c.subject == "a record approving another digest")
    assert wrong.verdicts[0].change.digest == digest((gov.path / REGULATION).read_bytes())


def _windows_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_module, "_WINDOW", 2)
    monkeypatch.setattr(audit_module, "_FIRST_WINDOW", 2)


def test_a_child_killed_half_way_leaves_the_texts_to_the_main_process(
    history: tuple[Governed, dict[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    gov, _ = history
    _windows_of_two(monkeypatch)
    before = _audit(gov)
    served = _Served(monkeypatch)
    submit = TextsAlongside.submit
    submitted: list[bool] = []  # each submission: whether the child was there to take it

    def killing(alongside: TextsAlongside, blobs: Iterable[str]) -> None:
        submitted.append(alongside.alive)
        submit(alongside, blobs)
        if len(submitted) == 4:
            os.kill(alongside._pid, signal.SIGKILL)

    monkeypatch.setattr(TextsAlongside, "submit", killing)
    killed = _audit(gov)

    assert killed.commits == before.commits
    assert submitted[:4] == [True] * 4 and not all(submitted)  # killed half-way: then asked nothing
    assert served.known > 0


def test_a_child_answering_garbage_is_asked_nothing_more(
    history: tuple[Governed, dict[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    gov, _ = history
    _windows_of_two(monkeypatch)
    before = _audit(gov)
    answer = texts_alongside._answer
    count = iter(range(1_000_000))

    def garbled(blob: str, facts: TextFacts | None) -> bytes:  # runs in the child (forked with it)
        line = answer(blob, facts)
        return line.replace(b"sha256:", b"sha256:0") if next(count) == 5 else line

    monkeypatch.setattr(texts_alongside, "_answer", garbled)
    served = _Served(monkeypatch)
    stopped: list[bool] = []
    stop = TextsAlongside._stop

    def stopping(alongside: TextsAlongside) -> None:
        stopped.append(True)
        stop(alongside)

    monkeypatch.setattr(TextsAlongside, "_stop", stopping)

    assert _audit(gov).commits == before.commits
    assert stopped and served.known >= 5


def test_without_a_child_the_main_process_reads_the_texts(
    history: tuple[Governed, dict[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No fork (another thread running when the walk starts): the texts are read, as before the child."""
    gov, _ = history
    before = _audit(gov)
    asked: list[str] = []
    start = git.Fetcher.start

    def recorded(fetcher: git.Fetcher, names: Iterable[str], first: Iterable[str] = ()) -> None:
        names = list(names)
        asked.extend(names)
        start(fetcher, names, first)

    monkeypatch.setattr(git.Fetcher, "start", recorded)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert _audit(gov).commits == before.commits
    amended = gov.repo.git("rev-parse", f"main:{TRANSLATION}").strip()
    assert amended in asked  # read by the main process's reader now


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.builds(
            TextFacts,
            st.binary(min_size=32, max_size=32).map(lambda raw: "sha256:" + raw.hex()),
            st.booleans(),
            st.builds(
                BodiesNamed, st.booleans(), st.one_of(st.none(), st.text(_ANY, min_size=1, max_size=40))
            ),
        ),
    )
)
def test_an_answer_reads_back_as_the_facts_it_was_made_of(facts: TextFacts | None) -> None:
    """Any governed_by (a line break, a space, a lone surrogate from a YAML escape) crosses the pipe intact,
    and an answer about another blob, or cut short, is no answer."""
    blob, other = "a" * 40, "b" * 40
    line = texts_alongside._answer(blob, facts)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert texts_alongside._parse_answer(line[:-1], blob) == facts
    for garbled in (line[:-1].replace(blob.encode(), other.encode()), line[: len(line) // 2]):
        with pytest.raises((texts_alongside._NoAnswer, ValueError)):
            assert texts_alongside._parse_answer(garbled, blob) == facts


def test_texts_adopted_executable_are_judged_alike_with_the_child(
    tmp_path: Path, keys: Keys, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An adoption whose text was committed executable (before init refused that): the child works out its
    facts as a plain text's, and the adoption is refused until a commit makes it plain, then accepted."""
    repo = GitRepo.init(tmp_path / "policies")
    repo.write(EXECUTABLE_TEXT, seed_text)
    repo.commit("Regulations")
    _init(repo, keys)
    (repo.path / EXECUTABLE_TEXT).chmod(0o755)
    repo.commit("Adopt regulation governance")
    gov = Governed(repo, keys)
    served = _Served(monkeypatch)
    refused = _audit(gov)
    assert served.known >= 1 and not refused.ok
    assert "executable" in " ".join(refused.commits[0].violations)
    assert _verdicts(refused) == _verdicts(run_audit(gov.path, "main", today=TODAY, works=True))
    (repo.path / EXECUTABLE_TEXT).chmod(0o644)
    repo.commit("Make the texts plain")
    accepted = _audit(gov)
    assert accepted.ok, accepted.bad_commits
    assert _verdicts(accepted) == _verdicts(run_audit(gov.path, "main", today=TODAY, works=True))


def test_a_child_stuck_on_its_git_is_ended_and_nothing_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child that never reads (its git stuck) while more names wait to be written than a pipe holds: the
    walk's end kills it rather than wait, and the thread writing to it ends too."""
    monkeypatch.setattr(texts_alongside, "_serve", lambda root, requests, answers: time.sleep(600))
    alongside = TextsAlongside.fork(tmp_path)
    assert alongside is not None
    alongside.submit(f"{number:040x}" for number in range(20_000))  # 820 KB of names
    alongside.close()
    with pytest.raises(ProcessLookupError):
        os.kill(alongside._pid, 0)
    assert not alongside._feeder._thread or not alongside._feeder._thread.is_alive()
