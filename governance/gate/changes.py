"""What a range of history changes that needs a decision: regulation texts and governed files.

Added = enact, modified = amend, deleted = rescind; a rename is a rescission plus an enactment (diffs
are read with --no-renames). Which body must decide is read from the BASE side, which the pull request
does not control; only a new regulation names its own body. Which files are regulations is
Config.regulation_relative's rule (a folder, or a pattern). Any regulation's file that is not a plain
UTF-8 Markdown file is refused outright: a symlink or submodule could make the text
reviewed differ from the text served.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import field
from pathlib import Path
from typing import Literal, NamedTuple

from governance import git, strict_yaml
from governance.config import CONFIG_FILE, Config
from governance.errors import GovernanceError
from governance.i18n import Message
from governance.immutable import immutable
from governance.text import recognisers
from governance.text.digests import digest_bytes

Action = Literal["enact", "amend", "rescind"]  # as a decision names it (records.resolutions.Decision.action)
REGULAR = git.REGULAR
EXECUTABLE = git.EXECUTABLE
ABSENT = "000000"
_ACTION: dict[str, Action] = {"A": "enact", "M": "amend", "T": "amend", "D": "rescind"}
_MODES = {
    "120000": Message("a symbolic link"),
    "160000": Message("a submodule"),
    "100755": Message("an executable file"),
    "040000": Message("a folder"),
}


@immutable
class Change:
    """One change that needs a decision: what, of which text (digest), and which body must decide."""

    action: Action
    regulation: str | None  # regulation id, for a text under the regulations folder
    file: str | None  # repository path, for a governed file
    path: str
    digest: str  # sha256 of the head text; of the base text for a rescission
    body: str  # the body whose decision this change needs
    content: bytes | None = field(default=None, repr=False)  # the head text (None for a rescission)
    refusal: str | None = (
        None  # why no resolution can ever cover it (symlink, not UTF-8, ...), naming the path
    )

    @property
    def target(self) -> str:
        """As governance.records.resolutions.Decision.target names it."""
        return self.regulation if self.regulation is not None else f"file {self.file}"


@immutable
class Sorted:
    """The entries of a diff by what they are to the gate (other files are not governed)."""

    regulations: list[git.DiffEntry]
    governed: list[git.DiffEntry]
    records: list[git.DiffEntry]
    # The rest, which needs no decision of its own: the judge asks whether a workflow runs one of them.
    others: list[git.DiffEntry] = field(default_factory=list)


def sort_entries(entries: Iterable[git.DiffEntry], config: Config) -> Sorted:
    records_prefix = config.records.rstrip("/") + "/"
    result = Sorted([], [], [])
    for entry in entries:
        if config.regulation_relative(entry.path) is not None:
            if not made_plain(entry):  # the approved bytes, unchanged: nothing to decide
                result.regulations.append(entry)
        elif is_governed_file(entry.path, config):
            result.governed.append(entry)
        elif entry.path.startswith(records_prefix):
            result.records.append(entry)
        else:
            result.others.append(entry)
    return result


def made_plain(entry: git.DiffEntry) -> bool:
    """A change that only clears a file's executable bit (100755 -> 100644, the same blob): it changes no
    byte a decision approved, and ends a state the gate refuses (texts adopted executable before init
    refused them); the reverse, making a text executable, stays refused."""
    return entry.old_mode == EXECUTABLE and entry.new_mode == REGULAR and entry.old_blob == entry.new_blob


def is_governed_file(path: str, config: Config) -> bool:
    """Files that change the rules or what the site shows: a change needs a decision."""
    return governing_body(path, config) is not None


# Where GitHub reads who must review a pull request: the first of these that exists.
CODE_OWNERS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
# The folder GitHub reads and runs from: workflows, the local actions they `uses: ./.github/actions/x`
# (the code the pinned workflow runs), dependabot.yml (which opens pull requests and with what access),
# CODEOWNERS, templates and the release notes' configuration. Every file in it, not a list of today's
# names: a name GitHub starts reading tomorrow is governed already.
GITHUB_FOLDER = ".github/"


def governing_body(path: str, config: Config) -> str | None:
    """The body whose decision a change to the governed file `path` needs; None when it is not governed.
    The rules' own files (this config, bodies, keys, every file under .github/ (workflows, local actions,
    dependabot.yml, CODEOWNERS), CODEOWNERS, the lint baseline, the history before adoption, every
    .gitattributes) always need the default body, whatever governed_paths delegates: a body that could
    change them could change who decides."""
    if path in _fixed_files(config) or path.startswith(GITHUB_FOLDER) or _is_attributes(path):
        return config.default_body
    # The site build runs mkdocs.yml's hooks: a free edit there could publish text nobody approved.
    return config.governed_path_body(path)


def _fixed_files(config: Config) -> frozenset[str]:
    """The rules' own files by `config`: made for the last config asked, the very object kept (so no
    other takes its identity); the audit asks for every file of every commit, of the same config."""
    global _last_fixed
    known, files = _last_fixed
    if known is not config:
        files = frozenset(
            (
                CONFIG_FILE,
                config.bodies_file,
                config.allowed_signers_file,
                *CODE_OWNERS,
                config.lint_baseline_file,  # the findings tolerated since the adoption
                config.before_adoption_file,  # what the site shows as the earlier history
            )
        )
        _last_fixed = (config, files)
    return files


_last_fixed: tuple[Config | None, frozenset[str]] = (None, frozenset())


def _is_attributes(path: str) -> bool:
    """A `.gitattributes` file, in any folder: git reads it when it checks out a tree and rewrites what it
    writes by it (working-tree-encoding, eol, ident), so the site built from a checkout would read every
    governed file below its folder as bytes no body approved."""
    return path.rpartition("/")[2] == ".gitattributes"


def regulation_id(path: str, config: Config) -> str | None:
    """`regulations/a/b.md` -> `a/b`; None when the path is no regulation's, or one no record could name."""
    relative = config.regulation_relative(path)
    return recognisers.regulation_id(relative) if relative is not None else None


def changes_of(
    objects: git.Objects,
    sorted_entries: Sorted,
    config: Config,
    *,
    base_paths: AbstractSet[str],
    head_paths: AbstractSet[str],
    contents: bool = True,
    facts: Facts | None = None,
) -> list[Change]:
    """The changes of one diff. `config` is the base side's; the path sets are the regulation files
    present on each side (for translations and names that differ only in case). `contents`: each change
    holds its head text (the site's works); an audit that only reports holds none, and may give the
    `facts` of the texts instead of reading them (`texts_alongside`)."""
    assert facts is None or not contents, "a change holding its text reads it"
    folded = CaseFolded(head_paths)
    changes = [
        _regulation_change(objects, e, config, base_paths, head_paths, folded, contents, facts)
        for e in sorted_entries.regulations
    ]
    changes += [_governed_change(objects, entry, config, contents) for entry in sorted_entries.governed]
    return sorted(changes, key=lambda change: change.path)


def list_changes(root: Path, base: str, head: str, config: Config) -> list[Change]:
    """The changes of merge-base(base, head)..head that need a decision (regulations and governed files)."""
    head_commit = git.resolve_commit(root, head)
    base_commit = git.merge_base(root, git.resolve_commit(root, base), head_commit)
    entries = sort_entries(git.diff_tree(root, base_commit, head_commit), config)
    with git.Objects(root) as objects:
        return changes_of(
            objects,
            entries,
            config,
            base_paths=TreePaths(root, objects, base_commit, config),
            head_paths=TreePaths(root, objects, head_commit, config),
        )


class TreePaths(AbstractSet[str]):
    """The files under the regulations folder at a commit, as `regulation_paths` lists them, but asked
    one folder at a time through cat-file: "is this file there?" reads only its folder's tree, so a
    check costs the same with 5,000 regulations as with 5. Listed whole only when iterated (the case
    twins of an added file)."""

    def __init__(self, root: Path, objects: git.Objects, commit: str, config: Config) -> None:
        self._root, self._objects, self._commit, self._config = root, objects, commit, config
        self._folders: dict[str, frozenset[str]] = {}
        self._listed: set[str] | None = None

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str):
            return False
        if self._listed is not None:
            return path in self._listed
        if self._config.regulation_relative(path) is None:
            return False
        folder, _, name = path.rpartition("/")
        return name in self._files_in(folder)

    def _files_in(self, folder: str) -> frozenset[str]:
        if folder not in self._folders:
            found = self._objects.read(f"{self._commit}:{folder}")
            self._folders[folder] = (
                frozenset(git.tree_files(found[2])) if found and found[1] == "tree" else frozenset()
            )
        return self._folders[folder]

    def _all(self) -> set[str]:
        if self._listed is None:
            self._listed = regulation_paths(self._root, self._commit, self._config)
        return self._listed

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def regulation_paths(root: Path, commit: str, config: Config) -> set[str]:
    return {entry.path for entry in regulation_entries(root, commit, config)}


def regulation_entries(root: Path, commit: str, config: Config) -> list[git.TreeEntry]:
    """The regulations' files at `commit` (every file below the folder, or what the pattern selects)."""
    return selected_regulations(git.list_tree(root, commit, config.regulations), config)


def selected_regulations(listed: list[git.TreeEntry], config: Config) -> list[git.TreeEntry]:
    """Of the listing of the regulations' folder, the regulations' files."""
    if config.regulations_pattern is None:
        return listed
    return [entry for entry in listed if config.regulation_relative(entry.path) is not None]


def _regulation_change(
    objects: git.Objects,
    entry: git.DiffEntry,
    config: Config,
    base_paths: AbstractSet[str],
    head_paths: AbstractSet[str],
    folded: CaseFolded,
    contents: bool = True,
    facts: Facts | None = None,
) -> Change:
    action = _ACTION.get(entry.status, "amend")
    ident = regulation_id(entry.path, config)
    base = _side(objects, entry.old_blob, entry.old_mode, facts)
    head = _side(objects, entry.new_blob, entry.new_mode, facts)
    decisive = head if action == "enact" else base
    named = decisive.named if isinstance(decisive, TextFacts) else bodies_named(decisive)
    body = _deciding_body(entry.path, named, config, lambda path: path in base_paths or path in head_paths)
    content = head if action != "rescind" and contents and isinstance(head, bytes) else None
    measured = base if action == "rescind" else head
    if measured is None:
        digest, utf8 = "", None
    elif isinstance(measured, TextFacts):
        digest, utf8 = measured.digest, measured.utf8
    else:
        digest, utf8 = digest_bytes(measured), is_utf8(measured)
    refusal = _refusal(entry, ident, utf8, folded)
    return Change(action, ident or entry.path, None, entry.path, digest, body, content, refusal)


def texts_read(entries: Iterable[git.DiffEntry]) -> Iterator[str]:
    """The blobs whose texts `changes_of` reads (or asks the facts of) for these regulation entries."""
    for entry in entries:
        if entry.old_mode == REGULAR:
            yield entry.old_blob
        if entry.new_mode == REGULAR:
            yield entry.new_blob


def _side(objects: git.Objects, blob: str, mode: str, facts: Facts | None) -> bytes | TextFacts | None:
    """One side of a regulation's change: its text, or what the gate asks of it (`facts`, worked out
    beside the walk), or None (absent, or no plain file)."""
    if mode != REGULAR:
        return None
    known = facts(blob) if facts is not None else None
    return known if known is not None else objects.blob(blob)


class BodiesNamed(NamedTuple):
    """What a text's front matter says of who decides on it."""

    translation: bool  # translation_of is set
    governed_by: str | None  # governed_by, when a string that is not empty


class TextFacts(NamedTuple):
    """What judging a regulation's change asks of its text when it does not keep the text (an audit that
    only reports): worked out beside the walk (`texts_alongside`) by these very functions."""

    digest: str  # digest_bytes
    utf8: bool  # is_utf8
    named: BodiesNamed  # bodies_named


# The facts of a text by its blob id, None when they are not known (the text is then read).
Facts = Callable[[str], "TextFacts | None"]


def text_facts(text: bytes) -> TextFacts:
    return TextFacts(digest_bytes(text), is_utf8(text), bodies_named(text))


def is_utf8(text: bytes) -> bool:
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class CaseFolded:
    """The head's regulation paths by their case-folded form, built on the first question only (most
    diffs add no file, and the walk of a long history asks once per commit). `governance init` asks it
    of the texts it adopts, so that it refuses the twins the gate would refuse."""

    def __init__(self, paths: AbstractSet[str]) -> None:
        self._paths = paths
        self._index: dict[str, list[str]] | None = None

    def twins(self, path: str) -> list[str]:
        if self._index is None:
            self._index = {}
            for known in self._paths:
                self._index.setdefault(known.casefold(), []).append(known)
        return sorted(known for known in self._index.get(path.casefold(), ()) if known != path)


def _refusal(entry: git.DiffEntry, ident: str | None, utf8: bool | None, folded: CaseFolded) -> str | None:
    """Why no decision can cover the change; `utf8`: whether its text is UTF-8 (None: no text)."""
    if entry.old_mode == EXECUTABLE:  # with a change of its bytes, or its rescission: the mode first
        return Message(
            "{path} is an executable file (mode 100755): make it plain first, in a commit that changes nothing "
            "else (`git update-index --chmod=-x {path}`), which needs no decision; then propose this change",
            path=entry.path,
        )
    for mode in (entry.old_mode, entry.new_mode):
        if mode not in (REGULAR, ABSENT):
            what = _MODES.get(mode, Message("a file of mode {mode}", mode=mode))
            return Message(
                "{path} is {what}; only plain Markdown files may be under the regulations folder",
                path=entry.path,
                what=what,
            )
    if not entry.path.isascii() and any("\udc80" <= c <= "\udcff" for c in entry.path):
        return Message("the name {name} is not UTF-8; rename it", name=repr(entry.path))
    if ident is None:
        return Message("{path}: {problem}", path=entry.path, problem=recognisers.name_problem(entry.path))
    clash = recognisers.generated_page_clash(ident)
    if clash is not None and entry.status != "D":  # rescinding it is how the clash is removed
        return Message("{path}: {problem}", path=entry.path, problem=clash)
    if utf8 is False:
        return Message("{path} is not UTF-8 text; save it as UTF-8", path=entry.path)
    if entry.status == "A":
        twins = folded.twins(entry.path)
        if twins:
            return Message(
                "{path} differs from {twin} only in case; on Windows and macOS they are one file",
                path=entry.path,
                twin=twins[0],
            )
    return None


def _governed_change(
    objects: git.Objects, entry: git.DiffEntry, config: Config, contents: bool = True
) -> Change:
    action = _ACTION.get(entry.status, "amend")
    blob = entry.old_blob if action == "rescind" else entry.new_blob
    text = objects.blob(blob) or b""
    content = text if action != "rescind" and contents else None
    refusal = (
        None
        if recognisers.is_nameable(entry.path, leading_dot=True)
        else Message("{path}: {problem}", path=entry.path, problem=recognisers.GOVERNED_NAME_RULE)
    )
    for mode in (entry.old_mode, entry.new_mode):
        if mode not in (*git.FILE_MODES, ABSENT):
            refusal = Message(
                "{path} is {what}; a governed file must be a plain file",
                path=entry.path,
                what=_MODES.get(mode, Message("a file of mode {mode}", mode=mode)),
            )
    body = governing_body(entry.path, config) or config.default_body
    return Change(action, None, entry.path, entry.path, digest_bytes(text), body, content, refusal)


def deciding_body(path: str, text: bytes | None, config: Config, exists: Callable[[str], bool]) -> str:
    """The body that must decide: translations go to the translations body (never the board's decision on
    the original, which `exists` on one side of the change); otherwise the front matter's governed_by;
    the default body when it names none."""
    return _deciding_body(path, bodies_named(text), config, exists)


def bodies_named(text: bytes | None) -> BodiesNamed:
    """What `deciding_body` reads of the front matter."""
    meta = front_matter(text)
    governed_by = meta.get("governed_by")
    return BodiesNamed(
        bool(meta.get("translation_of")),
        governed_by if isinstance(governed_by, str) and governed_by else None,
    )


def _deciding_body(path: str, named: BodiesNamed, config: Config, exists: Callable[[str], bool]) -> str:
    if named.translation and path.endswith(".md"):
        translation = recognisers.split_translation_id(path.removesuffix(".md"))
        if translation and exists(f"{translation[0]}.md"):
            return config.body_for_translations
    return named.governed_by or config.default_body


def front_matter(text: bytes | None) -> dict[str, object]:
    """The front matter's top-level keys, read with strict YAML; empty when absent or unreadable (the
    lint reports why; the gate then asks the default body, the strictest answer)."""
    if text is None or not text.removeprefix(b"\xef\xbb\xbf").startswith(b"---"):
        return {}
    # Read up to the first line that may close it, not the whole text: the audit asks for every change.
    # A `...` line matters only before the first `---` line (found near the top): searched there alone.
    dashes = text.find(b"\n---")
    dots = text.find(b"\n...", 0, dashes + 3 if dashes >= 0 else len(text))
    fence = dots if dots >= 0 else dashes  # a `...` line found is before the first `---` line
    end = text.find(b"\n", fence + 1) if fence >= 0 else -1
    if end >= 0:
        head = text[: end + 1]
        keys = _head_keys(head) if len(head) <= _HEAD_KEPT else _keys_of(head)
        if keys is not None:
            return dict(keys)
    return dict(_keys_of(text) or ())


def _keys_of(candidate: bytes) -> tuple[tuple[str, object], ...] | None:
    """The keys of the front matter that opens `candidate`: none when it cannot be read, None when it
    does not close within `candidate`."""
    try:
        decoded = candidate.decode("utf-8")
    except UnicodeDecodeError:
        return ()
    block = recognisers.front_matter_block(recognisers.source_text(decoded))
    if block is None:
        return ()
    if not block.closed:
        return None
    # Kept as long as a head is kept: a front matter an adversary makes a megabyte long is read, never kept.
    read = _front_matter_keys if len(block.source) <= _HEAD_KEPT else _front_matter_keys.__wrapped__
    return read(block.source)


# A text's head up to its closing fence -> its keys: an amendment changes the text, rarely its head, so
# the audit of a group (5,000 regulations, a change of one every 0.4 commit) decodes and scans each head
# once, not at every change. Heads up to 2 KiB (a title, an issuer, dates: about 150 bytes) and 16,384
# of them (32 MiB at most): a group's every regulation, where 4,096 made the cache turn over.
_HEAD_KEPT = 2048
_head_keys = functools.lru_cache(maxsize=16384)(_keys_of)


@functools.lru_cache(maxsize=4096)
def _front_matter_keys(source: str) -> tuple[tuple[str, object], ...]:
    """Parsed once per distinct front matter: an amendment changes the text, rarely its front matter, so
    an audit of 20,000 amendments parses about as many front matters as there are regulations."""
    try:
        document = strict_yaml.load(source, "front matter")
    except GovernanceError:
        return ()
    return tuple(document.data.items()) if isinstance(document.data, dict) else ()
