from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from governance.cli import main
from governance.gate.adoption import adopt
from governance.gate.check import run_check
from governance.records.resolutions import load_resolution
from governance.text.digests import digest_bytes
from tests.testing.gitrepo import GitRepo
from tests.testing.sshkeys import Keys

TODAY = "2026-11-30"
MEETING = ["--members", "9", "--present", "7", "--for", "6", "--against", "1", "--abstain", "0"]
REGULATION = "regulations/bribery-prevention.md"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Path:
    """An adopted repository whose branch `amend` amends the seed and enacts a new regulation."""
    seed_text = (ROOT / REGULATION).read_text(encoding="utf-8")
    repo = GitRepo.init(tmp_path_factory.mktemp("template") / "repo")
    repo.write(REGULATION, seed_text)
    repo.commit("regulations in force")
    adopt(
        repo.path,
        secretary_key=keys.secretary.private,
        secretary_identity=keys.secretary.identity,
        members=9,
        regulations="regulations",
        today=date(2026, 1, 5),
    )
    repo.commit("adopt regulation governance")
    repo.git("checkout", "-q", "-b", "amend")
    repo.write(REGULATION, seed_text.replace("employment rules.", "employment rules and the law."))
    repo.write("regulations/gifts.md", seed_text.replace("Bribery Prevention", "Gifts"))
    repo.commit("amend Article 7, enact the gifts regulations")
    return repo.path


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(template, copy, symlinks=True)
    return copy


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(root)], env={"GOVERNANCE_TODAY": TODAY})


def new(root: Path, *extra: str, ident: str = "BD-2026-007") -> Result:
    return run(
        root,
        "resolution",
        "new",
        "--id",
        ident,
        "--body",
        "board-of-directors",
        "--date",
        "2026-11-20",
        "--recorded-by",
        "Hanako Sato, Board Secretary",
        *extra,
    )


def test_new_sign_verify_then_the_check_passes(repo: Path, keys: Keys) -> None:
    created = new(repo, *MEETING, "--effective", "2027-01-01")
    assert created.exit_code == 0, created.output
    record_file = repo / "resolutions" / "BD-2026-007.yml"
    assert "wrote resolutions/BD-2026-007.yml with 2 decision(s)" in created.output
    assert "next: governance resolution sign BD-2026-007" in created.output
    record = load_resolution(record_file.read_text("utf-8"), record_file)
    assert record.votes is not None and (record.votes.for_, record.date) == (6, date(2026, 11, 20))
    actions = {(d.regulation, d.action, d.digest, d.effective) for d in record.decisions}
    assert actions == {
        ("bribery-prevention", "amend", digest_bytes((repo / REGULATION).read_bytes()), date(2027, 1, 1)),
        ("gifts", "enact", digest_bytes((repo / "regulations/gifts.md").read_bytes()), date(2027, 1, 1)),
    }

    unsigned = run(repo, "resolution", "verify", "BD-2026-007")
    assert (unsigned.exit_code, "not signed" in unsigned.output) == (1, True)

    signed = run(repo, "resolution", "sign", "BD-2026-007", "--key", str(keys.secretary.private))
    assert signed.exit_code == 0, signed.output
    assert f"signed by {keys.secretary.identity}" in signed.output
    verified = run(repo, "resolution", "verify", "BD-2026-007")
    assert verified.exit_code == 0, verified.output
    assert f"resolutions/BD-2026-007.yml: valid, signed by {keys.secretary.identity}" in verified.output

    again = run(repo, "resolution", "sign", "BD-2026-007", "--key", str(keys.secretary.private))
    assert again.exit_code == 2 and "already signed" in again.output

    # The gate agrees: the record written by `new` covers exactly the branch's changes.
    GitRepo(repo).commit("record BD-2026-007")
    report = run_check(repo, "main", "HEAD", today=date.fromisoformat(TODAY))
    assert report.ok, report
    assert len(report.verdicts) == 2

    # A record is never overwritten.
    twice = new(repo, *MEETING)
    assert twice.exit_code == 2 and "never overwritten" in twice.output


def test_new_refuses_an_invalid_resolution_and_writes_nothing(repo: Path) -> None:
    no_quorum = new(
        repo, "--members", "9", "--present", "4", "--for", "4", "--against", "0", "--abstain", "0"
    )
    assert no_quorum.exit_code == 2
    assert "error: BD-2026-007.yml: the resolution would not be valid: quorum not met: 4 of 9 present" in (
        no_quorum.output
    )
    partial = new(repo, "--members", "9", "--present", "7")
    assert partial.exit_code == 2 and "a meeting needs --for, --against, --abstain" in partial.output
    mixed = new(repo, "--written-consent", "--present", "7")
    assert mixed.exit_code == 2 and "--written-consent records no attendance" in mixed.output
    bad_id = new(repo, *MEETING, ident="../../etc/passwd")
    assert bad_id.exit_code == 2 and "not a resolution id" in bad_id.output
    other_body = run(repo, "resolution", "new", "--id", "CD-2026-001", "--body", "compliance-department")
    assert other_body.exit_code == 2  # required options missing: click's own usage error
    wrong_body = new(repo, "--written-consent", "--base", "main", "--head", "main")
    assert wrong_body.exit_code == 2 and "no change of the branch" in wrong_body.output
    assert not list((repo / "resolutions").glob("BD-*"))


def test_written_consent_and_signing_errors(repo: Path, keys: Keys) -> None:
    created = new(repo, "--written-consent", ident="BD-2026-008")
    assert created.exit_code == 0, created.output
    record_file = repo / "resolutions" / "BD-2026-008.yml"
    record = load_resolution(record_file.read_text("utf-8"), record_file)
    assert (record.form, record.consents, record.attendance) == ("written-consent", 9, None)

    outsider = run(repo, "resolution", "sign", "BD-2026-008", "--key", str(keys.outsider.private))
    assert outsider.exit_code == 2 and "may not sign records" in outsider.output
    assert not (repo / "resolutions" / "BD-2026-008.yml.sig").exists()  # the bad signature was removed
    missing_key = run(repo, "resolution", "sign", "BD-2026-008", "--key", str(repo / "no-such-key"))
    assert missing_key.exit_code == 2 and "key file does not exist" in missing_key.output
    missing_record = run(repo, "resolution", "sign", "BD-2026-099", "--key", str(keys.secretary.private))
    assert missing_record.exit_code == 2 and "no such record" in missing_record.output

    assert run(repo, "resolution", "sign", "BD-2026-008", "--key", str(keys.secretary.private)).exit_code == 0
    record_file.write_text(
        record_file.read_text("utf-8").replace("consents: 9", "consents: 9\n# edited"), "utf-8"
    )
    tampered = run(repo, "resolution", "verify", "BD-2026-008")
    assert tampered.exit_code == 1 and "signature: the signature does not verify" in tampered.output

    record_file.write_text(record_file.read_text("utf-8").replace("consents: 9", "consents: 8"), "utf-8")
    not_unanimous = run(repo, "resolution", "verify", "BD-2026-008")
    assert not_unanimous.exit_code == 1 and "must be unanimous: 8 of 9" in not_unanimous.output

    record_file.write_text(record_file.read_text("utf-8") + "chair: Sato\n", "utf-8")
    broken = run(repo, "resolution", "verify", "BD-2026-008")
    assert broken.exit_code == 1 and "unknown key 'chair'" in broken.output


def test_a_key_rotation_is_signed_with_the_key_allowed_on_the_base_branch(repo: Path, keys: Keys) -> None:
    """The new secretary's key replaces the old one in the same pull request: the old key, which the gate
    trusts on main, must sign the rotation, and `sign`/`verify` judge as the gate does."""
    git = GitRepo(repo)
    git.git("checkout", "-q", "main")
    git.git("checkout", "-q", "-b", "rotate")
    signers = repo / "resolutions" / "allowed_signers"
    signers.write_text(keys.outsider.allowed_signers(), encoding="utf-8")
    git.commit("rotate the secretary's key")
    created = new(repo, *MEETING, ident="BD-2026-008")
    assert created.exit_code == 0, created.output
    decisions = load_resolution(
        (repo / "resolutions" / "BD-2026-008.yml").read_text(), "resolutions/BD-2026-008.yml"
    ).decisions
    assert [(d.file, d.action) for d in decisions] == [("resolutions/allowed_signers", "amend")]

    by_new_key = run(repo, "resolution", "sign", "BD-2026-008", "--key", str(keys.outsider.private))
    assert by_new_key.exit_code == 2  # not yet allowed where the gate reads allowed_signers
    assert "allowed_signers" in by_new_key.output
    assert not (repo / "resolutions" / "BD-2026-008.yml.sig").exists()

    by_old_key = run(repo, "resolution", "sign", "BD-2026-008", "--key", str(keys.secretary.private))
    assert by_old_key.exit_code == 0, by_old_key.output
    assert run(repo, "resolution", "verify", "BD-2026-008").exit_code == 0
    git.commit("record BD-2026-008")
    report = run_check(repo, "main", "rotate", today=date(2026, 11, 30))
    assert report.ok, report


def test_a_retroactive_effective_date_is_refused_before_anything_is_written(repo: Path) -> None:
    result = new(repo, *MEETING, "--effective", "2026-01-01")
    assert result.exit_code == 2
    assert "--effective 2026-01-01 is before --date 2026-11-20" in result.output
    assert not (repo / "resolutions" / "BD-2026-007.yml").exists()


def test_new_reads_the_branch_from_the_config_when_main_is_master(repo: Path) -> None:
    """A company whose main branch is `master` (issue 15): `new` merges into the config's branch."""
    git_repo = GitRepo(repo)
    git_repo.git("branch", "-m", "main", "master")
    config = repo / "governance.yml"
    # init wrote the branch it was on; the company renamed it since, and the config with it
    text = config.read_text("utf-8")
    assert 'branch: "main"\n' in text
    config.write_text(text.replace('branch: "main"\n', "branch: master\n"), encoding="utf-8")
    created = new(repo, "--written-consent")
    assert created.exit_code == 0, created.output
    assert "'main' is not a commit" not in created.output
    assert "wrote resolutions/BD-2026-007.yml with 2 decision(s)" in created.output
    assert "merge it into master before the changes" in created.output or "resolution sign" in created.output


def test_new_marks_an_editorial_amendment_as_needing_no_new_acknowledgement(repo: Path) -> None:
    enactment = new(repo, "--written-consent", "--no-acknowledgement", "gifts")
    assert enactment.exit_code == 2
    assert (
        "error: --no-acknowledgement gifts: this resolution amends no regulation gifts (its decisions: "
        "amend bribery-prevention, enact gifts); only an amendment can keep earlier acknowledgements valid"
    ) in enactment.output
    unknown = new(repo, "--written-consent", "--no-acknowledgement", "bribery")
    assert unknown.exit_code == 2 and "amends no regulation bribery " in unknown.output
    assert not list((repo / "resolutions").glob("BD-*"))  # refused: nothing written

    created = new(repo, "--written-consent", "--no-acknowledgement", "bribery-prevention")
    assert created.exit_code == 0, created.output
    record_file = repo / "resolutions" / "BD-2026-007.yml"
    assert "    acknowledgement: not-required\n" in record_file.read_text("utf-8")
    record = load_resolution(record_file.read_text("utf-8"), record_file)
    assert {(d.regulation, d.acknowledgement) for d in record.decisions} == {
        ("bribery-prevention", "not-required"),
        ("gifts", "required"),
    }
