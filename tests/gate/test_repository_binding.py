"""Records bound to their repository: a group's repositories share the secretary's key, and a record signed
for one counts in no other. Real repositories adopted by `governance init`, records made and signed by the
secretary's commands with a real ssh-keygen key, judged by `governance check` and `governance audit`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from governance.cli import main
from governance.config import Config, parse_config
from governance.errors import GovernanceError
from governance.gate.repository_name import name_from_remote
from governance.records.resolutions import load_resolution
from tests.gate.test_hook import HOOK
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed, digest, governed_copy, record_text
from tests.testing.sshkeys import Keys

ENV = {"GOVERNANCE_TODAY": "2026-12-01"}
RECORD = "resolutions/BD-2026-007.yml"


def _run(repo: GitRepo, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(repo.path)], env=ENV)


def _adopted(path: Path, keys: Keys, *options: str) -> tuple[GitRepo, Result]:
    """A repository of the group: the seed as it stands, adopted with the group's one secretary key."""
    repo = GitRepo.init(path)
    repo.write(REGULATION, SEED)
    repo.commit("Regulations as they stand")
    adopted = _run(
        repo,
        "init",
        "--key",
        str(keys.secretary.private),
        "--identity",
        keys.secretary.identity,
        "--members",
        "9",
        *options,
    )
    assert adopted.exit_code == 0, adopted.output
    repo.commit("Adopt regulation governance")
    return repo, adopted


def _amend(repo: GitRepo, branch: str) -> None:
    repo.git("checkout", "-q", "-b", branch, "main")
    repo.write(REGULATION, AMENDED)
    repo.commit("Amend Article 7")


def _record_and_sign(repo: GitRepo, keys: Keys) -> None:
    """The secretary's two commands, as the secretary guide gives them."""
    made = _run(
        repo,
        "resolution",
        "new",
        "--id",
        "BD-2026-007",
        "--body",
        "board-of-directors",
        "--date",
        "2026-12-01",
        "--written-consent",
        "--recorded-by",
        "Hanako Sato, Board Secretary",
    )
    assert made.exit_code == 0, made.output
    signed = _run(repo, "resolution", "sign", "BD-2026-007", "--key", str(keys.secretary.private))
    assert signed.exit_code == 0, signed.output
    repo.commit("Resolution BD-2026-007")


@pytest.fixture
def group(tmp_path: Path, keys: Keys) -> tuple[GitRepo, GitRepo]:
    """Two repositories of one group (Japan, United States), one secretary key, the same regulation."""
    japan, _ = _adopted(tmp_path / "japan", keys, "--repository", "acme/bribery-jp")
    states, _ = _adopted(tmp_path / "states", keys, "--repository", "acme/bribery-us")
    return japan, states


def test_a_record_signed_for_one_repository_of_the_group_counts_in_no_other(
    group: tuple[GitRepo, GitRepo], keys: Keys
) -> None:
    japan, states = group
    _amend(japan, "amend")
    _record_and_sign(japan, keys)
    assert "repository: acme/bribery-jp\n" in (japan.path / RECORD).read_text(encoding="utf-8")
    assert _run(japan, "check", "--base", "main").exit_code == 0  # where it was made, it counts

    # The same amendment in the other company's repository, with the signed record copied over: same id,
    # same text, a signature by a key both repositories allow.
    _amend(states, "replay")
    for name in (RECORD, RECORD + ".sig"):
        shutil.copy(japan.path / name, states.path / name)
    states.commit("Resolution BD-2026-007 (from the Japanese repository)")
    verified = _run(states, "resolution", "verify", "BD-2026-007")
    replayed = _run(states, "check", "--base", "main")

    assert replayed.exit_code == 1, replayed.output
    reason = (
        "BD-2026-007 was recorded for the repository 'acme/bribery-jp', not for this one, 'acme/bribery-us' "
        "(governance.yml repository:): a record counts only in the repository it was made for; record the "
        "resolution in this repository (governance resolution new writes repository: acme/bribery-us)"
    )
    assert reason in replayed.stdout
    assert "signature not valid" not in replayed.stdout  # the signature holds: the binding refuses it
    assert verified.exit_code == 1 and reason in verified.stdout

    # The legitimate flow there: its own secretary records the decision for this repository.
    _amend(states, "amend")
    _record_and_sign(states, keys)
    assert _run(states, "check", "--base", "main").exit_code == 0

    # Merged around the gate, the audit of the other repository's history refuses the replay.
    states.git("checkout", "-q", "main")
    states.git("merge", "-q", "--no-ff", "-m", "Merge replay", "replay")
    audited = _run(states, "audit")
    assert audited.exit_code == 1 and reason in audited.stdout


def test_a_record_that_names_no_repository_is_refused_once_the_rules_name_one(
    group: tuple[GitRepo, GitRepo], keys: Keys
) -> None:
    _, states = group
    _amend(states, "amend")
    Governed(states, keys).approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    states.commit("Resolution BD-2026-007, without a repository")

    refused = _run(states, "check", "--base", "main")

    assert refused.exit_code == 1
    assert (
        "BD-2026-007 names no repository, and this repository is 'acme/bribery-us' (governance.yml "
        "repository:), so a record counts here only when it names it"
    ) in refused.stdout


def test_records_before_the_key_still_count_and_the_key_binds_the_records_after_it(gov: Governed) -> None:
    """A repository adopted before `repository:` existed: its history audits clean; the key arrives by a
    governed change of governance.yml (its record names no repository: the rules at its base name none);
    from then on a record must name it."""
    config = (gov.path / "governance.yml").read_text(encoding="utf-8")
    bound = "repository: acme/policies\n" + config
    gov.pull_request(
        "bind",
        "Bind records to this repository",
        files={"governance.yml": bound},
        approvals=(("BD-2026-006", "file:governance.yml", "amend", bound),),
    )
    assert _run(gov.repo, "check", "--base", "main").exit_code == 0
    gov.merge("bind")

    gov.branch("unbound")
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7, with a record that names no repository")
    refused = _run(gov.repo, "check", "--base", "main")
    assert refused.exit_code == 1 and "BD-2026-007 names no repository" in refused.stdout

    gov.repo.git("checkout", "-q", "main")
    gov.branch("bound")
    gov.repo.write(REGULATION, AMENDED)
    text = record_text("BD-2026-008", [("bribery-prevention", "amend", digest(AMENDED))])
    gov.record("BD-2026-008", text.replace("body:", "repository: acme/policies\nbody:", 1))
    gov.repo.commit("Amend Article 7, with a record for this repository")
    assert _run(gov.repo, "check", "--base", "main").exit_code == 0
    gov.merge("bound")

    audited = _run(gov.repo, "audit")
    assert audited.exit_code == 0, audited.output


def test_init_names_the_repository_after_its_origin_remote_or_its_folder(tmp_path: Path, keys: Keys) -> None:
    cloned = GitRepo.init(tmp_path / "clone")
    cloned.git("remote", "add", "origin", "git@github.com:iij-group/bribery-regulations.git")
    cloned.write(REGULATION, SEED)
    cloned.commit("Regulations as they stand")
    adopted = _run(
        cloned, "init", "--key", str(keys.secretary.private), "--identity", keys.secretary.identity,
        "--members", "9",
    )  # fmt: skip
    assert adopted.exit_code == 0, adopted.output
    assert "records are bound to the repository 'iij-group/bribery-regulations'" in adopted.stdout
    config = (cloned.path / "governance.yml").read_text(encoding="utf-8")
    assert 'repository: "iij-group/bribery-regulations"\n' in config
    baseline = cloned.path / "resolutions" / "BL-2026-001.yml"
    assert load_resolution(baseline.read_text(encoding="utf-8"), baseline).repository == (
        "iij-group/bribery-regulations"
    )
    cloned.commit("Adopt regulation governance")
    assert _run(cloned, "audit").exit_code == 0  # the adoption's baseline names the repository it binds

    local, _ = _adopted(tmp_path / "policies-jp", keys)
    assert 'repository: "policies-jp"\n' in (local.path / "governance.yml").read_text(encoding="utf-8")


def test_init_keeps_an_existing_governance_yml_and_refuses_a_name_it_does_not_give(
    tmp_path: Path, keys: Keys
) -> None:
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("governance.yml", "front_matter: strict\n")
    repo.write(REGULATION, SEED)
    repo.commit("Regulations as they stand")
    refused = _run(
        repo, "init", "--key", str(keys.secretary.private), "--identity", keys.secretary.identity,
        "--members", "9", "--repository", "acme/policies",
    )  # fmt: skip
    assert refused.exit_code == 2
    assert "governance.yml names no repository, not 'acme/policies'" in refused.stderr
    assert "write 'repository: acme/policies' there" in refused.stderr


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("git@github.com:iij-group/bribery-regulations.git", "iij-group/bribery-regulations"),
        ("https://github.com/iij-group/bribery-regulations", "iij-group/bribery-regulations"),
        ("https://gitlab.example.com/legal/jp/policies.git/", "jp/policies"),
        ("ssh://git@git.example.com:2222/legal/policies.git", "legal/policies"),
        ("/srv/git/policies.git", "git/policies"),
        ("file:///srv/policies.git", "srv/policies"),
        ("https://example.com/", None),
        ("https://example.com/a b/c d.git", None),
    ],
)
def test_the_default_name_is_the_remote_owner_and_name(url: str, name: str | None) -> None:
    assert name_from_remote(url) == name


@pytest.mark.parametrize(
    "name", ["acme//policies", "../policies", "-policies", "acme/ policies", "acme/policies/", "", "a" * 201]
)
def test_a_repository_name_of_another_form_is_refused_with_the_rule(name: str) -> None:
    with pytest.raises(GovernanceError) as refused:
        parse_config(f"repository: {name!r}\n", "governance.yml")
    assert "governance.yml" in refused.value.render()
    assert "parts of letters, digits" in refused.value.render()
    assert Config(repository="JP-0042").repository == "JP-0042"


def test_without_signatures_a_record_on_the_branch_counts_only_if_it_named_this_repository(
    tmp_path: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """signatures: off: records count once on main. One made for another repository, pushed onto main
    around the gate, counts for no later pull request, and the audit refuses its arrival."""
    gov = governed_copy(tmp_path, keys, tmp_path_factory, signatures="off")
    bound = "repository: acme/policies\n" + (gov.path / "governance.yml").read_text(encoding="utf-8")
    approval = record_text("BD-2026-006", [("file:governance.yml", "amend", digest(bound))])
    gov.record("BD-2026-006", approval, sign=False)
    gov.repo.commit("Record BD-2026-006")
    gov.repo.write("governance.yml", bound)
    gov.repo.commit("Bind records to this repository (BD-2026-006)")

    foreign = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))])
    gov.record("BD-2026-007", foreign.replace("body:", "repository: acme/other\nbody:", 1), sign=False)
    gov.repo.commit("Record BD-2026-007, made for another repository")
    gov.branch("amend")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")

    refused = _run(gov.repo, "check", "--base", "main")
    assert refused.exit_code == 1
    assert "BD-2026-007 was recorded for the repository 'acme/other', not for this one" in refused.stdout

    gov.repo.git("checkout", "-q", "main")
    own = record_text("BD-2026-008", [("bribery-prevention", "amend", digest(AMENDED))])
    gov.record("BD-2026-008", own.replace("body:", "repository: acme/policies\nbody:", 1), sign=False)
    gov.repo.commit("Record BD-2026-008")
    gov.repo.git("checkout", "-q", "amend")
    gov.repo.git("rebase", "-q", "main")
    assert _run(gov.repo, "check", "--base", "main").exit_code == 0

    audited = _run(gov.repo, "audit", "main")
    assert (
        audited.exit_code == 1
        and "BD-2026-007 was recorded for the repository 'acme/other'" in audited.stdout
    )


def test_the_hook_refuses_a_push_that_brings_a_record_of_another_repository(
    group: tuple[GitRepo, GitRepo], keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A self-hosted server's pre-receive hook: the replayed record, merged locally, never reaches main."""
    monkeypatch.setenv("GOVERNANCE_TODAY", "2026-12-01")
    japan, states = group
    server = tmp_path / "states.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(states.path), str(server)], check=True)
    hook = server / "hooks" / "pre-receive"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(HOOK, encoding="utf-8")
    hook.chmod(0o755)
    states.git("remote", "add", "origin", str(server))
    _amend(japan, "amend")
    _record_and_sign(japan, keys)
    _amend(states, "replay")
    for name in (RECORD, RECORD + ".sig"):
        shutil.copy(japan.path / name, states.path / name)
    states.commit("Resolution BD-2026-007 (from the Japanese repository)")
    states.git("checkout", "-q", "main")
    states.git("merge", "-q", "--no-ff", "-m", "Merge replay", "replay")

    pushed = subprocess.run(
        ["git", "push", "origin", "main"], cwd=states.path, capture_output=True, text=True, check=False
    )

    assert pushed.returncode != 0
    assert "BD-2026-007 was recorded for the repository 'acme/bribery-jp'" in pushed.stderr
    assert "governance: refused" in pushed.stderr
