"""git's output parsed by pure functions, and revisions checked, with no repository."""

from __future__ import annotations

import pytest

from governance import git
from governance.errors import GovernanceError

A, B = "a" * 40, "b" * 40
ZERO = git.NULL_SHA


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", []),
        (
            f":000000 100644 {ZERO} {A} A\0new.md\0:100644 000000 {B} {ZERO} D\0old dir/x.md\0".encode(),
            [
                git.DiffEntry("A", "000000", "100644", ZERO, A, "new.md"),
                git.DiffEntry("D", "100644", "000000", B, ZERO, "old dir/x.md"),
            ],
        ),
        (
            f":100644 120000 {A} {B} T\0link.md\0".encode(),
            [git.DiffEntry("T", "100644", "120000", A, B, "link.md")],
        ),
        (
            f":000000 100644 {ZERO} {A} A\0caf\xe9.md\0".encode("latin-1"),
            [git.DiffEntry("A", "000000", "100644", ZERO, A, "caf\udce9.md")],
        ),
    ],
    ids=["empty", "add and delete", "type change", "not utf-8 name"],
)
def test_parse_raw_diff(raw: bytes, expected: list[git.DiffEntry]) -> None:
    assert git.parse_raw_diff(raw) == expected


def test_parse_log_reads_headers_empty_commits_and_hostile_paths() -> None:
    data = (
        f"\x01{A}\x02first\0\n:000000 100644 {ZERO} {B} A\0\x01evil\0".encode()
        + f"\x01{B} {A}\x02empty commit\0".encode()
        + f"\x01{ZERO} {B} {A}\x02merge\0\n:100644 100644 {A} {B} M\0x.md\0".encode()
    )

    commits = git.parse_log(data)

    assert [(c.sha, c.parents, c.subject) for c in commits] == [
        (A, (), "first"),
        (B, (A,), "empty commit"),
        (ZERO, (B, A), "merge"),
    ]
    assert [e.path for e in commits[0].entries] == ["\x01evil"]
    assert commits[1].entries == ()
    assert commits[2].entries[0].status == "M"


def test_parse_ls_tree() -> None:
    data = f"100644 blob {A}\tregulations/a.md\x00160000 commit {B}\tregulations/sub\0".encode()

    assert git.parse_ls_tree(data) == [
        git.TreeEntry("100644", "blob", A, "regulations/a.md"),
        git.TreeEntry("160000", "commit", B, "regulations/sub"),
    ]


@pytest.mark.parametrize("rev", ["main", "HEAD~2", "origin/main", "v1.0", "abc123^{commit}", "main@{1}"])
def test_plain_revisions_pass(rev: str) -> None:
    assert git.check_rev(rev) == rev


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "-n", "main..evil other", "a\nb", "HEAD:path", ""])
def test_revisions_that_could_be_options_or_paths_are_refused(rev: str) -> None:
    with pytest.raises(GovernanceError, match="is not a revision"):
        git.check_rev(rev)


def test_tags_name_their_commit_peeled() -> None:
    commit, tag_object = "a" * 40, "b" * 40
    out = (
        f"refs/tags/2024-04-01\x00{commit}\x00\x00\x00commit\x002024-03-15\n"  # lightweight
        f"refs/tags/施行/令和6年\x00{tag_object}\x00{commit}\x00commit\x00tag\x002024-03-20\n"  # annotated
        f"refs/tags/a-tree\x00{commit}\x00\x00\x00tree\x002024-01-01\n"  # names no commit
    ).encode()
    assert [(t.name, t.commit, t.date.isoformat()) for t in git.parse_tags(out)] == [
        ("2024-04-01", commit, "2024-03-15"),
        ("施行/令和6年", commit, "2024-03-20"),
    ]
