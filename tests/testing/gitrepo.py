"""A real git repository in a temporary folder, driven by the git command line (never mocked)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from governance import git


class GitRepo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._clock = 0

    @classmethod
    def init(cls, path: Path, branch: str = "main") -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "init", "-q", "-b", branch, str(path)], check=True)
        return cls(path)

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.path, check=True, capture_output=True, text=True)
        return done.stdout.strip()

    def write(self, relative: str, content: str | bytes) -> Path:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        return target

    def remove(self, relative: str) -> None:
        self.git("rm", "-q", "--", relative)

    def commit(self, message: str = "change") -> str:
        """Commit everything in the work tree; commit times increase so history order is stable."""
        self._clock += 60
        stamp = f"{1_700_000_000 + self._clock} +0000"
        self.git("add", "-A")
        subprocess.run(
            ["git", "commit", "-q", "--allow-empty", "-m", message],
            cwd=self.path,
            check=True,
            env={**_env(), "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
        )
        return self.git("rev-parse", "HEAD")

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def commit_dated(path: Path, message: str, stamp: str, *, name: str = "Policy Team") -> None:
    """Commit everything in the work tree at `path`, authored and committed at `stamp` (git's date
    formats: "1700000000 +0000", "2024-03-15T09:00:00+09:00"): a history years long, written today."""
    import os

    subprocess.run(["git", "add", "-A"], cwd=path, check=True)
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    identity = ["-c", f"user.name={name}", "-c", "user.email=policies@example.com"]
    subprocess.run(["git", *identity, "commit", "-q", "-m", message], cwd=path, check=True, env=env)


class AskedObjects(git.Objects):
    """The real object reader, noting every object whose content it is asked for (not a mock: git answers)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.asked: list[str] = []

    def read(self, name: str) -> tuple[str, str, bytes] | None:
        self.asked.append(name)
        return super().read(name)
