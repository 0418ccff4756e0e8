from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from governance.cli import main
from governance.config import load_config
from governance.errors import GovernanceError
from governance.gate.adoption import adopt, adoption_summary
from governance.gate.changes import is_governed_file
from governance.i18n import reset_language
from governance.lint.baseline import file_lines, new_findings, parse_baseline
from governance.lint.runner import lint_paths
from governance.records.before_adoption import parse_before_adoption
from governance.records.bodies import parse_bodies, procedural_problems
from governance.records.resolutions import load_resolution
from governance.records.signatures import verify_signature
from governance.text.digests import digest_bytes
from tests.policies_fixture import make_policies, policy_path
from tests.testing.sshkeys import NAMESPACE, Keys

TODAY = date(2026, 5, 1)
JA = """---
title: 贈収賄防止規程（参考訳）
issuer: 株式会社インターネットイニシアティブ
enacted: 2013-01-01
governed_by: board-of-directors
language: ja
translation_of: en
---

# 贈収賄防止規程
"""


def _adopt(root: Path, keys: Keys, key: Path | None = None, **options: Any) -> list[Path]:
    return adopt(
        root,
        secretary_key=key or keys.secretary.private,
        secretary_identity=keys.secretary.identity,
        today=TODAY,
        **options,
    )


def _names(root: Path, paths: list[Path]) -> list[str]:
    return [path.relative_to(root).as_posix() for path in paths]


def test_adoption_writes_the_rules_and_a_signed_baseline(tmp_path: Path, keys: Keys, seed_text: str) -> None:
    (tmp_path / "regulations").mkdir()
    seed = tmp_path / "regulations" / "bribery-prevention.md"
    seed.write_text(seed_text, encoding="utf-8")
    (tmp_path / "regulations" / "policies").mkdir()
    (tmp_path / "regulations" / "policies" / "travel.md").write_text(
        "# Travel\n\nNo front matter.\n", "utf-8"
    )

    written = _adopt(tmp_path, keys, members=9)

    assert _names(tmp_path, written) == [
        "governance.yml",
        "resolutions/bodies.yml",
        "resolutions/allowed_signers",
        "resolutions/lint-baseline.yml",  # travel.md has no front matter: tolerated, not failed
        "resolutions/BL-2026-001.yml",
        "resolutions/BL-2026-001.yml.sig",
    ]
    config = load_config(tmp_path)
    recorded = parse_baseline((tmp_path / config.lint_baseline_file).read_text("utf-8"), "lint-baseline.yml")
    findings = lint_paths(tmp_path, config)
    assert findings and {f.path for f in findings} == {"regulations/policies/travel.md"}
    assert new_findings(findings, recorded, file_lines(tmp_path)) == ([], len(findings))
    assert (config.regulations, config.records, config.signatures) == (
        "regulations",
        "resolutions",
        "required",
    )
    bodies = parse_bodies((tmp_path / config.bodies_file).read_text("utf-8"), "bodies.yml")
    assert bodies["board-of-directors"].members == 9
    allowed = (tmp_path / config.allowed_signers_file).read_text("utf-8")
    assert allowed == keys.secretary.allowed_signers()

    record_file = tmp_path / "resolutions" / "BL-2026-001.yml"
    baseline = load_resolution(record_file.read_text("utf-8"), record_file)
    assert (baseline.body, baseline.form, baseline.consents, baseline.date) == (
        "board-of-directors",
        "written-consent",
        9,
        TODAY,
    )
    assert procedural_problems(baseline, bodies, TODAY) == []
    by_regulation = {str(decision.regulation): decision for decision in baseline.decisions}
    assert sorted(by_regulation) == ["bribery-prevention", "policies/travel"]
    seed_decision = by_regulation["bribery-prevention"]
    assert (seed_decision.action, seed_decision.digest) == ("enact", digest_bytes(seed.read_bytes()))
    assert seed_decision.effective == date(2012, 4, 1)  # the front matter's enacted date
    assert by_regulation["policies/travel"].effective_date(baseline) == TODAY  # none in the text

    signature = (tmp_path / "resolutions" / "BL-2026-001.yml.sig").read_bytes()
    check = verify_signature(record_file.read_bytes(), signature, allowed, NAMESPACE)
    assert (check.valid, check.signer) == (True, keys.secretary.identity)
    assert "resolutions/BL-2026-001.yml.sig" in adoption_summary(tmp_path, written)

    # A second run overwrites nothing: the baseline exists, and every file is left as it was.
    before = {path: path.read_bytes() for path in written}
    with pytest.raises(GovernanceError, match="adopted already"):
        _adopt(tmp_path, keys)
    assert {path: path.read_bytes() for path in written} == before


def test_existing_rules_are_kept_and_each_body_gets_its_baseline(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    config_text = "translations_body: compliance-department\n"
    bodies_text = (
        "bodies:\n"
        "  board-of-directors: {name: Board, members: 5, written_consent: true}\n"
        "  compliance-department: {name: Compliance, members: 1, quorum: all, written_consent: true}\n"
    )
    (tmp_path / "governance.yml").write_text(config_text, "utf-8")
    (tmp_path / "resolutions").mkdir()
    (tmp_path / "resolutions" / "bodies.yml").write_text(bodies_text, "utf-8")
    (tmp_path / "regulations").mkdir()
    (tmp_path / "regulations" / "bribery-prevention.md").write_text(seed_text, "utf-8")
    (tmp_path / "regulations" / "bribery-prevention.ja.md").write_text(JA, "utf-8")

    written = _adopt(tmp_path, keys)

    assert _names(tmp_path, written) == [
        "resolutions/allowed_signers",
        "resolutions/lint-baseline.yml",  # the translation's findings (a one-line text)
        "resolutions/BL-2026-001.yml",
        "resolutions/BL-2026-002.yml",
        "resolutions/BL-2026-001.yml.sig",
        "resolutions/BL-2026-002.yml.sig",
    ]
    assert (tmp_path / "governance.yml").read_text("utf-8") == config_text
    assert (tmp_path / "resolutions" / "bodies.yml").read_text("utf-8") == bodies_text
    board = load_resolution((tmp_path / "resolutions/BL-2026-001.yml").read_text("utf-8"), "BL-2026-001.yml")
    translations = load_resolution(
        (tmp_path / "resolutions/BL-2026-002.yml").read_text("utf-8"), "BL-2026-002.yml"
    )
    assert (board.body, board.consents, [d.regulation for d in board.decisions]) == (
        "board-of-directors",
        5,
        ["bribery-prevention"],
    )
    assert (translations.body, [d.regulation for d in translations.decisions]) == (
        "compliance-department",
        ["bribery-prevention.ja"],
    )
    assert translations.decisions[0].effective == date(2013, 1, 1)


def test_a_key_missing_from_existing_allowed_signers_leaves_nothing_behind(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    (tmp_path / "resolutions").mkdir()
    (tmp_path / "resolutions" / "allowed_signers").write_text(keys.secretary.allowed_signers(), "utf-8")
    (tmp_path / "regulations").mkdir()
    (tmp_path / "regulations" / "bribery-prevention.md").write_text(seed_text, "utf-8")

    with pytest.raises(GovernanceError, match="may not sign records"):
        _adopt(tmp_path, keys, key=keys.outsider.private, members=9)

    left = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file())
    assert left == ["regulations/bribery-prevention.md", "resolutions/allowed_signers"]


def test_what_cannot_be_adopted(tmp_path: Path, keys: Keys, seed_text: str) -> None:
    with pytest.raises(GovernanceError, match="no folder 'regulations'"):
        _adopt(tmp_path, keys, members=9)
    (tmp_path / "regulations").mkdir()
    with pytest.raises(GovernanceError, match="no regulation"):
        _adopt(tmp_path, keys, members=9)
    (tmp_path / "regulations" / "bribery-prevention.md").write_text(seed_text, "utf-8")
    (tmp_path / "regulations" / "alias.md").symlink_to("bribery-prevention.md")
    with pytest.raises(GovernanceError, match="symbolic link") as caught:
        _adopt(tmp_path, keys, members=9)
    assert caught.value.path == "regulations/alias.md"
    (tmp_path / "regulations" / "alias.md").unlink()
    with pytest.raises(GovernanceError, match="public half"):
        _adopt(tmp_path, keys, key=tmp_path / "regulations" / "bribery-prevention.md", members=9)
    (tmp_path / "regulations" / "bad name.md").write_text("# x\n", "utf-8")
    with pytest.raises(GovernanceError, match="letters of any script, digits"):
        _adopt(tmp_path, keys, members=9)
    assert not (tmp_path / "resolutions").exists()  # every refusal came before any write


def test_an_existing_governance_yml_is_read_and_the_options_must_agree_with_it(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    (tmp_path / "governance.yml").write_text("regulations: Policies\n", "utf-8")
    (tmp_path / "Policies" / "hr").mkdir(parents=True)
    (tmp_path / "Policies" / "hr" / "bribery-prevention.md").write_text(seed_text, "utf-8")

    with pytest.raises(GovernanceError, match="leave out --regulations") as caught:
        _adopt(tmp_path, keys, regulations="regulations", members=5)
    assert "'Policies'" in str(caught.value)
    with pytest.raises(GovernanceError, match="leave out --body"):
        _adopt(tmp_path, keys, body="chief-executive", members=1)

    written = _adopt(tmp_path, keys, members=5)

    record = load_resolution((tmp_path / "resolutions/BL-2026-001.yml").read_text("utf-8"), "BL-2026-001.yml")
    assert [str(d.regulation) for d in record.decisions] == ["hr/bribery-prevention"]
    assert (record.body, record.consents) == ("board-of-directors", 5)
    assert "governance.yml" not in _names(tmp_path, written)


def test_a_body_other_than_a_board_approves_the_regulations(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "travel.md").write_text(
        seed_text.replace("governed_by: board-of-directors\n", ""), "utf-8"
    )

    with pytest.raises(GovernanceError, match=r"--regulations FOLDER .*: policies\)"):
        _adopt(tmp_path, keys, members=1)
    with pytest.raises(GovernanceError, match="--body chief-executive --members 1"):
        _adopt(tmp_path, keys, regulations="policies")
    with pytest.raises(GovernanceError, match="lower-case"):
        _adopt(tmp_path, keys, regulations="policies", body="The CEO", members=1)

    _adopt(tmp_path, keys, regulations="policies", body="chief-executive", members=1)

    config = load_config(tmp_path)
    assert (config.regulations, config.default_body) == ("policies", "chief-executive")
    bodies = parse_bodies((tmp_path / config.bodies_file).read_text("utf-8"), "bodies.yml")
    assert list(bodies) == ["chief-executive"]
    assert (bodies["chief-executive"].name, bodies["chief-executive"].members) == ("Chief Executive", 1)
    record = load_resolution((tmp_path / "resolutions/BL-2026-001.yml").read_text("utf-8"), "BL-2026-001.yml")
    assert (record.body, record.form, record.consents) == ("chief-executive", "written-consent", 1)
    assert procedural_problems(record, bodies, TODAY) == []


def test_a_text_naming_a_body_bodies_yml_lacks_is_refused_with_what_to_do(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    (tmp_path / "regulations").mkdir()
    (tmp_path / "regulations" / "bribery-prevention.md").write_text(
        seed_text.replace("governed_by: board-of-directors", "governed_by: compliance-committee"), "utf-8"
    )
    with pytest.raises(GovernanceError, match="with every body your texts name"):
        _adopt(tmp_path, keys, members=9)
    assert not (tmp_path / "resolutions").exists()


def test_history_imports_the_earlier_texts_from_git_apart_from_the_one_in_force(
    tmp_path: Path, keys: Keys
) -> None:
    repo = make_policies(tmp_path / "policies", policies=2, revisions=2)
    (repo / "governance.yml").write_text("regulations: Policies\nfront_matter: lenient\n", "utf-8")

    written = _adopt(repo, keys, members=3, history=True)

    assert "resolutions/before-adoption.yml" in _names(repo, written)
    config = load_config(repo)
    assert is_governed_file(config.before_adoption_file, config)
    earlier = parse_before_adoption((repo / config.before_adoption_file).read_text("utf-8"), "b.yml")
    # Each policy: first published, revised twice; the last revision is the text the baseline enacts.
    assert [(v.regulation, v.date.year) for v in earlier] == [
        ("finance/expenses/travel", 2020),
        ("finance/expenses/travel", 2023),
        ("hr/leave", 2020),
        ("hr/leave", 2021),
    ]
    for version in earlier:
        shown = subprocess.run(
            ["git", "cat-file", "blob", version.blob], cwd=repo, check=True, capture_output=True
        ).stdout.decode()
        assert "Revised in revision 2" not in shown  # never the text in force
        committed = subprocess.run(
            [
                "git",
                "rev-parse",
                f"{version.commit}:{policy_path(0 if 'leave' in version.regulation else 1)}",
            ],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        assert committed == version.blob


def test_history_needs_a_commit(tmp_path: Path, keys: Keys, seed_text: str) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "regulations").mkdir()
    (tmp_path / "regulations" / "bribery-prevention.md").write_text(seed_text, "utf-8")
    with pytest.raises(GovernanceError, match="no commit yet"):
        _adopt(tmp_path, keys, members=9, history=True)


@pytest.mark.parametrize(
    ("language", "said"),
    [("C.UTF-8", "a regulation is a Markdown file"), ("ja_JP.UTF-8", "規程は、任意の文字体系の文字")],
)
def test_init_prints_a_file_name_holding_a_line_break_quoted_on_one_line(
    tmp_path: Path, keys: Keys, seed_text: str, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    """A name of git may hold a line break: `governance init` said `regulations/a<newline>b.md` over two
    lines, the second of which reads as a line of its own. Quoted as Python's repr, as git quotes it."""
    repo = tmp_path / "policies"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "regulations").mkdir()
    (repo / "regulations" / "bribery-prevention.md").write_text(seed_text, encoding="utf-8")
    (repo / "regulations" / "a\nb.md").write_text("# A\n", encoding="utf-8")
    monkeypatch.setenv("LANG", language)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    reset_language()
    try:
        init = CliRunner().invoke(
            main,
            [
                *("init", "--key", str(keys.secretary.private), "--identity", keys.secretary.identity),
                *("--members", "3", "--root", str(repo)),
            ],
            env={"GOVERNANCE_TODAY": "2026-12-01"},
        )
    finally:
        monkeypatch.undo()
        reset_language()

    assert init.exit_code == 2, init.output
    assert init.output.count("\n") == 1, init.output
    assert "'regulations/a\\nb.md': " in init.output and said in init.output, init.output
