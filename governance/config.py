"""The one small config file (`governance.yml` at the repository root) and its defaults."""

from __future__ import annotations

import fnmatch
import functools
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from governance import strict_yaml

CONFIG_FILE = "governance.yml"
RuleSetting = Literal["error", "warning", "off"]
_RULE_CODE = re.compile(r"[A-Z]+[0-9]{3}")
# A repository's stable name (`repository:` in governance.yml and in every record): one or more parts of
# letters, digits, '.', '_', '-', each starting with a letter or digit, joined by '/'
# (`iij-group/bribery-regulations`, `JP-0042`). Compared exactly, case included.
REPOSITORY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$"
REPOSITORY_RULE = (
    "a repository's name is parts of letters, digits, '.', '_' and '-' joined by '/', each part starting "
    "with a letter or digit, at most 200 characters (iij-group/bribery-regulations)"
)


def is_repository_name(text: str) -> bool:
    return len(text) <= 200 and re.fullmatch(REPOSITORY_PATTERN, text) is not None


def _repository_name(value: str) -> str:
    if not is_repository_name(value):
        raise ValueError(f"'{value}' is not a repository name: {REPOSITORY_RULE}")
    return value


# governance.yml's `repository:` and a record's: the same name, checked the same way.
RepositoryName = Annotated[str, AfterValidator(_repository_name)]


_BODY_ID = r"[a-z][a-z0-9-]*"


class GovernedPattern(BaseModel):
    """One entry of governed_paths: files matching `pattern` need a decision of `body` (the default body
    when it names none). In governance.yml a plain string is a pattern of the default body."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pattern: str = Field(min_length=1)
    body: str | None = None

    @field_validator("body")
    @classmethod
    def _body_id(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(_BODY_ID, value):
            raise ValueError(
                f"'{value}' is not a body's id: lower-case letters, digits and '-', as in bodies.yml"
            )
        return value

    def matches(self, path: str) -> bool:
        return fnmatch.fnmatchcase(path, self.pattern)


# Characters HTML or Markdown would read as markup in a title the pages show (as lint's FM006 refuses).
_MARKUP = re.compile(r"[<>&{}\[\]*_`\\|]")
_TITLE_LIMIT = 100


class Config(BaseModel):
    """Where things live and which rules apply. Every key is optional; defaults fit this repository."""

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
    branch: str = Field("main", description="The branch whose history is the promulgated law.")
    repository: RepositoryName | None = Field(
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
    signature_namespace: str = "regulation-governance"
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

    @field_validator("governed_paths", mode="before")
    @classmethod
    def _plain_patterns(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return [{"pattern": entry} if isinstance(entry, str) else entry for entry in value]
        return value

    @field_validator("governed_paths")
    @classmethod
    def _each_pattern_once(cls, value: tuple[GovernedPattern, ...]) -> tuple[GovernedPattern, ...]:
        seen: set[str] = set()
        for entry in value:
            if entry.pattern in seen:
                raise ValueError(
                    f"the pattern '{entry.pattern}' is listed twice; keep one (the first decides)"
                )
            seen.add(entry.pattern)
        return value

    sections: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Titles of the navigation's sections, by folder below the regulations folder "
            "(`hr: Human resources`, `hr/leave: Leave`, `人事: 人事関係`); a folder not named is titled "
            "from its name ('human-resources' -> 'Human resources')."
        ),
    )

    @field_validator("sections")
    @classmethod
    def _section_titles(cls, value: dict[str, str]) -> dict[str, str]:
        for folder, title in value.items():
            segments = folder.split("/")
            if any(segment in ("", ".", "..") or segment != segment.strip() for segment in segments):
                raise ValueError(
                    f"'{folder}' is not a folder below the regulations folder (like 'hr' or 'hr/leave')"
                )
            if not title.strip() or "\n" in title or len(title) > _TITLE_LIMIT:
                raise ValueError(
                    f"the title of '{folder}' must be one line of at most {_TITLE_LIMIT} characters"
                )
            found = _MARKUP.search(title)
            if found:
                raise ValueError(
                    f"the title of '{folder}' contains '{found.group()}', which the site would read as "
                    "markup; write it in plain words (without < > & { } [ ] * _ ` \\ |)"
                )
        return value

    @field_validator("lint", mode="before")
    @classmethod
    def _boolean_settings(cls, value: object) -> object:
        # `off` unquoted is refused by the strict loader (YAML 1.1 reads it as false): accept false too.
        if isinstance(value, dict):
            return {
                code: {False: "off", True: "error"}.get(v, v) if isinstance(v, bool) else v
                for code, v in value.items()
            }
        return value

    @field_validator("lint")
    @classmethod
    def _rule_codes(cls, value: dict[str, RuleSetting]) -> dict[str, RuleSetting]:
        for code in value:
            if not _RULE_CODE.fullmatch(code):
                raise ValueError(f"'{code}' is not a lint rule's code (letters then three digits: ENC004)")
        return value

    @field_validator("regulations")
    @classmethod
    def _regulations_folder(cls, value: str) -> str:
        parts = [part for part in value.replace("\\", "/").split("/") if part not in ("", ".")]
        if value.startswith("/") or ".." in parts:
            raise ValueError(f"'{value}' is not a folder of this repository: give a relative path, or '.'")
        return "/".join(parts) or "."

    @field_validator("regulations_pattern")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                _compiled(value)
            except re.error as error:
                raise ValueError(f"'{value}' is not a regular expression: {error}") from None
        return value

    @model_validator(mode="after")
    def _root_needs_pattern(self) -> Config:
        if self.regulations == "." and self.regulations_pattern is None:
            raise ValueError(
                "regulations: '.' (the repository root) needs regulations_pattern, the regular expression "
                "that selects the texts (such as '[0-9]{2}_.+(規則|規程)\\.md'): README.md, guides and "
                "other Markdown files at the root are not regulations"
            )
        return self

    @field_validator("signatures", mode="before")
    @classmethod
    def _boolean_signatures(cls, value: object) -> object:
        # `off` unquoted is refused by the strict loader (YAML 1.1 reads it as false); accept booleans.
        if value is True:
            return "required"
        if value is False:
            return "off"
        return value

    def governed_path_body(self, path: str) -> str | None:
        """The body whose decision a change to `path` needs by governed_paths: the first pattern that
        matches decides (its body, or the default body); None when none matches. The rules' own files are
        not asked here: they always need the default body (governance.gate.changes.governing_body)."""
        for entry in self.governed_paths:
            if entry.matches(path):
                return entry.body or self.default_body
        return None

    @property
    def regulations_prefix(self) -> str:
        """What every regulation's path starts with: "" at the root, else the folder and "/"."""
        return "" if self.regulations == "." else f"{self.regulations}/"

    @property
    def regulations_selection(self) -> tuple[str, str | None]:
        """What decides which files are regulations: two configs with the same selection agree on all."""
        return self.regulations, self.regulations_pattern

    def regulation_relative(self, path: str) -> str | None:
        """The path below the regulations folder of `path` (from the repository root) when it is a
        regulation's file, None when it is not. The one rule of which files are regulations: the gate,
        the audit, init, lint and the site all ask here. Without a pattern, every file below the folder
        (anything not a .md file there is refused by whoever reads it); with one, the .md files whose
        path below the folder matches it whole, never in the records folder or a hidden folder."""
        prefix = self.regulations_prefix
        if not path.startswith(prefix):
            return None
        relative = path[len(prefix) :]
        if self.regulations_pattern is None:
            return relative
        if not relative.endswith(".md") or not self.may_hold_regulations(path.rpartition("/")[0]):
            return None
        return relative if _compiled(self.regulations_pattern).fullmatch(relative) else None

    def may_hold_regulations(self, folder: str) -> bool:
        """Whether a folder (from the repository root, "" for the root) may hold regulations: not the
        records folder, nor a hidden one (.git, .github, .venv) — a walk of the work tree skips the rest."""
        parts = folder.split("/") if folder else []
        inside = f"{folder}/".startswith(f"{self.records}/")
        return not inside and not any(part.startswith(".") for part in parts)

    def regulation_path(self, regulation_id: str) -> str:
        """The file of the regulation `regulation_id`, from the repository root."""
        return f"{self.regulations_prefix}{regulation_id}.md"

    @property
    def bodies_file(self) -> str:
        return f"{self.records}/bodies.yml"

    @property
    def allowed_signers_file(self) -> str:
        return f"{self.records}/allowed_signers"

    @property
    def before_adoption_file(self) -> str:
        return f"{self.records}/before-adoption.yml"

    @property
    def lint_baseline_file(self) -> str:
        return f"{self.records}/lint-baseline.yml"

    @property
    def body_for_translations(self) -> str:
        return self.translations_body or self.default_body


@functools.lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern[str]:
    # The pattern comes from governance.yml, whose every change needs a decision of the default body.
    return re.compile(pattern)


def parse_config(text: str, path: Path | str = CONFIG_FILE) -> Config:
    document = strict_yaml.load(text, path)
    if document.data is None:
        return Config()
    return strict_yaml.validate(Config, document, path)


def load_config(root: Path) -> Config:
    """The config of the work tree at `root`; defaults when the file does not exist."""
    path = root / CONFIG_FILE
    if not path.exists():
        return Config()
    return parse_config(path.read_text(encoding="utf-8"), path)
