"""The server's last line of defence: a pre-receive hook that keeps the protected branch auditable.

Branch protection on a forge can be switched off by an administrator; a hook on the server cannot be
bypassed by a push. It refuses deleting the protected branch, any update that does not extend its
first-parent line (a force push, or a merge whose first parent is not the old tip, which would rewrite
the history the audit walks), and any new commit the audit refuses. Commits that were already on the
branch are not judged again, so a repository adopted midway can still move forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance import git
from governance.errors import GovernanceError
from governance.gate.audit import commits_after, run_audit
from governance.gate.rules import config_at
from governance.i18n import Joined, Message


@dataclass(frozen=True)
class Update:
    old: str
    new: str
    ref: str


def parse_updates(text: str) -> list[Update]:
    """The `old new ref` lines git gives a pre-receive hook on stdin: fields separated by one space, lines
    ended by "\n", as git writes them. A ref name may hold any other character (\x85, \u2028, a
    full-width space): str.splitlines() and str.split() would cut such a name into pieces."""
    updates = []
    for line in text.split("\n"):
        if not line:
            continue
        parts = line.split(" ")
        if len(parts) != 3:
            raise GovernanceError(f"unexpected pre-receive input line: {line!r}")
        updates.append(Update(*parts))
    return updates


def pre_receive(root: Path, updates: list[Update], *, today: date) -> list[str]:
    """Why the push is refused; empty when every update is acceptable."""
    refusals: list[str] = []
    for update in updates:
        try:
            refusals += _judge(root, update, today)
        except GovernanceError as exc:
            refusals.append(Message("{ref}: cannot be verified: {error}", ref=update.ref, error=exc.render()))
    return refusals


def _protected_branch(root: Path, update: Update) -> str:
    """The branch governance.yml protects, as the repository's default branch (HEAD) says when it has
    commits: never as a pushed tag or branch says, which the pusher chose."""
    try:
        commit = git.resolve_commit(root, "HEAD")
    except GovernanceError:  # an empty repository: its first push says
        commit = update.old if update.old != git.NULL_SHA else update.new
    with git.Objects(root) as objects:
        return config_at(objects, commit).branch


def _judge(root: Path, update: Update, today: date) -> list[str]:
    branch = _protected_branch(root, update)
    if update.ref in git.shadowing_refs(branch) and update.new != git.NULL_SHA:
        return [
            Message(
                "{ref}: shadows the protected branch {branch}: git would read `{branch}` as this ref instead "
                "of refs/heads/{branch}; give it another name",
                ref=update.ref,
                branch=branch,
            )
        ]
    if update.ref != f"refs/heads/{branch}":
        return []
    if update.new == git.NULL_SHA:
        return [
            Message(
                "{ref}: deleting the protected branch {branch} is not allowed", ref=update.ref, branch=branch
            )
        ]
    if update.old != git.NULL_SHA and commits_after(root, update.old, update.new) is None:
        return [
            Message(
                "{ref}: not a fast-forward of {branch} along its first-parent line ({old} is not on the "
                "first-parent line of {new}): merge your branch into {branch} (never {branch} into your "
                "branch and push that), and never force-push",
                ref=update.ref,
                branch=branch,
                old=update.old[:12],
                new=update.new[:12],
            )
        ]
    # The old tip was accepted by this hook: only the commits after it are judged (and verified).
    since = None if update.old == git.NULL_SHA else update.old
    report = run_audit(root, update.new, today=today, since=since, works=False)
    refusals: list[str] = []
    for commit in report.bad_commits:
        for verdict in commit.verdicts:
            if not verdict.covered:
                refusals.append(
                    Message(
                        "{ref}: commit {commit} ({subject}): {action} {target} is not approved: {reasons}",
                        ref=update.ref,
                        commit=commit.commit[:12],
                        subject=commit.subject,
                        action=verdict.change.action,
                        target=verdict.change.target,
                        reasons=Joined(verdict.reasons),
                    )
                )
        refusals += [
            Message(
                "{ref}: commit {commit} ({subject}): {violation}",
                ref=update.ref,
                commit=commit.commit[:12],
                subject=commit.subject,
                violation=violation,
            )
            for violation in commit.violations
        ]
    return refusals
