"""The one domain exception: the tool could not evaluate, and the user must act."""

from __future__ import annotations

from pathlib import Path


class GovernanceError(Exception):
    """A user-facing error. The message says what is wrong and what to do next."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"
