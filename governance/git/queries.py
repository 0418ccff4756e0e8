"""Questions about a repository, one git process each: which commit a name means, ancestry, what a
diff or a folder holds, when a path arrived."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

from governance.errors import GovernanceError
from governance.git.parse import (
    BLOB_MODES,
    TAG_FORMAT,
    DiffEntry,
    Tag,
    TreeEntry,
    decode_path,
    parse_ls_tree,
    parse_raw_diff,
    parse_tags,
)
from governance.git.process import check_rev, check_sha, completed, failure, run
from governance.i18n import Message, _

_Result = TypeVar("_Result")

_BRANCH_NAME = re.compile(r"[A-Za-z0-9._/-]+")
_HEX = re.compile(r"[0-9a-fA-F]+")
_HEX_DIGITS = {"sha1": 40, "sha256": 64}  # the length of an object id, by the repository's object format


def resolve_commit(root: Path, rev: str) -> str:
    """The commit `rev` names, a name read as a branch first: git itself would take a tag (or any
    `refs/<name>`) called `main` before the branch, so anyone who can push a tag could choose the base.
    A commit id and `HEAD` are read as git reads them, never as a branch: anyone who can push a branch
    could name it `HEAD` (the hook reads the protected branch from HEAD's governance.yml) or after the
    id of the commit they push to main (the hook would audit the branch's commit instead)."""
    check_rev(rev)
    branch = None if rev == "HEAD" or _is_object_id(root, rev) else _branch_commit(root, rev)
    if branch is not None:
        return branch
    try:
        out = run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except GovernanceError:
        if not root.is_dir():
            raise GovernanceError(_("no such folder; give the repository's folder"), path=root) from None
        if completed(root, "rev-parse", "--git-dir").returncode:
            raise GovernanceError(
                _("not a git repository; run this in a clone of the regulations repository, or give --root"),
                path=root,
            ) from None
        raise GovernanceError(
            _(
                "'{rev}' is not a commit of this repository; fetch it first (full history: fetch-depth 0)"
            ).format(rev=rev),
            path=root,
        ) from None
    return out.decode().strip()


def _branch_commit(root: Path, name: str) -> str | None:
    """The tip of the branch `name` (refs/heads/<name>), None when there is no such branch."""
    if name.startswith("refs/") or not _BRANCH_NAME.fullmatch(name) or not root.is_dir():
        return None  # resolve_commit explains a folder that is not a repository
    done = completed(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"refs/heads/{name}^{{commit}}"
    )
    return done.stdout.decode().strip() if done.returncode == 0 else None


def shadowing_refs(branch: str) -> frozenset[str]:
    """The refs git would read for `branch` before refs/heads/<branch> (gitrevisions: refs/<name>,
    refs/tags/<name>) or in its place (refs/remotes/<name>, refs/remotes/<name>/HEAD)."""
    return frozenset(
        f"refs/{where}{branch}{tail}"
        for where, tail in [("", ""), ("tags/", ""), ("remotes/", ""), ("remotes/", "/HEAD")]
    )


def merge_base(root: Path, base: str, head: str) -> str:
    done = completed(root, "merge-base", "--end-of-options", base, head)
    # Exit 1 without a message is git's answer "no common ancestor", not a failure.
    if done.returncode != 0 and not (done.returncode == 1 and not done.stderr.strip()):
        raise failure(root, "merge-base", done.stderr, done.returncode)
    out = done.stdout.decode().strip()
    if not out:
        raise GovernanceError(
            Message(
                "{base} and {head} have no common history (unrelated histories, or a shallow clone that does "
                "not reach their common commit); branch from the base, or fetch the full history (git fetch "
                "--unshallow; in CI, fetch-depth: 0)",
                base=base,
                head=head,
            ),
            path=root,
        )
    return out


def shallow_boundary(root: Path) -> frozenset[str]:
    """The commits where a shallow clone's history is cut (their parents were not fetched); empty in a
    full clone. Such a commit looks like a root commit, which it is not."""
    # The repository's folders are asked at the same time (an audit asks them next, for its indexes): two
    # git processes the caller waited for one after the other at the start of every audit (issue 14).
    folders = None if str(root) in _GIT_FOLDERS else in_background(lambda: _repository(root))
    shallow = Path(run(root, "rev-parse", "--git-path", "shallow").decode().strip())
    if folders is not None:
        with contextlib.suppress(GovernanceError):  # said again, by whoever asks for the folders
            folders()
    path = shallow if shallow.is_absolute() else root / shallow
    try:
        return frozenset(path.read_text(encoding="ascii").split())
    except FileNotFoundError:
        return frozenset()


# Of each repository asked about in this process: its git folder, whether it is bare, its object format.
_GIT_FOLDERS: dict[str, tuple[Path, bool, str]] = {}


def _repository(root: Path) -> tuple[Path, bool, str]:
    key = str(root)
    if key not in _GIT_FOLDERS:
        out = run(root, "rev-parse", "--is-bare-repository", "--absolute-git-dir", "--show-object-format")
        # Three lines; the folder's own name may hold any character but NUL ("\u2028", "\n", bytes).
        bare, rest = decode_path(out.removesuffix(b"\n")).split("\n", 1)
        folder, object_format = rest.rsplit("\n", 1)
        _GIT_FOLDERS[key] = (Path(folder), bare == "true", object_format)
    return _GIT_FOLDERS[key]


def git_folder(root: Path) -> tuple[Path, bool]:
    """The repository's own git folder (a worktree's private one: where git keeps what `--git-path`
    names outside the shared objects and refs) and whether the repository is bare; asked once."""
    folder, bare, _ = _repository(root)
    return folder, bare


def _is_object_id(root: Path, rev: str) -> bool:
    """Whether git reads `rev` as an object id (all hex digits, as many as the repository's ids have)
    rather than as a name."""
    if len(rev) not in _HEX_DIGITS.values() or not _HEX.fullmatch(rev) or not root.is_dir():
        return False
    try:
        return len(rev) == _HEX_DIGITS.get(_repository(root)[2])
    except GovernanceError:
        return False  # not a repository: resolve_commit explains it


def first_parent_chain(root: Path, rev: str) -> list[str]:
    """The first-parent line of `rev`, newest first."""
    return run(root, "rev-list", "--first-parent", "--end-of-options", rev).decode().split()


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    """Whether `ancestor` is reachable from `descendant` (both commit ids); a commit is its own ancestor."""
    done = completed(root, "merge-base", "--is-ancestor", "--end-of-options", ancestor, descendant)
    if done.returncode not in (0, 1):
        raise failure(root, "merge-base", done.stderr, done.returncode)
    return done.returncode == 0


def diff_tree(root: Path, old: str, new: str) -> list[DiffEntry]:
    return parse_raw_diff(
        run(root, "diff-tree", "-r", "--no-renames", "-z", "--raw", "--no-abbrev", old, new)
    )


def in_background(work: Callable[[], _Result]) -> Callable[[], _Result]:
    """Start `work` (git processes: the thread waits on them, not holding the interpreter) in a thread of its
    own; the function returned waits for it and gives its result, or raises what it raised."""
    outcome: list[_Result] = []
    failed: list[BaseException] = []

    def run_it() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # raised to whoever waits for the result
            failed.append(exc)

    thread = threading.Thread(target=run_it, name="git-ahead", daemon=True)
    thread.start()

    def result() -> _Result:
        thread.join()
        if failed:
            raise failed[0]
        return outcome[0]

    return result


def list_tree(root: Path, rev: str, folder: str) -> list[TreeEntry]:
    """Everything below `folder` at `rev` (the whole tree for "."), recursively, with paths from the
    repository root."""
    return list_trees(root, rev, [folder])[0]


def list_trees(root: Path, rev: str, folders: Sequence[str]) -> list[list[TreeEntry]]:
    """`list_tree` of each folder; from one process when each is the whole tree or a plain path (ls-tree
    reads a pathspec as a literal prefix, so each folder's part of the listing is then what a listing
    of it alone gives, in the same order). A folder git would read otherwise (`./x`, `a//b`, `:/x`)
    gets a process of its own, as before."""
    prefixes = [None if folder.strip("/") in ("", ".") else f"{folder.rstrip('/')}/" for folder in folders]
    if len(folders) > 1 and not all(prefix is None or _plain_folder(prefix[:-1]) for prefix in prefixes):
        return [list_trees(root, rev, [folder])[0] for folder in folders]
    spec = () if None in prefixes else ("--", *dict.fromkeys(prefix for prefix in prefixes if prefix))
    listed = parse_ls_tree(run(root, "ls-tree", "-r", "-z", "--full-tree", rev, *spec))
    if len(prefixes) == 1:
        return [listed]
    return [
        listed if prefix is None else [entry for entry in listed if entry.path.startswith(prefix)]
        for prefix in prefixes
    ]


def _plain_folder(folder: str) -> bool:
    """A folder named as git lists its paths: no empty, `.` or `..` part, nothing a pathspec reads as magic."""
    parts = folder.split("/")
    return (
        not folder.startswith(":")
        and "\0" not in folder
        and all(part not in ("", ".", "..") for part in parts)
    )


def files_containing(
    root: Path, rev: str, folder: str, needles: Sequence[str], *, suffix: str | None = None
) -> list[str]:
    """The regular files below `folder` at `rev` (commit id) whose bytes hold one of `needles` literally,
    in tree order: git reads and searches the blobs, none crosses into Python. Symbolic links are not
    searched (git grep reads regular files only). The folder is a literal prefix, as for `list_tree`:
    a name with `*` or `[` in it is not a pattern. With `suffix`, only the files named `*<suffix>` in
    the folder or in a folder in it (the records, not their signatures: half the bytes to search)."""
    patterns = [arg for needle in needles for arg in ("-e", needle)]
    where = folder.rstrip("/")
    if suffix is None:
        how, pathspecs = "--literal-pathspecs", [f"{where}/"]
    else:  # `*` of a glob pathspec never matches a '/'
        pattern = f"{_glob_literal(where)}/{{}}*{_glob_literal(suffix)}"
        how, pathspecs = "--glob-pathspecs", [pattern.format(""), pattern.format("*/")]
    done = completed(
        root,
        how,
        "grep", "-z", "-l", "-F", "--text", "--no-textconv", "--full-name", *patterns,
        check_sha(rev), "--", *pathspecs,  # a commit id: never read as an option
    )  # fmt: skip
    if done.returncode not in (0, 1):  # 1: nothing found
        raise failure(root, "grep", done.stderr, done.returncode)
    prefix = f"{rev}:".encode()
    return [decode_path(line.removeprefix(prefix)) for line in done.stdout.split(b"\0") if line]


def matches_in_files(
    root: Path, rev: str, folder: str, patterns: Sequence[str], *, suffix: str
) -> dict[str, list[str]]:
    """Every match of the extended regular expressions `patterns` in the files named `*<suffix>` in
    `folder` or a folder in it at `rev` (commit id), by path in tree order: git reads the blobs. A match
    never spans a line (a pattern should not match a newline)."""
    expressions = [arg for pattern in patterns for arg in ("-e", pattern)]
    pattern = f"{_glob_literal(folder.rstrip('/'))}/{{}}*{_glob_literal(suffix)}"
    done = completed(
        root,
        "--glob-pathspecs",
        # The output is parsed: a server's own settings may not add line or column numbers to it.
        "-c", "grep.lineNumber=false", "-c", "grep.column=false",
        "grep", "-z", "-o", "-E", "--text", "--no-textconv", "--full-name", *expressions,
        check_sha(rev), "--", pattern.format(""), pattern.format("*/"),  # `*` never matches a '/'
    )  # fmt: skip
    if done.returncode not in (0, 1):  # 1: nothing found
        raise failure(root, "grep", done.stderr, done.returncode)
    # `<rev>:<path> NUL <match> LF`, repeated: a path may hold a newline, a match holds neither.
    prefix = f"{rev}:".encode()
    chunks = done.stdout.split(b"\0")
    found: dict[str, list[str]] = {}
    name = chunks[0]
    for chunk in chunks[1:]:
        match, _, following = chunk.partition(b"\n")
        found.setdefault(decode_path(name.removeprefix(prefix)), []).append(
            match.decode("utf-8", "surrogateescape")
        )
        name = following
    return found


def _glob_literal(text: str) -> str:
    """`text` matched as itself in a glob pathspec (git's wildmatch escapes with a backslash)."""
    return "".join(f"\\{char}" if char in "*?[]\\" else char for char in text)


def path_commits(root: Path, since: str, until: str, path: str) -> list[str]:
    """First-parent commits in since..until that touched `path`, oldest first."""
    out = run(root, "log", "--first-parent", "--reverse", "--format=%H", f"{since}..{until}", "--", path)
    return out.decode().split()


def walked_arrival(root: Path, rev: str, path: str) -> str | None:
    """The first-parent commit of `rev` that added `path` (the earliest, if added more than once): a walk
    of the whole line (git/arrivals.py keeps the answers: `git.arrival`)."""
    out = run(
        root, "log", "--first-parent", "--reverse", "--no-renames", "--diff-merges=first-parent",
        "--diff-filter=A", "--format=%H", "--end-of-options", rev, "--", f":(literal){path}",
    )  # fmt: skip
    commits = out.decode().split()
    return commits[0] if commits else None


def first_parent_line(root: Path, rev: str, since: str | None = None) -> list[tuple[str, str | None]]:
    """The first-parent line of `rev` down to (not including) what `since` reaches, newest first: each
    commit with its first parent (None for a root)."""
    revisions = [check_sha(rev), *([f"^{check_sha(since)}"] if since is not None else [])]
    out = run(root, "rev-list", "--first-parent", "--parents", "--end-of-options", *revisions)
    line: list[tuple[str, str | None]] = []
    for text in out.decode().splitlines():
        ids = text.split()
        line.append((ids[0], ids[1] if len(ids) > 1 else None))
    return line


def changed_on_line(
    root: Path, rev: str, since: str | None, folder: str
) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The files each first-parent commit of `since..rev` changed below `folder` (against its first
    parent, renames not followed, the root's files all added), oldest first: (status, path, the blob id
    it left, or "-" for none: deleted, or not a file's blob) per file; commits changing none may be left
    out."""
    revisions = [check_sha(rev), *([f"^{check_sha(since)}"] if since is not None else [])]
    # --sparse --full-history: every commit of the line is shown, so git does not diff each one twice (once
    # to leave out those that do not touch the folder, once for the output): half the CPU of a walk.
    # Newest first, as git walks, reversed here: a host's pack stores each records tree as a delta of a
    # later one, and git diffing oldest first rebuilt them against their chains (7.5 s of CPU against
    # 5.5 s at 1,000 x 10,000).
    out = run(
        root, "log", "--first-parent", "--sparse", "--full-history", "--no-renames",
        "--diff-merges=first-parent", "--raw", "--no-abbrev", "-z", "--format=%x01%H",
        "--end-of-options", *revisions, "--", f":(literal){folder.rstrip('/')}/",
    )  # fmt: skip
    # `\x01<id> NUL LF :<modes> <ids> <status> NUL <path> NUL ...` per commit: a path is the field after
    # its `:` field, whatever it starts with.
    found: list[tuple[str, list[tuple[str, str, str]]]] = []
    fields = iter(out.split(b"\0"))
    for field in fields:
        token = field.lstrip(b"\n")
        if token.startswith(b"\x01"):
            found.append((token[1:].decode("ascii"), []))
        elif token.startswith(b":") and found:
            path = next(fields, None)
            if path is None:
                break
            _, new_mode, _, new_blob, status = token.decode("ascii").split(" ")
            blob = new_blob if status[:1] != "D" and new_mode in BLOB_MODES else "-"
            found[-1][1].append((status[:1], decode_path(path), blob))
    found.reverse()
    return found


def commit_dates(root: Path, rev: str) -> dict[str, date]:
    """The committer date (as the committer wrote it) of every first-parent commit of `rev`."""
    out = run(root, "log", "--first-parent", "--format=%H %cs", rev)
    pairs = (line.split() for line in out.decode().splitlines() if line)
    return {sha: date.fromisoformat(day) for sha, day in pairs}


def commit_line(root: Path, commit: str) -> tuple[date, str]:
    """The committer date (as the committer wrote it) and the subject of `commit` (an object id)."""
    check_sha(commit)
    out = run(root, "log", "-1", "--format=%cs%x00%s", commit, "--").decode("utf-8", "replace")
    day, _nul, subject = out.rstrip("\n").partition("\0")
    return date.fromisoformat(day), subject


def remote_url(root: Path, remote: str) -> str | None:
    """The fetch address of `remote` in the repository's config; None when there is no such remote."""
    done = completed(root, "config", "--get", f"remote.{remote}.url")
    return done.stdout.decode("utf-8", "replace").strip() or None if done.returncode == 0 else None


def default_branch(root: Path) -> str | None:
    """The repository's main line as its clone knows it: the branch the origin remote's HEAD names
    (`master`); else `main` or `master` when only one of them exists; else the branch checked out. None
    when none is known (no commit yet, a detached HEAD)."""
    remote = _symbolic(root, "refs/remotes/origin/HEAD").removeprefix("origin/")
    if remote and _BRANCH_NAME.fullmatch(remote):
        return remote
    present = [name for name in ("main", "master") if _branch_commit(root, name) is not None]
    if len(present) == 1:
        return present[0]
    checked_out = _symbolic(root, "HEAD")
    return checked_out if checked_out and _BRANCH_NAME.fullmatch(checked_out) else None


def main_line(root: Path, named: str | None) -> str:
    """The branch whose history is the law: the one governance.yml names, else the repository's main line
    (default_branch), else `main`."""
    return named or default_branch(root) or "main"


def head_branch(root: Path) -> str | None:
    """The branch HEAD names (a bare repository's: what its administrator set), whether or not it has a
    commit yet; None for a detached HEAD."""
    name = _symbolic(root, "HEAD")
    return name if name and _BRANCH_NAME.fullmatch(name) else None


def branch_tip(root: Path, name: str) -> str | None:
    """The tip of the branch `name`, None when it has no commit (never a tag or other ref of that name)."""
    return _branch_commit(root, name)


def branch_exists(root: Path, name: str) -> bool:
    return _branch_commit(root, name) is not None


def has_branches(root: Path) -> bool:
    return bool(run(root, "for-each-ref", "--count=1", "--format=%(refname)", "refs/heads/").strip())


def symbolic_target(root: Path, ref: str) -> str | None:
    """The ref that `ref` names when it is a symbolic ref (followed to the end, as git does when it
    updates it); None when it is not one."""
    target = None
    for _depth in range(5):  # git itself follows at most 5 levels (SYMREF_MAXDEPTH)
        done = completed(root, "symbolic-ref", "--quiet", "--", target or ref)
        if done.returncode != 0:
            break
        target = decode_path(done.stdout.removesuffix(b"\n"))
    return target


def _symbolic(root: Path, ref: str) -> str:
    done = completed(root, "symbolic-ref", "--quiet", "--short", ref)
    return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else ""


def tags(root: Path, pattern: str = "*") -> list[Tag]:
    """The tags whose name matches `pattern` (git's glob, as `git tag -l`) and name a commit."""
    return parse_tags(run(root, "for-each-ref", f"--format={TAG_FORMAT}", f"refs/tags/{pattern}"))
