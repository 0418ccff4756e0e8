"""The server's last line of defence: a pre-receive hook that keeps the protected branch auditable.

Branch protection on a forge can be switched off by an administrator; a hook on the server cannot be
bypassed by a push. It refuses deleting the protected branch, a ref that shadows it or names it in
another case (one file on Windows and macOS), a push through a symbolic ref of the server, a replace
ref (git would show another object in place of an approved one), a note (git log prints it under the
commit it annotates), any update that does not extend its first-parent line (a force push, or a merge
whose first parent is not the old tip, which would rewrite the history the audit walks), and any new
commit the audit refuses. Commits that were already on the branch are not judged again, so a repository
adopted midway can still move forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance import git
from governance.config import folded
from governance.errors import GovernanceError
from governance.gate.audit import commits_after, run_audit
from governance.gate.rules import config_at
from governance.i18n import Joined, Message, _, name_bodies

DEFAULT_BRANCH = "main"  # what the hook protected, before governance.yml named its branch


@dataclass(frozen=True)
class Update:
    """One ref update as git gives it to the pre-receive hook."""

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
            raise GovernanceError(Message("unexpected pre-receive input line: {line}", line=repr(line)))
        updates.append(Update(*parts))
    return updates


def pre_receive(
    root: Path, updates: list[Update], *, today: date, notes: list[str] | None = None
) -> list[str]:
    """Why the push is refused; empty when every update is acceptable. A GovernanceError when no update
    can be judged (which branch is protected is unknown): the push is refused with that one line. `notes`,
    when given, gets what the pusher should know and nothing refuses (the audit's notes)."""
    branch, named = protected_branch(root, updates)
    refusals: list[str] = []
    for update in updates:
        creates_default = update.ref == f"refs/heads/{DEFAULT_BRANCH}" and update.old == git.NULL_SHA
        if creates_default and not named and branch != DEFAULT_BRANCH:
            # governance.yml names no branch: were `main` to exist, nobody could tell which is the law.
            refusals.append(
                Message(
                    "{ref}: governance.yml names no branch, and the server's HEAD names {branch}: add "
                    "`branch: {branch}` to governance.yml (with its resolution) before creating {default}",
                    ref=update.ref,
                    branch=branch,
                    default=DEFAULT_BRANCH,
                )
            )
            continue
        try:
            refusals += _judge(root, update, branch, today, [] if notes is None else notes)
        except GovernanceError as exc:
            refusals.append(Message("{ref}: cannot be verified: {error}", ref=update.ref, error=exc.render()))
    return refusals


def protected_branch(root: Path, updates: list[Update]) -> tuple[str, bool]:
    """The branch the server protects, from what no push can change: the branch the server's HEAD names
    (its administrator sets it), with the rules at its tip. governance.yml's `branch:` must name that
    branch when it names one; when it names none (a governance.yml older than the key), HEAD's branch is
    the law, whatever its name (a company's `master`). Read from a branch a push may move, the rules would
    be the pusher's: a HEAD that names no branch here, or another than governance.yml's, refuses the push,
    and so does a HEAD other than `main` beside a `main` when governance.yml names none (a server cloned
    while a topic branch was checked out). The branch, and whether governance.yml names it."""
    head = git.head_branch(root)
    if head is None:
        raise GovernanceError(
            _(
                "the server's HEAD names no branch: point it at the protected branch (in the server's "
                "repository: git symbolic-ref HEAD refs/heads/BRANCH)"
            )
        )
    commit = git.branch_tip(root, head)
    if commit is None:
        if git.has_branches(root):
            raise GovernanceError(
                _(
                    "the server's HEAD names the branch {head}, which this repository does not have: point it "
                    "at the protected branch (in the server's repository: git symbolic-ref HEAD "
                    "refs/heads/BRANCH)"
                ).format(head=head)
            )
        # An empty repository: its first push on HEAD's branch brings the rules (and is judged by them).
        first = [update.new for update in updates if update.ref == f"refs/heads/{head}"]
        if not first or first[0] == git.NULL_SHA:
            raise GovernanceError(
                _(
                    "the server's HEAD names the branch {head}, which has no commit yet: push {head} first "
                    "(or point HEAD at the protected branch: git symbolic-ref HEAD refs/heads/BRANCH in the "
                    "server's repository)"
                ).format(head=head)
            )
        commit = first[0]
    with git.Objects(root) as objects:
        named = config_at(objects, commit).branch
    if named is not None and named != head:
        raise GovernanceError(
            _(
                "governance.yml protects the branch {branch}, but the server's HEAD names {head}: point HEAD "
                "at {branch} (in the server's repository: git symbolic-ref HEAD refs/heads/{branch})"
            ).format(branch=named, head=head)
        )
    if named is None and head != DEFAULT_BRANCH and git.branch_exists(root, DEFAULT_BRANCH):
        raise GovernanceError(
            _(
                "governance.yml names no branch, and the server's HEAD names {head} while {default} exists: "
                "point HEAD at the protected branch (in the server's repository: git symbolic-ref HEAD "
                "refs/heads/BRANCH), and name it in governance.yml (branch:)"
            ).format(head=head, default=DEFAULT_BRANCH)
        )
    return head, named is not None


def _judge(root: Path, update: Update, branch: str, today: date, notes: list[str]) -> list[str]:
    target = git.symbolic_target(root, update.ref)
    if target is not None:
        # git updates the ref it names (refs/heads/master kept pointing at main after a rename): judged by
        # its own name, an unapproved commit would move the protected branch, or create its shadow.
        return [
            Message(
                "{ref}: a symbolic ref to {target} on the server: a push to it moves {target}; push to "
                "{target} itself",
                ref=update.ref,
                target=target,
            )
        ]
    if folded(update.ref).startswith("refs/replace/") and update.new != git.NULL_SHA:
        # git reads a replace ref in place of the object it names: the server's `git show main:...`, its
        # web view and any clone that fetches refs/replace/ would show a text the audit never judged.
        return [
            Message(
                "{ref}: a replace ref makes git show another object in place of one of the history (the "
                "approved text, or a commit of {branch}); replace refs are not accepted here",
                ref=update.ref,
                branch=branch,
            )
        ]
    if folded(update.ref).startswith("refs/notes/") and update.new != git.NULL_SHA:
        # `git log` prints a note under the commit it annotates, as if part of its message: a pushed note
        # ("Approved by the board on ...") under main's commits is read on the server, its web view and any
        # clone that fetches refs/notes/, and no body judged it. Deleting one is allowed: that removes it.
        return [
            Message(
                "{ref}: git log shows a note under the commit it annotates, as if part of its message, and no "
                "body judges it; notes are not accepted here: keep them in your clone, and put what a commit "
                "needs said in its message or in a resolution",
                ref=update.ref,
            )
        ]
    # A server whose refs are files on a file system that folds case and Unicode forms (Windows, macOS)
    # keeps refs/heads/MAIN in refs/heads/main's file: such a name is the protected branch, or its shadow.
    protected = f"refs/heads/{branch}"
    if update.ref != protected and folded(update.ref) == folded(protected):
        return [
            Message(
                "{ref}: differs from {protected} only in case or Unicode form: a server that keeps refs on a "
                "file system that folds them (Windows, macOS) would write the protected branch; give it another "
                "name",
                ref=update.ref,
                protected=protected,
            )
        ]
    shadows = {folded(ref) for ref in git.shadowing_refs(branch)}
    if folded(update.ref) in shadows and update.new != git.NULL_SHA:
        return [
            Message(
                "{ref}: shadows the protected branch {branch}: git would read `{branch}` as this ref instead "
                "of refs/heads/{branch}; give it another name",
                ref=update.ref,
                branch=branch,
            )
        ]
    if update.ref != protected:
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
    name_bodies(report.body_names)  # the refusals are said when the push has been judged
    notes += report.notes
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
