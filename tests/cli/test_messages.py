"""The command line speaks the user's language (gettext): Japanese where the locale asks for it, English
by default. Real commands in real repositories; the catalogue checked against the code that uses it."""

from __future__ import annotations

import ast
import gettext
import importlib.machinery
import json
import os
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from governance.cli.error_handler import _OS_ADVICE
from governance.i18n import LOCALE_DIR
from governance.records.signatures import _SIGNED
from governance.site.pdf import PDF_EXTRA_MISSING
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


def _compiler() -> types.ModuleType:
    loader = importlib.machinery.SourceFileLoader(
        "compile_messages", str(ROOT / "scripts" / "compile-messages")
    )
    compiler = types.ModuleType(loader.name)
    compiler.__file__ = loader.path
    loader.exec_module(compiler)
    return compiler


def _catalogue(po: Path = CATALOGUE) -> dict[str, str]:
    """msgid -> msgstr of what the catalogue translates, as msgfmt compiles it: no fuzzy entry, no empty
    translation (a plural's forms joined by NUL, as in a .mo)."""
    entries = {}
    for entry in _compiler().read_catalogue(po):
        if (
            not entry.id
            or entry.fuzzy
            or not entry.string
            or not all(entry.string if isinstance(entry.string, tuple) else [entry.string])
        ):
            continue
        msgid = "\0".join(entry.id) if isinstance(entry.id, tuple) else entry.id
        msgstr = "\0".join(entry.string) if isinstance(entry.string, tuple) else entry.string
        entries[msgid] = msgstr
    return entries


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
    assert "Board of Directorsのこの決定を決議録に記録してください" in check.stdout
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


# click fills the singular's placeholder and the plural's with the same text (click/types.py:
# `.format(value=value, format=formats_str, formats=formats_str)`, choice and choices alike, and
# click/exceptions.py possibility and possibilities): Japanese's one form says it once, by the plural's name.
_CLICK_SAYS_TWICE = {
    "{value!r} does not match the format {format}.": "{format}",
    "{value!r} is not {choice}.": "{choice}",
    "Did you mean {possibility}?": "{possibility}",
}


# click fills a number's type with its English name ("integer"): Japanese says the word itself (整数), which
# every number the commands read is (tests/cli/test_messages_walk.py).
_CLICK_SAYS_IN_ENGLISH = {"{value!r} is not a valid {number_type}.": "{number_type}"}


def test_every_translation_keeps_the_placeholders_of_its_message() -> None:
    # Japanese has one plural form: it holds the placeholders of the singular and the plural.
    for msgid, msgstr in _catalogue().items():
        singular = msgid.split("\0")[0]
        left_out = {_CLICK_SAYS_TWICE.get(singular), _CLICK_SAYS_IN_ENGLISH.get(singular)}
        expected = set(re.findall(r"\{[^}]*\}", msgid)) - left_out
        assert expected == set(re.findall(r"\{[^}]*\}", msgstr)), msgid


def _calls(tree: ast.AST, name: str) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
            yield node


def _literals(node: ast.expr) -> list[str] | None:
    """The strings an argument can be: a literal, or either literal of `a if c else b`; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def emitted_messages() -> list[str]:
    """Every message the code can print, extracted from the code: the literals of `_("...")` and of
    `Message("...")` (lint's findings and what they name), the help texts of every command and option,
    and the tables of messages passed to `_` by name."""
    import click

    from governance.cli import COMMANDS, main
    from governance.cli.help_texts import help_texts, message

    messages: list[str] = []
    unextractable: list[str] = []
    for path in sorted((ROOT / "governance").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree, "_"):
            found = _literals(call.args[0]) if call.args else None
            messages += found or []
        for call in _calls(tree, "Message"):
            found = _literals(call.args[0]) if call.args else None
            if found is None:
                unextractable.append(f"{path.relative_to(ROOT)}:{call.lineno}")
            messages += found or []
    # A Message's template must be a literal: a catalogue cannot translate a sentence made at run time.
    assert unextractable == []
    commands: list[click.Command] = [main]
    for target in COMMANDS.values():
        module, attribute = target.split(":")
        commands.append(getattr(importlib.import_module(module), attribute))
    for command in commands:
        for holder, attribute in help_texts(command):
            english = holder.__dict__.get("_english_" + attribute, getattr(holder, attribute))
            if english:
                messages.append(message(english))
    return [*messages, *_OS_ADVICE.values(), _SIGNED, PDF_EXTRA_MISSING]


@pytest.mark.parametrize("language", ["ja"])
def test_every_message_the_code_can_print_has_a_translation(language: str) -> None:
    # No fuzzy entry counts (msgfmt and scripts/compile-messages leave them out): a stale translation is
    # a missing one.
    translated = {
        msgid.split("\0")[0] for msgid in _catalogue(LOCALE_DIR / language / "LC_MESSAGES" / "governance.po")
    }
    emitted = emitted_messages()
    assert len(emitted) > 250
    assert sorted({message for message in emitted if message not in translated}) == []


def test_a_fuzzy_entry_is_not_compiled(tmp_path: Path) -> None:
    po = tmp_path / "governance.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"POT-Creation-Date: 2026-12-01 00:00+0000\\n"\n"PO-Revision-Date: 2026-12-01 00:00+0000\\n"\n\n'
        'msgid "checked"\nmsgstr "確認済み"\n\n'
        '#, fuzzy\nmsgid "changed since"\nmsgstr "古い訳"\n\n'
        'msgid "untranslated"\nmsgstr ""\n',
        encoding="utf-8",
    )
    compiler = _compiler()
    mo = tmp_path / "governance.mo"
    mo.write_bytes(compiler.compile_mo(compiler.read_catalogue(po)))
    with mo.open("rb") as stream:
        catalogue = gettext.GNUTranslations(stream)
    assert catalogue.gettext("checked") == "確認済み"
    assert catalogue.gettext("changed since") == "changed since"  # the English, not the stale sentence
    assert catalogue.gettext("untranslated") == "untranslated"
    assert _catalogue(po) == {"checked": "確認済み"}


NO_LOCALE = {"GOVERNANCE_TODAY": "2026-12-01"}
WORK_RULES = """---
title: 就業規則
issuer: 人事部
enacted: 2024-04-01
governed_by: board-of-directors
language: ja
---

# 就業規則

## 第1条（目的）

この規則は、従業員の労働条件を定める。{trailing}

## 第3条（定義）

第9条を参照する。
"""


def _texts(tmp_path: Path) -> Path:
    (tmp_path / "regulations").mkdir(parents=True)
    (tmp_path / "regulations" / "work-rules.md").write_text(WORK_RULES.format(trailing=" "), encoding="utf-8")
    return tmp_path


def test_lint_s_findings_are_japanese_where_the_locale_asks(tmp_path: Path) -> None:
    root = _texts(tmp_path)
    japanese = _run(JAPANESE, "lint", "--root", str(root))
    assert japanese.returncode == 1
    assert japanese.stdout.splitlines() == [
        "regulations/work-rules.md:13:20: ENC004 行末に空白があります。削除してください "
        "(段落の中で改行するには、行末にバックスラッシュを書きます)",
        "regulations/work-rules.md:15:1: STR001 第2条のはずのところに第3条があります。条は 1 から連番にしてください "
        "(後から挿入した条は 第N条の2 とできます)",
        "regulations/work-rules.md:17:1: STR004 参照 '第9条' が指す条や項はこの規程にありません。直してください",
    ]
    assert japanese.stderr == "3 件の問題があります\n"
    github = _run(JAPANESE, "lint", "--format", "github", "--root", str(root))
    assert "::error file=regulations/work-rules.md,line=17,col=1::STR004 参照 '第9条' が指す" in github.stdout
    # JSON is for programs and stays English, whatever the locale.
    report = json.loads(_run(JAPANESE, "lint", "--format", "json", "--root", str(root)).stdout)
    assert report["findings"][1]["message"].startswith("Article 3 where Article 2 is expected;")
    for english in (ENGLISH, NO_LOCALE):
        done = _run(english, "lint", "--root", str(root))
        assert done.returncode == 1
        assert (
            "15:1: STR001 Article 3 where Article 2 is expected; number articles consecutively" in done.stdout
        )
        assert "STR004 the reference '第9条' points to no article or paragraph" in done.stdout
        assert done.stderr == "3 problem(s) found\n"


def test_help_is_japanese_where_the_locale_asks(tmp_path: Path) -> None:
    top = _run(JAPANESE, "--help")
    assert "Git で Markdown として管理する社内規程を統制します。" in top.stdout
    assert "lint" in top.stdout and "オプション:" in top.stdout and "コマンド:" in top.stdout
    lint = _run(JAPANESE, "lint", "--help")
    assert "規程の本文を検査します: フロントマター、エンコーディング" in lint.stdout
    assert "[既定: text]" in lint.stdout
    new = _run(JAPANESE, "resolution", "new", "--help")
    assert "決議の ID。例: BD-2026-007。" in new.stdout and "[必須]" in new.stdout
    for english in (ENGLISH, NO_LOCALE):
        assert "Check regulation texts: front matter" in _run(english, "lint", "--help").stdout
        assert "Resolution id, e.g. BD-2026-007." in _run(english, "resolution", "new", "--help").stdout


def test_check_s_annotations_and_job_summary_are_japanese_where_the_locale_asks(
    repo: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "checkout", "-q", "amend"], check=True)
    text = (repo / "regulations" / "gifts.md").read_text(encoding="utf-8")
    (repo / "regulations" / "gifts.md").write_text(text.replace("\n\n", " \n\n", 1), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "a trailing blank"], check=True)
    summaries: dict[str, tuple[str, str]] = {}
    for name, env in (("ja", JAPANESE), ("en", ENGLISH), ("none", NO_LOCALE)):
        summary_file = tmp_path / f"summary-{name}.md"
        done = _run(
            {**env, "GITHUB_STEP_SUMMARY": str(summary_file)},
            "check", "--base", "main", "--head", "amend", "--format", "github", "--root", str(repo),
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        summaries[name] = (done.stdout, summary_file.read_text(encoding="utf-8"))
    annotations, summary = summaries["ja"]
    assert (
        "::error file=regulations/bribery-prevention.md::amend bribery-prevention は承認されていません: "
        in annotations
    )
    assert "%0ABoard of Directorsのこの決定を決議録に記録してください:%0A" in annotations
    assert "ENC004 行末に空白があります。" in annotations
    assert summary.startswith("## 規程ガバナンス: 承認されていない変更があります\n\n| 変更 | 状態 |\n")
    assert "| amend `bribery-prevention` | 決議なし: " in summary and "記録すべき決定:" in summary
    for name in ("en", "none"):
        annotations, summary = summaries[name]
        assert "amend bribery-prevention is not approved: " in annotations
        assert "ENC004 trailing whitespace; remove it" in annotations
        assert summary.startswith(
            "## Regulation governance: changes are not approved\n\n| Change | Status |\n"
        )
        assert "| amend `bribery-prevention` | missing: " in summary and "Decisions to record:" in summary


def test_a_catalogue_whose_dates_babel_would_fill_in_is_refused(tmp_path: Path) -> None:
    # Babel dates a header without them by the clock: the .mo would differ from the committed one each run.
    po = tmp_path / "governance.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="the header lacks POT-Creation-Date, PO-Revision-Date"):
        _compiler().read_catalogue(po)


def test_the_audit_reports_in_japanese_where_the_locale_asks(repo: Path, tmp_path: Path) -> None:  # noqa: F811
    summary = tmp_path / "summary.md"
    japanese = _run(
        {**JAPANESE, "GITHUB_STEP_SUMMARY": str(summary)},
        "audit",
        "main",
        "--format",
        "github",
        "--root",
        str(repo),
    )
    assert japanese.returncode == 0, japanese.stderr
    # The report between ::stop-commands:: and its token (governance/gate/report.py): no line of it is a command.
    first, rest = japanese.stdout.split("\n", 1)
    token = first.removeprefix("::stop-commands::")
    assert first != token and rest.endswith(f"::{token}::\n")
    report = rest.removesuffix(f"::{token}::\n")
    assert "件のコミット\n" in report and report.startswith("governance audit: ")
    assert report.endswith("結果: 導入以降のすべての変更が承認されています\n")
    assert summary.read_text(encoding="utf-8").startswith(
        "## 規程ガバナンスの監査: 履歴はすべて承認済みです\n"
    )
    english = _run(ENGLISH, "audit", "main", "--root", str(repo))
    assert english.stdout.endswith("result: every change since the adoption was approved\n")
