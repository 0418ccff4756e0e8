"""A finding: one problem in one file at one place, with a stable code. A returned value, never raised."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int  # 1-based; 1 for a finding about the whole file
    col: int  # 1-based, in characters
    code: str  # stable: FM001, ENC004, STR002, FILE001, TRN002, ...
    message: str  # says what is wrong and what to do
    severity: Severity = "error"

    def render(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
