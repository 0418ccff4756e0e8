"""`governance init --from-tags` / `--from` names every tag it reads, with the commit it names (id, date,
subject) and the 施行日 taken from it (the red-team review, H6b): a tag on a draft commit of the branch's
own history is taken as a release, and the secretary, who signs the baseline, must see that it enacts
the draft. Real `governance` processes on a real repository of 就業規則 with a tag per 施行日."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli.test_messages import ENGLISH, JAPANESE, _run
from tests.testing.sshkeys import Keys
from tests.work_rules_fixture import PATTERN, RELEASES, make_work_rules


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def _init(env: dict[str, str], root: Path, keys: Keys, *source: str) -> subprocess.CompletedProcess[str]:
    return _run(
        env,
        "init", "--key", str(keys.secretary.private), "--identity", keys.secretary.identity,
        "--members", "5", "--regulations", ".", "--regulations-pattern", PATTERN, *source,
        "--root", str(root),
    )  # fmt: skip


def _said(env: dict[str, str], root: Path, keys: Keys, *source: str) -> tuple[str, str]:
    """The draft's commit id and what a successful init printed."""
    done = _init(env, root, keys, *source)
    assert done.returncode == 0, done.stderr
    return _git(root, "rev-parse", "HEAD"), done.stdout


@pytest.fixture
def drafted(tmp_path: Path) -> Path:
    """The releases of 2019, 2021 and 2024, and a tag `2025-04-01` someone put on the draft after them."""
    root = make_work_rules(tmp_path / "kitei")
    _git(root, "tag", "2025-04-01", "HEAD")
    return root


def test_init_names_each_tag_it_reads_and_the_draft_the_last_one_names(drafted: Path, keys: Keys) -> None:
    releases = {tag: (_git(drafted, "rev-parse", tag), day, what) for tag, day, what in RELEASES}

    draft, out = _said(ENGLISH, drafted, keys, "--from-tags", "20*")

    assert (
        f"\nenacts the tag 2025-04-01: commit {draft[:12]} of 2026-06-01 (案: 年次有給休暇の日数を見直す), in "
        "force from 2025-04-01\n" in out
    ), out
    for tag, (commit, day, what) in releases.items():
        read = f"\nreads the tag {tag}: commit {commit[:12]} of {day} ({tag} 施行: {what}), in force from {tag}: "
        assert read + "its texts become the versions before adoption\n" in out, out
    assert out.count("reads the tag ") == 3  # 2019, 2021, 2024: each one the baseline reads
    assert "check that each tag names the commit that was released (git show TAG)" in out


def test_init_from_one_tag_names_it_in_japanese(drafted: Path, keys: Keys) -> None:
    draft, out = _said(JAPANESE, drafted, keys, "--from", "2025-04-01")

    assert (
        f"\nタグ 2025-04-01 を施行します: 2026-06-01 のコミット {draft[:12]} (案: 年次有給休暇の日数を見直す)、"
        "2025-04-01 施行\n" in out
    ), out
    assert " を読みます: " not in out and "enacts" not in out
    assert "各タグがリリースされたコミットを指していることを確認してください" in out


def test_init_without_a_release_names_no_tag(tmp_path: Path, keys: Keys) -> None:
    root = make_work_rules(tmp_path / "kitei")
    done = _init(ENGLISH, root, keys)
    assert done.returncode == 0, done.stderr
    assert "the tag" not in done.stdout and "git show TAG" not in done.stdout


def test_a_subject_that_would_rewrite_the_line_is_printed_quoted(drafted: Path, keys: Keys) -> None:
    """A commit subject is anyone's text: an escape that clears the terminal's line is not printed raw."""
    subject = "draft\x1b[2K\rall approved"
    _git(
        drafted,
        "-c",
        "user.name=x",
        "-c",
        "user.email=x@example.com",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        subject,
    )
    _git(drafted, "tag", "2026-04-01")

    _, out = _said(ENGLISH, drafted, keys, "--from", "2026-04-01")

    assert f"({subject!r}), in force from 2026-04-01\n" in out, out
    assert "\x1b" not in out
