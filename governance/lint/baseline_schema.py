"""The schema of the lint baseline in pydantic, with the words of every error: governance.lint.baseline
reads the file with plain code and asks it only when unsure (governance.plain_schema)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from governance.lint.baseline import CODE_PATTERN, LINE_DIGEST_PATTERN


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = Field(min_length=1)
    line: int = Field(ge=1, strict=True)
    code: str = Field(pattern=CODE_PATTERN)
    digest: str = Field(pattern=LINE_DIGEST_PATTERN)


class BaselineFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: list[_Entry]
