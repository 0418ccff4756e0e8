"""The one small config file (`governance.yml` at the repository root) and its defaults."""

from __future__ import annotations

import fnmatch
import functools
import re
import stat
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from governance import strict_yaml
from governance.errors import GovernanceError
from governance.i18n import Message
from governance.limits import MAX_YAML_BYTES
from governance.plain_schema import Unsure, choice, flag, items, mapping, optional_text, rule, text, validated

CONFIG_FILE = "governance.yml"
RuleSetting = Literal["error", "warning", "off"]
_RULE_CODE = re.compile(r"[A-Z]+[0-9]{3}")
# A repository's stable name (`repository:` in governance.yml and in every record): one or more parts of
# letters, digits, '.', '_', '-', each starting with a letter or digit, joined by '/'
# (`iij-group/bribery-regulations`, `JP-0042`). Compared exactly, case included.
REPOSITORY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$"
REPOSITORY_RULE = Message(
    "a repository's name is parts of letters, digits, '.', '_' and '-' joined by '/', each part starting "
    "with a letter or digit, at most 200 characters (iij-group/bribery-regulations)"
)


def is_repository_name(text: str) -> bool:
    return len(text) <= 200 and re.fullmatch(REPOSITORY_PATTERN, text) is not None


def check_repository_name(value: str) -> str:
    """governance.yml's `repository:` and a record's: the same name, checked the same way."""
    if not is_repository_name(value):
        raise ValueError(
            Message("'{value}' is not a repository name: {rule}", value=value, rule=REPOSITORY_RULE)
        )
    return value


# The namespace of evidence packs' signatures (governance.promulgation.pack_signature): never the records',
# so that a record's signature cannot pass for a pack's, nor a pack's for a record's.
EVIDENCE_PACK_NAMESPACE = "governance-evidence-pack"


def check_signature_namespace(value: str) -> str:
    if value == EVIDENCE_PACK_NAMESPACE:
        raise ValueError(
            Message(
                "'{value}' is the namespace of evidence packs' signatures; records need their own (the default "
                "is regulation-governance)",
                value=value,
            )
        )
    return value


# A body's id, as bodies.yml defines it and governance.yml, a record and `governance init --body` name it:
# the one definition (the plain validators, the pydantic schemas and adoption read it from here).
BODY_ID = r"[a-z][a-z0-9-]*"
BODY_ID_PATTERN = re.compile(f"^{BODY_ID}$")  # anchored, as pydantic's `pattern=` reads it


def is_body_id(value: str) -> bool:
    return BODY_ID_PATTERN.fullmatch(value) is not None


def check_body_id(value: str | None) -> str | None:
    """A governed pattern's body: an id as bodies.yml spells it."""
    if value is not None and not is_body_id(value):
        raise ValueError(
            Message(
                "'{value}' is not a body's id: lower-case letters, digits and '-', as in bodies.yml",
                value=value,
            )
        )
    return value


@dataclass(frozen=True)
class GovernedPattern:
    """One entry of governed_paths: files matching `pattern` need a decision of `body` (the default body
    when it names none). In governance.yml a plain string is a pattern of the default body."""

    pattern: str
    body: str | None = None

    def matches(self, path: str) -> bool:
        """Whether `path` is one of the files, as written or as a file system that folds case and Unicode
        forms (Windows, macOS) would name it: a checkout there writes `SITE/x.md` into `site/`, where the
        site build reads it as a governed file."""
        return self._matchers[0](path) is not None or self._matchers[1](folded(path)) is not None

    @functools.cached_property
    def _matchers(self) -> tuple[Callable[[str], object], Callable[[str], object]]:
        """fnmatch.fnmatchcase's own regular expressions of the pattern and of its folded form, made once:
        the audit asks of every file of every commit, and folding the pattern each time and fnmatch's
        cache were most of it (issue 14)."""
        return _glob(self.pattern), _glob(folded(self.pattern))


def _glob(pattern: str) -> Callable[[str], object]:
    """What fnmatch.fnmatchcase(name, pattern) matches with: a match of `name` or None."""
    return re.compile(fnmatch.translate(pattern)).match


def folded(name: str) -> str:
    """`name` as a case- and normalisation-insensitive file system compares it (NFC, then case-folded)."""
    return unicodedata.normalize("NFC", name).casefold()


# Characters HTML or Markdown would read as markup in a title the pages show (as lint's FM006 refuses).
_MARKUP = re.compile(r"[<>&{}\[\]*_`\\|]")
_TITLE_LIMIT = 100


def plain_patterns(value: object) -> object:
    """governed_paths as written: a plain string is a pattern of the default body."""
    if isinstance(value, list | tuple):
        return [{"pattern": entry} if isinstance(entry, str) else entry for entry in value]
    return value


def check_each_pattern_once(value: tuple[GovernedPattern, ...]) -> tuple[GovernedPattern, ...]:
    seen: set[str] = set()
    for entry in value:
        if entry.pattern in seen:
            raise ValueError(
                Message(
                    "the pattern '{pattern}' is listed twice; keep one (the first decides)",
                    pattern=entry.pattern,
                )
            )
        seen.add(entry.pattern)
    return value


def check_section_titles(value: dict[str, str]) -> dict[str, str]:
    for folder, title in value.items():
        segments = folder.split("/")
        if any(segment in ("", ".", "..") or segment != segment.strip() for segment in segments):
            raise ValueError(
                Message(
                    "'{folder}' is not a folder below the regulations folder (like 'hr' or 'hr/leave')",
                    folder=folder,
                )
            )
        if not title.strip() or "\n" in title or len(title) > _TITLE_LIMIT:
            raise ValueError(
                Message(
                    "the title of '{folder}' must be one line of at most {limit} characters",
                    folder=folder,
                    limit=_TITLE_LIMIT,
                )
            )
        found = _MARKUP.search(title)
        if found:
            raise ValueError(
                Message(
                    "the title of '{folder}' contains '{found}', which the site would read as markup; write it "
                    "in plain words (without < > & {{ }} [ ] * _ ` \\ |)",
                    folder=folder,
                    found=found.group(),
                )
            )
    return value


def boolean_settings(value: object) -> object:
    """lint's settings as written: `off` unquoted is refused by the strict loader (YAML 1.1 reads it as
    false), so false (and true) are accepted too."""
    if isinstance(value, dict):
        return {
            code: {False: "off", True: "error"}.get(v, v) if isinstance(v, bool) else v
            for code, v in value.items()
        }
    return value


def check_rule_codes(value: dict[str, RuleSetting]) -> dict[str, RuleSetting]:
    for code in value:
        if not _RULE_CODE.fullmatch(code):
            raise ValueError(
                Message("'{code}' is not a lint rule's code (letters then three digits: ENC004)", code=code)
            )
    return value


def regulations_folder(value: str) -> str:
    """The regulations folder, normalised (`./rules/` is `rules`, the root `.`)."""
    parts = [part for part in value.replace("\\", "/").split("/") if part not in ("", ".")]
    if value.startswith("/") or ".." in parts:
        raise ValueError(
            Message("'{value}' is not a folder of this repository: give a relative path, or '.'", value=value)
        )
    return "/".join(parts) or "."


def check_regulations_pattern(value: str | None) -> str | None:
    if value is not None:
        try:
            _compiled(value)
        except re.error as error:
            raise ValueError(
                Message("'{value}' is not a regular expression: {error}", value=value, error=str(error))
            ) from None
    return value


def check_root_needs_pattern(regulations: str, regulations_pattern: str | None) -> None:
    if regulations == "." and regulations_pattern is None:
        raise ValueError(
            Message(
                "regulations: '.' (the repository root) needs regulations_pattern, the regular expression that "
                "selects the texts (such as '[0-9]{{2}}_.+(規則|規程)\\.md'): README.md, guides and other "
                "Markdown files at the root are not regulations"
            )
        )


def boolean_signatures(value: object) -> object:
    """signatures as written: `off` unquoted is refused by the strict loader; booleans are accepted."""
    if value is True:
        return "required"
    if value is False:
        return "off"
    return value


@dataclass(frozen=True)
class Config:
    """Where things live and which rules apply. Every key is optional; defaults fit this repository.
    What each key means: governance.config_schema, the schema that also words the errors."""

    regulations: str = "regulations"
    regulations_pattern: str | None = None
    records: str = "resolutions"
    # None: governance.yml names no branch; the repository's main line (git.main_line) is the law.
    branch: str | None = None
    repository: str | None = None
    signatures: Literal["required", "off"] = "required"
    signature_namespace: str = "regulation-governance"
    default_body: str = "board-of-directors"
    translations_body: str | None = None
    governed_paths: tuple[GovernedPattern, ...] = (GovernedPattern("mkdocs.yml"), GovernedPattern("site/*"))
    records_by_year: bool = False
    # Whether a change to a file that a workflow's `run:` names needs a decision (governance.gate.run_steps):
    # off unless governance.yml says so, so that a history made before the rule still audits clean; `init`
    # turns it on.
    judge_run_steps: bool = False
    front_matter: Literal["strict", "lenient"] = "strict"
    lint: dict[str, RuleSetting] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)

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


_CONFIG_KEYS = frozenset(Config.__dataclass_fields__)
_RULE_SETTINGS = ("error", "warning", "off")


def build_config(data: Mapping[str, Any]) -> Config:
    """The config of governance.yml's values when plainly valid (governance.plain_schema); else Unsure."""
    if not data.keys() <= _CONFIG_KEYS:
        raise Unsure
    values: dict[str, Any] = {}
    for key in ("records", "signature_namespace", "default_body"):
        if key in data:
            values[key] = text(data[key])
    if "signature_namespace" in values:
        values["signature_namespace"] = rule(check_signature_namespace, values["signature_namespace"])
    if "branch" in data:
        values["branch"] = optional_text(data["branch"])
    if "regulations" in data:
        values["regulations"] = rule(regulations_folder, text(data["regulations"]))
    if "regulations_pattern" in data:
        values["regulations_pattern"] = rule(
            check_regulations_pattern, optional_text(data["regulations_pattern"])
        )
    if "repository" in data and data["repository"] is not None:
        values["repository"] = rule(check_repository_name, text(data["repository"]))
    if "translations_body" in data:
        values["translations_body"] = optional_text(data["translations_body"])
    if "signatures" in data:
        values["signatures"] = choice(boolean_signatures(data["signatures"]), ("required", "off"))
    if "front_matter" in data:
        values["front_matter"] = choice(data["front_matter"], ("strict", "lenient"))
    if "records_by_year" in data:
        values["records_by_year"] = flag(data["records_by_year"])
    if "judge_run_steps" in data:
        values["judge_run_steps"] = flag(data["judge_run_steps"])
    if "governed_paths" in data:
        values["governed_paths"] = rule(
            check_each_pattern_once,
            tuple(_governed_pattern(entry) for entry in items(plain_patterns(data["governed_paths"]))),
        )
    if "lint" in data:
        settings = mapping(boolean_settings(mapping(data["lint"])))
        chosen = {text(code): choice(v, _RULE_SETTINGS) for code, v in settings.items()}
        values["lint"] = rule(check_rule_codes, cast("dict[str, RuleSetting]", chosen))
    if "sections" in data:
        values["sections"] = rule(
            check_section_titles,
            {text(folder): text(title) for folder, title in mapping(data["sections"]).items()},
        )
    config = Config(**values)
    try:
        check_root_needs_pattern(config.regulations, config.regulations_pattern)
    except ValueError:
        raise Unsure from None
    return config


def _governed_pattern(entry: Any) -> GovernedPattern:
    entry = mapping(entry)
    if "pattern" not in entry or not entry.keys() <= {"pattern", "body"}:
        raise Unsure
    return GovernedPattern(
        text(entry["pattern"], min_length=1), rule(check_body_id, optional_text(entry.get("body")))
    )


def _schema() -> Any:
    from governance.config_schema import ConfigSchema

    return ConfigSchema


def parse_config(text: str, path: Path | str = CONFIG_FILE) -> Config:
    document = strict_yaml.load(text, path)
    if document.data is None:
        return Config()
    return validated(build_config, _schema, document, path)


def read_utf8(path: Path, limit: int = MAX_YAML_BYTES) -> str:
    """A text file a user keeps (this config, a key, a baseline), or a clear error naming it: what is not a
    regular file (a pipe would block, /dev/zero never end), a file beyond `limit` bytes (read no further),
    or the line and the first byte that is not UTF-8 (a decoding error deep in a command would read as a
    bug of the tool)."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise GovernanceError(
            Message("not a regular file (a device, a pipe or a folder); replace it with a file"), path=path
        )
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise GovernanceError(
            Message("the file is larger than {limit} KiB (the limit)", limit=limit // 1024), path=path
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GovernanceError(
            Message("not UTF-8 text (byte 0x{byte}); save it as UTF-8", byte=f"{data[exc.start]:02x}"),
            path=path,
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from None


def load_config(root: Path) -> Config:
    """The config of the work tree at `root`; defaults when the file does not exist."""
    path = root / CONFIG_FILE
    if not path.exists():
        return Config()
    return parse_config(read_utf8(path), path)
