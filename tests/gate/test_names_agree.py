"""A name is recognised once (governance.text.recognisers), so lint, the gate and `resolution new` say
the same thing about it: a translation named with a three-letter language, a regulation or a governed
file whose name no resolution could carry."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner, Result

from governance.cli import main
from governance.config import Config, load_config
from governance.gate.changes import deciding_body
from governance.gate.check import run_check
from governance.lint.runner import lint_paths, lint_text
from governance.text.recognisers import GOVERNED_NAME_RULE, NFD_NAME_RULE, REGULATION_NAME_RULE
from tests.testing.governed import AMENDED, COMPLIANCE, JA, REGULATION, SEED, Governed

TODAY = date(2026, 12, 1)
FILIPINO = JA.replace("language: ja", "language: fil")


def _new(gov: Governed) -> Result:
    args = [
        "resolution",
        "new",
        "--id",
        "BD-2026-041",
        "--body",
        "board-of-directors",
        "--date",
        "2026-11-20",
    ]
    args += ["--written-consent", "--recorded-by", "Hanako Sato", "--base", "main", "--head", "proposal"]
    return CliRunner().invoke(main, [*args, "--root", str(gov.path)], env={"GOVERNANCE_TODAY": "2026-11-30"})


def test_a_three_letter_language_is_a_translation_to_lint_and_gate(gov: Governed) -> None:
    path = "regulations/gift-rules.fil.md"
    original = {"gift-rules": SEED.encode()}
    findings = lint_text(FILIPINO, path, "gift-rules.fil", original_of=original.get)
    assert not [f for f in findings if f.code == "TRN004"], findings
    body = deciding_body(
        path, FILIPINO.encode(), load_config(gov.path), {"regulations/gift-rules.md"}.__contains__
    )
    assert body == COMPLIANCE


def test_a_file_named_like_a_translation_without_its_original_is_an_ordinary_text() -> None:
    findings = lint_text(SEED, "regulations/notes.old.md", "notes.old", original_of=lambda ident: None)
    assert not [f for f in findings if f.code.startswith("TRN")]
    assert deciding_body("regulations/notes.old.md", SEED.encode(), Config(), lambda path: False) == (
        Config().default_body
    )


def test_a_regulation_name_with_a_space_is_refused_by_lint_gate_and_resolution_new(gov: Governed) -> None:
    gov.branch()
    gov.repo.write("regulations/a b.md", SEED.replace("Bribery Prevention", "Gifts"))
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Enact a b, amend Article 7")

    [lint] = [f for f in lint_paths(gov.path, load_config(gov.path)) if f.path == "regulations/a b.md"]
    report = run_check(gov.path, "main", "proposal", today=TODAY)
    [refused] = [v for v in report.verdicts if v.change.path == "regulations/a b.md"]
    result = _new(gov)

    assert (lint.code, lint.message) == ("FILE004", REGULATION_NAME_RULE)
    assert refused.reasons == (f"regulations/a b.md: {REGULATION_NAME_RULE}",)
    assert result.exit_code == 0, result.output
    assert f"not included: regulations/a b.md: {REGULATION_NAME_RULE}" in result.output
    assert "amend bribery-prevention" in result.output  # the rest is recorded


def test_a_governed_file_with_a_space_is_refused_not_missing(gov: Governed) -> None:
    gov.branch()
    gov.repo.write("site/stylesheets/my style.css", "body { display: none }\n")
    gov.repo.commit("A stylesheet")

    report = run_check(gov.path, "main", "proposal", today=TODAY)
    [verdict] = report.verdicts
    result = _new(gov)

    assert not report.ok
    assert verdict.change.refusal == f"site/stylesheets/my style.css: {GOVERNED_NAME_RULE}"
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"nothing to record: {verdict.change.refusal}" in result.output


def test_a_japanese_file_name_is_a_regulation_to_lint_gate_and_resolution_new(gov: Governed) -> None:
    """Issue 15: 01_就業規則.md as a Japanese company names it; the id keeps the name."""
    path, text = "regulations/01_就業規則.md", SEED.replace("Bribery Prevention", "Work Rules")
    gov.branch()
    gov.repo.write(path, text)
    gov.repo.commit("Enact the work rules")

    assert not [f for f in lint_paths(gov.path, load_config(gov.path)) if f.path == path]
    result = _new(gov)
    assert result.exit_code == 0, result.output
    assert "enact 01_就業規則 sha256:" in result.output and "not included" not in result.output
    (gov.path / "resolutions" / "BD-2026-041.yml").unlink()
    gov.approve("BD-2026-042", "01_就業規則", "enact", text)
    gov.repo.commit("Record BD-2026-042")
    report = run_check(gov.path, "main", "proposal", today=TODAY)
    assert report.ok, report


def test_a_name_that_only_looks_like_another_is_refused_by_lint_gate_and_resolution_new(
    gov: Governed,
) -> None:
    """The checks that protect texts, on names: Cyrillic о in a Latin name, a name in NFD, full-width."""
    names = ["regulations/bribery-prevеntion.md", "regulations/か\u3099.md", "regulations/ＨＲ.md"]
    gov.branch()
    for name in names:
        gov.repo.write(name, SEED)
    gov.repo.commit("Look-alikes")

    linted = {f.path: f.code for f in lint_paths(gov.path, load_config(gov.path)) if f.path in names}
    report = run_check(gov.path, "main", "proposal", today=TODAY)
    refused = {v.change.path: v.reasons for v in report.verdicts}
    result = _new(gov)

    assert linted == dict.fromkeys(names, "FILE004")
    # A name in NFD looks right when printed: it is told so, with what to do on a Mac.
    rule = {name: NFD_NAME_RULE if "\u3099" in name else REGULATION_NAME_RULE for name in names}
    assert refused == {name: (f"{name}: {rule[name]}",) for name in names}
    said = {f.path: f.message for f in lint_paths(gov.path, load_config(gov.path)) if f.path in names}
    assert said == rule
    assert result.exit_code == 2 and "nothing to record" in result.output


def test_a_file_name_the_site_cannot_write_is_refused_by_lint_and_gate(gov: Governed) -> None:
    """`<name>.txt` is published beside the pages: a name of 252 bytes or more ended the build in "File
    name too long" after lint, the gate and the audit had let it through. 251 bytes still passes."""
    longest = "regulations/" + "規" * 82 + "ab.md"  # 82 x 3 + 2 + 3 = 251 bytes
    too_long = "regulations/" + "規" * 82 + "abc.md"  # 252 bytes
    gov.branch()
    for name in (longest, too_long):
        gov.repo.write(name, SEED)
    gov.repo.commit("Long names")

    linted = {f.path: f for f in lint_paths(gov.path, load_config(gov.path)) if f.code == "FILE004"}
    report = run_check(gov.path, "main", "proposal", today=TODAY)
    refused = {v.change.path: v.reasons for v in report.verdicts if v.change.path == too_long}

    said = "the file name is 252 bytes long (UTF-8)"
    assert list(linted) == [too_long] and str(linted[too_long].message).startswith(said)
    assert refused[too_long][0].startswith(f"{too_long}: {said}")
    assert "shorten it to at most 251" in refused[too_long][0]
