"""The index of the files' arrivals (git/arrivals.py) against git's own walk, `git log --first-parent
--diff-filter=A -- <record>`, at every commit of histories with records added, changed, deleted, added
again, brought by a merge, in a year folder and beside files that are not records; asked in every order,
from lines that diverge, from the index file and with it broken. The blobs it keeps against git's
`<commit>:<path>` at every commit of every line and at its first parent."""

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
    repo.write("resolutions/bodies.yml", "bodies\n")
    repo.write("resolutions/allowed_signers", "signers\n")
    (repo.path / "resolutions/BD-2026-001.yml").chmod(0o755)
    main.append(repo.commit("the rules, and a record made executable"))
    repo.remove("resolutions/BD-2026-001.yml")
    repo.write("resolutions/BD-2026-001.yml/inside.yml", "a folder where a record was\n")
    (repo.path / "resolutions/bodies.yml").unlink()
    (repo.path / "resolutions/bodies.yml").symlink_to("allowed_signers")
    main.append(repo.commit("a record's name made a folder's, the bodies a link"))
    repo.write("resolutions/bodies.yml", "bodies, changed\n")
    (repo.path / "resolutions/allowed_signers").chmod(0o755)
    repo.git("rm", "-q", "-r", "resolutions/BD-2026-001.yml")
    # (the folder gone before a shallow clone's boundary: git's walk of a path matches a folder's files too)
    main.append(repo.commit("the bodies changed, the signers made executable, the folder removed"))
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{main[0]},resolutions/module")
    repo.git("commit", "-q", "-m", "a submodule in the records folder")  # `commit` would add it as a folder
    main.append(repo.head())
    repo.write("resolutions/BD-2026-011.yml", "eleven\n")
    repo.git("add", "resolutions/BD-2026-011.yml")
    repo.git("commit", "-q", "-m", "a record")
    main.append(repo.head())
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
        b'{"format": 3, "folder": "resolutions", "checkpoints": [], "files": {}, "recent": {}, "folders": []}',
        b'{"format": 3, "folder": "resolutions", "checkpoints": [["zz", 1]], "files": {}, "recent": {},'
        b' "folders": []}',
        b'{"format": 3, "folder": "resolutions", "checkpoints": [[1, 1]], "files": [], "recent": {}, "folders": []}',
        b'{"format": 3, "folder": "elsewhere", "checkpoints": [], "files": {}, "recent": {}, "folders": []}',
        b'{"format": 3, "folder": "resolutions", "checkpoints": [["' + b"1" * 40 + b'", 1]], "files": {},'
        b' "recent": {}, "folders": [1]}',
        # the former formats: entries without blobs, no folders
        b'{"format": 1, "folder": "resolutions", "checkpoints": [["' + b"1" * 40 + b'", 1]], "arrivals": {},'
        b' "recent": {}}',
        b'{"format": 2, "folder": "resolutions", "checkpoints": [["' + b"1" * 40 + b'", 1]], "files": {},'
        b' "recent": {}}',
    ],
)
def test_a_file_that_is_not_an_index_is_written_again(history: History, broken: bytes) -> None:
    repo, main, _, _, paths = history
    arrivals.index_file(repo.path, RECORDS).parent.mkdir(exist_ok=True)
    (arrivals.index_file(repo.path, RECORDS)).write_bytes(broken)
    _agrees(repo.path, main[-1], paths)
    assert json.loads((arrivals.index_file(repo.path, RECORDS)).read_text(encoding="utf-8"))["format"] == 3


def test_an_entry_that_is_not_one_of_an_index_has_the_index_built_again(history: History) -> None:
    """The file is read as it is found and each entry checked when it is used."""
    repo, main, _, _, paths = history
    _agrees(repo.path, main[-1], paths)
    file = arrivals.index_file(repo.path, RECORDS)
    one = main[0]
    for damaged in (
        *("x", [one, 1], f"zz 1 {one}", one, f"{one} 1", f"{one} 1 {one} 2"),  # not an entry's shape
        *(f"{one} x {one}", f"{one} -1 {one}", f"{one} 1 zz", f"{one} 1 {one[:-1]}"),  # a field not one
        *(f"{one} 2 {one} 1 -", f"{one} 1 {one} 1 -"),  # positions that do not rise
    ):
        index = json.loads(file.read_text(encoding="utf-8"))
        index["files"]["resolutions/BD-2026-001.yml"] = damaged
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
    index["files"]["resolutions/BD-2026-099.yml"] = f"{gone} {after} {'2' * 40}"  # a record it alone brought
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


def _blobs_by_git(root: Path, rev: str) -> dict[str, str]:
    """What `<rev>:<path>` names for every blob below resolutions/ (files, executables, links)."""
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "-z", rev, "--", f"{RECORDS}/"], cwd=root, check=True, capture_output=True
    ).stdout
    found: dict[str, str] = {}
    for entry in listed.split(b"\0"):
        if entry:
            meta, _, path = entry.decode().partition("\t")
            _, kind, blob = meta.split(" ")
            if kind == "blob":
                found[path] = blob
    return found


def _as_git_names(root: Path, rev: str, found: dict[str, str | None], blobs: dict[str, str]) -> None:
    """Each answer of `blobs_at` is what `<rev>:<path>` names (a blob, or nothing at all), and every file
    git lists there is answered."""
    with git.Objects(root) as objects:
        for path, blob in found.items():
            header = objects.header(f"{rev}:{path}")
            assert (header is None) if blob is None else (header is not None and header[:2] == (blob, "blob"))
    assert {path: blob for path, blob in found.items() if blob is not None} == blobs, rev


# Never a file: a record's other place, a folder's name, a file below a folder that is one.
OTHERS = [
    "resolutions/2026/BD-2026-001.yml",
    "resolutions/2026",
    "resolutions/notes",
    "resolutions/BD-2026-001.yml/other.yml",
    "resolutions/none/BD-2026-001.yml",
]


def test_the_blobs_it_keeps_are_what_git_names_at_every_commit_and_its_parent(history: History) -> None:
    """Every file's blob at every commit of every line (and at each commit's first parent), through
    changes, deletions, additions again, a merge, a mode changed, a link, a submodule, a file's name made a
    folder's; and where nothing is, what git finds nothing at."""
    repo, main, side, proposal, paths = history
    kinds = {line.split()[0] for line in repo.git("ls-tree", "-r", main[-1], "--", RECORDS).splitlines()}
    assert kinds == {"100644", "100755", "120000", "160000"}
    absent = 0
    for forget in (False, True):
        for base in [*main, side[-1], proposal[-1]]:
            if forget:
                arrivals.forget()
            _agrees(repo.path, base, paths)  # reads the index of each folder for base
            line = repo.git("rev-list", "--first-parent", base).split()
            for rev in [*line, *(f"{commit}^" for commit in line[:-1])]:
                found = arrivals.blobs_at(repo.path, base, rev, [*paths, *OTHERS])
                _as_git_names(repo.path, rev, found, _blobs_by_git(repo.path, rev))
                absent += sum(blob is None for blob in found.values())
            assert arrivals.blobs_at(repo.path, base, f"{base}~1", paths) == {}  # no other names
    assert absent > 0


def test_blobs_are_known_only_of_commits_on_the_line_the_index_holds(history: History) -> None:
    repo, main, side, proposal, paths = history
    _agrees(repo.path, main[2], paths)
    assert arrivals.blobs_at(repo.path, main[2], main[3], paths) == {}  # after the base
    assert arrivals.blobs_at(repo.path, main[2], proposal[0], paths) == {}  # another line
    assert arrivals.blobs_at(repo.path, side[-1], main[1], paths) == {}  # a base the index does not hold
    found = arrivals.blobs_at(repo.path, main[2], main[1], paths)
    _as_git_names(repo.path, main[1], found, _blobs_by_git(repo.path, main[1]))


def test_a_damaged_entry_is_never_a_blob(history: History) -> None:
    """An entry that does not read as one leaves the file to git (and the index is built again when its
    arrival is asked)."""
    repo, main, _, _, paths = history
    _agrees(repo.path, main[-1], paths)
    file = arrivals.index_file(repo.path, RECORDS)
    index = json.loads(file.read_text(encoding="utf-8"))
    index["files"]["resolutions/allowed_signers"] = f"{main[1]} 2 {'3' * 39}"
    file.write_text(json.dumps(index), encoding="utf-8")
    arrivals.forget()
    arrivals.arrival(repo.path, main[-1], "resolutions/BD-2026-009.yml")
    ours = [path for path in paths if path.count("/") == 1]  # the folder of that index
    found = arrivals.blobs_at(repo.path, main[-1], main[-1], ours)
    assert "resolutions/allowed_signers" not in found
    assert {path: blob for path, blob in found.items() if blob}.items() < _blobs_by_git(
        repo.path, main[-1]
    ).items()
    _agrees(repo.path, main[-1], paths)
    found = arrivals.blobs_at(repo.path, main[-1], main[-1], paths)
    _as_git_names(repo.path, main[-1], found, _blobs_by_git(repo.path, main[-1]))


@pytest.mark.parametrize("parts", [2, 3, 4])
def test_a_line_walked_in_parts_at_once_answers_as_one_walk(
    history: History, monkeypatch: pytest.MonkeyPatch, parts: int
) -> None:
    """A long line is cut into parts walked by a git process each (a fresh clone's first check): here
    parts of one to four commits; each commit of every line asked in two orders, each built afresh: the
    arrivals as git's walk, the blobs at every commit of the line and its parent as git names them."""
    repo, main, side, proposal, paths = history
    monkeypatch.setattr(arrivals, "_PART", 1)
    monkeypatch.setattr(arrivals, "_WORKERS", parts)
    monkeypatch.setattr(arrivals, "_processors", lambda: parts)
    walks: list[tuple[str | None, str]] = []
    changed_on_line = git.queries.changed_on_line

    def counted(
        root: Path, rev: str, since: str | None, folder: str
    ) -> list[tuple[str, list[tuple[str, str, str]]]]:
        walks.append((since, folder))
        return changed_on_line(root, rev, since, folder)

    monkeypatch.setattr(git.queries, "changed_on_line", counted)
    every = [*main, *side, *proposal]
    for order in (list(reversed(every)), every):
        for base in order:
            arrivals.forget()
            arrivals.index_file(repo.path, RECORDS).unlink(missing_ok=True)
            _agrees(repo.path, base, paths)
            line = repo.git("rev-list", "--first-parent", base).split()
            for rev in [*line, *(f"{commit}^" for commit in line[:-1])]:
                found = arrivals.blobs_at(repo.path, base, rev, [*paths, *OTHERS])
                _as_git_names(repo.path, rev, found, _blobs_by_git(repo.path, rev))
    # The records folder's index is built afresh for each base: a walk that stops at a commit is a part.
    assert any(since is not None for since, folder in walks if folder == RECORDS), "walked in parts"
