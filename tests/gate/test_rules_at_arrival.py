"""A record is judged by the bodies.yml in force when it arrived on the branch, by the check, the audit
and the server's hook alike (issue 12, H1). With signatures off a record merged earlier approves a later
change: the check's ledger judged it by the bodies.yml of the base it is asked at, the audit's by the
one that judged its arrival, so after a change of bodies.yml (a higher majority) the check refused what
the audit of the same history accepted, and a later bodies.yml rewrote what the earlier record decided.
Real repositories, a real bare server with the hook, real pushes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli import main
from tests.gate.test_hook import with_server
from tests.testing.governed import (
    AMENDED,
    BODIES,
    REGULATION,
    Governed,
    digest,
    governed_copy,
    record_text,
)
from tests.testing.sshkeys import Keys

_ENV = {"GOVERNANCE_TODAY": "2026-12-01"}
STRICTER = BODIES.replace(
    "majority: simple, written_consent: true}\n  compliance",
    "majority: two-thirds, written_consent: true}\n  compliance",
)


@pytest.fixture
def gov(tmp_path: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Governed:
    return with_server(
        governed_copy(tmp_path, keys, tmp_path_factory, signatures="off"), tmp_path / "server.git"
    )


def _check(gov: Governed, branch: str) -> tuple[int, str]:
    done = CliRunner().invoke(
        main, ["check", "--base", "main", "--head", branch, "--root", str(gov.path)], env=_ENV
    )
    return done.exit_code, done.output


def _merged(gov: Governed, branch: str, files: dict[str, str]) -> None:
    """A pull request: checked (it must pass), merged, pushed through the hook (it must be accepted)."""
    gov.repo.git("checkout", "-q", "-b", branch, "main")
    for path, text in files.items():
        gov.repo.write(path, text)
    gov.repo.commit(branch)
    code, output = _check(gov, branch)
    assert code == 0, output
    gov.merge(branch)
    pushed = subprocess.run(["git", "push", "origin", "main"], cwd=gov.path, capture_output=True, text=True)
    assert pushed.returncode == 0, pushed.stderr


def test_a_record_is_judged_by_the_bodies_in_force_when_it_arrived(gov: Governed) -> None:
    assert "majority: simple" in BODIES and STRICTER != BODIES
    # Adopted by 3 of 5 present: a simple majority, not two thirds.
    amendment = record_text(
        "BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))], present=5, votes_for=3
    )
    stricter = record_text(
        "BD-2026-008", [("file:resolutions/bodies.yml", "amend", digest(STRICTER))], present=9, votes_for=9
    )
    _merged(
        gov, "records", {"resolutions/BD-2026-007.yml": amendment, "resolutions/BD-2026-008.yml": stricter}
    )
    _merged(gov, "bodies", {"resolutions/bodies.yml": STRICTER})

    # The amendment BD-2026-007 decided, merged under the stricter rules: the record still counts.
    gov.repo.git("checkout", "-q", "-b", "amend", "main")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")
    code, output = _check(gov, "amend")
    assert code == 0, output
    gov.merge("amend")
    audit = CliRunner().invoke(main, ["audit", "main", "--root", str(gov.path)], env=_ENV)
    assert audit.exit_code == 0, audit.output
    pushed = subprocess.run(["git", "push", "origin", "main"], cwd=gov.path, capture_output=True, text=True)
    assert pushed.returncode == 0, pushed.stderr


def test_a_record_refused_when_it_arrived_never_counts_later(gov: Governed) -> None:
    """The other way round: adopted by 3 of 5 under the stricter rules, it does not count, and a later
    bodies.yml that would accept it does not revive it (the check and the audit agree)."""
    stricter = record_text(
        "BD-2026-008", [("file:resolutions/bodies.yml", "amend", digest(STRICTER))], present=9, votes_for=9
    )
    _merged(gov, "record", {"resolutions/BD-2026-008.yml": stricter})
    _merged(gov, "bodies", {"resolutions/bodies.yml": STRICTER})
    weak = record_text(
        "BD-2026-009", [("bribery-prevention", "amend", digest(AMENDED))], present=5, votes_for=3
    )
    gov.repo.git("checkout", "-q", "-b", "weak", "main")
    gov.repo.write("resolutions/BD-2026-009.yml", weak)
    gov.repo.commit("A record adopted by 3 of 5")
    code, output = _check(gov, "weak")
    assert code == 1 and "BD-2026-009" in output, output
    gov.merge("weak")  # merged around the gate: the hook refuses it, the audit reports it
    pushed = subprocess.run(["git", "push", "origin", "main"], cwd=gov.path, capture_output=True, text=True)
    assert pushed.returncode != 0 and "BD-2026-009" in pushed.stderr, pushed.stderr
    lenient = record_text(
        "BD-2026-010", [("file:resolutions/bodies.yml", "amend", digest(BODIES))], present=9, votes_for=9
    )
    gov.repo.git("checkout", "-q", "-b", "lenient-record", "main")
    gov.repo.write("resolutions/BD-2026-010.yml", lenient)
    gov.repo.commit("lenient-record")
    gov.merge("lenient-record")
    gov.repo.git("checkout", "-q", "-b", "lenient", "main")
    gov.repo.write("resolutions/bodies.yml", BODIES)
    gov.repo.commit("lenient")
    assert _check(gov, "lenient")[0] == 0
    gov.merge("lenient")

    gov.repo.git("checkout", "-q", "-b", "amend", "main")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")
    code, output = _check(gov, "amend")
    assert code == 1 and "bribery-prevention" in output, output
    gov.merge("amend")
    audit = CliRunner().invoke(main, ["audit", "main", "--root", str(gov.path)], env=_ENV)
    assert audit.exit_code == 1
    assert "amend bribery-prevention" in audit.output, audit.output
