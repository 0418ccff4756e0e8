"""The index of the files' arrivals (git/arrivals.py) against git's own walk, `git log --first-parent
--diff-filter=A -- <record>`, at every commit of histories with records added, changed, deleted, added
again, brought by a merge, in a year folder and beside files that are not records; asked in every order,
from lines that diverge, from the index file and with it broken."""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from governance import git
from governance.git import arrivals
from tests.testing.gitrepo import GitRepo

RECORDS = "resolutions"


def _walk(root: Path, base: str, path: str) -> str | None:
    """git's answer, as the gate asked it before the index: the whole line walked for one path."""
    out = subprocess.run(
        ["git", "log", "--first-parent", "--reverse", "--diff-filter=A", "--format=%H", base, "--", path],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[0] if out else None


class History(NamedTuple):
    repo: GitRepo
    main: list[str]  # the first-parent line, oldest first
    side: list[str]  # a branch merged into main
    proposal: list[str]  # a branch never merged
    paths: list[str]  # every path ever below resolutions/


def _history(tmp_path: Path) -> History:
    """main's first-parent line, a merged side branch's commits and a proposal's, and every path."""
    repo = GitRepo.init(tmp_path / "work")
    main = []
    repo.write("README.md", "records\n")
    repo.write("resolutions/BD-2026-001.yml", "one\n")
    main.append(repo.commit("root: a record"))
    repo.write("resolutions/BD-2026-002.yml", "two\n")
    repo.write("resolutions/BD-2026-002.yml.sig", "a signature, not a record\n")
    repo.write("resolutions/2026/BD-2026-003.yml", "three, in a year folder\n")
    main.append(repo.commit("two records"))
    repo.write("resolutions/BD-2026-001.yml", "one, changed\n")
    main.append(repo.commit("a record changed"))
    repo.git("checkout", "-q", "-b", "side")
    repo.write("resolutions/BD-2026-009.yml", "nine, on a side branch\n")
    side = [repo.commit("side: a record")]
    repo.write("resolutions/BD-2026-001.yml", "one, changed on the side\n")
    side.append(repo.commit("side: a record changed"))
    repo.git("checkout", "-q", "main")
    repo.remove("resolutions/BD-2026-002.yml")
    main.append(repo.commit("a record deleted"))
    repo.git("checkout", "-q", "-b", "proposal")
    repo.write("resolutions/BD-2026-005.yml", "five, proposed\n")
    repo.write("resolutions/BD-2026-002.yml", "two, proposed again\n")
    proposal = [repo.commit("proposal: two records")]
    repo.git("checkout", "-q", "main")
    repo.write("resolutions/BD-2026-002.yml", "two, again and otherwise\n")
    main.append(repo.commit("the deleted record added again"))
    repo.git("merge", "-q", "--no-ff", "-X", "theirs", "-m", "merge side", "side")
    main.append(repo.head())
    repo.write("resolutions/notes/BD-2026-010.yml", "not a record's place\n")
    repo.write("regulations/a.md", "a text\n")
    main.append(repo.commit("not records"))
    repo.git("rm", "-q", "-r", "resolutions")
    main.append(repo.commit("the records folder removed"))
    repo.write("resolutions/BD-2026-001.yml", "one, back\n")
    main.append(repo.commit("a record back"))
    paths = sorted(
        {
            path
            for commit in [*main, *side, *proposal]
            for path in repo.git("ls-tree", "-r", "--name-only", commit).splitlines()
            if path.startswith("resolutions/")
        }
    )
    return History(repo, main, side, proposal, paths)


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    arrivals.forget()
    yield _history(tmp_path)
    arrivals.forget()


def _agrees(root: Path, base: str, paths: list[str]) -> None:
    for path in paths:
        assert arrivals.arrival(root, base, path) == _walk(root, base, path), (base, path)


def test_every_commit_in_every_order_as_git_walks(history: History) -> None:
    repo, main, side, proposal, paths = history
    assert "resolutions/BD-2026-002.yml.sig" in paths and "resolutions/notes/BD-2026-010.yml" in paths
    every = [*main, *side, *proposal]
    orders = [main, list(reversed(main)), every, list(reversed(every))]
    shuffled = list(every)
    random.Random(14).shuffle(shuffled)
    orders.append(shuffled)
    for order in orders:
        for forget in (False, True):
            for base in order:
                if forget:
                    arrivals.forget()  # from the file this time
                _agrees(repo.path, base, paths)


def test_the_earliest_arrival_is_kept_and_a_merge_brings_what_its_branch_added(history: History) -> None:
    repo, main, side, _, _ = history
    tip = main[-1]
    assert arrivals.arrival(repo.path, tip, "resolutions/BD-2026-002.yml") == main[1]
    assert arrivals.arrival(repo.path, tip, "resolutions/BD-2026-001.yml") == main[0]
    assert arrivals.arrival(repo.path, tip, "resolutions/BD-2026-009.yml") == main[5]  # the merge
    assert arrivals.arrival(repo.path, side[-1], "resolutions/BD-2026-009.yml") == side[0]
    assert arrivals.arrival(repo.path, main[0], "resolutions/BD-2026-009.yml") is None


def test_a_question_moves_the_index_on_without_walking_the_line_again(history: History) -> None:
    repo, main, _, _, paths = history
    _agrees(repo.path, main[2], paths)
    index = json.loads((arrivals.index_file(repo.path, RECORDS)).read_text(encoding="utf-8"))
    assert index["checkpoints"] == [[main[2], 3]]
    arrivals.forget()
    _agrees(repo.path, main[-1], paths)
    index = json.loads((arrivals.index_file(repo.path, RECORDS)).read_text(encoding="utf-8"))
    assert index["checkpoints"] == [[main[2], 3], [main[-1], len(main)]]
    arrivals.forget()
    _agrees(repo.path, main[1], paths)  # before a checkpoint: read from it, nothing written
    again = json.loads((arrivals.index_file(repo.path, RECORDS)).read_text(encoding="utf-8"))
    assert again == index


@pytest.mark.parametrize(
    "broken",
    [
        b"not json",
        b'{"format": 1, "folder": "resolutions", "checkpoints": [], "arrivals": {}}',
        b'{"format": 1, "folder": "resolutions", "checkpoints": [["zz", 1]], "arrivals": {}}',
        b'{"format": 1, "folder": "resolutions", "checkpoints": [[1, 1]], "arrivals": []}',
        b'{"format": 1, "folder": "elsewhere", "checkpoints": [], "arrivals": {}}',
    ],
)
def test_a_file_that_is_not_an_index_is_written_again(history: History, broken: bytes) -> None:
    repo, main, _, _, paths = history
    arrivals.index_file(repo.path, RECORDS).parent.mkdir(exist_ok=True)
    (arrivals.index_file(repo.path, RECORDS)).write_bytes(broken)
    _agrees(repo.path, main[-1], paths)
    assert json.loads((arrivals.index_file(repo.path, RECORDS)).read_text(encoding="utf-8"))["format"] == 1


def test_an_entry_that_is_not_one_of_an_index_has_the_index_built_again(history: History) -> None:
    """The file is read as it is found and each entry checked when it is used."""
    repo, main, _, _, paths = history
    _agrees(repo.path, main[-1], paths)
    file = arrivals.index_file(repo.path, RECORDS)
    for damaged in ("x", [main[0], "1"], ["zz", 1], [main[0]]):
        index = json.loads(file.read_text(encoding="utf-8"))
        index["arrivals"]["resolutions/BD-2026-001.yml"] = damaged
        file.write_text(json.dumps(index), encoding="utf-8")
        arrivals.forget()
        _agrees(repo.path, main[-1], paths)
        arrivals.forget()
        _agrees(repo.path, main[2], paths)


def test_a_checkpoint_that_is_gone_falls_back_to_the_one_before(history: History) -> None:
    """A refused push's commits leave the server: the index built up to them names commits no more."""
    repo, main, _, _, paths = history
    _agrees(repo.path, main[3], paths)
    _agrees(repo.path, main[-1], paths)
    file = arrivals.index_file(repo.path, RECORDS)
    index = json.loads(file.read_text(encoding="utf-8"))
    gone, after = "1" * 40, len(main) + 1
    index["checkpoints"].append([gone, after])
    index["recent"][gone] = after
    index["arrivals"]["resolutions/BD-2026-099.yml"] = [gone, after]  # a record it alone brought
    file.write_text(json.dumps(index), encoding="utf-8")
    arrivals.forget()
    repo.write("resolutions/BD-2026-100.yml", "the push after\n")
    pushed = repo.commit("the next push")
    asked = [*paths, "resolutions/BD-2026-099.yml", "resolutions/BD-2026-100.yml"]
    for base in [main[-1], pushed, main[-2], *main, pushed]:
        _agrees(repo.path, base, asked)
    assert gone not in file.read_text(encoding="utf-8")


def test_a_shallow_clone_answers_as_git_does_there(history: History, tmp_path: Path) -> None:
    repo, _, _, _, paths = history
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "3", f"file://{repo.path}", str(shallow)], check=True)
    tip = git.resolve_commit(shallow, "main")
    line = git.first_parent_chain(shallow, tip)
    for base in [tip, *line, tip]:
        _agrees(shallow, base, paths)
