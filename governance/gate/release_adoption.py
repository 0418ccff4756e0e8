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

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance import git
from governance.config import Config
from governance.errors import GovernanceError
from governance.gate import changes
from governance.i18n import _
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
