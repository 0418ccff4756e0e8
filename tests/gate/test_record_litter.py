"""A file added to the records folder that is no record, no record's signature and no opinion a record
added with it names is refused alike by the check, the audit and the server's hook, with the file and
what to do (issue 12, H1): a temporary file a killed writer left, a record under a name nobody reads
(`BD-2026-007.YML`, `.yaml`), a stray note, a subfolder. Real repositories, a real push, the real program."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from governance.cli import main
from tests.cli.test_messages import ENGLISH, JAPANESE, _run
from tests.gate.test_hook import _push, gov  # noqa: F401 (fixture: a server with the hook)
from tests.testing.governed import AMENDED, REGULATION, Governed, digest, record_text

_ENV = {"GOVERNANCE_TODAY": "2026-12-01"}
HIDDEN = "a hidden file in the records folder"
RENAME = "not a record: no reader looks for a record under this name; rename it to"
PLACE = "not in a record's place: a record sits in resolutions/ or in the folder of its year"
STRAY = "not a record: the records folder holds records (<ID>.yml), their signatures"

LITTER = [
    ("resolutions/.BD-2026-007.yml.0123456789abcdef.tmp", HIDDEN),
    ("resolutions/2026/.DS_Store", HIDDEN),
    ("resolutions/BD-2026-008.YML", f"{RENAME} resolutions/BD-2026-008.yml"),
    ("resolutions/BD-2026-008.yaml", f"{RENAME} resolutions/BD-2026-008.yml"),
    ("resolutions/2026/BD-2026-008.Yml.SIG", f"{RENAME} resolutions/2026/BD-2026-008.yml.sig"),
    ("resolutions/notes/BD-2026-008.yml", PLACE),
    ("resolutions/notes.txt", STRAY),
    ("resolutions/2026/minutes/2026-11-20.md", STRAY),
    ("resolutions/bodies.yml.sig", STRAY),
]


def _with_litter(governed: Governed, litter: str) -> None:
    """An approved amendment, and the litter beside its record."""
    governed.branch()
    governed.repo.write(REGULATION, AMENDED)
    record = governed.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    governed.repo.write(litter, record.read_bytes())
    governed.repo.commit("Amend Article 7")


@pytest.mark.parametrize(("litter", "said"), LITTER)
def test_litter_is_refused_by_the_check_the_audit_and_the_hook(gov: Governed, litter: str, said: str) -> None:  # noqa: F811
    _with_litter(gov, litter)
    expected = f"{litter}: {said}"

    check = CliRunner().invoke(
        main, ["check", "--base", "main", "--head", "proposal", "--root", str(gov.path)], env=_ENV
    )
    assert check.exit_code == 1, check.output
    assert expected in check.output
    as_json = CliRunner().invoke(
        main,
        ["check", "--base", "main", "--head", "proposal", "--format", "json", "--root", str(gov.path)],
        env=_ENV,
    )
    assert any(expected in violation for violation in json.loads(as_json.output)["violations"])

    gov.merge()
    audit = CliRunner().invoke(main, ["audit", "main", "--root", str(gov.path)], env=_ENV)
    assert audit.exit_code == 1, audit.output
    assert expected in audit.output

    pushed = _push(gov, "main")
    assert pushed.returncode != 0
    assert "governance: refused: refs/heads/main: commit" in pushed.stderr and expected in pushed.stderr


def test_without_litter_the_same_pull_request_passes(gov: Governed) -> None:  # noqa: F811
    _with_litter(gov, "resolutions/BD-2026-007.yml")  # the record itself, written again
    check = CliRunner().invoke(
        main, ["check", "--base", "main", "--head", "proposal", "--root", str(gov.path)], env=_ENV
    )
    assert check.exit_code == 0, check.output
    gov.merge()
    assert _push(gov, "main").returncode == 0


def test_an_opinion_named_by_a_record_added_with_it_is_no_litter(gov: Governed) -> None:  # noqa: F811
    """The secretary's guide keeps the 意見書 in the records folder (resolutions/意見書/): the record that
    names it makes it belong; the same file without such a record is litter."""
    opinion, said = "resolutions/意見書/BD-2026-007.txt", "意見はありません。\n"
    gov.branch()
    gov.repo.write(opinion, said)
    gov.repo.commit("An opinion alone")
    alone = CliRunner().invoke(
        main, ["check", "--base", "main", "--head", "proposal", "--root", str(gov.path)], env=_ENV
    )
    assert alone.exit_code == 1 and f"{opinion}: {STRAY}" in alone.output
    gov.repo.write(REGULATION, AMENDED)
    text = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))])
    consultation = (
        "consultations:\n  - representative: 過半数代表者 山田太郎\n    date: 2026-11-18\n"
        f"    opinion: {opinion}\n    digest: {digest(said)}\n"
    )
    gov.record("BD-2026-007", text.replace("recorded_by:", consultation + "recorded_by:"))
    gov.repo.commit("Amend Article 7")
    with_record = CliRunner().invoke(
        main, ["check", "--base", "main", "--head", "proposal", "--root", str(gov.path)], env=_ENV
    )
    assert opinion not in with_record.output.replace(f"opinion: {opinion}", ""), with_record.output


def test_litter_is_refused_in_japanese(gov: Governed) -> None:  # noqa: F811
    _with_litter(gov, "resolutions/notes.txt")
    check = ["check", "--base", "main", "--head", "proposal", "--root", str(gov.path)]
    japanese = _run(JAPANESE, *check)
    assert japanese.returncode == 1, japanese.stderr
    assert "resolutions/notes.txt: 決議録ではありません: 決議録フォルダーに置けるのは" in japanese.stdout
    english = _run(ENGLISH, *check)
    assert f"resolutions/notes.txt: {STRAY}" in english.stdout


def test_a_record_name_with_a_space_is_refused_not_a_crash(gov: Governed) -> None:  # noqa: F811
    """Its twin's path (the folder of its year) holds the space: git's `<name> missing` answer was read as
    an object's header and the check crashed, exit 2 (issue 12, H1)."""
    _with_litter(gov, "resolutions/BD-2026-a b.yml")
    check = CliRunner().invoke(
        main, ["check", "--base", "main", "--head", "proposal", "--root", str(gov.path)], env=_ENV
    )
    assert check.exit_code == 1, check.output
    assert "resolutions/BD-2026-a b.yml: " in check.output and "unexpected" not in check.output
