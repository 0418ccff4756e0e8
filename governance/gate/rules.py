"""The rules at a commit: the only reader of what decides (config, bodies, allowed_signers) in git.

Whatever judges a change reads its rules from a commit the change does not control: the merge base of
a pull request, the first parent of a commit the audit walks, the old tip of a push. A rule of the gate
that depends on the repository's own settings (the governed set, the branch, the signing namespace)
reads them here, through `Rules`, and nowhere else.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from governance import git
from governance.config import CONFIG_FILE, Config, parse_config
from governance.errors import GovernanceError
from governance.i18n import Message
from governance.immutable import immutable
from governance.records.bodies import Body, parse_bodies
from governance.records.signatures import refuse_time_bounds

_Parsed = TypeVar("_Parsed")


@immutable
class Rules:
    """What decides, as of one commit."""

    commit: str
    config: Config
    bodies: dict[str, Body]
    allowed_signers: str


# Parsed rules by the exact bytes they were parsed from: the audit reads the rules of every commit, and
# they rarely change. Keyed by content, so a hit is the very parse the text would give; failures are
# never stored, so each error names the commit where it occurs.
_CONFIGS: dict[bytes, Config] = {}
_BODIES: dict[bytes, dict[str, Body]] = {}
_CACHE_LIMIT = 64


def _remembered(cache: dict[bytes, _Parsed], text: bytes, parse: Callable[[], _Parsed]) -> _Parsed:
    if text not in cache:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[text] = parse()
    return cache[text]


def body_names(bodies: Mapping[str, Body]) -> dict[str, dict[str, str]]:
    """Each body's names by language ("en" its name), as messages say a body (governance.i18n.BodyName)."""
    return {body_id: {"en": body.name, **body.names} for body_id, body in bodies.items()}


def _at(file: str, commit: str) -> Message:
    """A file as it is at a commit, as an error names it (made only for a parse: the audit asks for the
    rules of every commit, and the cache answers most)."""
    return Message("{file} (at {commit})", file=file, commit=commit[:12])


def config_at(objects: git.Objects, commit: str) -> Config:
    """governance.yml at `commit`; the defaults when there is none."""
    text = objects.blob(f"{commit}:{CONFIG_FILE}")
    if text is None:
        return Config()
    return _remembered(
        _CONFIGS, text, lambda: parse_config(_text(text, CONFIG_FILE), _at(CONFIG_FILE, commit))
    )


def law_branch(root: Path, work_tree: Config) -> str:
    """The branch whose history is the law, for a command run in a work tree: governance.yml's `branch:`
    as the repository's main line (default_branch) holds it at its tip, never as the checked-out branch
    has it (`work_tree`), which may name itself or another to become the base its own changes are judged
    against; the work tree's before the main line has a commit."""
    line = git.default_branch(root) or "main"
    tip = git.branch_tip(root, line)
    if tip is None:
        return git.main_line(root, work_tree.branch)
    with git.Objects(root) as objects:
        named = config_at(objects, tip).branch
    # A name the main line's config gives that no branch has (renamed since: main to master) is the main
    # line itself.
    return named if named is not None and git.branch_exists(root, named) else line


def allowed_signers_at(objects: git.Objects, commit: str, config: Config) -> str | None:
    """allowed_signers at `commit`, None when the file is not there; an error when a key in it is bounded
    in time (valid-before, valid-after), whose records' verdict would change with the day."""
    signers = objects.blob(f"{commit}:{config.allowed_signers_file}")
    if signers is None:
        return None
    text = _text(signers, config.allowed_signers_file)
    refuse_time_bounds(text, _at(config.allowed_signers_file, commit))
    return text


def rules_at(objects: git.Objects, commit: str, *, incomplete_is_none: bool = False) -> Rules | None:
    """The rules of `commit`; None when it is not adopted yet (no bodies.yml, or with
    `incomplete_is_none`, signatures required and no allowed_signers yet)."""
    config = config_at(objects, commit)
    # From the arrivals index where it holds `commit`: in a flat records folder, each file looked up by
    # path has git read a tree of 1.3 MB.
    objects.look_up(commit, [config.bodies_file, config.allowed_signers_file], listing=False)
    bodies_text = objects.blob(f"{commit}:{config.bodies_file}")
    if bodies_text is None:
        return None
    parsed: dict[str, Body] = _remembered(
        _BODIES,
        bodies_text,
        lambda: parse_bodies(_text(bodies_text, config.bodies_file), _at(config.bodies_file, commit)),
    )
    bodies = dict(parsed)  # a copy: the cached parse is shared
    signers = allowed_signers_at(objects, commit, config) or ""
    if config.signatures == "required" and not signers.strip():
        if incomplete_is_none:
            return None
        raise GovernanceError(
            Message(
                "signatures are required but {file} is missing or empty (at {commit}); list the secretaries' "
                "public keys (governance init writes it)",
                file=config.allowed_signers_file,
                commit=commit[:12],
            )
        )
    return Rules(commit, config, bodies, signers)


def base_rules(objects: git.Objects, merge_base: str) -> Rules:
    """The rules a proposal is judged by; an error when its base has not adopted governance."""
    rules = rules_at(objects, merge_base)
    if rules is None:
        raise GovernanceError(
            Message(
                "the base {commit} has no bodies.yml: this repository is not governed yet; run "
                "`governance init` and merge its commit first",
                commit=merge_base[:12],
            )
        )
    return rules


def rules_after(objects: git.Objects, commit: git.LogCommit, previous: Rules | None) -> Rules:
    """The rules after `commit`, given those after its first parent: read again only when its diff may
    have changed a file they are read from. A commit that removes them keeps the last known."""
    if previous is not None and commit.parents and not touches_rules(commit.entries, previous.config):
        # The same files, so the same rules. Made directly: dataclasses.replace reads the fields'
        # declarations on every call, and the audit asks once per commit (issue 14).
        return Rules(commit.sha, previous.config, previous.bodies, previous.allowed_signers)
    rules = rules_at(objects, commit.sha) or previous
    assert rules is not None, "the adoption commit has rules, and later ones keep the last known"
    return rules


def touches_rules(entries: Iterable[git.DiffEntry], config: Config) -> bool:
    """Whether a diff may have changed a file the rules are read from. A diff lists every path it
    changed; a path written other than as git lists it (`./x`, `a//b`) always counts as changed."""
    files = _rule_files(config)
    return files is None or any(entry.path in files for entry in entries)


def _rule_files(config: Config) -> frozenset[str] | None:
    """The paths the rules are read from, None when one is not written as git lists paths. Kept for the
    last config asked (the audit asks twice a commit, nearly always of the same one)."""
    global _last_rule_files
    known, files = _last_rule_files
    if known is not config:
        files = frozenset((CONFIG_FILE, config.bodies_file, config.allowed_signers_file))
        if not all(path == posixpath.normpath(path) and not path.startswith(("/", "../")) for path in files):
            files = None
        _last_rule_files = (config, files)  # the config held here: no other object takes its identity
    return files


_last_rule_files: tuple[Config | None, frozenset[str] | None] = (None, None)


def is_adoption(objects: git.Objects, commit: git.LogCommit) -> bool:
    """Whether governance is complete at `commit` and may have begun there: the rules and, when signatures
    are required, the keys are there. A bodies.yml committed before `governance init` does not make an
    unverifiable adoption. Only a root commit or one touching a rules file is read."""
    touched = any(
        e.path == CONFIG_FILE or e.path.endswith(("bodies.yml", "allowed_signers")) for e in commit.entries
    )
    return (touched or not commit.parents) and rules_at(
        objects, commit.sha, incomplete_is_none=True
    ) is not None


def _text(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise GovernanceError(Message("not UTF-8 text"), path=path) from None
