"""The version a regulation is at, as far as time goes, read from the records at a commit.

The audit knows it from its walk; the check (and an audit that starts from a trusted commit, which does
not judge the commits before it) reads it here: the latest record at the base that approved exactly the
text a diff changes. Read only when a diff amends or rescinds something.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from governance import git
from governance.config import Config
from governance.errors import GovernanceError
from governance.gate import changes as changes_module
from governance.gate import judge
from governance.gate.changes import Change, Sorted
from governance.records.resolutions import Decision, Resolution, is_record_path, load_resolution
from governance.text.digests import digest_bytes


class RecordsAt:
    """The decisions of the records at one commit, read once and only when asked (a passing check of a
    pull request that amends nothing never lists them)."""

    def __init__(self, root: Path, objects: git.Objects, tip: str, config: Config) -> None:
        self._root, self._objects, self._tip, self._config = root, objects, tip, config
        self._decisions: list[tuple[Resolution, Decision]] | None = None

    def decisions(self) -> list[tuple[Resolution, Decision]]:
        if self._decisions is None:
            records = self._config.records.rstrip("/")
            self._decisions = []
            for entry in git.list_tree(self._root, self._tip, records):
                if is_record_path(entry.path, records):
                    try:
                        text = (self._objects.blob(entry.blob) or b"").decode("utf-8")
                        resolution = load_resolution(text, entry.path)
                    except (GovernanceError, UnicodeDecodeError):
                        continue  # judged when it arrived; here only its dates and decisions are read
                    self._decisions += [(resolution, decision) for decision in resolution.decisions]
        return self._decisions


def in_force_on(
    objects: git.Objects, entries: Sorted, config: Config, base_records: RecordsAt
) -> Callable[[Change], judge.InForce | None]:
    """The version each amended or rescinded regulation of a diff is at on its base side: the latest
    resolution there that approved exactly the text the diff changes. Nothing is read until asked."""
    found: dict[str, judge.InForce] = {}
    scanned: list[bool] = []

    def scan() -> None:
        changed: dict[str, str] = {}
        for entry in entries.regulations:
            ident = changes_module.regulation_id(entry.path, config)
            if entry.status != "A" and entry.old_mode == changes_module.REGULAR and ident is not None:
                changed[ident] = digest_bytes(objects.blob(entry.old_blob) or b"")
        if not changed:
            return
        for resolution, decision in base_records.decisions():
            target = decision.regulation
            if target in changed and decision.action != "rescind" and decision.digest == changed[target]:
                version = judge.InForce(decision.effective_date(resolution), resolution.date, resolution.id)
                if target not in found or found[target].recorded <= version.recorded:
                    found[target] = version

    def in_force(change: Change) -> judge.InForce | None:
        if not scanned:
            scanned.append(True)
            scan()
        return found.get(change.target)

    return in_force
