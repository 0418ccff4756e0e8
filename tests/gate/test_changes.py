"""The git layer's parsers (no repository) and what a diff changes (real repositories)."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance import git
from governance.config import Config, load_config
from governance.errors import GovernanceError
from governance.gate.changes import front_matter, is_governed_file, list_changes
from tests.governed import AMENDED, COMPLIANCE, REGULATION, SEED, TRANSLATION, Governed, digest

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


@pytest.mark.parametrize(
    ("path", "governed"),
    [
        ("governance.yml", True),
        ("resolutions/bodies.yml", True),
        ("resolutions/allowed_signers", True),
        (".github/workflows/ci.yml", True),
        (".github/CODEOWNERS", True),
        ("resolutions/BD-2026-001.yml", False),
        ("README.md", False),
        (".github/dependabot.yml", False),
    ],
)
def test_governed_files(path: str, governed: bool) -> None:
    assert is_governed_file(path, Config()) is governed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"---\ngoverned_by: board\n---\n# T\n", {"governed_by": "board"}),
        (b"# No front matter\n", {}),
        (b"---\ngoverned_by: [unclosed\n---\n", {}),
        (b"---\nkey: &a 1\n---\n", {}),
        (None, {}),
    ],
)
def test_front_matter(text: bytes | None, expected: dict[str, object]) -> None:
    assert front_matter(text) == expected


@pytest.fixture
def gov(gov: Governed) -> Governed:
    gov.branch()
    return gov


def test_list_changes_kinds_digests_and_bodies(gov: Governed) -> None:
    # The pull request claims the compliance department governs the original: the base side decides.
    gov.repo.write(
        REGULATION, AMENDED.replace("governed_by: board-of-directors", f"governed_by: {COMPLIANCE}")
    )
    gov.repo.remove(TRANSLATION)
    gov.repo.write(
        "regulations/gifts.md", SEED.replace("governed_by: board-of-directors", f"governed_by: {COMPLIANCE}")
    )
    gov.repo.write("README.md", "not governed\n")
    gov.repo.commit("changes")

    changes = list_changes(gov.path, "main", "proposal", load_config(gov.path))

    assert [(c.kind, c.target, c.body) for c in changes] == [
        ("rescind", "bribery-prevention.ja", COMPLIANCE),
        ("amend", "bribery-prevention", "board-of-directors"),
        ("enact", "gifts", COMPLIANCE),
    ]
    rescind, amend, _ = changes
    assert rescind.content is None and rescind.path == TRANSLATION
    assert amend.digest == digest((gov.path / REGULATION).read_bytes())
    assert all(c.refusal is None for c in changes)


@pytest.mark.parametrize(
    ("where", "message"),
    [("missing", "no such folder"), ("plain", "not a git repository")],
)
def test_a_folder_that_is_not_a_repository_is_named_as_such(tmp_path: Path, where: str, message: str) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(GovernanceError, match=message):
        git.resolve_commit(tmp_path / where, "HEAD")
