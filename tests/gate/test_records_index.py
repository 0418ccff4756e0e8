"""The index of records by the digests they name (gate/records_index.py), against git's own search of
the records at every commit of a history: never a record fewer, more only where a record holds a run of
hex digits longer than a digest, in the same order."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from governance import git
from governance.gate.records_index import INDEX_PATH, records_naming
from governance.records.resolutions import RECORD_SUFFIX, is_record_path
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import digest, record_text

TEXTS = ["one", "two", "three", "four", "five"]
HEX = [digest(text).removeprefix("sha256:") for text in TEXTS]


def _record(repo: GitRepo, path: str, ident: str, text: str) -> None:
    repo.write(path, record_text(ident, [("bribery-prevention", "amend", digest(text))]))


def _history(tmp_path: Path) -> tuple[GitRepo, list[str]]:
    repo = GitRepo.init(tmp_path / "work")
    commits = []
    _record(repo, "resolutions/BD-2026-001.yml", "BD-2026-001", "one")
    _record(repo, "resolutions/BD-2026-002.yml", "BD-2026-002", "two")
    repo.write("resolutions/BD-2026-002.yml.sig", f"not a record, names {HEX[0]}\n")
    repo.write("resolutions/bodies.yml", f"# {HEX[1]}\nbodies: {{}}\n")
    commits.append(repo.commit("records"))
    _record(repo, "resolutions/2026/BD-2026-003.yml", "BD-2026-003", "three")  # a year folder
    repo.write("resolutions/notes/deeper/BD-2026-009.yml", f"{HEX[2]}\n")  # not a record's place
    repo.write("resolutions/BD-2026-005.yml", f"note: 'a{HEX[3]}{HEX[4]}'\n")  # one long run holding two
    commits.append(repo.commit("a year folder, a long run"))
    _record(repo, "resolutions/BD-2026-001.yml", "BD-2026-001", "two")  # modified
    repo.remove("resolutions/BD-2026-002.yml")
    repo.write("resolutions/BD-2026-006.yml", 'digest: "sha256:\\x61' + HEX[3][1:] + '"\n')  # an escape
    (repo.path / "resolutions" / "BD-2026-007.yml").symlink_to(HEX[0])  # git grep reads no link
    commits.append(repo.commit("one changed, one deleted, an escape, a link"))
    repo.remove("resolutions/2026/BD-2026-003.yml")
    _record(repo, "resolutions/BD-2026-004.yml", "BD-2026-004", "four")
    commits.append(repo.commit("one deleted, one added"))
    repo.git("rm", "-q", "-r", "resolutions")
    repo.write("README.md", "no records any more\n")
    commits.append(repo.commit("the records folder removed"))
    return repo, commits


def _bare(repo: GitRepo, tmp_path: Path) -> Path:
    bare = tmp_path / "server.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(bare)], check=True)
    return bare


def _grep(root: Path, rev: str, wanted: list[str]) -> list[str]:
    """The records git's search names (bodies.yml is searched too, and is not a record)."""
    found = git.files_containing(root, rev, "resolutions", [*wanted, "\\"], suffix=RECORD_SUFFIX)
    return [path for path in found if is_record_path(path, "resolutions")]


def _agrees(root: Path, objects: git.Objects, rev: str) -> None:
    for wanted in ([HEX[0]], [HEX[1], HEX[2]], [HEX[3]], HEX, []):
        named = records_naming(root, objects, rev, "resolutions", wanted)
        searched = _grep(root, rev, wanted)
        assert set(searched) <= set(named)
        assert set(named) - set(searched) <= {"resolutions/BD-2026-005.yml"}  # the long run
        assert [path for path in named if path in searched] == searched  # tree order


def test_the_server_keeps_an_index_that_finds_what_git_finds_at_every_commit(tmp_path: Path) -> None:
    repo, commits = _history(tmp_path)
    server = _bare(repo, tmp_path)
    index = server / INDEX_PATH
    with git.Objects(server) as objects:
        for rev in [*commits, commits[1], commits[0], commits[3]]:  # forwards, then back and forth
            _agrees(server, objects, rev)
        assert index.is_file()
        kept = json.loads(index.read_text())
        assert kept["tree"] == git.run(server, "rev-parse", f"{commits[3]}:resolutions").decode().strip()
        # Where the record with a long run is, a digest it does not hold names it all the same.
        assert "resolutions/BD-2026-005.yml" in records_naming(
            server, objects, commits[1], "resolutions", [digest("absent").removeprefix("sha256:")]
        )


def test_a_servers_grep_settings_change_nothing_the_index_reads(tmp_path: Path) -> None:
    repo, commits = _history(tmp_path)
    server = _bare(repo, tmp_path)
    for setting in ("grep.lineNumber", "grep.column"):  # they add numbers to the output parsed
        subprocess.run(["git", "-C", str(server), "config", setting, "true"], check=True)
    with git.Objects(server) as objects:
        for rev in commits:
            _agrees(server, objects, rev)


def test_a_checkout_without_an_index_asks_git_and_writes_none(tmp_path: Path) -> None:
    repo, commits = _history(tmp_path)
    with git.Objects(repo.path) as objects:
        for rev in commits:
            for wanted in ([HEX[0]], HEX):
                asked = [HEX[1]] if rev == commits[0] else wanted  # bodies.yml names HEX[1]
                assert records_naming(repo.path, objects, rev, "resolutions", asked) == git.files_containing(
                    repo.path, rev, "resolutions", [*asked, "\\"], suffix=RECORD_SUFFIX
                )
    assert not (repo.path / ".git" / INDEX_PATH).exists()


def test_a_checkout_where_the_gate_ran_before_builds_one_that_finds_what_git_finds(tmp_path: Path) -> None:
    """The gate's caches' folder in the git folder (the arrivals index of a first check made it): the second
    check builds the records index, and every later one moves it on."""
    repo, commits = _history(tmp_path)
    (repo.path / ".git" / INDEX_PATH).parent.mkdir(parents=True)
    with git.Objects(repo.path) as objects:
        for rev in commits:
            _agrees(repo.path, objects, rev)
            assert (repo.path / ".git" / INDEX_PATH).exists() or rev == commits[-1]  # the last has no records


def test_a_checkout_keeps_an_index_it_finds_up_to_date(tmp_path: Path) -> None:
    repo, commits = _history(tmp_path)
    server = _bare(repo, tmp_path)
    with git.Objects(server) as objects:
        records_naming(server, objects, commits[0], "resolutions", [HEX[0]])
    index = repo.path / ".git" / INDEX_PATH
    index.parent.mkdir(parents=True)
    index.write_bytes((server / INDEX_PATH).read_bytes())
    with git.Objects(repo.path) as objects:
        _agrees(repo.path, objects, commits[2])
    assert (
        json.loads(index.read_text())["tree"]
        == git.run(repo.path, "rev-parse", f"{commits[2]}:resolutions").decode().strip()
    )


def test_an_index_that_does_not_read_as_one_is_built_again(tmp_path: Path) -> None:
    repo, commits = _history(tmp_path)
    server = _bare(repo, tmp_path)
    index = server / INDEX_PATH
    index.parent.mkdir(parents=True)
    for damaged in [b"{", b"[]", json.dumps({"format": 2, "folder": "resolutions", "tree": 7}).encode()]:
        index.write_bytes(damaged)
        with git.Objects(server) as objects:
            _agrees(server, objects, commits[2])
        assert json.loads(index.read_text())["format"] == 2
    # Entries are checked as they are read: a damaged one, at the tree asked and at another, is no index.
    for rev in (commits[2], commits[3]):
        valid = json.loads(index.read_text())
        valid["records"]["resolutions/BD-2026-001.yml"] = "not marks"
        index.write_text(json.dumps(valid))
        with git.Objects(server) as objects:
            _agrees(server, objects, rev)
        assert all(isinstance(marks, list) for marks in json.loads(index.read_text())["records"].values())


def test_an_index_that_cannot_be_written_changes_no_answer(tmp_path: Path) -> None:
    repo, commits = _history(tmp_path)
    server = _bare(repo, tmp_path)
    (server / "governance").write_text("a file where the index's folder would be\n")
    with git.Objects(server) as objects:
        _agrees(server, objects, commits[2])
