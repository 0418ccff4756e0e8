"""git.Objects: one `git cat-file --batch` process, asked one object at a time or many in one stream."""

from __future__ import annotations

import pytest

from governance import git
from governance.config import Config
from governance.errors import GovernanceError
from governance.gate.changes import TreePaths, regulation_paths
from governance.limits import MAX_SIGNATURE_BYTES, BeyondLimit
from tests.testing.gitrepo import AskedObjects, GitRepo


def test_prefetch_reads_many_objects_in_one_stream_and_forgets_them(repo: GitRepo) -> None:
    texts = {f"f{n}.md": f"text {n}\n" * (n * 1000 + 1) for n in range(40)}  # some larger than a pipe
    for name, text in texts.items():
        repo.write(name, text)
    commit = repo.commit("many files")
    blobs = {name: repo.git("rev-parse", f"{commit}:{name}") for name in texts}
    missing = "1" * 40

    with git.Objects(repo.path) as objects:
        objects.prefetch([*blobs.values(), missing, *blobs.values()])
        # The cat-file process has no question pending: a plain read after the stream still works.
        assert objects.blob(f"{commit}:f3.md") == texts["f3.md"].encode()
        for name, blob in blobs.items():
            assert objects.blob(blob) == texts[name].encode()
        assert objects.read(missing) is None
        objects.forget()
        assert objects.blob(blobs["f7.md"]) == texts["f7.md"].encode()
        assert objects.read(f"{commit}:nothing-here.md") is None
        objects.prefetch([])  # nothing to ask: no stream at all, and the process still answers after it
        assert objects.blob(blobs["f1.md"]) == texts["f1.md"].encode()


def test_a_fetchers_first_objects_are_had_early_and_again_with_the_rest(repo: GitRepo) -> None:
    texts = {f"f{n}.md": f"text {n}\n" * (n * 1000 + 1) for n in range(20)}
    for name, text in texts.items():
        repo.write(name, text)
    commit = repo.commit("many files")
    blobs = [repo.git("rev-parse", f"{commit}:{name}").strip() for name in texts]
    missing = "1" * 40

    with git.Fetcher(repo.path) as fetcher:
        assert fetcher.early() is None  # no batch yet
        fetcher.start([*blobs, missing], first=[blobs[3], missing, blobs[3]])
        early = None
        while early is None:
            early = fetcher.early()
        assert early == {blobs[3]: (blobs[3], "blob", texts["f3.md"].encode()), missing: None}
        taken = fetcher.take()
        assert set(taken) == {*blobs, missing}  # the first ones again, each read once
        assert all(
            taken[blob] == (blob, "blob", text.encode())
            for blob, text in zip(blobs, texts.values(), strict=True)
        )
        fetcher.start(blobs[:2])  # a batch without first objects: had early as none at all
        assert fetcher.early(wait=True) == {}
        assert set(fetcher.take()) == set(blobs[:2])
        assert fetcher.early() is None and fetcher.early(wait=True) is None  # no batch: nothing to wait for
        fetcher._objects._process.kill()  # git gone: waiting ends, with nothing; take says what happened
        fetcher._objects._process.wait()
        fetcher.start(blobs, first=blobs[:3])
        assert fetcher.early(wait=True) is None
        with pytest.raises(GovernanceError, match="stopped answering"):
            fetcher.take()


def test_the_streamed_log_is_the_log_and_stops_git_when_left_early(repo: GitRepo) -> None:
    for n in range(30):
        repo.write(f"f{n % 4}.md", f"version {n}\n" * 5000)  # enough output to fill a pipe
        repo.commit(f"commit {n}")
    whole = git.first_parent_log(repo.path, "HEAD")

    with git.streamed_first_parent_log(repo.path, "HEAD") as commits:
        assert list(commits) == whole
    with git.streamed_first_parent_log(repo.path, "HEAD") as commits:
        assert next(commits) == whole[0]  # leaving here must not hang on a git blocked writing
    with (
        # git's own words, kept aside while the log streamed (an unnamed file where the system has one),
        # not its bare exit status
        pytest.raises(GovernanceError, match=r"git log failed: (?![0-9]+$)\S"),
        git.streamed_first_parent_log(repo.path, "no-such-branch") as commits,
    ):
        list(commits)


def test_a_log_started_early_is_the_log_the_walk_reads_and_one_nobody_reads_is_ended(repo: GitRepo) -> None:
    from governance.git import log

    for n in range(30):
        repo.write(f"f{n % 4}.md", f"version {n}\n" * 5000)  # more than a pipe holds: git waits to be read
        repo.commit(f"commit {n}")
    tip = repo.head()
    whole = git.first_parent_log(repo.path, tip)
    log.start_early(repo.path, tip)
    early = log._EARLY[(str(repo.path), tip)][0]
    with git.streamed_first_parent_log(repo.path, tip) as commits:
        assert not log._EARLY  # taken, once
        assert list(commits) == whole
    assert early.returncode == 0
    with git.streamed_first_parent_log(repo.path, tip) as commits:  # a second walk starts git itself
        assert list(commits) == whole

    log.start_early(repo.path, f"{tip}~1")  # the tip moved on, or the walk never came
    unread = log._EARLY[(str(repo.path), f"{tip}~1")][0]
    with git.streamed_first_parent_log(repo.path, tip) as commits:
        assert list(commits) == whole
    assert unread.returncode is None
    log._end_early()  # at exit
    assert unread.returncode is not None and not log._EARLY
    log.start_early(repo.path / "nowhere", tip)  # no such folder: nothing started, the walk says why
    assert not log._EARLY


def test_git_logs_words_are_kept_where_the_system_makes_no_unnamed_file(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # macOS has no memfd_create: git's messages then wait in a temporary file, as they did before.
    repo.write("a.md", "a\n")
    repo.commit("one")
    monkeypatch.delattr("os.memfd_create", raising=False)
    with (
        pytest.raises(GovernanceError, match=r"git log failed: (?![0-9]+$)\S"),
        git.streamed_first_parent_log(repo.path, "no-such-branch") as commits,
    ):
        list(commits)


def test_tree_paths_answer_as_the_listing_does(repo: GitRepo) -> None:
    for path in ["regulations/a.md", "regulations/co-1/b.md", "regulations/co-1/deep/c.md", "other/d.md"]:
        repo.write(path, "text\n")
    (repo.path / "regulations/co-1/link.md").symlink_to("b.md")
    commit = repo.commit("files")
    config = Config()
    listed = regulation_paths(repo.path, commit, config)
    asked = [
        "regulations/co-1",
        "regulations/co-1/deep",
        "regulations/none.md",
        "other/d.md",
        "regulations/A.md",
    ]

    with git.Objects(repo.path) as objects:
        paths = TreePaths(repo.path, objects, commit, config)
        answers = {path: path in paths for path in [*listed, *asked]}
        assert set(paths) == listed and len(paths) == len(listed)  # listed whole when iterated

    assert listed == {
        "regulations/a.md",
        "regulations/co-1/b.md",
        "regulations/co-1/deep/c.md",
        "regulations/co-1/link.md",
    }
    assert answers == {path: path in listed for path in answers}
    assert git.tree_files(b"") == []


def test_a_blob_beyond_a_limit_is_refused_by_its_header_unread(repo: GitRepo) -> None:
    huge = b"-----BEGIN SSH SIGNATURE-----\n" + b"A" * (5 * 1024 * 1024)  # beyond what a read-ahead keeps
    repo.write("resolutions/BD-2026-001.yml.sig", huge)
    repo.write("resolutions/small.txt", "small\n")
    commit = repo.commit("a huge signature")
    big, small = (
        repo.git("rev-parse", f"{commit}:resolutions/{name}") for name in ("BD-2026-001.yml.sig", "small.txt")
    )

    objects = AskedObjects(repo.path)
    with objects:
        found = objects.blob_within(f"{commit}:resolutions/BD-2026-001.yml.sig", MAX_SIGNATURE_BYTES)
        assert found == BeyondLimit(len(huge), MAX_SIGNATURE_BYTES)
        assert objects.asked == []  # its content was never asked of git: only its header
        assert objects.blob_within(f"{commit}:resolutions/small.txt", MAX_SIGNATURE_BYTES) == b"small\n"
        assert objects.blob_within(f"{commit}:resolutions/none", MAX_SIGNATURE_BYTES) is None
        assert objects.blob_within(f"{commit}:resolutions", MAX_SIGNATURE_BYTES) is None  # a tree

        # Read ahead, a blob beyond what a window keeps is drained from the stream, not held in memory;
        # the stream goes on, and the blob is still there for a reader that asks for it whole.
        objects.prefetch([big, small])
        kept = objects.hand_over()
        assert small in kept and big not in kept
        objects.keep(kept)
        assert objects.blob_within(big, MAX_SIGNATURE_BYTES) == BeyondLimit(len(huge), MAX_SIGNATURE_BYTES)
        assert objects.blob(big) == huge


@pytest.mark.parametrize("name", ["a b", "a b c", "x 1 2", "a\tb"])
def test_a_missing_name_with_spaces_is_missing(repo: GitRepo, name: str) -> None:
    """git answers `<name> missing`: a name of two words made three words, read as a header, and the
    size `missing` crashed the judge (issue 12, H1)."""
    repo.write("README.md", "one file\n")
    commit = repo.commit("one file")
    with git.Objects(repo.path) as objects:
        assert objects.read(f"{commit}:{name}") is None
        assert objects.header(f"{commit}:{name}") is None
        assert objects.read(f"{commit}:README.md") is not None  # the protocol is still in step


@pytest.mark.parametrize("pays", [0, 10**9])
def test_files_looked_up_in_one_listing_answer_as_git_looks_each_up(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, pays: int
) -> None:
    """`entries_at` (one `git ls-tree` of a commit for several files) answers `read` and `header` exactly
    as cat-file's look-up of each: blobs, absent files, folders and submodules asked of git, names that a
    pattern would read otherwise, and paths written other than as git lists them; below the folder size
    where it pays, it asks nothing."""
    monkeypatch.setattr("governance.git.objects._LISTING_PAYS", pays)
    for name in [
        "records/a.yml",
        "records/a.yml.sig",
        "records/[ab].yml",
        "records/*.yml",
        "records/2024/b.yml",
    ]:
        repo.write(name, f"{name}\n")
    first = repo.commit("records")
    repo.write("records/c.yml", "c\n")
    repo.write("top.yml", "top\n")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{first},records/module")
    second = repo.commit("more")
    paths = [
        "records/a.yml", "records/a.yml.sig", "records/c.yml", "records/[ab].yml", "records/*.yml",
        "records/2024/b.yml", "records/2024", "records", "records/module", "records/none.yml",
        "records/a.yml/x", "records//a.yml", "./top.yml", "records/../top.yml", "top.yml", "no/such.yml",
    ]  # fmt: skip
    for rev in [second, f"{second}^", f"{first}^", "1" * 40]:
        with git.Objects(repo.path) as listed, git.Objects(repo.path) as each:
            listed.entries_at(rev, paths)
            for path in paths:
                name = f"{rev}:{path}"
                assert listed.header(name) == each.header(name), name
                assert listed.read(name) == each.read(name), name
            assert (listed._entries != {}) == (pays == 0 and rev != f"{first}^" and rev != "1" * 40)


def test_a_known_blob_is_read_by_its_id_and_a_claim_of_no_blob_is_asked_of_git(repo: GitRepo) -> None:
    """`known` (the blob an index of the history names at `<rev>:<path>`) serves `read`, `header` and
    `blob_within` by id, without git looking the path up; an id that names no blob in the repository (a
    damaged index: absent, a tree, a commit) is not served, and git answers by name."""
    repo.write("records/a.yml", "a\n")
    repo.write("records/b.yml", "b\n")
    commit = repo.commit("records")
    blob, tree = repo.git("rev-parse", f"{commit}:records/a.yml"), repo.git("rev-parse", f"{commit}:records")
    with git.Objects(repo.path) as objects, git.Objects(repo.path) as each:
        objects.known(commit, {"records/a.yml": blob, "records/ghost.yml": blob})
        assert objects.header(f"{commit}:records/a.yml") == each.header(f"{commit}:records/a.yml")
        assert objects.read(f"{commit}:records/a.yml") == each.read(f"{commit}:records/a.yml")
        assert objects.blob_within(f"{commit}:records/a.yml", 100) == b"a\n"
        # Served by its id, not looked up: git knows no such file (the index is trusted as the history is).
        assert objects.read(f"{commit}:records/ghost.yml") == (blob, "blob", b"a\n")
        assert each.read(f"{commit}:records/ghost.yml") is None
        for wrong in ("1" * 40, tree, commit):
            objects.known(commit, {"records/b.yml": wrong, "records/none.yml": wrong})
            for path in ("records/b.yml", "records/none.yml"):
                assert objects.header(f"{commit}:{path}") == each.header(f"{commit}:{path}"), (wrong, path)
                objects.known(commit, {path: wrong})
                assert objects.read(f"{commit}:{path}") == each.read(f"{commit}:{path}"), (wrong, path)
