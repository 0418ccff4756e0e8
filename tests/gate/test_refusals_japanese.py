"""The gate's reasons for a refusal in the user's language (issue 15): the judge's words inside the check's
text, annotations and job summary, the audit's report and the server hook's refusal are Japanese under
ja_JP.UTF-8, English otherwise; JSON stays English whatever the locale. Real commands, a real push."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_cli_resolution import repo, template  # noqa: F401 (fixtures: an adopted repository)
from tests.cli.test_messages import ENGLISH, JAPANESE, _run
from tests.gate.test_hook import _approved_merge, _push, gov  # noqa: F401 (fixture: a server with the hook)
from tests.testing.governed import AMENDED, REGULATION, Governed

NOT_DECIDED_JA = "このプルリクエストで追加された決議のどれもこれを決定していません"
NOT_DECIDED_EN = "no resolution added in this pull request decides on it"


def test_the_check_says_why_in_japanese_and_json_stays_english(repo: Path, tmp_path: Path) -> None:  # noqa: F811
    check = ["check", "--base", "main", "--head", "amend", "--root", str(repo)]
    text = _run(JAPANESE, *check)
    assert text.returncode == 1, text.stderr
    assert f"         - {NOT_DECIDED_JA}。決議を記録し (下の項目)、署名を受けてください\n" in text.stdout
    summary_file = tmp_path / "summary.md"
    github = _run({**JAPANESE, "GITHUB_STEP_SUMMARY": str(summary_file)}, *check, "--format", "github")
    annotation = next(line for line in github.stdout.splitlines() if line.startswith("::error file="))
    assert f"amend bribery-prevention は承認されていません: {NOT_DECIDED_JA}" in annotation
    summary = summary_file.read_text(encoding="utf-8")
    assert f"| amend `bribery-prevention` | 決議なし: {NOT_DECIDED_JA}" in summary
    english = _run(ENGLISH, *check)
    assert f"- {NOT_DECIDED_EN}; record one (the entry below) and have it signed" in english.stdout
    assert "決議" not in english.stdout
    for env in (JAPANESE, ENGLISH):
        report = json.loads(_run(env, *check, "--format", "json").stdout)
        reasons = [reason for change in report["changes"] for reason in change["reasons"]]
        assert reasons and all(reason.startswith(NOT_DECIDED_EN) for reason in reasons), reasons


def test_a_record_that_does_not_count_says_why_in_japanese(repo: Path) -> None:  # noqa: F811
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "checkout", "-q", "amend"], check=True)
    made = _run(
        ENGLISH,
        "resolution", "new", "--id", "BD-2026-007", "--body", "board-of-directors", "--date", "2026-11-30",
        "--members", "9", "--present", "9", "--for", "9", "--against", "0", "--abstain", "0",
        "--recorded-by", "Hanako Sato", "--base", "main", "--root", str(repo),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "record, unsigned"], check=True)
    check = ["check", "--base", "main", "--head", "amend", "--root", str(repo)]
    japanese = _run(JAPANESE, *check)
    assert japanese.returncode == 1
    # The record's problem, said inside the reason that names it, both in Japanese.
    assert (
        "BD-2026-007 は有効ではありません: 署名がありません: resolutions/BD-2026-007.yml.sig がありません"
        in (japanese.stdout)
    )
    assert "違反:\n  - resolutions/BD-2026-007.yml: 署名がありません: " in japanese.stdout
    english = _run(ENGLISH, *check)
    assert "BD-2026-007 does not count: no signature: resolutions/BD-2026-007.yml.sig is missing" in (
        english.stdout
    )
    # The secretary's own check of the record says it too.
    verify = _run(JAPANESE, "resolution", "verify", "BD-2026-007", "--root", str(repo))
    assert verify.returncode == 1
    assert verify.stdout == (
        "resolutions/BD-2026-007.yml: 署名されていません: governance resolution sign BD-2026-007 --key <鍵> を"
        "実行してください\n"
    )


def test_the_audit_says_why_in_japanese(repo: Path, tmp_path: Path) -> None:  # noqa: F811
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "checkout", "-q", "main"], check=True)
    subprocess.run([*git, "merge", "-q", "--no-ff", "-m", "merge without a decision", "amend"], check=True)
    summary_file = tmp_path / "summary.md"
    audit = _run(
        {**JAPANESE, "GITHUB_STEP_SUMMARY": str(summary_file)},
        "audit", "main", "--format", "github", "--root", str(repo),
    )  # fmt: skip
    assert audit.returncode == 1, audit.stderr
    assert "このコミットで追加された決議のどれもこれを決定していません" in audit.stdout
    assert ": bribery-prevention: このコミットで追加された決議" in audit.stdout  # the annotation
    assert "このコミットで追加された決議" in summary_file.read_text(encoding="utf-8")
    english = _run(ENGLISH, "audit", "main", "--root", str(repo))
    assert "no resolution added in this commit decides on it" in english.stdout


@pytest.mark.parametrize(("language", "expected"), [("ja_JP.UTF-8", "ja"), ("C.UTF-8", "en")])
def test_the_hook_refuses_in_the_server_s_language(
    gov: Governed,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    expected: str,
) -> None:
    _approved_merge(gov)
    assert _push(gov, "main").returncode == 0
    gov.repo.write(REGULATION, AMENDED.replace("the law", "the law, mostly"))
    sneaky = gov.repo.commit("Small wording fix")
    monkeypatch.setenv("LANG", language)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    refused = _push(gov, "main")
    assert refused.returncode != 0
    said = {
        "ja": f"governance: 拒否: refs/heads/main: コミット {sneaky[:12]} (Small wording fix): "
        "amend bribery-prevention は承認されていません: このコミットで追加された決議のどれもこれを決定していません",
        "en": f"governance: refused: refs/heads/main: commit {sneaky[:12]} (Small wording fix): "
        "amend bribery-prevention is not approved: no resolution added in this commit decides on it",
    }[expected]
    assert said in refused.stderr, refused.stderr
    forced = _push(gov, "--force", "main~2:main")  # before the approved merge the server holds
    assert ("fast-forward ではありません" if expected == "ja" else "not a fast-forward") in forced.stderr


_REASON_LISTS = {"problems", "violations", "reasons", "refusals", "left_out"}
_REASON_FUNCTIONS = ("problem", "refus", "mismatch", "reason", "dangling", "undefined")


def _sentences(node: ast.expr) -> list[ast.expr]:
    """The strings an expression puts in a list of reasons: itself, or the elements it adds."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return list(node.elts)
    if isinstance(node, ast.ListComp):
        return [node.elt]
    return [node]


def _english_only(node: ast.expr) -> bool:
    """A sentence made in English and never translatable: an f-string or a literal, not a Message."""
    if isinstance(node, ast.BinOp):
        return _english_only(node.left) or _english_only(node.right)
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_every_reason_for_a_refusal_is_a_message() -> None:
    # A reason written as an f-string would stay English under ja_JP.UTF-8 and escape the catalogue test:
    # the gate's and the records' lists of reasons and the functions that return them take Messages only.
    root = Path(__file__).resolve().parents[2] / "governance"
    english: list[str] = []
    for path in sorted([*(root / "gate").glob("*.py"), *(root / "records").glob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            named = any(part in function.name for part in _REASON_FUNCTIONS)
            for node in ast.walk(function):
                added: list[ast.expr] = []
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("append", "extend")
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in _REASON_LISTS
                ):
                    added = [node.args[0]] if node.func.attr == "append" else _sentences(node.args[0])
                elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                    added = _sentences(node.value) if node.target.id in _REASON_LISTS else []
                elif isinstance(node, ast.Return) and node.value is not None and named:
                    added = _sentences(node.value)
                english += [
                    f"{path.relative_to(root.parent)}:{sentence.lineno}"
                    for sentence in added
                    if _english_only(sentence)
                ]
    assert english == []
