"""Adoption from a release: the law in force is what the company released (a tag per 施行日), not the
drafts on the branch (`governance init --from TAG`, `--from-tags PATTERN`).

A release's effective date (施行日) is the date its tag's name gives (`2024-04-01`, `v2024.04.01`,
`令和6年4月1日`), else the tag's own date: companies name releases by the day they take effect, and the
day a tag was made is often days before. The adoption enacts the texts of the latest release, each
effective from the first release that held it as it stands; the earlier releases' texts become the
versions before adoption (before-adoption.yml), dated by their 施行日 and shown as not verified by this
tool. The work tree is set to the release's texts (a later draft stays in git's history, to be proposed
as an amendment through the gate), and only when every text there is committed: nothing is lost.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance import git
from governance.config import Config
from governance.errors import GovernanceError
from governance.gate import changes
from governance.i18n import _, shown
from governance.records.before_adoption import EarlierVersion
from governance.text import recognisers


@dataclass(frozen=True)
class Release:
    tag: str
    commit: str
    effective: date  # 施行日


@dataclass(frozen=True)
class Adoption:
    """What init enacts from the releases: the latest, each text's effective date, the earlier versions."""

    release: Release
    effective: dict[str, date]  # path -> the 施行日 of the first release holding the text as it stands
    earlier: list[EarlierVersion]


def chosen(root: Path, from_tag: str | None, from_tags: str | None, *, history: bool) -> list[Release] | None:
    """The releases `--from TAG` or `--from-tags PATTERN` adopt, oldest 施行日 first; None for neither."""
    if from_tag is not None and from_tags is not None:
        raise GovernanceError(_("give --from TAG or --from-tags PATTERN, not both"), path=root)
    if from_tags is not None and history:
        raise GovernanceError(
            _(
                "--from-tags imports the earlier releases as the versions before adoption; leave out --history"
            ),
            path=root,
        )
    if from_tag is not None:
        return [release_named(root, from_tag)]
    if from_tags is not None:
        return releases(root, from_tags)
    return None


def releases(root: Path, pattern: str) -> list[Release]:
    """The tags matching `pattern` (git's glob: `20*`, `v*`), oldest 施行日 first."""
    found = [_release(tag) for tag in git.tags(root, pattern)]
    if not found:
        raise GovernanceError(
            _(
                "no tag matches '{pattern}' (git's glob, as `git tag -l '{pattern}'`); fetch the tags "
                "(git fetch --tags) or give another pattern"
            ).format(pattern=pattern),
            path=root,
        )
    on_branch(root, found)
    return sorted(found, key=lambda r: (r.effective, r.tag))


def on_branch(root: Path, found: list[Release]) -> None:
    """Refuse a release whose tag names a commit the branch adopted (HEAD) does not hold: anyone who may
    push a tag could tag a commit of their own branch with a later 施行日, or move a release's tag there,
    and the baseline would enact its texts."""
    head = git.resolve_commit(root, "HEAD")
    for release in found:
        if not git.is_ancestor(root, release.commit, head):
            raise GovernanceError(
                _(
                    "the tag '{tag}' names {commit}, which is not a commit of the branch adopted (HEAD): a "
                    "release is a commit of its history; check who made the tag, delete or move it, or give "
                    "a pattern that leaves it out"
                ).format(tag=release.tag, commit=release.commit[:12]),
                path=root,
            )


def released_by_the_branch(root: Path, config: Config, chosen: list[Release]) -> None:
    """Refuse releases the branch adopted (HEAD) never held (`chosen`: oldest 施行日 first, each a commit
    of HEAD's history). A commit of a merged branch that is not on the first-parent line was never the
    branch's state: a draft of a pull request (`add the clause`, then `take it out again`, merged as a
    whole) tagged with a later 施行日 would have the baseline enact the clause. Such a release stands only
    when its texts are those of the first-parent commit that merged it (a release branch tagged, then
    merged as it was). And the releases follow one another: a later 施行日 on an earlier commit (an old
    text tagged as the newest release) is refused. What neither can tell is a draft committed on the line
    itself and tagged: git holds no mark of a release; init names every tag for the secretary to check."""
    for earlier, later in itertools.pairwise(chosen):
        if not git.is_ancestor(root, earlier.commit, later.commit):
            raise GovernanceError(
                _(
                    "the tag '{later}' (in force from {later_date}) names {later_commit}, which does not come "
                    "after {earlier_commit} of the tag '{earlier}' (in force from {earlier_date}) in the "
                    "history: each release follows the one before it; check who made them (git show TAG), "
                    "then correct or delete the wrong one, or give a pattern that leaves it out"
                ).format(
                    later=later.tag,
                    later_date=later.effective.isoformat(),
                    later_commit=later.commit[:12],
                    earlier=earlier.tag,
                    earlier_date=earlier.effective.isoformat(),
                    earlier_commit=earlier.commit[:12],
                ),
                path=root,
            )
    line = git.first_parent_chain(root, "HEAD")  # newest first
    on_line = frozenset(line)
    for release in chosen:
        if release.commit in on_line:
            continue
        merge = _merged_by(root, line, release.commit)
        if _texts(root, config, merge) != _texts(root, config, release.commit):
            subject = git.commit_line(root, merge)[1]
            raise GovernanceError(
                _(
                    "the tag '{tag}' names {commit}, a commit of a branch merged by {merge} ({subject}), "
                    "whose texts differ: the branch adopted never held {commit}'s texts (a draft of a merged "
                    "branch is no release); tag the commit the release was when it was on the branch, delete "
                    "the tag, or give a pattern that leaves it out"
                ).format(
                    tag=release.tag, commit=release.commit[:12], merge=merge[:12], subject=shown(subject)
                ),
                path=root,
            )


def _merged_by(root: Path, line: list[str], commit: str) -> str:
    """The oldest commit of the first-parent `line` (newest first) that holds `commit`: each commit of the
    line holds what the one before it held, so the answer is found by halving."""
    low, high = 0, len(line) - 1  # line[0] (HEAD) holds it: on_branch said so
    while low < high:
        middle = (low + high + 1) // 2
        if git.is_ancestor(root, commit, line[middle]):
            low = middle
        else:
            high = middle - 1
    return line[low]


def _texts(root: Path, config: Config, commit: str) -> dict[str, str]:
    return {entry.path: entry.blob for entry in changes.regulation_entries(root, commit, config)}


def release_named(root: Path, name: str) -> Release:
    """The tag `name` exactly (never a branch of that name)."""
    for tag in git.tags(root, name):
        if tag.name == name:
            on_branch(root, [_release(tag)])
            return _release(tag)
    raise GovernanceError(
        _("there is no tag '{name}' naming a commit; `git tag -l` lists them").format(name=name), path=root
    )


def _release(tag: git.Tag) -> Release:
    return Release(tag.name, tag.commit, recognisers.date_in_name(tag.name) or tag.date)


def from_releases(root: Path, config: Config, chosen: list[Release]) -> Adoption:
    """Enact the last of `chosen` (oldest first); the texts of the ones before it become earlier versions."""
    released_by_the_branch(root, config, chosen)
    latest = chosen[-1]
    present = {entry.path: entry.blob for entry in changes.regulation_entries(root, latest.commit, config)}
    runs: dict[str, list[tuple[Release, str]]] = {}  # path -> (release, blob) each time the text changed
    for release in chosen:
        held = (
            present
            if release is latest
            else {e.path: e.blob for e in changes.regulation_entries(root, release.commit, config)}
        )
        for path, blob in held.items():
            versions = runs.setdefault(path, [])
            if path in present and (not versions or versions[-1][1] != blob):
                versions.append((release, blob))
    effective: dict[str, date] = {}
    earlier: list[EarlierVersion] = []
    for path, versions in sorted(runs.items()):
        if not versions:
            continue
        effective[path] = versions[-1][0].effective
        ident = changes.regulation_id(path, config)
        if ident is None:
            continue  # the baseline refuses the name, saying why
        earlier += [
            EarlierVersion(regulation=ident, date=release.effective, commit=release.commit, blob=blob)
            for release, blob in versions[:-1]
        ]
    return Adoption(latest, effective, earlier)


@contextmanager
def release_in_work_tree(root: Path, config: Config, release: Release) -> Iterator[list[str]]:
    """Set the work tree's regulation texts to the release's (yields the paths changed), and put them
    back if adoption fails. Refused when a text differs from what HEAD holds: an uncommitted edit would
    be lost."""
    from governance.lint.runner import regulation_files

    head = {entry.path: entry.blob for entry in changes.regulation_entries(root, "HEAD", config)}
    work = {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path, problem in regulation_files(root, config, [root / config.regulations])
        if problem is None
    }
    for path, content in work.items():
        if head.get(path) != git.blob_id(content):
            raise GovernanceError(
                _(
                    "has changes that are not committed; commit or discard them before adopting a release "
                    "(the work tree is set to the release's texts)"
                ),
                path=path,
            )
    wanted: dict[str, bytes] = {}
    with git.Objects(root) as objects:
        for entry in changes.regulation_entries(root, release.commit, config):
            if entry.kind == "blob":
                wanted[entry.path] = objects.blob(entry.blob) or b""
    changed = sorted(path for path in work.keys() | wanted.keys() if work.get(path) != wanted.get(path))
    try:
        for path in changed:
            _put(root / path, wanted.get(path))
        yield changed
    except BaseException:
        for path in changed:
            _put(root / path, work.get(path))
        raise


def _put(target: Path, content: bytes | None) -> None:
    if content is None:
        target.unlink(missing_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
