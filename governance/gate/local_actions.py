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

A `run:` step is a shell script: which repository files it executes is undecidable without running it.
The words that can name a path (`./scripts/deploy.sh`, `bash tools/x.sh`, `python build.py`, `make`'s
Makefile: governance.gate.run_steps says which, and what is not caught) are read as files the workflow
runs: a change to one that no decision covers is refused, as a change to an ungoverned action's folder
is, naming the file, the workflow's line and what to do. Read on the base side (the workflows the change
is judged against: a workflow approved with a new `run:` makes its files need a decision from then on),
where the base's governance.yml has `judge_run_steps: true` (init writes it): a history made before the
rule, whose changes no decision can cover now, audits as it did (this repository's own has two).

A symbolic link on the path of a local action or of a file a `run:` names, or inside the folder of one,
is refused wherever it stands, governed or not: the runner follows it, so what runs is whatever the link
reaches later, which no decision covers (a decision approves bytes, and a link's bytes are only a path).
"""

from __future__ import annotations

import bisect
import functools
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from governance import git
from governance.config import CONFIG_FILE, Config, folded
from governance.errors import GovernanceError
from governance.gate.changes import GITHUB_FOLDER, Sorted, is_governed_file
from governance.i18n import Message
from governance.limits import MAX_GITHUB_YAML_BYTES, MAX_GITHUB_YAML_FILES, MAX_YAML_BYTES, BeyondLimit
from governance.strict_yaml import Document, load

WORKFLOWS_FOLDER = ".github/workflows/"
_YAML = (".yml", ".yaml")
_ACTION_FILES = ("action.yml", "action.yaml")
# Names a file of an action folder may have: its definition, a Docker action's build, a script at its top,
# a bundled script below it, a hidden folder. A folder is governed only when governed_paths covers each
# of them (`tools/deploy/*` does; `tools/deploy/*.yml` does not, and would leave the script free).
_PROBES = ("action.yml", "action.yaml", "Dockerfile", "run.sh", "dist/index.js", ".hidden/x")


LINK = "120000"  # git's mode of a symbolic link
TREE = "040000"  # of a folder, as _entries_of writes it


@dataclass(frozen=True)
class RunUse:
    """A repository path a `run:` step of a workflow or action file names: the file, the line, the path."""

    file: str
    line: int | None
    path: str


@dataclass(frozen=True)
class _Read:
    """What the workflows and actions of one .github tree run, and the files among them that cannot be
    read."""

    uses: tuple[LocalUse, ...]
    runs: tuple[RunUse, ...]
    problems: tuple[str, ...]
    files: int = 0  # workflow and action files read, and their bytes: within the limits together
    size: int = 0

    @functools.cached_property
    def outside(self) -> tuple[str, ...]:
        """The folders of the local actions they run that lie outside .github/ (and inside the repository),
        whose action.yml GitHub reads too."""
        return tuple(dict.fromkeys(use.folder for use in self.uses if _outside_github(use.folder)))


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
        LocalUse(file, document.line_of(location), value.strip())
        for location, value in _uses(document.data, ())
        if value.strip().startswith("./")
    ]


def run_uses(document: Document, file: str) -> list[RunUse]:
    """Every repository path a `run:` of the file names (jobs' steps, a composite action's steps), the
    command of a custom `shell:` (`shell: ./tools/sh {0}`) or a value of an `env:` (`BASH_ENV: ./env.sh`),
    with the variables the file names that change where steps find what they run, each once, at the first line naming it; read
    from the repository's root and from the step's `working-directory:` (its own, its job's or the
    workflow's `defaults.run`), where the runner starts it. A script met again is not read again: aliases
    may repeat one of 4 MiB 100,000 times (each the same string, whose hash Python keeps); the paths joined
    to working directories are at most `_JOINED` (aliases may give a script of many paths as many folders)."""
    # Only a history or pull request whose workflows are read gets here: the shell reader's patterns are
    # left unbuilt by every other check and audit (issue 14).
    from governance.gate.run_steps import ANYWHERE, environment_names, read_script

    # The variables that change where the steps find what they run, wherever the file names them: a step's
    # `env:`, the job's, the workflow's, or a step writing them to $GITHUB_ENV for the steps after it.
    environment = " ".join(
        sorted({name for text in _texts(document.data) for name in environment_names(text)})
    )
    outside = not {"RUNNER_TEMP", "RUNNER_TOOL_CACHE"} & set(environment.split())
    found: dict[str, RunUse] = {}
    named: dict[str, tuple[list[str], bool]] = {}  # script: the paths it names from the root, and if it cds
    read: set[tuple[str, str]] = set()
    joined = parsed = 0
    steps = [
        *_uses(document.data, (), "run"),
        *_uses(document.data, (), "shell"),
        *_env_values(document.data, ()),
    ]
    for location, value in steps:
        script = value.replace("{0}", "") if location[-1] == "shell" else value
        folder = _working_directory(document.data, location)
        if folder == _RUNNERS and not outside:
            folder = _UNKNOWN
        if (script, folder) in read:
            continue
        read.add((script, folder))
        known = named.get(script)
        if known is None:
            known = named[script] = read_script(script, environment=environment)
        paths, moved = known
        if folder and (moved or folder in (_UNKNOWN, _RUNNERS)):
            # Its cds go from the working directory (or it starts in one known only when it runs, from
            # where every path is read from anywhere): read again from there, within a bound (aliases may
            # give a script of 4 MiB many working directories).
            parsed += len(script)
            if parsed > _PARSED:
                raise GovernanceError(
                    Message(
                        "its `run:` steps that change folder are read from their working directories past "
                        "{limit:,} characters together; write the steps out without aliases",
                        limit=_PARSED,
                    )
                )
            if folder in (_UNKNOWN, _RUNNERS):
                paths = read_script(
                    script, environment=environment, anywhere=folder == _UNKNOWN, outside=True
                )[0]
            else:
                paths = read_script(script, folder, environment=environment)[0]
        if folder:
            joined += len(paths)
            if joined > _JOINED:
                raise GovernanceError(
                    Message(
                        "its `run:` steps name more than {limit:,} paths in their working directories; "
                        "write the steps out without aliases",
                        limit=_JOINED,
                    )
                )
            if not moved and folder not in (_UNKNOWN, _RUNNERS):
                paths = [
                    *paths,
                    *(
                        path
                        for name in paths
                        if not name.startswith(ANYWHERE) and (path := _joined(folder, name)) is not None
                    ),
                ]
        for path in paths:
            if path not in found:
                found[path] = RunUse(file, document.line_of(location), path)
    return list(found.values())


_PARSED = 32 * 1024 * 1024


def _env_values(
    data: object, location: tuple[str | int, ...], words: dict[str, str] | None = None
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each value of an `env:` mapping (the workflow's, a job's, a step's) or of a step's `with:` as the
    words of a command that runs nothing: a path in it may be a file the steps run (`BASH_ENV: ./env.sh`,
    which bash sources at every start; `NODE_OPTIONS: --require ./hook.js`; `LD_PRELOAD: ./x.so`; an
    action's input, `script: require('./x.js')`, `python-version-file: .python-version`), read as a
    `run:` word is. Each value made into words once (`words`): aliases may repeat a value of 4 MiB
    thousands of times, the same string, then the same words, whose hash Python keeps."""
    words = {} if words is None else words
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("env", "with") and isinstance(value, dict):
                for text in value.values():
                    if isinstance(text, str):
                        # Words only, none in a command's place: a line of a release's notes starting with
                        # `${{ }}`, or after a `;`, is data.
                        made = words.get(text)
                        if made is None:
                            made = words[text] = ": " + _COMMAND_BREAKS.sub(" ", text)
                        yield (*location, key), made
            else:
                yield from _env_values(value, (*location, key), words)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _env_values(item, (*location, index), words)


def _texts(data: object) -> Iterator[str]:
    """Every key and string value of a document's data, each once (aliases may repeat a script of 4 MiB
    100,000 times: the same string, whose hash Python keeps)."""
    stack = [data]
    seen: set[str] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if node not in seen:
                seen.add(node)
                yield node
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str):
                    yield key
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


_JOINED = 100_000
_COMMAND_BREAKS = re.compile(r"[;&|()<>`\n]")
_UNKNOWN = "\x00"  # a working directory known only when the step runs (NUL is in no folder's name)
_RUNNERS = "\x01"  # one of the runner's own folders, outside the checkout (unless the file sets them)
_RUNNERS_FOLDER = re.compile(r"\s*\$\{\{\s*runner\.(?:temp|tool_cache)\s*\}\}(?:/[\w.-]+)*/?\s*")


def _working_directory(data: object, location: tuple[str | int, ...]) -> str:
    """The folder a step's `run:` (or `shell:`) starts in, from the repository's root: the step's
    `working-directory:`, else its job's `defaults.run`, else the workflow's; "" for the root, `_UNKNOWN`
    for one known only when it runs (an expression; a path outside the checkout, from where a path may
    lead back into it)."""
    nodes = [data]
    for key in location[:-1]:
        nodes.append(nodes[-1][key])  # type: ignore[index]
    holders = [nodes[-1]]  # the step (or a `defaults.run` holding a `shell:`)
    if location[:1] == ("jobs",) and len(nodes) > 2:
        holders.append(_get(nodes[2], "defaults", "run"))
    holders.append(_get(data, "defaults", "run"))
    for holder in holders:
        folder = _get(holder, "working-directory")
        if isinstance(folder, str):
            path = posixpath.normpath(folder.strip())
            if path == ".":
                return ""
            if _RUNNERS_FOLDER.fullmatch(folder):
                return _RUNNERS
            if "${{" in folder or path.startswith(("/", "..")):
                return _UNKNOWN
            return path
    return ""


def _get(node: object, *keys: str) -> object:
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _joined(folder: str, path: str) -> str | None:
    joined = posixpath.normpath(posixpath.join(folder, path))
    return None if joined == ".." or joined.startswith("../") else joined


def _uses(
    data: object, location: tuple[str | int, ...], name: str = "uses"
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == name and isinstance(value, str):
                yield (*location, key), value
            else:
                yield from _uses(value, (*location, key), name)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _uses(item, (*location, index), name)


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
_read: dict[str, _Read] = {}
_KEEP = 256
# The local actions of the last tree asked about that its config does not govern, with the config (held
# here, so that no other object takes its identity): the walk asks with the same two, commit after commit.
_last_ungoverned: tuple[_Read | None, Config | None, dict[str, LocalUse], list[str]] = (None, None, {}, [])


def local_action_problems(
    objects: git.Objects,
    head: str,
    config: Config,
    *,
    entries: Sorted | None = None,
    base: str = "",
    runs_judged: bool = False,
) -> list[str]:
    """Findings at `head`: each local action a workflow or an action under .github/ runs from a folder
    that is not governed, each such file that cannot be read (a finding, not a failure: exit 1), and each
    symbolic link on the path of, or inside, what they run. With `entries` (the diff judged, whose base
    side is the commit `base`): each change to a file a `run:` of the base's workflows names that no
    decision covers (`runs_judged`: the base's governance.yml turns that rule on); the links are then
    looked for when the diff may have brought one (it adds a link, or changes the workflows), when it
    changes governance.yml (which may turn the rule on), and when the rule judges what it changes: a link
    judged when it came stands on main only around the gate (the audit names that commit), and a change to
    the files it reaches must not pass for it."""
    tree = _github_tree(objects, head)
    # Every path under .github/ is governed; `.github` itself (made a link or a file) may be either.
    github = entries is not None and (_touches_github(entries.governed) or _touches_github(entries.others))
    found: list[str] = []
    if tree is not None:
        read = _uses_in(objects, head, tree)
        found += [
            *read.problems,
            *(refusal(use) for use in read.uses if not governed_folder(use.folder, config)),
        ]
        if (
            entries is None
            or github
            or _adds_link(entries.others)
            or _adds_link(entries.governed)
            or (runs_judged and bool(entries.others))
            or any(entry.path == CONFIG_FILE for entry in entries.governed)
        ):
            found += links_on(objects, head, read)
    if runs_judged and entries is not None and entries.others:
        # The workflows of the base side, which are the head's when the diff leaves .github/ alone.
        base_tree = _github_tree(objects, base) if github else tree
        if base_tree is not None:
            runs = _uses_in(objects, base if github else head, base_tree).runs
            found += [message for _, message in changed_runs(runs, entries.others)]
    return found


def changed_local_actions(objects: git.Objects, commit: git.LogCommit, config: Config) -> list[str]:
    """Findings of a commit that changes no governed file (so nothing under .github/ and not the rules),
    which the audit and the hook judge no further: each file it changes in the folder of a local action
    that a workflow or an action under .github/ runs (at the commit, so at its parent: the commit leaves
    .github/ as it was) from a folder `config` does not govern, each file it changes that a `run:` names,
    each symbolic link on the path of or inside what they run when it adds a link or the rule judges the
    files a `run:` names (a link standing around the gate must not let a change to what it reaches pass),
    and each workflow that
    cannot be read (which actions it runs is unknown). Such a commit changes what an approved workflow
    runs, with its token, and no body decided on it; the check refuses it too."""
    global _last_ungoverned
    # The audit answers this header from the parent's, carried along its walk, when the diff leaves .github/
    # alone (always here): no round trip to git a commit.
    tree = _github_tree(objects, commit.sha)
    if tree is None or not commit.entries:
        return []
    held, held_config, folders, ordered = _last_ungoverned
    read = _uses_in(objects, commit.sha, tree)
    if held is not read or held_config is not config:
        # By folder, compared as governed_paths compares (any case, NFC): a runner on Windows or macOS
        # checks the folder out on a file system that folds names, where ./Tools/Deploy runs tools/deploy/.
        folders = {}
        for use in read.uses:
            if not governed_folder(use.folder, config):
                folders.setdefault("" if use.folder == "." else folded(use.folder) + "/", use)
        ordered = sorted(folders)
        _last_ungoverned = (read, config, folders, ordered)
    if read.problems:
        return list(read.problems)
    # One finding a path: a link is said as a link, whatever else it is.
    findings: dict[str, str] = {}
    if (read.uses or read.runs) and (_adds_link(commit.entries) or (read.runs and config.judge_run_steps)):
        findings.update(_links_by_path(objects, commit.sha, read))
    if folders:
        for entry in commit.entries:
            running = _action_running(folders, ordered, folded(entry.path) + "/")
            if running is not None:
                findings.setdefault(entry.path, changed_action(entry.path, running))
    if read.runs and config.judge_run_steps:
        for path, message in changed_runs(read.runs, commit.entries):
            findings.setdefault(path, message)
    return list(findings.values())


def _action_running(folders: dict[str, LocalUse], ordered: list[str], path: str) -> LocalUse | None:
    """The ungoverned action (`folders`: by folded folder and "/", `ordered` their keys sorted) whose
    folder holds `path` (a file in it), or is `path` or below it (the folder itself or a folder above it
    made a symbolic link, to another folder whose action.yml the runner then reads). A look-up per folder
    above the path and one search: a workflow may run 100,000 actions, and a commit change as many files."""
    use = folders.get("")  # the repository's root: every file is in it
    at = path.find("/")
    while use is None and at >= 0:
        use = folders.get(path[: at + 1])
        at = path.find("/", at + 1)
    if use is None:
        below = bisect.bisect_left(ordered, path)
        if below < len(ordered) and ordered[below].startswith(path):
            use = folders[ordered[below]]
    return use


def changed_runs(runs: tuple[RunUse, ...], entries: Sequence[git.DiffEntry]) -> list[tuple[str, str]]:
    """(path, finding) for each of `entries` (files no decision covers) at a path a `run:` names, below it
    (it names a folder), or above it (a folder of it replaced by a link or a file)."""
    return [(path, changed_run(path, use)) for path, use in _runs_changed(runs, entries)]


def _runs_changed(runs: tuple[RunUse, ...], entries: Sequence[git.DiffEntry]) -> list[tuple[str, RunUse]]:
    index = _run_index(runs)
    found: list[tuple[str, RunUse]] = []
    for entry in entries:
        use = _matching(index, entry.path)
        if use is not None:
            found.append((entry.path, use))
    return found


def unjudged_runs(objects: git.Objects, head: str, base: str, entries: Sorted) -> list[tuple[str, RunUse]]:
    """Where governance.yml leaves judge_run_steps off: (path, the `run:` naming it) for each of the diff's
    files no decision covers (`entries.others`) that the rule would refuse, read as the rule reads them
    (the workflows of the base side, the head's when the diff leaves .github/ alone). Not a finding: said
    as a note, so that an administrator learns which files the workflows run without a decision."""
    others = entries.others
    if not others:
        return []
    github = _touches_github(entries.governed) or _touches_github(others)
    tree = _github_tree(objects, base if github else head)
    if tree is None:
        return []
    runs = _uses_in(objects, base if github else head, tree).runs
    return _runs_changed(runs, others) if runs else []


def unjudged_run(path: str, use: RunUse) -> str:
    """The note of a change `unjudged_runs` found, in a check."""
    return Message(
        "{path}: {file}:{line} runs {named} in a `run:` step, and no decision judged this change: "
        "governance.yml leaves judge_run_steps off, so a change to a file a `run:` step names is not "
        "judged; to judge such changes, set `judge_run_steps: true` in governance.yml and add {named} to "
        "governed_paths (with their resolution)",
        path=path,
        file=use.file,
        line=use.line if use.line is not None else "?",
        named=_shown(use),
    )


def unjudged_runs_in_history(path: str, use: RunUse, commits: int, last: str) -> str:
    """The note of the changes to one file `unjudged_runs` found along a history, in an audit or a push."""
    return Message(
        "{path}: {commits} commit(s) changed it without a decision, the last {commit}, when {file}:{line} ran "
        "{named} in a `run:` step: governance.yml left judge_run_steps off, so a change to a file a `run:` "
        "step names was not judged; to judge such changes, set `judge_run_steps: true` in governance.yml "
        "and add {named} to governed_paths (with their resolution)",
        path=path,
        file=use.file,
        line=use.line if use.line is not None else "?",
        named=_shown(use),
        commits=commits,
        commit=last[:12],
    )


class UnjudgedRuns:
    """The notes of a walk: each file a `run:` names that commits changed without a decision while the
    rule was off, once, with how many commits changed it and the last one (a history may change a lock
    file a thousand times: one line, not a thousand)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[RunUse, int, str]] = {}

    def see(self, objects: git.Objects, commit: git.LogCommit, entries: Sorted) -> None:
        """The commit's changes, judged by rules that leave judge_run_steps off."""
        if not entries.others:
            return
        parent = commit.parents[0] if commit.parents else commit.sha
        for path, use in unjudged_runs(objects, commit.sha, parent, entries):
            held = self._seen.get(path)
            self._seen[path] = (use, (held[1] if held is not None else 0) + 1, commit.sha)

    def notes(self) -> list[str]:
        return [
            unjudged_runs_in_history(path, use, count, last)
            for path, (use, count, last) in self._seen.items()
        ]


class _Node:
    """A folder of the paths the `run:` steps name: its names below, the use naming it (a path at it or
    below it runs), the first use naming a path below it, the patterns of names in it (text before, text
    after, use)."""

    __slots__ = ("below", "globs", "names", "use")

    def __init__(self) -> None:
        self.names: dict[str, _Node] = {}
        self.use: RunUse | None = None
        self.below: RunUse | None = None
        self.globs: list[tuple[str, str, RunUse]] = []


_GLOBS_A_FOLDER = 64  # patterns of one folder compared with a name; beyond, any name of it


# The index of the last runs asked about: the walk asks with the same ones, commit after commit.
_last_runs: tuple[tuple[RunUse, ...], tuple[_Node, _Node]] = ((), (_Node(), _Node()))


def _run_index(runs: tuple[RunUse, ...]) -> tuple[_Node, _Node]:
    """The paths the runs name by folded part, from the root and (a path read from a folder known only
    when the step runs) from anywhere: a path is looked up by one walk down its parts, not by an index of
    every folder above each (a path of a million parts, which a 4 MiB workflow can name, had a million
    prefixes of up to 2 MiB each)."""
    global _last_runs
    if _last_runs[0] is not runs:
        _last_runs = (runs, _index_of(runs))
    return _last_runs[1]


def _index_of(runs: Sequence[RunUse]) -> tuple[_Node, _Node]:
    from governance.gate.run_steps import ANYWHERE, GLOB

    index = (_Node(), _Node())
    for use in runs:
        parts = folded(use.path).split("/")
        node = index[0]
        if parts[0] == ANYWHERE:
            node, parts = index[1], parts[1:]
        pattern = GLOB in parts[-1]
        for part in parts[:-1] if pattern else parts:
            node.below = node.below or use
            node = node.names.setdefault(part, _Node())
        node.below = node.below or use
        if not pattern:
            node.use = node.use or use
        elif len(node.globs) < _GLOBS_A_FOLDER:
            before, _, after = parts[-1].partition(GLOB)
            node.globs.append((before, after, use))
        elif node.globs[-1][:2] != ("", ""):
            node.globs.append(("", "", use))
    return index


def _matching(index: tuple[_Node, _Node], path: str) -> RunUse | None:
    """The use of a path the runs name that `path` is (a file), is below (a folder named), or is above (a
    folder of it replaced by a link or a file): from the root, then from each of its parts on (a path read
    from anywhere). At most `_ANYWHERE_PARTS` steps from each part: linear in the path's parts."""
    parts = folded(path).split("/")
    use = _walk(index[0], parts, 0)
    if use is None and (index[1].names or index[1].globs):
        for start in range(len(parts)):
            use = _walk(index[1], parts, start)
            if use is not None:
                break
    return use


def _walk(node: _Node, parts: list[str], at: int) -> RunUse | None:
    root = node
    while True:
        if node.use is not None:
            return node.use
        if at == len(parts):
            return node.below if node is not root else None
        name = parts[at]
        for before, after, use in node.globs:
            if name.startswith(before) and name.endswith(after) and len(name) >= len(before) + len(after):
                return use
        child = node.names.get(name)
        if child is None:
            return None
        node, at = child, at + 1


def _shown(use: RunUse) -> str:
    """The path as a reader writes it: a pattern's parts as `**` and `*`."""
    if "\x00" not in use.path:
        return use.path
    from governance.gate.run_steps import pattern_shown

    return pattern_shown(use.path)


def changed_run(path: str, use: RunUse) -> str:
    if "\x00" in use.path:
        return Message(
            "{path}: {file}:{line} may run it in a `run:` step ({named}: which file is known only when the "
            "step runs), and it is not governed, so this change may alter what the workflow runs without a "
            "decision; add it to governed_paths in governance.yml (with its resolution), then propose this "
            "change with its own",
            path=path,
            file=use.file,
            line=use.line if use.line is not None else "?",
            named=_shown(use),
        )
    return Message(
        "{path}: {file}:{line} runs {named} in a `run:` step, and it is not governed, so this change alters "
        "what the workflow runs without a decision; add {named} to governed_paths in governance.yml (with its "
        "resolution), then propose this change with its own",
        path=path,
        file=use.file,
        line=use.line if use.line is not None else "?",
        named=_shown(use),
    )


def links_on(objects: git.Objects, head: str, read: _Read) -> list[str]:
    """Each symbolic link at `head` on the path of a local action or of a path a `run:` names, or inside
    that folder: the runner follows it, so what runs is what it reaches, which no decision covers."""
    return list(_links_by_path(objects, head, read).values())


def _links_by_path(objects: git.Objects, head: str, read: _Read) -> dict[str, str]:
    targets: dict[str, LocalUse | RunUse] = {}
    for local in read.uses:
        targets.setdefault(local.folder, local)
    patterns: list[RunUse] = []
    for named in read.runs:
        if "\x00" in named.path:
            patterns.append(named)
        else:
            targets.setdefault(named.path, named)
    # Each folder's tree read once, by its id, and each path walked down from the root through them: a
    # run: may name 100,000 files, and git looks a path up by scanning each tree on the way (a folder of
    # 10,000 names looked up 10,000 times was 15 s); no prefix is made but a link's (a path of a
    # thousand folders has a thousand, each as long).
    trees: dict[str, dict[bytes, tuple[str, str]]] = {}
    root = _tree_entries(objects, f"{head}^{{tree}}", trees)
    folders: dict[str, LocalUse | RunUse] = {}
    found: dict[str, str] = {}
    for path, use in targets.items():
        if path == ".." or path.startswith("../"):
            continue  # outside the repository: refused as not governed
        parts = [] if path == "." else path.split("/")
        entries = root
        for count, part in enumerate(parts, 1):
            # git does not follow a link when it looks a path up: the first part that is no folder ends it
            entry = entries.get(part.encode("utf-8", "surrogateescape"))
            if entry is not None and entry[0] == TREE:
                entries = _tree_entries(objects, entry[1], trees)
                continue
            if entry is not None and entry[0] == LINK:
                prefix = "/".join(parts[:count])
                found.setdefault(prefix, link_on_path(prefix, use))
            break
        else:  # the whole path is a folder (or the repository's root): no link may stand inside it
            folders.setdefault(path, use)
    for link, use in _links_inside(objects, head, folders):
        found.setdefault(link, link_inside(link, use))
    if patterns:
        # A pattern's names are known only when the step runs: each link of the tree that is one, or on the
        # path of one, or inside one (the listing is made only when a run: names a pattern).
        index = _index_of(patterns)
        for listed in git.list_tree(objects.root, head, "."):
            if listed.mode == LINK and listed.path not in found:
                run = _matching(index, listed.path)
                if run is not None:
                    found[listed.path] = link_on_path(listed.path, run)
    return found


# Folders listed one git process each up to this many; beyond, the whole tree once (a run: may name
# 100,000 folders, a process each was minutes).
_LISTED_ONE_BY_ONE = 8


def _links_inside(
    objects: git.Objects, head: str, folders: dict[str, LocalUse | RunUse]
) -> list[tuple[str, LocalUse | RunUse]]:
    """Each symbolic link at `head` inside one of `folders`, with the use of the first folder holding it."""
    if len(folders) <= _LISTED_ONE_BY_ONE:
        listings = [(use, git.list_tree(objects.root, head, path)) for path, use in folders.items()]
        return [(entry.path, use) for use, listed in listings for entry in listed if entry.mode == LINK]
    inside: list[tuple[str, LocalUse | RunUse]] = []
    for entry in git.list_tree(objects.root, head, "."):
        if entry.mode != LINK:
            continue
        use = folders.get(".")  # the repository's root holds every link
        at = entry.path.find("/")
        while use is None and at >= 0:  # the folders above the link, outermost first
            use = folders.get(entry.path[:at])
            at = entry.path.find("/", at + 1)
        if use is not None:
            inside.append((entry.path, use))
    return inside


def _tree_entries(
    objects: git.Objects, name: str, trees: dict[str, dict[bytes, tuple[str, str]]]
) -> dict[bytes, tuple[str, str]]:
    """The entries (mode, id) of the tree `name`, by name; read once, kept in `trees`."""
    if name not in trees:
        tree = objects.read(name)
        # Each entry's id is as long as the tree's own: 20 bytes, 32 in a SHA-256 repository.
        trees[name] = (
            _entries_of(tree[2], len(tree[0]) // 2) if tree is not None and tree[1] == "tree" else {}
        )
    return trees[name]


def _entries_of(tree: bytes, size: int) -> dict[bytes, tuple[str, str]]:
    """The (mode, id) of each entry of a raw tree object ("<mode> <name>\\0<id of `size` bytes>" each), by
    name."""
    entries: dict[bytes, tuple[str, str]] = {}
    at = 0
    while at < len(tree):
        space = tree.index(b" ", at)
        end = tree.index(b"\0", space)
        mode = tree[at:space].decode("ascii").rjust(6, "0")
        entries[tree[space + 1 : end]] = (mode, tree[end + 1 : end + 1 + size].hex())
        at = end + 1 + size
    return entries


def link_on_path(link: str, use: LocalUse | RunUse) -> str:
    if isinstance(use, LocalUse):
        return Message(
            "{link}: a symbolic link on the path of the local action {uses} that {file}:{line} runs: the runner "
            "follows it, to files no decision covers; put the folder itself there, not a link, or name the "
            "folder the link points to in the workflow",
            link=link,
            uses=use.uses,
            file=use.file,
            line=use.line if use.line is not None else "?",
        )
    return Message(
        "{link}: a symbolic link on the path of {named}, which {file}:{line} runs in a `run:` step: the runner "
        "follows it, to files no decision covers; put the files themselves there, not a link, or name the "
        "path the link points to in the workflow",
        link=link,
        named=_shown(use),
        file=use.file,
        line=use.line if use.line is not None else "?",
    )


def link_inside(link: str, use: LocalUse | RunUse) -> str:
    if isinstance(use, LocalUse):
        return Message(
            "{link}: a symbolic link inside the folder {folder} of the local action {uses} that {file}:{line} "
            "runs: a decision approves the link, never the files it points to, so their later changes would "
            "change what the workflow runs without one; put a copy of the file there instead of the link",
            link=link,
            folder=use.folder,
            uses=use.uses,
            file=use.file,
            line=use.line if use.line is not None else "?",
        )
    return Message(
        "{link}: a symbolic link inside {named}, which {file}:{line} runs in a `run:` step: a decision approves "
        "the link, never the files it points to, so their later changes would change what the workflow runs "
        "without one; put a copy of the file there instead of the link",
        link=link,
        named=_shown(use),
        file=use.file,
        line=use.line if use.line is not None else "?",
    )


def _adds_link(entries: Sequence[git.DiffEntry]) -> bool:
    return any(entry.new_mode == LINK for entry in entries)


def _touches_github(entries: Sequence[git.DiffEntry]) -> bool:
    return any(entry.path == ".github" or entry.path.startswith(GITHUB_FOLDER) for entry in entries)


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


def _uses_in(objects: git.Objects, commit: str, tree: str) -> _Read:
    """What the workflows and actions of `commit` run, its .github folder being `tree`."""
    read = _read.get(tree) or _read_tree(objects, tree)
    if len(_read) >= _KEEP:
        _read.clear()
    _read[tree] = read
    return _with_actions_outside(objects, commit, tree, read) if read.outside else read


# What the action.yml of a folder outside .github/ runs, by the folder's tree id; and the whole read of a
# .github tree with those folders, by their ids, so that a walk holds one object while none of them changes.
_outside_read: dict[tuple[str, str], _Read] = {}
_combined: dict[tuple[str, ...], _Read] = {}


def _with_actions_outside(objects: git.Objects, commit: str, tree: str, read: _Read) -> _Read:
    """`read` with what the local actions outside .github/ run (governed with governed_paths, or not): a
    composite action's steps there `run:` scripts and `uses:` further local actions, as one under .github/
    does, and GitHub runs each. Each folder once, from those the workflows name, at `commit`; their
    action.yml files counted with the workflows in the limits on the files read together, past which the
    rest is not read and the first file past them is a finding."""
    parts: list[_Read] = []
    key: list[str] = [tree]
    folders = list(read.outside)
    seen = set(folders)
    files, size = read.files, read.size
    for folder in folders:  # grows as the actions read name further folders
        found = objects.header(f"{commit}:{'' if folder == '.' else folder}")
        if found is None or found[1] != "tree":
            continue
        key += [folder, found[0]]
        action = _action_file(objects, folder, found[0])
        if action is None:
            continue
        path, blob, length = action
        files += 1
        size += length if length <= MAX_YAML_BYTES else 0  # else unread: a finding of its own
        beyond = _beyond_limits(files, size, outside=True)
        if beyond is not None:
            parts.append(_Read((), (), (unreadable(path, beyond),)))
            break  # the key so far says which: the same files before it are past the limit the same way
        part = _outside_read.get((path, blob))
        if part is None:
            part = _read_file(objects, blob, path)
            if len(_outside_read) >= _KEEP:
                _outside_read.clear()
            _outside_read[(path, blob)] = part
        parts.append(part)
        folders += [name for name in part.outside if name not in seen]
        seen.update(part.outside)
    known = _combined.get(tuple(key))
    if known is not None:
        return known
    combined = _Read(
        (*read.uses, *(use for part in parts for use in part.uses)),
        (*read.runs, *(use for part in parts for use in part.runs)),
        (*read.problems, *(problem for part in parts for problem in part.problems)),
        files,
        size,
    )
    if len(_combined) >= _KEEP:
        _combined.clear()
    _combined[tuple(key)] = combined
    return combined


def _action_file(objects: git.Objects, folder: str, tree: str) -> tuple[str, str, int] | None:
    """The path, blob and size of the action.yml (or action.yaml) of the folder whose tree is `tree`."""
    prefix = "" if folder == "." else f"{folder}/"
    for name in _ACTION_FILES:
        found = objects.header(f"{tree}:{name}")
        if found is not None and found[1] == "blob":
            return prefix + name, found[0], found[2]
    return None


def _beyond_limits(files: int, size: int, *, outside: bool) -> str | None:
    """Why the workflow and action files read so far, `files` of `size` bytes together, are past the
    limits (`outside`: counting the action.yml files of local actions outside .github/); None within."""
    if files > MAX_GITHUB_YAML_FILES:
        if outside:
            return Message(
                "it is one of more than {limit:,} workflow and action files, counting the action.yml of each "
                "local action outside .github/ (the limit)",
                limit=MAX_GITHUB_YAML_FILES,
            )
        return Message(
            "it is one of more than {limit:,} workflow and action files under .github/ (the limit)",
            limit=MAX_GITHUB_YAML_FILES,
        )
    if size > MAX_GITHUB_YAML_BYTES:
        if outside:
            return Message(
                "with it the workflow and action files, counting the action.yml of each local action outside "
                ".github/, hold more than {limit} MiB (the limit)",
                limit=MAX_GITHUB_YAML_BYTES // (1024 * 1024),
            )
        return Message(
            "with it the workflow and action files under .github/ hold more than {limit} MiB (the limit)",
            limit=MAX_GITHUB_YAML_BYTES // (1024 * 1024),
        )
    return None


def _outside_github(folder: str) -> bool:
    return not f"{folder}/".startswith(GITHUB_FOLDER) and folder != ".." and not folder.startswith("../")


def _read_tree(objects: git.Objects, tree: str) -> _Read:
    uses: list[LocalUse] = []
    runs: list[RunUse] = []
    problems: list[str] = []
    files = size = 0
    for entry in git.list_tree(objects.root, tree, "."):
        path = GITHUB_FOLDER + entry.path
        if entry.kind != "blob" or not is_read_by_github(path):
            continue
        files += 1
        header = objects.header(entry.blob) if files <= MAX_GITHUB_YAML_FILES else None
        size += header[2] if header is not None and header[2] <= MAX_YAML_BYTES else 0  # else unread
        beyond = _beyond_limits(files, size, outside=False)
        if beyond is not None:
            problems.append(unreadable(path, beyond))
            break
        read = _read_file(objects, entry.blob, path)
        uses += read.uses
        runs += read.runs
        problems += read.problems
    return _Read(tuple(uses), tuple(runs), tuple(problems), files, size)


def _read_file(objects: git.Objects, blob: str, path: str) -> _Read:
    """What one workflow or action file runs, or why it cannot be read."""
    content = objects.blob_within(blob, MAX_YAML_BYTES)
    if isinstance(content, BeyondLimit):
        problem = Message(
            "the file is {size:,} bytes, larger than {limit} KiB (the limit on a YAML file)",
            size=content.size,
            limit=content.limit // 1024,
        )
        return _Read((), (), (unreadable(path, problem),))
    try:
        document = load((content or b"").decode("utf-8"), path, aliases=True)
        runs = run_uses(document, path)
    except UnicodeDecodeError:
        return _Read((), (), (unreadable(path, Message("the file is not UTF-8 text")),))
    except GovernanceError as exc:
        return _Read((), (), (unreadable(path, exc.render()),))
    return _Read(tuple(local_uses(document, path)), tuple(runs), ())
