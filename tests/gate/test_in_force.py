"""The records at the parent of each judged commit, as a walk keeps them from one commit to the next
(`RecordsOnWalk`): always the same decisions as the records git lists at that parent."""

from __future__ import annotations

from pathlib import Path

from governance import git
from governance.config import Config
from governance.gate.changes import sort_entries
from governance.gate.in_force import RecordsAt, RecordsOnWalk, amended_digests, record_blobs
from governance.records.resolutions import Decision, Resolution
from tests.testing.gitrepo import AskedObjects, GitRepo
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


def test_git_searching_the_records_finds_what_reading_each_one_finds(tmp_path: Path) -> None:
    # The check asks git to search the records' bytes; the walk reads each record it keeps: the same
    # records may approve a digest either way (written literally, or spelt with an escape).
    repo = GitRepo.init(tmp_path / "repo")
    one, two = digest("one"), digest("two")
    _record(repo, "resolutions/BD-2026-001.yml", "BD-2026-001", "one")
    escaped = record_text("BD-2026-002", [("bribery-prevention", "amend", two)])
    hex_two = two.removeprefix("sha256:")
    repo.write(  # "\x" escapes of its first two digits: only a parse shows the digest
        "resolutions/BD-2026-002.yml",
        escaped.replace(
            f"digest: {two}",
            f'digest: "sha256:\\x{ord(hex_two[0]):02x}\\x{ord(hex_two[1]):02x}{hex_two[2:]}"',
        ),
    )
    _record(repo, "resolutions/2026/BD-2026-003.yml", "BD-2026-003", "three")
    (repo.path / "resolutions" / "BD-2026-004.yml").symlink_to(one.removeprefix("sha256:"))  # never counts
    tip = repo.commit("records")
    with git.Objects(repo.path) as objects:
        searched = RecordsAt(repo.path, objects, tip, Config())
        listed = RecordsAt(
            repo.path, objects, tip, Config(), records=lambda wanted: record_blobs(repo.path, tip, Config())
        )
        for wanted, ids in (({one}, ["BD-2026-001", "BD-2026-002"]), ({two}, ["BD-2026-002"])):
            found = [(r.id, d.digest) for r, d in searched.approving(wanted)]
            assert found == [(r.id, d.digest) for r, d in listed.approving(wanted)]
            assert sorted({ident for ident, _ in found}) == ids
        assert ("BD-2026-002", two) in [(r.id, d.digest) for r, d in searched.approving({two})]


def test_a_digest_inside_a_longer_run_of_hex_digits_is_found_by_every_reader(tmp_path: Path) -> None:
    # git's search finds a digest wherever the run holding it is; the index and the walk's reading apply
    # one rule (records/named_digests): a longer run may name any digest, so the record is parsed.
    repo = GitRepo.init(tmp_path / "repo")
    one, two = digest("one"), digest("two")
    hex_two = two.removeprefix("sha256:")
    record = record_text("BD-2026-001", [("bribery-prevention", "amend", one)])
    repo.write("resolutions/BD-2026-001.yml", f"# seen in a note: a{hex_two}{hex_two[:7]}\n{record}")
    tip = repo.commit("a record holding a long run")
    repo.write("README.md", "nothing governed\n")
    repo.commit("no record touched")
    with git.Objects(repo.path) as objects:
        searched = RecordsAt(repo.path, objects, tip, Config())
        listed = RecordsAt(
            repo.path, objects, tip, Config(), records=lambda wanted: record_blobs(repo.path, tip, Config())
        )
        walk = RecordsOnWalk(repo.path, objects)
        walk.expect(tip, Config(), [two])
        kept = walk.at_parent(git.first_parent_log(repo.path, "main")[-1], Config())
        assert kept is not None
        found = _ids(searched.approving({two}))
        assert found == [("BD-2026-001", one)]
        assert _ids(listed.approving({two})) == found
        assert _ids(kept.approving({two})) == found


def test_a_walk_that_expects_its_digests_searches_once_and_finds_the_same(tmp_path: Path) -> None:
    # The hook knows the texts its commits amend before judging any: one search at the trusted commit,
    # then the records the walked commits add, change or delete; a digest not expected lists them all.
    repo = _history(tmp_path)
    asked = [digest("one"), digest("one, amended"), digest("three"), digest("four")]
    with git.Objects(repo.path) as objects:
        history = git.first_parent_log(repo.path, "main")
        for expected in (asked, asked[:1]):
            walk = RecordsOnWalk(repo.path, objects)
            walk.expect(history[0].sha, Config(), expected)
            for commit in history[1:]:
                fresh = RecordsAt(repo.path, objects, commit.parents[0], Config())
                kept = walk.at_parent(commit, Config())
                assert kept is not None
                for wanted in asked:
                    assert _ids(kept.approving({wanted})) == _ids(fresh.approving({wanted}))
                walk.advance(commit)


def _ids(decisions: list[tuple[Resolution, Decision]]) -> list[tuple[str, str]]:
    return sorted((resolution.id, decision.digest) for resolution, decision in decisions)


def test_a_records_folder_named_like_a_pattern_is_searched_as_named(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    _record(repo, "rec[o]rds/BD-2026-001.yml", "BD-2026-001", "one")
    _record(repo, "records/BD-2026-002.yml", "BD-2026-002", "one")  # not the folder configured
    tip = repo.commit("records")
    with git.Objects(repo.path) as objects:
        config = Config(records="rec[o]rds")
        found = RecordsAt(repo.path, objects, tip, config).approving({digest("one")})
        assert _ids(found) == [("BD-2026-001", digest("one"))]


def test_the_texts_a_walk_asks_about_are_read_and_hashed_once(tmp_path: Path) -> None:
    # The hook asks which texts its commits amend before judging them, then again as it judges each.
    repo = GitRepo.init(tmp_path / "repo")
    old = f"# A text of {tmp_path}\n"  # a blob no other test has read
    repo.write("regulations/gifts.md", old)
    before = repo.commit("enact")
    repo.write("regulations/gifts.md", old + "\nAmended.\n")
    after = repo.commit("amend")
    entries = sort_entries(git.diff_tree(repo.path, before, after), Config())
    objects = AskedObjects(repo.path)
    with objects:
        asked = [amended_digests(objects, entries, Config()) for _ in range(2)]
    assert asked == [{"gifts": digest(old)}] * 2
    assert objects.asked == [repo.git("rev-parse", f"{before}:regulations/gifts.md")]
