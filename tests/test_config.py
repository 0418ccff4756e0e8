"""governance.yml: which files are regulations (a folder, or a pattern, also at the repository root)."""

from __future__ import annotations

import fnmatch

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from governance.config import Config, GovernedPattern, folded, parse_config
from governance.errors import GovernanceError

ROOT = 'regulations: .\nregulations_pattern: "[0-9]{2}_.+(規則|規程)\\\\.md"\n'


@pytest.mark.parametrize(
    ("path", "relative"),
    [
        ("01_就業規則.md", "01_就業規則.md"),
        ("10_人事/11_賃金規程.md", "10_人事/11_賃金規程.md"),  # the pattern sees the whole path
        ("README.md", None),
        ("改正手続.md", None),
        ("01_就業規則.md.bak", None),
        ("01_就業規則.pdf", None),
        ("resolutions/01_就業規則.md", None),  # never the records folder
        (".github/01_就業規則.md", None),  # never a hidden folder
        ("x/.old/01_就業規則.md", None),
    ],
)
def test_a_pattern_at_the_root_selects_only_the_texts(path: str, relative: str | None) -> None:
    assert parse_config(ROOT).regulation_relative(path) == relative


def test_without_a_pattern_every_file_below_the_folder_is_a_regulation() -> None:
    config = Config()
    assert config.regulation_relative("regulations/hr/leave.md") == "hr/leave.md"
    assert config.regulation_relative("regulations/notes.txt") == "notes.txt"  # refused by the gate
    assert config.regulation_relative("regulations-old/leave.md") is None
    assert config.regulation_path("hr/leave") == "regulations/hr/leave.md"


def test_the_folder_is_normalised_and_the_root_has_no_prefix() -> None:
    assert parse_config("regulations: ./規程/\n").regulations == "規程"
    root = parse_config(ROOT)
    assert root.regulations == "." and root.regulations_prefix == ""
    assert root.regulation_path("01_就業規則") == "01_就業規則.md"
    in_folder = parse_config('regulations: 規程\nregulations_pattern: ".*規程\\\\.md"\n')
    assert in_folder.regulation_relative("規程/賃金規程.md") == "賃金規程.md"
    assert in_folder.regulation_relative("規程/メモ.md") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("regulations: .\n", "needs regulations_pattern"),
        ("regulations: ''\n", "needs regulations_pattern"),
        ("regulations: ../other\n", "not a folder of this repository"),
        ("regulations: /etc\n", "not a folder of this repository"),
        ('regulations: .\nregulations_pattern: "(規則"\n', "is not a regular expression"),
        # Records signed in the packs' namespace could pass for a pack's signature (pack_signature).
        ("signature_namespace: governance-evidence-pack\n", "is the namespace of evidence packs' signatures"),
    ],
)
def test_a_selection_that_cannot_work_is_refused_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(GovernanceError, match=r"governance\.yml") as raised:
        parse_config(text)
    assert message in str(raised.value)


_GLOB_CHARS = st.sampled_from(list("aAbB/.*?[]!-_xXİıſſ\u00e9e\u0301ﬁ"))


@given(st.text(_GLOB_CHARS, max_size=8), st.text(_GLOB_CHARS, max_size=10))
@example("site/*", "SITE/x.md")
@example("[!a]*", "A")
@example("ﬁle", "FILE")
def test_a_governed_pattern_matches_as_fnmatch_of_the_names_and_of_their_folded_forms(
    pattern: str, path: str
) -> None:
    # GovernedPattern.matches keeps fnmatch's regular expressions of the pattern, made once (issue 14).
    expected = fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(folded(path), folded(pattern))
    assert GovernedPattern(pattern).matches(path) == expected
