"""Today, as the faces (CLI, MkDocs plugin, server) read it once and pass it down.

The core (text, records, git, gate, lint, site's pages) never reads the clock or the environment: every
date it judges by is a parameter, so a check, an audit or a page can be re-run as of any day.
The import contract in pyproject.toml keeps it that way.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

from governance.errors import GovernanceError
from governance.i18n import _

TODAY_ENV = "GOVERNANCE_TODAY"


def today(utc_offset: int | None = None) -> date:
    """Today's date, here or `utc_offset` minutes east of UTC (the zone a site was built in);
    GOVERNANCE_TODAY=YYYY-MM-DD overrides it (tests, re-running a past check)."""
    override = os.environ.get(TODAY_ENV)
    if not override:
        if utc_offset is not None:
            return (datetime.now(UTC) + timedelta(minutes=utc_offset)).date()
        return date.today()
    try:
        return date.fromisoformat(override)
    except ValueError:
        raise GovernanceError(
            _("{variable}={value} is not a date; write it as YYYY-MM-DD").format(
                variable=TODAY_ENV, value=repr(override)
            )
        ) from None


def utc_offset() -> int:
    """Minutes east of UTC of this process's time zone (its TZ) now: whose days `today()` counts."""
    offset = datetime.now().astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0
