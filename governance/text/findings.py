"""A finding: one problem in one file at one place, with a stable code. A returned value, never raised."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from governance.i18n import Message

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file at one place, with a stable code."""

    path: str
    line: int  # 1-based; 1 for a finding about the whole file
    col: int  # 1-based, in characters
    code: str  # stable: FM001, ENC004, STR002, FILE001, TRN002, ...
    # Says what is wrong and what to do, in English (JSON reports, baselines); `said` in the user's language.
    message: Message
    severity: Severity = "error"

    @property
    def said(self) -> str:
        """The message in the user's language (governance.i18n), for people reading a terminal or a pull request."""
        return self.message.localized()

    def render(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.said}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "message": str(self.message),
            "severity": self.severity,
        }


def workflow_command(level: str, message: str, path: str | None = None, **place: int) -> str:
    """A GitHub workflow command (`::error file=...,line=...,col=...::message`), escaped as GitHub requires
    (the message's % CR LF; a property's % CR LF , :): a file's name holding a line break or '::' would
    otherwise end the command and start another in the job's log."""

    def escaped(value: str, *, property_: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(",", "%2C").replace(":", "%3A") if property_ else value

    properties = ([f"file={escaped(path, property_=True)}"] if path else []) + [
        f"{name}={value}" for name, value in place.items()
    ]
    return f"::{level}{' ' + ','.join(properties) if properties else ''}::{escaped(message)}"
