"""The command line speaks the user's language (gettext): Japanese where the locale asks for it, English
by default. Real commands in real repositories; the catalogue checked against the code that uses it."""

from __future__ import annotations

import ast
import importlib.machinery
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from governance.cli.error_handler import _OS_ADVICE
from governance.i18n import LOCALE_DIR
from governance.records.signatures import _SIGNED
from tests.cli.test_cli_resolution import repo, template  # noqa: F401 (fixtures: an adopted repository)

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = LOCALE_DIR / "ja" / "LC_MESSAGES" / "governance.po"
GOVERNANCE = str(Path(sys.executable).with_name("governance"))
JAPANESE = {"LANG": "ja_JP.UTF-8", "GOVERNANCE_TODAY": "2026-12-01"}
ENGLISH = {"LANG": "C.UTF-8", "GOVERNANCE_TODAY": "2026-12-01"}


def _run(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [GOVERNANCE, *args], env={**clean, **env}, cwd=cwd, capture_output=True, text=True, check=False
    )


def _catalogue() -> dict[str, str]:
    """msgid -> msgstr of the Japanese catalogue (a plural's forms joined by NUL, as in a .mo)."""
    loader = importlib.machinery.SourceFileLoader(
        "compile_messages", str(ROOT / "scripts" / "compile-messages")
    )
    compiler = types.ModuleType(loader.name)
    compiler.__file__ = loader.path
    loader.exec_module(compiler)
    entries: dict[bytes, bytes] = compiler.parse_po(CATALOGUE.read_text(encoding="utf-8"))
    return {k.decode(): v.decode() for k, v in entries.items() if k}


def test_usage_errors_are_japanese_where_the_locale_asks_and_english_by_default() -> None:
    japanese = _run(JAPANESE, "--bogus")
    assert japanese.returncode == 2
    assert "使い方: governance" in japanese.stderr
    assert "エラー: '--bogus' というオプションはありません。" in japanese.stderr
    english = _run(ENGLISH, "--bogus")
    assert english.returncode == 2
    assert "Usage: governance" in english.stderr and "No such option '--bogus'." in english.stderr
    unset = _run({"GOVERNANCE_TODAY": "2026-12-01"}, "--bogus")
    assert unset.stderr == english.stderr  # no locale at all: English


def test_lc_all_and_language_decide_before_lang(tmp_path: Path) -> None:
    # As GNU gettext reads them: LANGUAGE, then LC_ALL, LC_MESSAGES, LANG.
    assert "No such option" in _run({**JAPANESE, "LC_ALL": "C.UTF-8"}, "--bogus").stderr
    assert "No such option" in _run({**JAPANESE, "LANGUAGE": "en"}, "--bogus").stderr
    assert "というオプション" in _run({"LANG": "C.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8"}, "--bogus").stderr


def test_a_command_that_cannot_run_says_why_in_japanese(tmp_path: Path) -> None:
    missing = _run(JAPANESE, "lint", str(tmp_path / "none.md"), "--root", str(tmp_path))
    assert missing.returncode == 2
    assert missing.stderr == (
        f"エラー: {tmp_path / 'none.md'}: そのようなファイルまたはフォルダーはありません。パスを確認してください\n"
    )
    usage = _run(JAPANESE, "init", "--root", str(tmp_path), "--members", "5")
    assert usage.returncode == 2 and "エラー: オプションがありません: '--key'." in usage.stderr
    init = _run(
        JAPANESE, "init", "--root", str(tmp_path), "--members", "5", "--regulations", "texts",
        "--key", str(tmp_path / "key"), "--identity", "hanako.sato@example.com",
    )  # fmt: skip
    assert init.returncode == 2
    assert init.stderr.startswith(f"エラー: {tmp_path / 'texts'}: 規程のフォルダー 'texts' がありません。")


def test_the_check_s_verdicts_and_the_secretary_s_errors_in_japanese(repo: Path) -> None:  # noqa: F811
    check = _run(JAPANESE, "check", "--base", "main", "--head", "amend", "--root", str(repo))
    assert check.returncode == 1, check.stderr
    assert "決議なし amend bribery-prevention (regulations/bribery-prevention.md): " in check.stdout
    assert "board-of-directors のこの決定を決議録に記録してください" in check.stdout
    assert "結果: 未承認の変更 2 件、違反 0 件、lint の指摘 0 件" in check.stdout
    english = _run(ENGLISH, "check", "--base", "main", "--head", "amend", "--root", str(repo))
    assert "result: 2 change(s) not approved, 0 violation(s), 0 lint finding(s)" in english.stdout
    sign = _run(JAPANESE, "resolution", "sign", "BD-2026-099", "--key", "k", "--root", str(repo))
    assert sign.returncode == 2
    assert "そのような決議録はありません。governance resolution new で作成してください" in sign.stderr
    bad_id = _run(JAPANESE, "resolution", "sign", "no-id", "--key", "k", "--root", str(repo))
    assert "'no-id' は決議の ID ではありません。BD-2026-007 のように書いてください" in bad_id.stderr


def test_the_compiled_catalogue_is_the_po_compiled() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile-messages"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_every_translation_keeps_the_placeholders_of_its_message() -> None:
    # Japanese has one plural form: it holds the placeholders of the singular and the plural.
    for msgid, msgstr in _catalogue().items():
        assert set(re.findall(r"\{[^}]*\}", msgid)) == set(re.findall(r"\{[^}]*\}", msgstr)), msgid


def _marked(path: Path) -> list[str]:
    """The literal messages of `_("...")` calls in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


@pytest.mark.parametrize("language", ["ja"])
def test_every_marked_message_has_a_translation(language: str) -> None:
    translated = {msgid.split("\0")[0] for msgid in _catalogue()}
    marked = [message for path in (ROOT / "governance").rglob("*.py") for message in _marked(path)]
    marked += [*_OS_ADVICE.values(), _SIGNED]
    assert len(marked) > 40
    assert [message for message in marked if message not in translated] == []
