"""The records at the parent of each judged commit, as a walk keeps them from one commit to the next
(`RecordsOnWalk`): always the same decisions as the records git lists at that parent."""

from __future__ import annotations

from pathlib import Path

from governance import git
from governance.config import Config
from governance.gate.in_force import RecordsAt, RecordsOnWalk
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import digest, record_text


def _record(repo: GitRepo, path: str, ident: str, text: str) -> None:
    repo.write(path, record_text(ident, [("bribery-prevention", "amend", digest(text))]))


def _history(tmp_path: Path) -> GitRepo:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("resolutions/bodies.yml", "bodies: {}\n")
    _record(repo, "resolutions/BD-2026-001.yml", "BD-2026-001", "one")
    _record(repo, "resolutions/BD-2026-002.yml", "BD-2026-002", "two")
    repo.commit("two records")
    _record(repo, "resolutions/2026/BD-2026-003.yml", "BD-2026-003", "three")  # a year folder
    repo.write("resolutions/notes/BD-2026-009.yml", "not a record's place\n")
    repo.commit("a record in a year folder, a file that is not a record")
    _record(repo, "resolutions/BD-2026-001.yml", "BD-2026-001", "one, amended")  # modified
    repo.remove("resolutions/BD-2026-002.yml")
    repo.commit("one record changed, one deleted")
    repo.write("README.md", "nothing governed\n")
    repo.commit("no record touched")
    repo.remove("resolutions/2026/BD-2026-003.yml")
    _record(repo, "resolutions/BD-2026-004.yml", "BD-2026-004", "four")
    repo.commit("one deleted, one added")
    return repo


def _decisions(records: RecordsAt | None) -> list[tuple[str, str, str]]:
    assert records is not None
    return sorted((r.id, d.target, d.digest) for r, d in records.decisions())


def _walk_agrees_with_git(
    repo: GitRepo, objects: git.Objects, walk: RecordsOnWalk, commits: list[git.LogCommit]
) -> list[int]:
    """Judge `commits` in turn as a walk does; the number of decisions at each parent."""
    counts = []
    for commit in commits:
        fresh = _decisions(RecordsAt(repo.path, objects, commit.parents[0], Config()))
        assert _decisions(walk.at_parent(commit, Config())) == fresh
        counts.append(len(fresh))
        walk.advance(commit)
    return counts


def test_the_walk_keeps_the_records_git_lists_at_each_parent(tmp_path: Path) -> None:
    repo = _history(tmp_path)
    with git.Objects(repo.path) as objects:
        history = git.first_parent_log(repo.path, "main")
        walk = RecordsOnWalk(repo.path, objects)
        assert walk.at_parent(history[0], Config()) is None  # the root commit has no parent
        walk.advance(history[0])
        counts = _walk_agrees_with_git(repo, objects, walk, history[1:])
        assert counts == [2, 3, 2, 2]  # the listing moved: records added, changed and deleted
        last = history[-1]
        assert _decisions(RecordsAt(repo.path, objects, last.sha, Config())) == [
            ("BD-2026-001", "bribery-prevention", digest("one, amended")),
            ("BD-2026-004", "bribery-prevention", digest("four")),
        ]


def test_a_commit_not_walked_makes_the_walk_list_again(tmp_path: Path) -> None:
    # The commits before a trusted one are settled (not judged): the listing was not moved past them.
    repo = _history(tmp_path)
    with git.Objects(repo.path) as objects:
        history = git.first_parent_log(repo.path, "main")
        walk = RecordsOnWalk(repo.path, objects)
        _decisions(walk.at_parent(history[1], Config()))  # listed at history[0]
        walk.advance(history[1])
        # history[2] is skipped: neither asked nor advanced
        assert _walk_agrees_with_git(repo, objects, walk, history[3:]) == [2, 2]


def test_another_records_folder_is_listed_anew(tmp_path: Path) -> None:
    repo = _history(tmp_path)
    with git.Objects(repo.path) as objects:
        history = git.first_parent_log(repo.path, "main")
        walk = RecordsOnWalk(repo.path, objects)
        assert len(_decisions(walk.at_parent(history[2], Config()))) == 3
        walk.advance(history[2])
        moved = Config(records="elsewhere")
        assert _decisions(walk.at_parent(history[3], moved)) == []
