"""What a diff changes (real repositories)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance import git
from governance.config import Config, load_config
from governance.errors import GovernanceError
from governance.gate import changes as changes_module
from governance.gate.changes import front_matter, is_governed_file, list_changes, regulation_paths
from governance.text import recognisers
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import AMENDED, COMPLIANCE, REGULATION, SEED, TRANSLATION, Governed, digest


@pytest.mark.parametrize(
    ("path", "governed"),
    [
        ("governance.yml", True),
        ("resolutions/bodies.yml", True),
        ("resolutions/allowed_signers", True),
        (".github/workflows/ci.yml", True),
        (".github/CODEOWNERS", True),
        # GitHub reads the code owners from .github/, the root or docs/, the first it finds (H6)
        ("CODEOWNERS", True),
        ("docs/CODEOWNERS", True),
        ("site/CODEOWNERS", True),  # by governed_paths' site/*
        ("notes/CODEOWNERS", False),
        ("resolutions/BD-2026-001.yml", False),
        ("README.md", False),
        (".github/dependabot.yml", True),  # every file GitHub reads from .github/ (H6b)
        (".github/actions/deploy/action.yml", True),
        (".githubx/actions/deploy/action.yml", False),
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

    assert [(c.action, c.target, c.body) for c in changes] == [
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


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (b"---\ngoverned_by: x\n---\nbody\n---\n", {"governed_by": "x"}),
        (b"---\r\ngoverned_by: x\r\n...\r\nbody", {"governed_by": "x"}),
        (b"\xef\xbb\xbf---\ngoverned_by: x\n---", {"governed_by": "x"}),
        (b"---\ngoverned_by: x\n----\n---\n", {}),  # '----' does not close it; the YAML then fails
        (b"---\ngoverned_by: x\n", {}),  # never closed
    ],
)
def test_the_gate_reads_the_front_matter_as_the_parser_delimits_it(
    text: bytes, keys: dict[str, object]
) -> None:
    assert front_matter(text) == keys


def test_texts_at_the_root_are_what_the_pattern_selects(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "kitei")
    config = Config(regulations=".", regulations_pattern=r"[0-9]{2}_.+(規則|規程)\.md")
    repo.write("README.md", "# 規程集\n")
    repo.write("01_就業規則.md", "# 就業規則\n")
    base = repo.commit("texts")
    repo.write("README.md", "# 規程集（改）\n")
    repo.write("改正手続.md", "# 改正手続\n")
    repo.write("01_就業規則.md", "# 就業規則（改）\n")
    repo.write("02_賃金規程.md", "# 賃金規程\n")
    repo.write("resolutions/03_旧規程.md", "# 記録の中\n")
    (repo.path / "04_リンク規則.md").symlink_to("01_就業規則.md")
    repo.commit("changes")

    changes = list_changes(repo.path, base, "HEAD", config)

    assert [(c.action, c.target, c.refusal is None) for c in changes] == [
        ("amend", "01_就業規則", True),
        ("enact", "02_賃金規程", True),
        ("enact", "04_リンク規則", False),  # a symbolic link is never a regulation's text
    ]
    assert "symbolic link" in str(changes[2].refusal)
    assert regulation_paths(repo.path, "HEAD", config) == {
        "01_就業規則.md",
        "02_賃金規程.md",
        "04_リンク規則.md",
    }


def _front_matter_before(text: bytes | None) -> dict[str, object]:
    """front_matter as it read every text before its heads were kept (issue 14): the oracle."""
    if text is None or not text.removeprefix(b"\xef\xbb\xbf").startswith(b"---"):
        return {}
    fences = [at for at in (text.find(b"\n---"), text.find(b"\n...")) if at >= 0]
    end = text.find(b"\n", min(fences) + 1) if fences else -1
    for candidate in (text[: end + 1], text) if end >= 0 else (text,):
        try:
            decoded = candidate.decode("utf-8")
        except UnicodeDecodeError:
            return {}
        block = recognisers.front_matter_block(recognisers.source_text(decoded))
        if block is None:
            return {}
        if block.closed:
            return dict(changes_module._front_matter_keys(block.source))
    return {}


_LINES = [
    "---",
    "--- ",
    "----",
    "...",
    "governed_by: board",
    "governed_by: compliance-department",
    "translation_of: bribery-prevention",
    "title: Rules",
    "title: " + "long " * 500,
    "# Title",
    "Article 1. Text",
    "governed_by: [a, b]",
    "---a: 1",  # a head that only looks closed at this line
    "...a: 1",
    "a: 'quoted'",
    "  nested: 1",
    "",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_LINES), max_size=8),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from([b"", b"\xef\xbb\xbf"]),
    st.sampled_from([b"", b"\xff", "—".encode()]),
    st.booleans(),
)
def test_the_front_matter_kept_by_its_head_reads_as_every_text_was_read(
    lines: list[str], newline: str, bom: bytes, odd: bytes, final: bool
) -> None:
    """A text's head is read once and kept (issue 14): each text still gets the keys it got when read
    whole, heads shared by texts with other bodies, heads beyond the size kept, never closed or not UTF-8
    included, asked twice."""
    text = bom + newline.join(["---", *lines]).encode() + (newline.encode() if final else b"") + odd
    for variant in (text, text + b"\nmore text\n---\n", text[:-1] if text else text):
        assert changes_module.front_matter(variant) == _front_matter_before(variant)
        assert changes_module.front_matter(variant) == _front_matter_before(variant)


def test_a_long_front_matter_is_read_but_not_kept() -> None:
    """The audit keeps the keys of front matters as long as a head (2 KiB): one an adversary makes a
    megabyte long, in every commit, would otherwise stay in memory (issue 14)."""
    long = b"---\ntitle: " + b"a" * 100_000 + b"\ngoverned_by: audit-committee\n---\n\n# A\n"
    kept = changes_module._front_matter_keys.cache_info().currsize
    assert front_matter(long) == {"title": "a" * 100_000, "governed_by": "audit-committee"}
    assert front_matter(long) == {"title": "a" * 100_000, "governed_by": "audit-committee"}
    assert changes_module._front_matter_keys.cache_info().currsize == kept


def test_names_are_read_alike_whether_kept_or_too_long_to_keep() -> None:
    deep = "/".join(["folder"] * 100)  # 699 characters: read, never kept
    assert recognisers.regulation_id(f"{deep}/a.md") == f"{deep}/a"
    assert recognisers.regulation_id(f"{deep}/a.md") == f"{deep}/a"
    assert recognisers.regulation_id("a/history.md") == "a/history"  # short: kept
    assert recognisers.generated_page_clash(f"{deep}/history") is not None
    assert recognisers.generated_page_clash(f"{deep}/a") is None
    assert recognisers.is_nameable(f"{deep}/a b", leading_dot=False) is False
