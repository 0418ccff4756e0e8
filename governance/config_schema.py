"""The schema of governance.yml in pydantic: what each key means, and the words of every error.

governance.config reads the file with plain code and asks this schema only when it is unsure
(governance.plain_schema): a file with a mistake, or values to normalise. The validators are the
config module's own functions, so both readers apply the same rules.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from governance.config import GovernedPattern as PlainPattern
from governance.config import (
    RuleSetting,
    boolean_settings,
    boolean_signatures,
    check_body_id,
    check_each_pattern_once,
    check_regulations_pattern,
    check_repository_name,
    check_root_needs_pattern,
    check_rule_codes,
    check_section_titles,
    check_signature_namespace,
    plain_patterns,
    regulations_folder,
)


class GovernedPattern(BaseModel):
    """One entry of governed_paths: files matching `pattern` need a decision of `body` (the default body
    when it names none). In governance.yml a plain string is a pattern of the default body."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pattern: str = Field(min_length=1)
    body: str | None = None

    @field_validator("body")
    @classmethod
    def _body_id(cls, value: str | None) -> str | None:
        return check_body_id(value)


class ConfigSchema(BaseModel):
    """governance.yml: where things live and which rules apply. Every key is optional; defaults fit this
    repository."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    regulations: str = Field(
        "regulations",
        description="Folder of the regulation texts (Markdown); `.` for the repository root, with a pattern.",
    )
    regulations_pattern: str | None = Field(
        None,
        description=(
            "Which .md files below the folder are regulations: a regular expression (Python's syntax) that "
            "the path relative to the folder must match whole, such as `[0-9]{2}_.+(規則|規程)\\.md`. "
            "Without it every file below the folder is one. Required when the folder is the root (`.`), so "
            "that README.md or a guide never becomes a regulation."
        ),
    )
    records: str = Field("resolutions", description="Folder of resolutions, bodies.yml and allowed_signers.")
    branch: str | None = Field(
        None,
        description=(
            "The branch whose history is the promulgated law. Absent: the repository's main line, as its "
            "HEAD names it (the server's hook: the branch the server's HEAD names)."
        ),
    )
    repository: Annotated[str, AfterValidator(check_repository_name)] | None = Field(
        None,
        description=(
            "The stable name of this repository (or of the company it governs for), written into every "
            "record: once set, a record counts here only when it names this repository, so a record "
            "signed for another repository of the group (with the same secretary's key) counts nowhere "
            "else. Absent: records are not bound (repositories adopted before the key existed)."
        ),
    )
    signatures: Literal["required", "off"] = Field(
        "required",
        description='required (default), or "off"/false: records count once they are on the branch.',
    )
    signature_namespace: Annotated[str, AfterValidator(check_signature_namespace)] = "regulation-governance"
    default_body: str = Field(
        "board-of-directors",
        description="Body that governs a regulation whose front matter names none (lenient front matter).",
    )
    translations_body: str | None = Field(
        None, description="Body whose decision a translation needs; the default body when absent."
    )
    governed_paths: tuple[GovernedPattern, ...] = Field(
        (GovernedPattern(pattern="mkdocs.yml"), GovernedPattern(pattern="site/*")),
        description=(
            "More files whose change needs a decision, as fnmatch patterns (`*` also matches `/`): "
            "whatever the site build reads. mkdocs.yml names the build's hooks; every file of the docs "
            "folder reaches the reader (a page, a script or a stylesheet could hide or rewrite an "
            "article), and the site refuses to read a file no pattern covers. A plain pattern needs the "
            "default body; `{pattern: site/guides/*, body: site-editors}` delegates its files to a body "
            "of bodies.yml. The first pattern that matches a path decides its body."
        ),
    )
    records_by_year: bool = Field(
        False,
        description=(
            "true: `governance resolution new` writes each record in a folder of the year in its id "
            "(resolutions/2026/BD-2026-007.yml), for groups that record thousands a year. Records are "
            "read from both places either way; an id may sit in only one of them."
        ),
    )
    judge_run_steps: bool = Field(
        False,
        description=(
            "true: a change to a repository file that a workflow's `run:` step names (`./scripts/deploy.sh`, "
            "`python build.py`, the Makefile of `make`, package.json of npm) needs that file in "
            "governed_paths with its decision; the check, the audit and the hook refuse it otherwise. "
            "`governance init` writes true; false (the default) leaves such files to the administrator."
        ),
    )
    front_matter: Literal["strict", "lenient"] = Field(
        "strict", description="lenient: accept any front matter keys, for policies adopted as they are."
    )
    lint: dict[str, RuleSetting] = Field(
        default_factory=dict,
        description=(
            "Lint rules set for this repository by code: error (fails), warning (shown, does not fail) or "
            "off (not checked). Rules not named keep their default."
        ),
    )

    sections: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Titles of the navigation's sections, by folder below the regulations folder "
            "(`hr: Human resources`, `hr/leave: Leave`, `人事: 人事関係`); a folder not named is titled "
            "from its name ('human-resources' -> 'Human resources')."
        ),
    )

    @field_validator("governed_paths", mode="before")
    @classmethod
    def _plain_patterns(cls, value: object) -> object:
        return plain_patterns(value)

    @field_validator("governed_paths")
    @classmethod
    def _each_pattern_once(cls, value: tuple[GovernedPattern, ...]) -> tuple[GovernedPattern, ...]:
        check_each_pattern_once(tuple(PlainPattern(entry.pattern) for entry in value))
        return value

    @field_validator("sections")
    @classmethod
    def _section_titles(cls, value: dict[str, str]) -> dict[str, str]:
        return check_section_titles(value)

    @field_validator("lint", mode="before")
    @classmethod
    def _boolean_settings(cls, value: object) -> object:
        return boolean_settings(value)

    @field_validator("lint")
    @classmethod
    def _rule_codes(cls, value: dict[str, RuleSetting]) -> dict[str, RuleSetting]:
        return check_rule_codes(value)

    @field_validator("regulations")
    @classmethod
    def _regulations_folder(cls, value: str) -> str:
        return regulations_folder(value)

    @field_validator("regulations_pattern")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        return check_regulations_pattern(value)

    @model_validator(mode="after")
    def _root_needs_pattern(self) -> ConfigSchema:
        check_root_needs_pattern(self.regulations, self.regulations_pattern)
        return self

    @field_validator("signatures", mode="before")
    @classmethod
    def _boolean_signatures(cls, value: object) -> object:
        return boolean_signatures(value)
