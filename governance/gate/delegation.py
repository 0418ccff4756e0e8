"""Bodies that governed_paths delegates files to (`{pattern: site/guides/*, body: site-editors}`).

A delegated body must be a body of bodies.yml: otherwise no record of it can ever count, and its files
could not change at all. The gate refuses a change that would leave governed_paths naming an undefined
body, and says so for a change of a file whose body is undefined, instead of waiting for a record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from governance import git
from governance.config import CONFIG_FILE, Config
from governance.errors import GovernanceError
from governance.gate.changes import Change
from governance.gate.rules import Rules, rules_at, touches_rules
from governance.records.bodies import Body


def undefined_bodies(config: Config, bodies: Mapping[str, Body]) -> list[str]:
    """The entries of governed_paths that name a body bodies.yml does not define, as sentences."""
    known = ", ".join(sorted(bodies)) or "none"
    return [
        f"governed_paths names the body '{entry.body}' for '{entry.pattern}', which {config.bodies_file} "
        f"does not define (it defines: {known}); add that body to {config.bodies_file}, or name one it "
        "defines"
        for entry in config.governed_paths
        if entry.body is not None and entry.body not in bodies
    ]


def with_known_bodies(changes: list[Change], rules: Rules) -> list[Change]:
    """The changes, a governed file whose body bodies.yml does not define refused with the reason: no
    record could cover it until the rules are corrected (a decision of the default body)."""
    return [
        dataclasses.replace(
            change,
            refusal=(
                f"{change.path} needs a decision of '{change.body}' ({CONFIG_FILE} governed_paths), which "
                f"{rules.config.bodies_file} does not define: correct governed_paths or bodies.yml first "
                f"(a decision of the {rules.config.default_body})"
            ),
        )
        if change.file is not None and change.refusal is None and change.body not in rules.bodies
        else change
        for change in changes
    ]


def rules_left_by(objects: git.Objects, entries: list[git.DiffEntry], head: str, base: Config) -> list[str]:
    """Violations of the rules a diff leaves at `head`, when it changes them: governed_paths naming a
    body that bodies.yml does not define, or rules that cannot be read at all (every later check would
    stop with exit 2)."""
    if not touches_rules(entries, base):
        return []
    where = f"{CONFIG_FILE} (at {head[:12]})"
    try:
        rules = rules_at(objects, head)
    except GovernanceError as exc:
        return [f"the rules this change leaves cannot be read: {exc.render()}; correct them in this change"]
    if rules is None:
        return []
    return [f"{where}: {problem}" for problem in undefined_bodies(rules.config, rules.bodies)]
