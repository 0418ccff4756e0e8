"""Every git subprocess of the package: plain values in, plain values out.

The gate reads a repository whose content an adversary may control, so: revisions are validated and
passed after `--end-of-options`, paths after `--`, replace refs are ignored (they could show the gate a
text other than the one merged), and output is read with `-z` and parsed by pure functions below.
Many blobs are read through ONE `git cat-file --batch` process (`Objects`), never one process per file.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from governance.errors import GovernanceError

NULL_SHA = "0" * 40
_REV = re.compile(r"[A-Za-z0-9._/@{}~^+=-]+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_BRANCH_NAME = re.compile(r"[A-Za-z0-9._/-]+")
# Settings that would change the output we parse, whatever the repository's own config says.
_CONFIG = (
    "-c",
    "color.ui=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "log.showRoot=true",
    "-c",
    "core.quotePath=true",
)


@dataclass(frozen=True)
class DiffEntry:
    """One path changed between two trees (`git diff-tree --raw`); modes are octal strings."""

    status: str  # A added, M modified, D deleted, T type changed
    old_mode: str
    new_mode: str
    old_blob: str
    new_blob: str
    path: str


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str  # blob, tree, commit (a submodule)
    blob: str
    path: str


@dataclass(frozen=True)
class LogCommit:
    sha: str
    parents: tuple[str, ...]
    subject: str
    entries: tuple[DiffEntry, ...]  # against the first parent; against the empty tree for a root commit


def _env() -> dict[str, str]:
    return {**os.environ, "GIT_NO_REPLACE_OBJECTS": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def run(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `root`; a failure is a GovernanceError quoting git's message."""
    try:
        done = subprocess.run(
            ["git", *_CONFIG, *args], cwd=root, input=stdin, capture_output=True, env=_env(), check=False
        )
    except FileNotFoundError:
        if not root.is_dir():
            raise GovernanceError("no such folder; give the repository's folder", path=root) from None
        raise GovernanceError("git was not found; install git") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GovernanceError(
            f"git {args[0]} failed: {message[-1] if message else done.returncode}", path=root
        )
    return done.stdout


def check_rev(rev: str) -> str:
    """A revision as the user typed it, refused if git could read it as an option or a path spec."""
    if not _REV.fullmatch(rev) or rev.startswith("-"):
        raise GovernanceError(f"'{rev}' is not a revision; give a branch, tag or commit id")
    return rev


def resolve_commit(root: Path, rev: str) -> str:
    """The commit `rev` names, a name read as a branch first: git itself would take a tag (or any
    `refs/<name>`) called `main` before the branch, so anyone who can push a tag could choose the base."""
    check_rev(rev)
    branch = _branch_commit(root, rev)
    if branch is not None:
        return branch
    try:
        out = run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except GovernanceError:
        if not root.is_dir():
            raise GovernanceError("no such folder; give the repository's folder", path=root) from None
        if subprocess.run(
            ["git", "rev-parse", "--git-dir"], cwd=root, capture_output=True, env=_env(), check=False
        ).returncode:
            raise GovernanceError(
                "not a git repository; run this in a clone of the regulations repository, or give --root",
                path=root,
            ) from None
        raise GovernanceError(
            f"'{rev}' is not a commit of this repository; fetch it first (full history: fetch-depth 0)",
            path=root,
        ) from None
    return out.decode().strip()


def _branch_commit(root: Path, name: str) -> str | None:
    """The tip of the branch `name` (refs/heads/<name>), None when there is no such branch."""
    if name.startswith("refs/") or not _BRANCH_NAME.fullmatch(name) or not root.is_dir():
        return None  # resolve_commit explains a folder that is not a repository
    done = subprocess.run(
        [
            "git",
            *_CONFIG,
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"refs/heads/{name}^{{commit}}",
        ],
        cwd=root,
        capture_output=True,
        env=_env(),
        check=False,
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
    out = run(root, "merge-base", "--end-of-options", base, head).decode().strip()
    if not out:
        raise GovernanceError(f"{base} and {head} have no common history", path=root)
    return out


def first_parent_chain(root: Path, rev: str) -> list[str]:
    """The first-parent line of `rev`, newest first."""
    return run(root, "rev-list", "--first-parent", "--end-of-options", rev).decode().split()


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    """Whether `ancestor` is reachable from `descendant` (both commit ids); a commit is its own ancestor."""
    try:
        done = subprocess.run(
            ["git", *_CONFIG, "merge-base", "--is-ancestor", "--end-of-options", ancestor, descendant],
            cwd=root,
            capture_output=True,
            env=_env(),
            check=False,
        )
    except FileNotFoundError:
        if not root.is_dir():
            raise GovernanceError("no such folder; give the repository's folder", path=root) from None
        raise GovernanceError("git was not found; install git") from None
    if done.returncode not in (0, 1):
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GovernanceError(
            f"git merge-base failed: {message[-1] if message else done.returncode}", path=root
        )
    return done.returncode == 0


def diff_tree(root: Path, old: str, new: str) -> list[DiffEntry]:
    return parse_raw_diff(
        run(root, "diff-tree", "-r", "--no-renames", "-z", "--raw", "--no-abbrev", old, new)
    )


def list_tree(root: Path, rev: str, folder: str) -> list[TreeEntry]:
    """Everything below `folder` at `rev`, recursively, with paths from the repository root."""
    return parse_ls_tree(run(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", f"{folder.rstrip('/')}/"))


def _log_args(rev: str) -> list[str]:
    return [
        "log",
        "--first-parent",
        "--reverse",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        "--diff-merges=first-parent",
        "--format=%x01%H %P%x02%s",
        "--end-of-options",
        rev,
    ]


def first_parent_log(root: Path, rev: str) -> list[LogCommit]:
    """The first-parent history of `rev`, oldest first, each commit with its changes against its first
    parent (so a merge is diffed against the branch it was merged into: an evil merge shows)."""
    return parse_log(run(root, *_log_args(rev)))


@contextmanager
def streamed_first_parent_log(root: Path, rev: str) -> Iterator[Iterator[LogCommit]]:
    """first_parent_log, commit by commit as git writes it: an audit judges the first commits while git
    is still diffing the last ones (on two cores, the walk then costs about what git alone costs), and
    the output of 100,000 commits is never in memory at once. Iterate to the end: git's exit status is
    checked there; leaving early stops git."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                ["git", *_CONFIG, *_log_args(rev)],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=_env(),
            )
        except FileNotFoundError:
            raise GovernanceError("git was not found; install git") from None
        assert process.stdout is not None
        output = process.stdout
        # A thread drains the pipe into a queue, so git never waits on a full pipe (64 KiB) while the walk
        # is busy judging: that is what lets the two run at once.
        drained = _Drain(output)

        def commits() -> Iterator[LogCommit]:
            yield from _parse_tokens(_tokens(drained))
            if process.wait() != 0:
                errors.seek(0)
                message = errors.read().decode("utf-8", "replace").strip().splitlines()
                raise GovernanceError(
                    f"git log failed: {message[-1] if message else process.returncode}", path=root
                )

        try:
            yield commits()
        finally:
            if process.poll() is None:
                process.kill()
            drained.stop()
            output.close()
            process.wait()


class _Drain:
    """Chunks read from a pipe by a thread of their own, at most 64 of up to a MiB waiting."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self._pipe = pipe
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._read, name="git-log-reader", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            while not self._stopping.is_set() and (chunk := self._pipe.read1(1 << 20)):  # type: ignore[attr-defined]
                self._put(chunk)
        except (OSError, ValueError):
            pass  # the pipe was closed under us: the end of the stream follows
        finally:
            self._put(None)

    def _put(self, item: bytes | None) -> None:
        while not self._stopping.is_set():
            try:
                self._chunks.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[bytes]:
        while (chunk := self._chunks.get()) is not None:
            yield chunk

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()


def _tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The NUL-separated fields of a stream of chunks."""
    rest = b""
    for chunk in chunks:
        fields = (rest + chunk).split(b"\0")
        rest = fields.pop()
        yield from fields
    if rest:
        yield rest


def first_parent_log_after(root: Path, old: str, new: str) -> list[LogCommit]:
    """As first_parent_log, only the commits of `new`'s first-parent line after `old` (both commit ids)."""
    for sha in (old, new):
        if not _SHA.fullmatch(sha):
            raise GovernanceError(f"'{sha}' is not a commit id")
    return first_parent_log(root, f"{old}..{new}")


def path_commits(root: Path, since: str, until: str, path: str) -> list[str]:
    """First-parent commits in since..until that touched `path`, oldest first."""
    out = run(root, "log", "--first-parent", "--reverse", "--format=%H", f"{since}..{until}", "--", path)
    return out.decode().split()


def arrival(root: Path, rev: str, path: str) -> str | None:
    """The first-parent commit of `rev` that added `path` (the earliest, if added more than once)."""
    out = run(root, "log", "--first-parent", "--reverse", "--diff-filter=A", "--format=%H", rev, "--", path)
    commits = out.decode().split()
    return commits[0] if commits else None


def parse_raw_diff(data: bytes) -> list[DiffEntry]:
    """Parse `--raw -z` output: `:oldmode newmode oldsha newsha status NUL path NUL`, repeated."""
    fields = data.split(b"\0")
    entries: list[DiffEntry] = []
    index = 0
    while index + 1 < len(fields):
        meta = fields[index].lstrip(b"\n")
        if not meta:
            index += 1
            continue
        entries.append(_diff_entry(meta, fields[index + 1]))
        index += 2
    return entries


def _diff_entry(meta: bytes, path: bytes) -> DiffEntry:
    old_mode, new_mode, old_blob, new_blob, status = meta.decode().lstrip(":").split(" ")
    return DiffEntry(status[:1], old_mode, new_mode, old_blob, new_blob, decode_path(path))


def tree_files(tree: bytes) -> list[str]:
    """The names of the entries of a raw tree object that are not trees ("<mode> <name>\\0<20-byte id>"
    each): what `ls-tree -r` lists of that folder itself."""
    names: list[str] = []
    at = 0
    while at < len(tree):
        space = tree.index(b" ", at)
        end = tree.index(b"\0", space)
        if tree[at:space] != b"40000":
            names.append(decode_path(tree[space + 1 : end]))
        at = end + 21
    return names


def parse_ls_tree(data: bytes) -> list[TreeEntry]:
    entries: list[TreeEntry] = []
    for record in data.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, blob = meta.decode().split(" ")
        entries.append(TreeEntry(mode, kind, blob, decode_path(path)))
    return entries


def parse_log(data: bytes) -> list[LogCommit]:
    """Parse the `first_parent_log` format: a header `\\x01sha parents\\x02subject` then raw entries."""
    return list(_parse_tokens(data.split(b"\0")))


def _parse_tokens(fields: Iterable[bytes]) -> Iterator[LogCommit]:
    """Read field by field, so a path containing \\x01 is never mistaken for a header."""
    tokens = iter(fields)
    header: bytes | None = None
    entries: list[DiffEntry] = []
    for field in tokens:
        token = field.lstrip(b"\n")
        if token.startswith(b"\x01"):
            if header is not None:
                yield _log_commit(header, entries)
            header, entries = token[1:], []
        elif token.startswith(b":"):
            path = next(tokens, None)
            if path is None:
                break
            entries.append(_diff_entry(token, path))
    if header is not None:
        yield _log_commit(header, entries)


def _log_commit(header: bytes, entries: list[DiffEntry]) -> LogCommit:
    shas, _, subject = header.partition(b"\x02")
    sha, *parents = shas.decode().split()
    return LogCommit(sha, tuple(parents), subject.decode("utf-8", "replace"), tuple(entries))


def decode_path(raw: bytes) -> str:
    """Paths are bytes to git; a name that is not UTF-8 keeps its bytes as surrogates (and is refused)."""
    return raw.decode("utf-8", "surrogateescape")


class Objects:
    """Reads objects through one `git cat-file --batch` process: `read("<sha>")`, `read("<rev>:<path>")`."""

    def __init__(self, root: Path) -> None:
        self._process = subprocess.Popen(
            ["git", *_CONFIG, "cat-file", "--batch"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_env(),
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._in: IO[bytes] = self._process.stdin
        self._out: IO[bytes] = self._process.stdout
        self._fetched: dict[str, tuple[str, str, bytes] | None] = {}

    def __enter__(self) -> Objects:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._in.close()
        self._out.close()
        self._process.wait()

    def read(self, name: str) -> tuple[str, str, bytes] | None:
        """(sha, type, content) of the object, or None when it does not exist."""
        if name in self._fetched:
            return self._fetched[name]
        if "\n" in name or "\0" in name:
            return None  # cannot be asked on the batch protocol; no such object can be meant
        self._in.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self._in.flush()
        return self._answer()

    def _answer(self) -> tuple[str, str, bytes] | None:
        header = self._out.readline()
        if not header:
            raise GovernanceError("git cat-file stopped answering; is the repository readable?")
        parts = header.split()
        if len(parts) != 3:  # "<name> missing" / "ambiguous"
            return None
        content = self._out.read(int(parts[2]))
        self._out.read(1)  # the newline after the content
        return parts[0].decode(), parts[1].decode(), content

    def prefetch(self, names: Iterable[str]) -> None:
        """Read many objects in one stream, then serve `read` of them from memory until `forget`: a
        question and answer per object costs a round trip through two pipes, and an audit asks 80,000."""
        wanted = [
            name
            for name in dict.fromkeys(names)
            if name not in self._fetched and "\n" not in name and "\0" not in name
        ]
        if not wanted:
            return

        def ask() -> None:  # a thread: git's answers must be read while the questions are written
            try:
                self._in.write(b"".join(name.encode("utf-8", "surrogateescape") + b"\n" for name in wanted))
                self._in.flush()
            except BrokenPipeError:
                pass  # git has gone; the reader below says so

        asking = threading.Thread(target=ask, name="cat-file-questions", daemon=True)
        asking.start()
        try:
            for name in wanted:
                self._fetched[name] = self._answer()
        finally:
            asking.join()

    def forget(self) -> None:
        """Drop what `prefetch` read (it holds whole files in memory)."""
        self._fetched.clear()

    def hand_over(self) -> dict[str, tuple[str, str, bytes] | None]:
        """What `prefetch` read, for another reader's `keep`; forgotten here."""
        fetched, self._fetched = self._fetched, {}
        return fetched

    def keep(self, fetched: dict[str, tuple[str, str, bytes] | None]) -> None:
        """Serve these objects from memory (read by a `Fetcher`) until `forget`."""
        self._fetched.update(fetched)

    def blob(self, name: str) -> bytes | None:
        found = self.read(name)
        return found[2] if found is not None and found[1] == "blob" else None


class Fetcher:
    """Reads the next batch of objects in the background, through a `cat-file` process of its own, while
    the caller works on the previous batch: git decompresses on one core while Python judges on the
    other. One batch at a time: `start`, then `take`."""

    def __init__(self, root: Path) -> None:
        self._objects = Objects(root)
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def start(self, names: Iterable[str]) -> None:
        assert self._thread is None, "take the previous batch first"
        wanted = list(names)

        def fetch() -> None:
            try:
                self._objects.prefetch(wanted)
            except BaseException as exc:  # handed to the caller by take()
                self._failure = exc

        self._thread = threading.Thread(target=fetch, name="cat-file-ahead", daemon=True)
        self._thread.start()

    def take(self) -> dict[str, tuple[str, str, bytes] | None]:
        assert self._thread is not None, "start a batch first"
        self._thread.join()
        self._thread = None
        if self._failure is not None:
            raise self._failure
        return self._objects.hand_over()

    def close(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._objects.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
