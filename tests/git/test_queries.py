"""git's search of a folder's files (`files_containing`) on a real repository: which files it reads."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from governance import git
from governance.errors import GovernanceError
from tests.testing.gitrepo import GitRepo

NEEDLE = "sha256:" + "ab" * 32


def _repository(tmp_path: Path, folder: str) -> tuple[GitRepo, str]:
    repo = GitRepo.init(tmp_path / "repo")
    for path in [
        f"{folder}/BD-2026-001.yml",
        f"{folder}/BD-2026-001.yml.sig",  # a signature: not a record
        f"{folder}/2026/BD-2026-002.yml",  # a year folder
        f"{folder}/2026/deeper/BD-2026-003.yml",  # two levels down: never a record's place
        f"{folder}/notes.txt",
        f"other/{folder}/BD-2026-004.yml",
        "elsewhere/BD-2026-005.yml",
    ]:
        repo.write(path, f"digest: {NEEDLE}\n")
    repo.write(f"{folder}/BD-2026-006.yml", "digest: sha256:other\n")
    return repo, repo.commit("files")


@pytest.mark.parametrize("folder", ["resolutions", "rec*[o]?rds", "a\\b"])
def test_a_suffix_searches_the_folder_and_the_folders_in_it_only(tmp_path: Path, folder: str) -> None:
    repo, tip = _repository(tmp_path, folder)
    found = git.files_containing(repo.path, tip, folder, [NEEDLE], suffix=".yml")
    assert found == [f"{folder}/2026/BD-2026-002.yml", f"{folder}/BD-2026-001.yml"]
    everything = git.files_containing(repo.path, tip, folder, [NEEDLE])
    assert len(everything) == 5  # without a suffix: every file below the folder, the signature too


def test_a_pathspec_setting_of_the_environment_fails_the_search_instead_of_emptying_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, tip = _repository(tmp_path, "resolutions")
    monkeypatch.setenv("GIT_LITERAL_PATHSPECS", "1")  # the pattern read literally would match nothing
    with pytest.raises(GovernanceError, match="git grep failed"):
        git.files_containing(repo.path, tip, "resolutions", [NEEDLE], suffix=".yml")


@pytest.mark.parametrize("name", ["a\u2028b", "line\nbreak", "n\x85l", "caf\udce9"])
def test_the_git_folder_of_a_repository_under_any_folder_name(tmp_path: Path, name: str) -> None:
    """git names the folder on a line of its own: a name holding a character str.splitlines() also ends
    a line at (or that is not UTF-8) made every command reading the records' index fail (issue 12, H1)."""
    for bare in (False, True):
        folder = tmp_path / f"{name}{bare}"
        if bare:
            git.run(tmp_path, "init", "-q", "--bare", str(folder))
        else:
            GitRepo.init(folder)
        assert git.git_folder(folder) == ((folder if bare else folder / ".git").resolve(), bare)


@pytest.mark.parametrize(
    "folders",
    [
        ["regulations", "resolutions"],
        ["regulations/", "resolutions"],
        [".", "resolutions"],  # the root: every file, and the records' part of it
        ["regulations", "regulations/co-1"],  # one inside the other: its files in both
        ["regulations", "regulation"],  # a name that begins another's: not its folder
        ["./regulations", "resolutions"],  # read by git, not as a plain prefix: a process each
        [":/regulations", "resolutions"],  # pathspec magic (from the top)
        ["regulations", "nothing-here"],
    ],
)
def test_folders_listed_together_are_each_as_listed_alone(tmp_path: Path, folders: list[str]) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    for path in [
        "regulations/a.md",
        "regulations/co-1/b.md",
        "regulations.md",
        "regulation/c.md",
        "resolutions/BD-2026-001.yml",
        "resolutions/2026/BD-2026-002.yml",
        "other/regulations/d.md",
        "top.md",
    ]:
        repo.write(path, f"{path}\n")
    commit = repo.commit("files")

    together = git.list_trees(repo.path, commit, folders)

    assert together == [git.list_tree(repo.path, commit, folder) for folder in folders]
    assert together == [
        git.parse_ls_tree(
            repo.git(
                "ls-tree", "-r", "-z", "--full-tree", commit, *([] if folder == "." else ["--", folder + "/"])
            ).encode()
        )
        for folder in [folder.rstrip("/") for folder in folders]
    ]
    assert any(together)


def test_work_in_the_background_gives_its_result_or_raises_what_it_raised(repo: GitRepo) -> None:
    repo.write("a.md", "a\n")
    commit = repo.commit("one file")
    listing = git.in_background(lambda: git.list_trees(repo.path, commit, ["."]))
    failing = git.in_background(lambda: git.list_trees(repo.path, "no-such-commit", ["."]))
    assert listing() == [git.list_tree(repo.path, commit, ".")]
    with pytest.raises(GovernanceError, match="ls-tree"):
        failing()


def test_the_shallow_boundary_and_the_git_folder_asked_together(repo: GitRepo, tmp_path: Path) -> None:
    for number in range(3):
        repo.write("a.md", f"{number}\n")
        repo.commit(f"commit {number}")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True)
    assert git.shallow_boundary(clone) == {git.resolve_commit(clone, "HEAD")}
    assert git.git_folder(clone) == (clone / ".git", False)
    assert git.shallow_boundary(repo.path) == frozenset()
    with pytest.raises(GovernanceError):
        git.shallow_boundary(tmp_path / "not-a-repository")
