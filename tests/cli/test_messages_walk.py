"""What a Japanese administrator met walking the Japanese guide under ja_JP.UTF-8 (issue 15), each in
Japanese now: a base branch that does not exist, a key that may not sign, the audit's commits, and the
baseline a procedure would refuse, naming the body as bodies.yml names it in Japanese. Real commands."""

from __future__ import annotations

import gettext
import importlib
import subprocess
from pathlib import Path

import pytest

from governance.i18n import LOCALE_DIR
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


def _error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    return done.stderr.splitlines()[-1]


def test_click_s_own_usage_errors_are_japanese(tmp_path: Path) -> None:
    new = ("resolution", "new", "--id", "BD-2026-007", "--body", "board-of-directors", "--recorded-by", "Sato")  # fmt: skip
    root = ("--root", str(tmp_path))
    said = {
        _error(_run(JAPANESE, *new, "--date", "2026-13-45", *root)): (
            "エラー: '--date' の値が正しくありません: '2026-13-45' は '%Y-%m-%d' の形式に合いません。"
        ),
        _error(_run(JAPANESE, "lint", "--format", "yaml", "x.md")): (
            "エラー: '--format' の値が正しくありません: 'yaml' は 'text', 'json', 'github' のいずれでもありません。"
        ),
        _error(_run(JAPANESE, *new[:-2], "--date", "2026-12-01", *root)): (
            "エラー: オプションがありません: '--recorded-by'."
        ),
        _error(_run(JAPANESE, *new, "--date", "2026-12-01", "--bas", "main")): (
            "エラー: '--bas' というオプションはありません。 ('--base' のことですか?)"
        ),
        _error(_run(JAPANESE, *new, "--date", "2026-12-01", "--members", "nine")): (
            "エラー: '--members' の値が正しくありません: 'nine' は整数ではありません。"
        ),
        _error(_run(JAPANESE, "serve", "--port", "http")): (  # click's type is "integer range"
            "エラー: '--port' の値が正しくありません: 'http' は整数ではありません。"
        ),
        _error(_run(JAPANESE, *new, "--date", "2026-12-01", "--root", str(tmp_path / "nowhere"))): (
            f"エラー: '--root' の値が正しくありません: フォルダー '{tmp_path / 'nowhere'}' がありません。"
        ),
        _error(_run(JAPANESE, *new, "--date", "2026-12-01", "--written-consent=yes")): (
            "エラー: オプション '--written-consent' には値を指定できません。"
        ),
    }
    assert [line for line, expected in said.items() if line != expected] == []
    english = _error(_run(ENGLISH, *new, "--date", "2026-13-45", *root))
    assert english == "Error: Invalid value for '--date': '2026-13-45' does not match the format '%Y-%m-%d'."


def test_every_number_the_commands_read_is_an_integer_as_their_japanese_error_says() -> None:
    # The catalogue says click's "is not a valid {number_type}" as 整数ではありません (not its English
    # "integer"): an option of another kind of number would need its own sentence.
    import click

    from governance.cli import COMMANDS, main

    def parameters(command: click.Command) -> list[click.Parameter]:
        found = list(command.params)
        if isinstance(command, click.Group):
            for subcommand in command.commands.values():
                found += parameters(subcommand)
        return found

    commands = [main] + [
        getattr(importlib.import_module(target.split(":")[0]), target.split(":")[1])
        for target in COMMANDS.values()
    ]
    numbers = [
        parameter
        for command in commands
        for parameter in parameters(command)
        if isinstance(parameter.type, click.types._NumberParamTypeBase)
    ]
    assert len(numbers) >= 5  # --members, --present, --for, --against, --abstain, --port, ...
    assert [p.name for p in numbers if not isinstance(p.type, click.types.IntParamType)] == []


def test_click_fills_the_name_japanese_says_its_one_plural_form_by(monkeypatch: pytest.MonkeyPatch) -> None:
    # Japanese's one form names click's value by the plural's placeholder; click must fill it for one too.
    import click

    catalogue = gettext.translation("governance", LOCALE_DIR, languages=["ja"])
    monkeypatch.setattr(click.types, "ngettext", catalogue.ngettext)
    monkeypatch.setattr(click.exceptions, "ngettext", catalogue.ngettext)
    with pytest.raises(click.BadParameter) as choice:
        click.Choice(["text"]).convert("yaml", None, None)
    assert choice.value.message == "'yaml' は 'text' のいずれでもありません。"
    with pytest.raises(click.BadParameter) as day:
        click.DateTime(["%Y-%m-%d"]).convert("2026-13-45", None, None)
    assert day.value.message == "'2026-13-45' は '%Y-%m-%d' の形式に合いません。"
    assert click.exceptions._format_possibilities(["--base"]) == "('--base' のことですか?)"


def test_the_help_names_a_path_as_click_s_other_types_in_every_language() -> None:
    # the errors say フォルダー; the help keeps DIRECTORY, whose columns click pads by characters
    for env in (JAPANESE, ENGLISH):
        shown = _run(env, "resolution", "new", "--help")
        assert shown.returncode == 0, shown.stderr
        assert "\n  --root DIRECTORY                " in shown.stdout
        assert "\n  --head TEXT                     " in shown.stdout
        assert "フォルダー" not in shown.stdout
