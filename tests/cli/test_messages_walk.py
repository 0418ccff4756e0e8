"""What a Japanese administrator met walking the Japanese guide under ja_JP.UTF-8 (issue 15), each in
Japanese now: a base branch that does not exist, a key that may not sign, the audit's commits, and the
baseline a procedure would refuse, naming the body as bodies.yml names it in Japanese. Real commands."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.cli.test_cli_resolution import repo, template  # noqa: F401 (fixtures: an adopted repository)
from tests.cli.test_messages import ENGLISH, JAPANESE, _run
from tests.testing.sshkeys import Keys
from tests.work_rules_fixture import make_work_rules

PATTERN = "[0-9]{2}_.+(規則|規程)\\.md"


def test_a_base_that_is_not_there_and_a_key_that_may_not_sign(repo: Path, keys: Keys) -> None:  # noqa: F811
    missing = _run(JAPANESE, "check", "--base", "master", "--head", "amend", "--root", str(repo))
    assert missing.returncode == 2
    assert missing.stderr == (
        f"エラー: {repo}: 'master' はこのリポジトリのコミットではありません。先に取得してください "
        "(履歴をすべて: fetch-depth 0)\n"
    )
    english = _run(ENGLISH, "check", "--base", "master", "--head", "amend", "--root", str(repo))
    assert "'master' is not a commit of this repository; fetch it first" in english.stderr
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "amend"], check=True)
    made = _run(
        ENGLISH,
        "resolution", "new", "--id", "BD-2026-007", "--body", "board-of-directors", "--date", "2026-11-30",
        "--written-consent", "--recorded-by", "Hanako Sato", "--base", "main", "--root", str(repo),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    signed = _run(
        JAPANESE,
        "resolution",
        "sign",
        "BD-2026-007",
        "--key",
        str(keys.outsider.private),
        "--root",
        str(repo),
    )
    assert signed.returncode == 2
    assert signed.stderr.startswith(f"エラー: {keys.outsider.private}: この鍵では決議録に署名できません (")
    assert 'namespaces="regulation-governance" で allowed_signers に載っている必要があり' in signed.stderr
    assert "may not sign" not in signed.stderr


def test_the_audit_names_each_commit_in_japanese(repo: Path, tmp_path: Path) -> None:  # noqa: F811
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "checkout", "-q", "main"], check=True)
    subprocess.run([*git, "merge", "-q", "--no-ff", "-m", "merge without a decision", "amend"], check=True)
    merge = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout[:12]
    text = _run(JAPANESE, "audit", "main", "--root", str(repo))
    assert f"\nコミット {merge} merge without a decision\n" in text.stdout, text.stdout
    github = _run(JAPANESE, "audit", "main", "--format", "github", "--root", str(repo))
    assert f"::error file=regulations/bribery-prevention.md::コミット {merge}: bribery-prevention: " in (
        github.stdout
    )
    english = _run(ENGLISH, "audit", "main", "--root", str(repo))
    assert f"\ncommit {merge} merge without a decision\n" in english.stdout


def test_a_baseline_the_procedure_refuses_names_the_body_in_japanese(tmp_path: Path, keys: Keys) -> None:
    root = make_work_rules(tmp_path / "kitei", branch="master")
    refused = _run(
        JAPANESE,
        "init", "--key", str(keys.secretary.private), "--identity", keys.secretary.identity, "--members", "5",
        "--regulations", ".", "--regulations-pattern", PATTERN, "--from-tags", "20*",
        "--requires", "consultations=*就業規則", "--root", str(root),
    )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.startswith(
        "エラー: resolutions/bodies.yml: 取締役会の基準決議録は拒否されます: 01_就業規則 の決定は、施行の前に"
    ), refused.stderr
    assert not (root / "governance.yml").exists()  # nothing written


def test_the_check_says_what_signatures_the_config_asks_for_in_japanese(repo: Path) -> None:  # noqa: F811
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    check = ("check", "--base", "main", "--head", "amend", "--root", str(repo))
    japanese = _run(JAPANESE, *check)
    assert japanese.returncode == 1, japanese.stderr
    assert japanese.stdout.startswith("governance check: ") and " (署名: 必須)\n" in japanese.stdout
    assert "required" not in japanese.stdout
    assert " (signatures required)\n" in _run(ENGLISH, *check).stdout  # the English as it was
    # signatures: off in the base's config (the gate reads the config of the branch a change merges into)
    config = repo / "governance.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("signatures: required", 'signatures: "off"'),
        encoding="utf-8",
    )
    subprocess.run([*git, "checkout", "-q", "main"], check=True)
    subprocess.run([*git, "commit", "-qam", "signatures off"], check=True)
    subprocess.run([*git, "checkout", "-q", "amend"], check=True)
    subprocess.run([*git, "merge", "-q", "main", "-m", "the config of main"], check=True)
    off = _run(JAPANESE, *check)
    assert " (署名: 不要)\n" in off.stdout, off.stdout + off.stderr
    assert " (signatures off)\n" in _run(ENGLISH, *check).stdout
