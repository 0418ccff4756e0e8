"""The lint baseline: findings recorded at adoption do not fail, new ones do; rules set per repository."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from governance.config import parse_config
from governance.errors import GovernanceError
from governance.i18n import Message
from governance.lint.baseline import file_lines, new_findings, parse_baseline, render_baseline
from governance.lint.runner import configured, lint_paths
from governance.text.findings import Finding

TEXT = """---
title: Travel
---

# Travel

## Article 1. Purpose

1.\tThese rules govern travel.\x20\x20
2. Staff book through the travel desk.
"""


def _tree(tmp_path: Path, text: str) -> Path:
    (tmp_path / "regulations").mkdir(exist_ok=True)
    (tmp_path / "regulations" / "travel.md").write_text(text, "utf-8")
    return tmp_path


def test_recorded_findings_stay_recorded_when_lines_move_and_new_ones_fail(tmp_path: Path) -> None:
    root = _tree(tmp_path, TEXT)
    config = parse_config("front_matter: lenient\n")
    at_adoption = lint_paths(root, config)
    assert sorted(f.code for f in at_adoption) == ["ENC004", "ENC007"]
    recorded = parse_baseline(render_baseline(at_adoption, file_lines(root)), "lint-baseline.yml")
    assert sum(recorded.values()) == 2

    # An amendment above the old findings moves them two lines down, and adds a finding of its own.
    amended = TEXT.replace("# Travel\n", "# Travel\n\nTravel desk edition.  \n")
    root = _tree(tmp_path, amended)
    findings = lint_paths(root, config)
    new, known = new_findings(findings, recorded, file_lines(root))
    assert known == 2
    assert [(f.line, f.code) for f in new] == [(7, "ENC004")]

    # A recorded line that the amendment rewrites is new text: its finding is new.
    rewritten = TEXT.replace("travel.  \n", "all travel.  \n")
    root = _tree(tmp_path, rewritten)
    new, known = new_findings(lint_paths(root, config), recorded, file_lines(root))
    assert (known, [f.code for f in new]) == (0, ["ENC007", "ENC004"])  # both on that line


def test_the_same_finding_twice_needs_two_entries(tmp_path: Path) -> None:
    finding = Finding("regulations/a.md", 1, 1, "ENC004", Message("trailing whitespace"))
    lines = {"regulations/a.md": ["x  ", "x  "]}.__getitem__
    once = parse_baseline(render_baseline([finding], lines), "b.yml")
    twice = [finding, Finding("regulations/a.md", 2, 1, "ENC004", Message("trailing whitespace"))]
    assert new_findings(twice, once, lines) == ([twice[1]], 1)


def test_an_empty_baseline_and_a_broken_one(tmp_path: Path) -> None:
    assert parse_baseline(render_baseline([], file_lines(tmp_path)), "b.yml") == Counter()
    with pytest.raises(GovernanceError) as caught:
        parse_baseline("findings:\n  - {path: a.md, line: 1, code: tab, digest: x}\n", "lint-baseline.yml")
    assert "lint-baseline.yml" in caught.value.render()


def test_tab_advice_keeps_the_words_apart(tmp_path: Path) -> None:
    root = _tree(tmp_path, TEXT)
    [tab] = [f for f in lint_paths(root, parse_config("front_matter: lenient\n")) if f.code == "ENC007"]
    assert "replace it by spaces" in tab.message and "delete" not in tab.message


def test_rules_set_per_repository(tmp_path: Path) -> None:
    root = _tree(tmp_path, TEXT)
    config = parse_config('front_matter: lenient\nlint:\n  ENC004: "off"\n  ENC007: warning\n')
    assert [(f.code, f.severity) for f in lint_paths(root, config)] == [("ENC007", "warning")]
    assert parse_config("lint: {ENC004: false}\n").lint == {"ENC004": "off"}
    finding = Finding("a.md", 1, 1, "TRN002", Message("stale"), "warning")
    assert configured([finding], {"TRN002": "error"})[0].severity == "error"
    with pytest.raises(GovernanceError, match="not a lint rule's code"):
        parse_config("lint: {tabs: warning}\n")
    with pytest.raises(GovernanceError):
        parse_config("lint: {ENC004: ignore}\n")


def test_a_text_beyond_a_limit_is_never_a_known_finding() -> None:
    # FILE006 stands for every rule (the text is not linted at all): recorded at adoption, it would let
    # any amendment that leaves that one line alone pass unlinted.
    finding = Finding("regulations/a.md", 1, 1, "FILE006", Message("the text is beyond the limit"))
    lines = {"regulations/a.md": ["---", "x"]}.__getitem__
    recorded = parse_baseline(render_baseline([finding], lines), "lint-baseline.yml")
    assert sum(recorded.values()) == 1
    new, known = new_findings([finding], recorded, lines)
    assert (known, new) == (0, [finding])
