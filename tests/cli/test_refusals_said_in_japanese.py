"""The refusals of files people write by hand, said in the user's language: the strict YAML reader's (a
record, bodies.yml, governance.yml, a front matter), the schemas' own validators', and the gate's when it
cannot judge. Japanese under ja_JP.UTF-8, English otherwise, each with its file and line; JSON stays
English. Real commands in real repositories."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli.test_cli_resolution import repo, template  # noqa: F401 (fixtures: an adopted repository)
from tests.cli.test_messages import ENGLISH, JAPANESE, NO_LOCALE, _run


def _texts(root: Path, governance_yml: str | None = None) -> Path:
    (root / "regulations").mkdir(parents=True)
    if governance_yml is not None:
        (root / "governance.yml").write_text(governance_yml, encoding="utf-8")
    return root


def test_governance_yml_refused_by_the_strict_reader_says_so_in_japanese(tmp_path: Path) -> None:
    root = _texts(tmp_path, "regulations: regulations\nregulations: texts\n")
    japanese = _run(JAPANESE, "lint", "--root", str(root))
    assert japanese.returncode == 2
    config = root / "governance.yml"
    assert (
        japanese.stderr == f"エラー: {config}:2: キー 'regulations' が 2 回あります。1 つだけ残してください\n"
    )
    for english in (ENGLISH, NO_LOCALE):
        done = _run(english, "lint", "--root", str(root))
        assert done.stderr == f"error: {config}:2: the key 'regulations' appears twice; keep one\n"


def test_an_unquoted_yes_in_a_front_matter_is_japanese_in_text_and_english_in_json(tmp_path: Path) -> None:
    root = _texts(tmp_path)
    (root / "regulations" / "gifts.md").write_text("---\ntitle: yes\n---\n\n# Gifts\n", encoding="utf-8")
    japanese = _run(JAPANESE, "lint", "--root", str(root))
    assert japanese.returncode == 1
    assert japanese.stdout == (
        "regulations/gifts.md:2:1: FM001 フロントマター: 'yes' は YAML では意味が曖昧です。"
        'true か false と書くか、"yes" のように引用符で囲んでください\n'
    )
    report = json.loads(_run(JAPANESE, "lint", "--format", "json", "--root", str(root)).stdout)
    assert report["findings"][0]["message"] == (
        "front matter: 'yes' is ambiguous in YAML; write true or false, or quote it as \"yes\""
    )


def test_a_date_not_written_yyyy_mm_dd_is_refused_in_japanese(tmp_path: Path) -> None:
    root = _texts(tmp_path)
    text = "---\ntitle: Gifts\nissuer: Legal\nenacted: 2012-4-1\ngoverned_by: board\n---\n\n# Gifts\n"
    (root / "regulations" / "gifts.md").write_text(text, encoding="utf-8")
    japanese = _run(JAPANESE, "lint", "--root", str(root))
    assert (
        "regulations/gifts.md:4:1: FM004 'enacted': '2012-4-1' は YYYY-MM-DD の形で書いてください (例: 2012-04-01)\n"
        in japanese.stdout
    )
    english = _run(ENGLISH, "lint", "--root", str(root))
    assert "FM004 'enacted': '2012-4-1' must be written YYYY-MM-DD, e.g. 2012-04-01\n" in english.stdout


def test_a_refusal_of_the_schema_s_own_rules_is_japanese(tmp_path: Path) -> None:
    root = _texts(tmp_path, "lint:\n  XYZ: error\nfoo: 1\n")
    japanese = _run(JAPANESE, "lint", "--root", str(root))
    assert japanese.returncode == 2
    assert japanese.stderr == (
        f"エラー: {root / 'governance.yml'}:1: 'lint': 'XYZ' は lint のルールのコードではありません "
        "(英字の後に数字 3 桁: ENC004) (ほかに 1 件の問題があります)\n"
    )
    english = _run(ENGLISH, "lint", "--root", str(root))
    assert english.stderr == (
        f"error: {root / 'governance.yml'}:1: 'lint': Value error, 'XYZ' is not a lint rule's code (letters then three "
        "digits: ENC004) (and 1 more problem)\n"
    )


RECORD_WITH_AN_ANCHOR = """id: BD-2026-008
body: board-of-directors
date: 2026-11-20
form: meeting
attendance: &all {members: 9, present: 9}
votes: {for: 9, against: 0, abstain: 0}
recorded_by: Hanako Sato
decisions: []
"""


def test_a_secretary_s_record_with_an_anchor_is_refused_in_japanese(repo: Path) -> None:  # noqa: F811
    (repo / "resolutions" / "BD-2026-008.yml").write_text(RECORD_WITH_AN_ANCHOR, encoding="utf-8")
    japanese = _run(JAPANESE, "resolution", "verify", "BD-2026-008", "--root", str(repo))
    assert japanese.returncode == 1, japanese.stderr
    assert japanese.stdout == (
        "resolutions/BD-2026-008.yml: アンカー (&名前) は使えません。値をすべて書き出してください (5 行目)\n"
    )
    english = _run(ENGLISH, "resolution", "verify", "BD-2026-008", "--root", str(repo))
    assert english.stdout == (
        "resolutions/BD-2026-008.yml: an anchor (&name) is not allowed; write the value out in full (line 5)\n"
    )


def test_the_gate_that_cannot_judge_says_why_in_japanese(tmp_path: Path) -> None:
    root = _texts(tmp_path)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    (root / "regulations" / "gifts.md").write_text("# Gifts\n", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "texts, not governed yet"], check=True)
    base = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout
    japanese = _run(JAPANESE, "check", "--base", "main", "--head", "main", "--root", str(root))
    assert japanese.returncode == 2
    assert japanese.stderr == (
        f"エラー: マージ先 {base[:12]} に bodies.yml がありません。このリポジトリはまだ統制されていません: "
        "先に `governance init` を実行し、そのコミットをマージしてください\n"
    )


def test_pydantic_s_own_words_on_a_record_are_said_in_japanese(repo: Path) -> None:  # noqa: F811
    record = RECORD_WITH_AN_ANCHOR.replace("BD-2026-008", "BD-2026-009").replace(
        "&all {members: 9", "{members: nine"
    )
    (repo / "resolutions" / "BD-2026-009.yml").write_text(record, encoding="utf-8")
    japanese = _run(JAPANESE, "resolution", "verify", "BD-2026-009", "--root", str(repo))
    assert japanese.returncode == 1, japanese.stderr
    assert (
        japanese.stdout
        == "resolutions/BD-2026-009.yml: 'attendance.members': 整数を書いてください (ほかに 1 件の問題があります) (5 行目)\n"
    )
    english = _run(ENGLISH, "resolution", "verify", "BD-2026-009", "--root", str(repo))
    assert english.stdout == (
        "resolutions/BD-2026-009.yml: 'attendance.members': Input should be a valid integer (and 1 more problem) (line 5)\n"
    )


def test_a_bodies_yml_of_a_commit_is_named_with_its_commit_in_japanese(repo: Path) -> None:  # noqa: F811
    """The gate names bodies.yml (and governance.yml) as it was at a commit: "(at <commit>)" was English
    inside a Japanese sentence."""
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    bodies = repo / "resolutions" / "bodies.yml"
    bodies.write_text(bodies.read_text(encoding="utf-8").replace("members: 9", "members: nine"), "utf-8")
    subprocess.run(["git", "commit", "-qam", "bodies.yml broken"], cwd=repo, check=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    japanese = _run(JAPANESE, "audit", "main", "--root", str(repo))
    assert japanese.returncode == 2, japanese.stdout
    assert japanese.stderr.startswith(f"エラー: resolutions/bodies.yml ({commit} の時点):"), japanese.stderr
    assert "(at " not in japanese.stderr
    english = _run(ENGLISH, "audit", "main", "--root", str(repo))
    assert english.stderr.startswith(f"error: resolutions/bodies.yml (at {commit}):"), english.stderr
