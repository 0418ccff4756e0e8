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
from governance.i18n import Message
from governance.records.bodies import Body


def undefined_bodies(config: Config, bodies: Mapping[str, Body]) -> list[str]:
    """The entries of governed_paths that name a body bodies.yml does not define, as sentences."""
    known = ", ".join(sorted(bodies)) or "none"
    return [
        Message(
            "governed_paths names the body '{body}' for '{pattern}', which {file} does not define (it "
            "defines: {known}); add that body to {file}, or name one it defines",
            body=entry.body,
            pattern=entry.pattern,
            file=config.bodies_file,
            known=known,
        )
        for entry in config.governed_paths
        if entry.body is not None and entry.body not in bodies
    ]


def with_known_bodies(changes: list[Change], rules: Rules) -> list[Change]:
    """The changes, a governed file whose body bodies.yml does not define refused with the reason: no
    record could cover it until the rules are corrected (a decision of the default body)."""
    return [
        dataclasses.replace(
            change,
            refusal=Message(
                "{path} needs a decision of '{body}' ({config} governed_paths), which {file} does not define: "
                "correct governed_paths or bodies.yml first (a decision of the {default})",
                path=change.path,
                body=change.body,
                config=CONFIG_FILE,
                file=rules.config.bodies_file,
                default=rules.config.default_body,
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
    try:
        rules = rules_at(objects, head)
    except GovernanceError as exc:
        return [
            Message(
                "the rules this change leaves cannot be read: {error}; correct them in this change",
                error=exc.render(),
            )
        ]
    if rules is None:
        return []
    return [
        Message("{file} (at {commit}): {problem}", file=CONFIG_FILE, commit=head[:12], problem=problem)
        for problem in undefined_bodies(rules.config, rules.bodies)
    ]
