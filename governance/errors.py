"""The one domain exception: the tool could not evaluate, and the user must act."""

from __future__ import annotations

from pathlib import Path

from governance.i18n import Message, shown


class GovernanceError(Exception):
    """A user-facing error. The message says what is wrong and what to do next."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        self.message = message
        # A path said as a Message (bodies.yml "(at <commit>)") stays one, to be said in the user's language.
        self.path = path if isinstance(path, Message) else str(path) if path is not None else None
        self.line = line
        super().__init__(self.render())

    def render(self) -> str:
        """The file, line and message; a Message stays one (its English is what str() and a JSON report
        show; it is said in the user's language where it is printed: governance.i18n.localized)."""
        if isinstance(self.message, Message):
            if self.path is None:
                return self.message
            if self.line is not None:
                return Message(
                    "{path}:{line}: {message}", path=self.path, line=self.line, message=self.message
                )
            return Message("{path}: {message}", path=self.path, message=self.message)
        where = ""
        if self.path is not None:
            # A name holding a line break or a terminal's escape is quoted, as a Message quotes it: raw,
            # `a\nb.md` printed a line of its own.
            path = self.path.localized() if isinstance(self.path, Message) else shown(self.path)
            where = f"{path}:{self.line}: " if self.line is not None else f"{path}: "
        return f"{where}{self.message}"
