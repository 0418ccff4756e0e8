"""Resolution records: the recorded decisions of a competent body, one YAML file per resolution.

A record is written by a secretary and read by the gate as if an adversary wrote it: strict YAML,
a closed schema, and patterns on every identifier that ends up in a path or a git command.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from governance import strict_yaml
from governance.config import RepositoryName
from governance.errors import GovernanceError
from governance.text.recognisers import DIGEST, is_nameable

ID_PATTERN = r"^[A-Z][A-Z0-9]*-[0-9]{4}-[0-9]{3,}$"
DIGEST_PATTERN = f"^{DIGEST}$"
RECORD_SUFFIX = ".yml"
SIGNATURE_SUFFIX = ".yml.sig"

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    """Dates only as written YYYY-MM-DD: pydantic would otherwise read a number as a Unix timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("write the date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Count = Annotated[int, Field(ge=0, strict=True)]


def _check_relative_path(value: str, *, leading_dot: bool) -> str:
    if not is_nameable(value, leading_dot=leading_dot):
        raise ValueError(f"'{value}' is not a plain relative path (letters, digits, '.', '_', '-', '/')")
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Attendance(_Frozen):
    members: int = Field(ge=1, strict=True)
    present: Count


class Votes(_Frozen):
    for_: Count = Field(alias="for")
    against: Count
    abstain: Count

    @property
    def cast(self) -> int:
        return self.for_ + self.against + self.abstain


class Consultation(_Frozen):
    """The employees' representative heard before a text takes effect (労働基準法第90条: the opinion of
    the 過半数代表者 or of the majority union, in writing: the 意見書 kept in the repository)."""

    representative: str = Field(min_length=1)  # who gave the opinion: 過半数代表者 山田太郎
    date: IsoDate
    opinion: str  # repository path of the 意見書 (a scan or a text)
    digest: str = Field(pattern=DIGEST_PATTERN)  # sha256 of that file as it was given

    @field_validator("opinion")
    @classmethod
    def _plain_opinion(cls, value: str) -> str:
        return _check_relative_path(value, leading_dot=False)


class Notification(_Frozen):
    """The text notified to an authority before it takes effect (労働基準法第89条: the 届出 to the labour
    standards office)."""

    office: str = Field(min_length=1)  # 渋谷労働基準監督署
    date: IsoDate


class Decision(_Frozen):
    """One decision of a resolution: enact, amend or rescind one regulation (or one governed file)."""

    regulation: str | None = None  # regulation id: path below the regulations folder without ".md"
    file: str | None = None  # a governed non-regulation file, repository path
    action: Literal["enact", "amend", "rescind"]
    digest: str = Field(pattern=DIGEST_PATTERN)  # approved text; for rescind, the text rescinded
    effective: IsoDate | None = None
    # not-required: an editorial change; employees' acknowledgements of the previous version still count
    acknowledgement: Literal["required", "not-required"] = "required"

    @field_validator("regulation")
    @classmethod
    def _plain_regulation(cls, value: str | None) -> str | None:
        return None if value is None else _check_relative_path(value, leading_dot=False)

    @field_validator("file")
    @classmethod
    def _plain_file(cls, value: str | None) -> str | None:
        return None if value is None else _check_relative_path(value, leading_dot=True)

    @model_validator(mode="after")
    def _one_target(self) -> Decision:
        if (self.regulation is None) == (self.file is None):
            raise ValueError("a decision names exactly one of 'regulation' or 'file'")
        return self

    @property
    def target(self) -> str:
        """What the decision is about, as a report names it: the regulation id or the file path."""
        return self.regulation if self.regulation is not None else f"file {self.file}"

    def effective_date(self, resolution: Resolution) -> date:
        return self.effective if self.effective is not None else resolution.date


class Resolution(_Frozen):
    id: str = Field(pattern=ID_PATTERN)
    # The repository the record was made for (governance.yml's `repository:`); covered by the signature.
    repository: RepositoryName | None = None
    body: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    date: IsoDate
    form: Literal["meeting", "written-consent"] = "meeting"
    attendance: Attendance | None = None
    votes: Votes | None = None
    consents: int | None = Field(None, ge=0, strict=True)
    decisions: list[Decision] = Field(min_length=1)
    # Steps beyond the vote that the body's rules may require (bodies.yml `requires:`): governance.records.procedures
    consultations: list[Consultation] = []
    notifications: list[Notification] = []
    recorded_by: str = Field(min_length=1)

    @field_validator("decisions")
    @classmethod
    def _each_target_once(cls, decisions: list[Decision]) -> list[Decision]:
        seen: set[tuple[str | None, str | None]] = set()
        for decision in decisions:
            key = (decision.regulation, decision.file)
            if key in seen:
                raise ValueError(f"{decision.target} appears in two decisions; keep one")
            seen.add(key)
        return decisions

    @model_validator(mode="after")
    def _form_fields(self) -> Resolution:
        if self.form == "meeting":
            if self.attendance is None or self.votes is None:
                raise ValueError("a meeting records 'attendance' and 'votes'")
            if self.consents is not None:
                raise ValueError("'consents' belongs to a written consent, not a meeting; remove it")
        else:
            if self.consents is None:
                raise ValueError("a written consent records 'consents' (the number of members who consented)")
            if self.attendance is not None or self.votes is not None:
                raise ValueError("a written consent has no 'attendance' or 'votes'; remove them")
        return self


def binding_problem(resolution: Resolution, repository: str | None) -> str | None:
    """Why the record does not count in the repository named `repository` (governance.yml's key, as the
    rules that judge it read it); None when it counts there, or when the repository names none. A group's
    repositories may share a secretary's key: without this, a record signed for one counts in all."""
    if repository is None or resolution.repository == repository:
        return None
    fix = (
        f"record the resolution in this repository (governance resolution new writes "
        f"repository: {repository}) and have it signed"
    )
    if resolution.repository is None:
        return (
            f"{resolution.id} names no repository, and this repository is '{repository}' (governance.yml "
            f"repository:), so a record counts here only when it names it; {fix}"
        )
    return (
        f"{resolution.id} was recorded for the repository '{resolution.repository}', not for this one, "
        f"'{repository}' (governance.yml repository:): a record counts only in the repository it was made "
        f"for; {fix}"
    )


def parse_resolution(text: str, path: Path | str) -> Resolution:
    """Parse and validate one record's text; `path` is named in errors. Raises GovernanceError."""
    document = strict_yaml.load(text, path)
    return strict_yaml.validate(Resolution, document, path)


def check_record_name(resolution: Resolution, path: Path | str) -> None:
    """The file name is the id: otherwise one resolution could hide behind another's name."""
    expected = resolution.id + RECORD_SUFFIX
    name = PurePosixPath(str(path)).name
    if name != expected:
        raise GovernanceError(
            f"the record's id is {resolution.id}, so its file must be named {expected}; rename it",
            path=path,
            line=1,
        )


def load_resolution(text: str, path: Path | str) -> Resolution:
    """parse_resolution plus the file-name check: what every reader of a record file should call."""
    resolution = parse_resolution(text, path)
    check_record_name(resolution, path)
    return resolution


_YEAR_FOLDER = re.compile(r"[0-9]{4}")
_ID_YEAR = re.compile(r"^[A-Z][A-Z0-9]*-([0-9]{4})-")


def is_record_path(path: str, records: str) -> bool:
    """A resolution record in the records folder or in a folder of a year in it (`resolutions/2026/`);
    bodies.yml is the bodies' file, not a record."""
    records = records.rstrip("/")
    parent, _, name = path.rpartition("/")
    folder, _, year = parent.rpartition("/")
    in_place = parent == records or (folder == records and bool(_YEAR_FOLDER.fullmatch(year)))
    return in_place and name.endswith(RECORD_SUFFIX) and name != "bodies.yml"


def record_path(records: str, resolution_id: str, *, by_year: bool = False) -> str:
    """Where the record of `resolution_id` is written: in the records folder, or in the folder of the
    year in its id (BD-2026-007 in resolutions/2026/) when `records_by_year` is set."""
    year = _ID_YEAR.match(resolution_id)
    folder = f"{records.rstrip('/')}/{year[1]}" if by_year and year else records.rstrip("/")
    return f"{folder}/{resolution_id}{RECORD_SUFFIX}"


def misplaced_or_twin(path: str, records: str) -> tuple[str | None, str | None]:
    """For a record path: why it is in the wrong year folder (or None), and the one other place a record
    of the same id may sit (flat <-> the folder of its id's year), which must then be empty: a signed
    record copied to its other place would otherwise be a new file, and its decisions count again."""
    records = records.rstrip("/")
    parent, _, name = path.rpartition("/")
    year = _ID_YEAR.match(name)
    if parent == records:
        return None, f"{records}/{year[1]}/{name}" if year else None
    if year is None or parent != f"{records}/{year[1]}":
        where = f"{records}/{year[1]}/" if year else f"{records}/"
        return f"the record {name} belongs in {where} (the year in its id); move it there", None
    return None, f"{records}/{name}"


def signature_path(records: str, resolution_id: str) -> str:
    return f"{records.rstrip('/')}/{resolution_id}{SIGNATURE_SUFFIX}"
