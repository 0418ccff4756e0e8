"""The process runner: every git command line is made here, hardened against the repository it reads.

Revisions are validated and passed after `--end-of-options`, paths after `--`, replace refs are ignored
(they could show the gate a text other than the one merged), and settings that would change the output
parsed are fixed whatever the repository's own config says.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from governance.errors import GovernanceError
from governance.i18n import Message, _

_REV = re.compile(r"[A-Za-z0-9._/@{}~^+=-]+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
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


def environment() -> dict[str, str]:
    return {**os.environ, "GIT_NO_REPLACE_OBJECTS": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def command(*args: str) -> list[str]:
    """The argv of a git command, with the settings that keep its output as parsed."""
    return ["git", *_CONFIG, *args]


def completed(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run git in `root` to the end, whatever its exit status; no git, or no folder, is an error."""
    try:
        return subprocess.run(
            command(*args), cwd=root, input=stdin, capture_output=True, env=environment(), check=False
        )
    except FileNotFoundError:
        if not root.is_dir():
            raise GovernanceError(_("no such folder; give the repository's folder"), path=root) from None
        raise GovernanceError(_("git was not found; install git")) from None


def run(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `root`; a failure is a GovernanceError quoting git's message."""
    done = completed(root, *args, stdin=stdin)
    if done.returncode != 0:
        raise failure(root, args[0], done.stderr, done.returncode)
    return done.stdout


def failure(root: Path, what: str, stderr: bytes, status: int) -> GovernanceError:
    message = stderr.decode("utf-8", "replace").strip().splitlines()
    return GovernanceError(
        Message("git {what} failed: {message}", what=what, message=message[-1] if message else str(status)),
        path=root,
    )


def check_rev(rev: str) -> str:
    """A revision as the user typed it, refused if git could read it as an option or a path spec."""
    if not _REV.fullmatch(rev) or rev.startswith("-"):
        raise GovernanceError(_("'{rev}' is not a revision; give a branch, tag or commit id").format(rev=rev))
    return rev


def check_sha(sha: str) -> str:
    if not _SHA.fullmatch(sha):
        raise GovernanceError(Message("'{sha}' is not a commit id", sha=sha))
    return sha
