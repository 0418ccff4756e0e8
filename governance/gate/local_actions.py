"""The local actions a governed workflow runs must be governed too.

Every file under .github/ needs a decision, but a workflow can run an action from anywhere in the
repository: `uses: ./tools/deploy` runs tools/deploy/action.yml and whatever script it names. If that
folder is not governed, a pull request that changes only tools/deploy/ changes what the approved
workflow runs (with the workflow's token and secrets), and no body decides on it. So the gate reads the
workflows (.github/workflows/*.yml|yaml) and the actions under .github/ (action.yml|yaml, whose
composite steps may `uses:` further local actions) at the head it judges, and refuses any local action
whose whole folder is not governed, as the site build refuses an ungoverned INHERIT or hook of mkdocs.yml.
They are read with their anchors and aliases, as GitHub reads workflows (`uses: *deploy`, `steps: *build`):
refusing them would make an adopter write the values out, and reading less than GitHub runs would be a
way around this rule (strict_yaml says which aliases it refuses, and bounds them).

What this cannot judge: a `run:` step is a shell script, and which repository files it executes
(`run: ./scripts/deploy.sh`, `bash "$(dirname x)/y"`, `make`, `python -m tools.x`, a script a script
calls) is undecidable without running it; a composite action may also read files outside its folder
(`${{ github.action_path }}/../x.sh`). No shell parser here could be sound, so none is attempted: a
workflow that runs repository code by `run:` keeps that code governed by governed_paths, which is the
administrator's duty (the administrator's guide says so); this check covers what GitHub itself resolves.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from governance import git
from governance.config import Config, folded
from governance.errors import GovernanceError
from governance.gate.changes import GITHUB_FOLDER, is_governed_file
from governance.i18n import Message
from governance.limits import MAX_YAML_BYTES, BeyondLimit
from governance.strict_yaml import Document, load

WORKFLOWS_FOLDER = ".github/workflows/"
_YAML = (".yml", ".yaml")
_ACTION_FILES = ("action.yml", "action.yaml")
# Names a file of an action folder may have: its definition, a Docker action's build, a script at its top,
# a bundled script below it, a hidden folder. A folder is governed only when governed_paths covers each
# of them (`tools/deploy/*` does; `tools/deploy/*.yml` does not, and would leave the script free).
_PROBES = ("action.yml", "action.yaml", "Dockerfile", "run.sh", "dist/index.js", ".hidden/x")


@dataclass(frozen=True)
class LocalUse:
    """A `uses: ./...` of a workflow or action file: the file, the line, the value as written."""

    file: str
    line: int | None
    uses: str

    @property
    def folder(self) -> str:
        """The action's folder from the repository root ("." for the root; may start with ".." when the
        value leaves the repository)."""
        return posixpath.normpath(self.uses[2:] or ".")


def is_read_by_github(path: str) -> bool:
    """A file whose `uses:` GitHub resolves: a workflow, or an action definition under .github/."""
    name = path.rpartition("/")[2]
    if path.startswith(WORKFLOWS_FOLDER) and "/" not in path[len(WORKFLOWS_FOLDER) :]:
        return name.endswith(_YAML)
    return path.startswith(GITHUB_FOLDER) and name in _ACTION_FILES


def local_uses(document: Document, file: str) -> list[LocalUse]:
    """Every `uses:` whose value names a local action (`./...`), wherever it stands in the file: steps of
    jobs, a job calling a reusable workflow, a composite action's steps."""
    return [
        LocalUse(file, document.line_of(location), value)
        for location, value in _uses(document.data, ())
        if value.startswith("./")
    ]


def _uses(data: object, location: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "uses" and isinstance(value, str):
                yield (*location, key), value.strip()
            else:
                yield from _uses(value, (*location, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _uses(item, (*location, index))


def governed_folder(folder: str, config: Config) -> bool:
    """Whether every file of an action folder, today's and any added later, needs a decision."""
    if folder == ".." or folder.startswith("../") or folder.startswith("/"):
        return False  # outside the repository: nothing a decision covers
    if f"{folder}/".startswith(GITHUB_FOLDER):
        return True
    prefix = "" if folder == "." else f"{folder}/"
    return all(is_governed_file(prefix + name, config) for name in _PROBES)


def refusal(use: LocalUse) -> str:
    return Message(
        "{file}:{line}: it runs the local action {uses}, whose folder {folder} is not governed, so a pull "
        "request could change what the workflow runs without a decision; move the action under "
        ".github/actions/, or add a pattern that covers its whole folder ({folder}/*) to governed_paths in "
        "governance.yml",
        file=use.file,
        line=use.line if use.line is not None else "?",
        uses=use.uses,
        folder=use.folder,
    )


def unreadable(file: str, error: str) -> str:
    return Message(
        "{file}: it cannot be read, so the gate cannot tell which local actions it runs: {error}; correct it",
        file=file,
        error=error,
    )


# What was read from each .github tree (by its object id: the same tree always holds the same files), so
# that an audit reads the workflows once per change of .github/, not once per commit.
_read: dict[str, tuple[tuple[LocalUse, ...], tuple[str, ...]]] = {}
_KEEP = 256
# The local actions of the last tree asked about that its config does not govern, with the config (held
# here, so that no other object takes its identity): the walk asks with the same two, commit after commit.
_last_ungoverned: tuple[str, Config | None, tuple[LocalUse, ...]] = ("", None, ())


def local_action_problems(objects: git.Objects, head: str, config: Config) -> list[str]:
    """Findings at `head`: each local action a workflow or an action under .github/ runs from a folder
    that is not governed, and each such file that cannot be read (a finding, not a failure: exit 1)."""
    tree = _github_tree(objects, head)
    if tree is None:
        return []
    uses, problems = _uses_in(objects, tree)
    return [*problems, *(refusal(use) for use in uses if not governed_folder(use.folder, config))]


def changed_local_actions(objects: git.Objects, commit: git.LogCommit, config: Config) -> list[str]:
    """Findings of a commit that changes no governed file (so nothing under .github/ and not the rules),
    which the audit and the hook judge no further: each file it changes in the folder of a local action
    that a workflow or an action under .github/ runs (at the commit, so at its parent: the commit leaves
    .github/ as it was) from a folder `config` does not govern, and each workflow that cannot be read (which
    actions it runs is unknown). Such a commit changes what an approved workflow runs, with its token,
    and no body decided on it; the check refuses it too (the workflow, at the head of the pull request)."""
    global _last_ungoverned
    # The audit answers this header from the parent's, carried along its walk, when the diff leaves .github/
    # alone (always here): no round trip to git a commit.
    tree = _github_tree(objects, commit.sha)
    if tree is None or not commit.entries:
        return []
    held, held_config, ungoverned = _last_ungoverned
    uses, problems = _uses_in(objects, tree)
    if held != tree or held_config is not config:
        ungoverned = tuple(use for use in uses if not governed_folder(use.folder, config))
        _last_ungoverned = (tree, config, ungoverned)
    if problems:
        return list(problems)
    if not ungoverned:
        return []
    # Compared as governed_paths compares (any case, NFC): a runner on Windows or macOS checks the folder
    # out on a file system that folds names, where ./Tools/Deploy runs tools/deploy/.
    runs: dict[str, LocalUse] = {}
    for use in ungoverned:
        runs.setdefault("" if use.folder == "." else folded(use.folder) + "/", use)
    findings: list[str] = []
    for entry in commit.entries:
        path = folded(entry.path) + "/"
        # A file in the folder, or the folder itself or a folder above it made a symbolic link (to another
        # folder, whose action.yml the runner then reads).
        running = next(
            (use for prefix, use in runs.items() if path.startswith(prefix) or prefix.startswith(path)), None
        )
        if running is not None:
            findings.append(changed_action(entry.path, running))
    return findings


def changed_action(path: str, use: LocalUse) -> str:
    return Message(
        "{path}: it is part of the local action {uses} that {file}:{line} runs, and its folder {folder} is "
        "not governed, so this change alters what the workflow runs without a decision; move the action "
        "under .github/actions/, or add a pattern that covers its whole folder ({folder}/*) to "
        "governed_paths in governance.yml, each with its resolution",
        path=path,
        uses=use.uses,
        file=use.file,
        line=use.line if use.line is not None else "?",
        folder=use.folder,
    )


def _github_tree(objects: git.Objects, commit: str) -> str | None:
    found = objects.header(f"{commit}:{GITHUB_FOLDER.rstrip('/')}")
    return found[0] if found is not None and found[1] == "tree" else None


def _uses_in(objects: git.Objects, tree: str) -> tuple[tuple[LocalUse, ...], tuple[str, ...]]:
    read = _read.get(tree) or _read_tree(objects, tree)
    if len(_read) >= _KEEP:
        _read.clear()
    _read[tree] = read
    return read


def _read_tree(objects: git.Objects, tree: str) -> tuple[tuple[LocalUse, ...], tuple[str, ...]]:
    uses: list[LocalUse] = []
    problems: list[str] = []
    for entry in git.list_tree(objects.root, tree, "."):
        path = GITHUB_FOLDER + entry.path
        if entry.kind != "blob" or not is_read_by_github(path):
            continue
        content = objects.blob_within(entry.blob, MAX_YAML_BYTES)
        if isinstance(content, BeyondLimit):
            problems.append(
                unreadable(
                    path,
                    Message(
                        "the file is {size:,} bytes, larger than {limit} KiB (the limit on a YAML file)",
                        size=content.size,
                        limit=content.limit // 1024,
                    ),
                )
            )
            continue
        try:
            document = load((content or b"").decode("utf-8"), path, aliases=True)
        except UnicodeDecodeError:
            problems.append(unreadable(path, Message("the file is not UTF-8 text")))
            continue
        except GovernanceError as exc:
            problems.append(unreadable(path, exc.render()))
            continue
        uses += local_uses(document, path)
    return tuple(uses), tuple(problems)
