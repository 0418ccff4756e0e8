"""A `run:` step's script reached through a symbolic link (fifth red-team review): a change to a file a
`run:` step names is refused unless governed, but the rule reads the path as written: `./scripts/publish.sh`
where `scripts` is a link to `vendor` runs vendor/publish.sh. A link on such a path is refused when it
comes or when the workflows change; these tests hold the ways it could stand on main unjudged: brought
while the rule was off and the rule then turned on, or brought around the gate. Real repositories adopted
by `governance init`."""

from __future__ import annotations

from governance.gate.audit import run_audit
from governance.gate.check import run_check
from tests.gate.test_local_actions import TODAY, _propose, adopted
from tests.gate.test_workflow_runs import EVIL, SCRIPT, _runs, unjudging
from tests.testing.governed import Governed

__all__ = ["adopted", "unjudging"]

_LINK_WORDS = "scripts: a symbolic link on the path of scripts/publish.sh"


def test_a_change_to_a_script_run_through_a_linked_folder_is_refused(adopted: Governed) -> None:
    """The link stands on main around the gate (the audit names the commit that brought it to a `run:`
    path); a later change to the file it reaches is refused by the check and the audit all the same."""
    adopted.repo.write("vendor/publish.sh", SCRIPT)
    (adopted.path / "scripts").symlink_to("vendor")
    adopted.repo.commit("Scripts")  # before the workflow names them: nothing governed changes
    _runs(adopted, "./scripts/publish.sh", {})
    adopted.branch("faster")
    adopted.repo.write("vendor/publish.sh", EVIL)
    adopted.repo.commit("Speed up publishing")

    report = run_check(adopted.path, "main", "faster", today=TODAY)
    audit = run_audit(adopted.path, "faster", today=TODAY, works=False)

    assert any(_LINK_WORDS in violation for violation in report.violations), report.violations
    assert "Speed up publishing" in [c.subject for c in audit.bad_commits]


def test_turning_the_rule_on_while_a_link_stands_on_a_run_path_is_refused(unjudging: Governed) -> None:
    """With the rule off a link on a `run:` path may come (nothing judges runs); the proposal that turns
    the rule on is then refused while it stands, and so is a later change to the file it reaches."""
    unjudging.repo.write("vendor/publish.sh", SCRIPT)
    unjudging.repo.remove("scripts/publish.sh")
    (unjudging.path / "scripts").symlink_to("vendor")
    unjudging.repo.commit("Scripts from vendor")
    config = (unjudging.path / "governance.yml").read_text(encoding="utf-8")
    _propose(
        unjudging,
        "judge-runs",
        "BD-2026-301",
        {"governance.yml": config + "judge_run_steps: true\n"},
        approve=(),
        amend=("governance.yml",),
    )
    turned_on = run_check(unjudging.path, "main", "judge-runs", today=TODAY)
    unjudging.merge("judge-runs")  # around the gate
    unjudging.branch("faster")
    unjudging.repo.write("vendor/publish.sh", EVIL)
    unjudging.repo.commit("Speed up publishing")

    report = run_check(unjudging.path, "main", "faster", today=TODAY)
    audit = run_audit(unjudging.path, "faster", today=TODAY, works=False)

    assert any(_LINK_WORDS in violation for violation in turned_on.violations), turned_on.violations
    assert any(_LINK_WORDS in violation for violation in report.violations), report.violations
    assert "Speed up publishing" in [c.subject for c in audit.bad_commits]
