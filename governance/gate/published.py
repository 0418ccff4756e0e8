"""What was promulgated: the versions of every regulation as the audit approved them, for the site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from governance.errors import GovernanceError
from governance.gate.audit import run_audit
from governance.gate.works import Work
from governance.i18n import Message


def published_works(root: Path, rev: str = "HEAD", *, today: date) -> list[Work]:
    """Every regulation (and translation) with its approved versions; the site must never publish a
    text the audit did not approve, so a failing audit raises."""
    report = run_audit(root, rev, today=today)
    if not report.ok:
        bad = "; ".join(f"{commit.commit[:12]} {commit.subject}" for commit in report.bad_commits)
        raise GovernanceError(
            Message(
                "the audit of {rev} failed, so nothing is published: unapproved changes in {bad}; run "
                "`governance audit` for the details",
                rev=rev,
                bad=bad,
            )
        )
    return report.works
