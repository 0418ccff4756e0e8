"""Texts adopted executable (mode 100755), as repositories adopted before `governance init` refused them
are: a commit that only makes them plain changes no approved text, so it needs no decision, and the audit
then accepts the adoption; every other change of an executable text, and making a text executable, stay
refused. Real repositories adopted by `governance init`, the check, the audit and a real `git push` into a
bare repository with the hook."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.gate.audit import run_audit
from governance.gate.check import run_check
from tests.gate.test_hook import _push, with_server
from tests.gate.test_local_actions import TODAY, _init
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import Governed, digest, record_text
from tests.testing.sshkeys import Keys

TEXT = "regulations/bribery-prevention.md"


def _left(path: str = TEXT) -> str:
    return (
        f"{path}: an executable file (mode 100755) since the adoption, and no later commit made it plain; the "
        f"gate takes only plain files under the regulations folder: commit `git update-index --chmod=-x {path}` "
        "alone (it changes no text and needs no decision), and the audit accepts the adoption"
    )


def _mode_first(path: str = TEXT) -> str:
    return (
        f"{path} is an executable file (mode 100755): make it plain first, in a commit that changes nothing "
        f"else (`git update-index --chmod=-x {path}`), which needs no decision; then propose this change"
    )


@pytest.fixture
def executable(tmp_path: Path, keys: Keys, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> Governed:
    """A repository whose adoption committed its text executable (init refuses that now; before bc97e17 it
    did not), with a server holding that history and the hook."""
    repo = GitRepo.init(tmp_path / "policies")
    repo.write(TEXT, seed_text)
    repo.commit("Regulations")
    _init(repo, keys)
    (repo.path / TEXT).chmod(0o755)
    repo.commit("Adopt regulation governance")
    assert repo.git("ls-files", "-s", TEXT).startswith("100755 ")
    gov = Governed(repo, keys)
    with_server(gov, tmp_path / "server.git")
    monkeypatch.setenv("GOVERNANCE_TODAY", "2026-12-01")
    return gov


def _make_plain(gov: Governed) -> str:
    gov.branch("plain")
    (gov.path / TEXT).chmod(0o644)
    made = gov.repo.commit("Make the texts plain")
    assert gov.repo.git("ls-files", "-s", TEXT).startswith("100644 ")
    return made


def test_a_text_adopted_executable_is_accepted_once_a_commit_makes_it_plain(executable: Governed) -> None:
    before = run_audit(executable.path, "main", today=TODAY, works=False)
    _make_plain(executable)

    check = run_check(executable.path, "main", "plain", today=TODAY)
    executable.merge("plain")
    audit = run_audit(executable.path, "main", today=TODAY, works=True)
    pushed = _push(executable, "main")

    # Before: the adoption refused, saying the one command that ends it (and nothing else: its baseline
    # approved the text's bytes).
    assert [c.subject for c in before.bad_commits] == ["Adopt regulation governance"]
    assert before.bad_commits[0].violations == [_left()]
    assert all(v.covered for v in before.bad_commits[0].verdicts)
    # The commit that only clears the bit: no change that needs a decision.
    assert check.ok and check.verdicts == [] and check.violations == [], check
    assert audit.ok, audit.bad_commits
    # The site's versions: the text as adopted, by its baseline, from the adoption commit.
    assert [(v.work, v.action, v.digest, v.commit) for w in audit.works for v in w.versions] == [
        ("bribery-prevention", "enact", digest((executable.path / TEXT).read_bytes()), audit.adoption)
    ]
    assert pushed.returncode == 0, pushed.stderr


def test_an_amendment_of_a_text_still_executable_is_refused_with_the_way_out(executable: Governed) -> None:
    """Bytes changed with the decision approving them, the text still executable (or made plain in the same
    commit): refused, saying to make it plain first; the adoption stays refused, as nothing made it plain."""
    amended = (executable.path / TEXT).read_text(encoding="utf-8") + "\nArticle 10. Amended.\n"
    for plain in (False, True):
        name = f"amend-{plain}"
        executable.branch(name)
        executable.repo.write(TEXT, amended)
        (executable.path / TEXT).chmod(0o644 if plain else 0o755)
        decision = [("bribery-prevention", "amend", digest(amended))]
        ident = f"BD-2026-30{int(plain)}"
        text = record_text(ident, decisions=decision, consents=3, date="2026-11-30")
        executable.record(ident, text.replace("\n", "\nrepository: policies\n", 1))
        executable.repo.commit("Amend the text")
        executable.repo.git("checkout", "-q", "main")

        check = run_check(executable.path, "main", name, today=TODAY)
        audit = run_audit(executable.path, name, today=TODAY, works=False)

        assert not check.ok
        assert [v.reasons for v in check.verdicts] == [(_mode_first(),)], check
        assert [c.subject for c in audit.bad_commits] == ["Adopt regulation governance", "Amend the text"]
        assert audit.bad_commits[0].violations == [_left()]


def test_making_a_text_executable_stays_refused(executable: Governed) -> None:
    _make_plain(executable)
    executable.merge("plain")
    assert _push(executable, "main").returncode == 0
    executable.branch("again")
    (executable.path / TEXT).chmod(0o755)
    executable.repo.commit("Make the text executable again")

    check = run_check(executable.path, "main", "again", today=TODAY)
    audit = run_audit(executable.path, "again", today=TODAY, works=False)
    executable.merge("again")
    refused = _push(executable, "main")

    reason = f"{TEXT} is an executable file; only plain Markdown files may be under the regulations folder"
    assert [v.reasons for v in check.verdicts] == [(reason,)]
    assert [c.subject for c in audit.bad_commits] == ["Make the text executable again"]
    assert refused.returncode != 0 and reason in " ".join(refused.stderr.split()), refused.stderr
