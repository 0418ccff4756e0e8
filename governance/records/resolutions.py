"""Resolution records: the recorded decisions of a competent body, one YAML file per resolution.

A record is written by a secretary and read by the gate as if an adversary wrote it: strict YAML,
a closed schema, and patterns on every identifier that ends up in a path or a git command.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from governance import strict_yaml
from governance.config import BODY_ID_PATTERN, check_repository_name
from governance.errors import GovernanceError
from governance.i18n import Message
from governance.plain_schema import (
    Unsure,
    choice,
    count,
    fields,
    iso_date,
    items,
    mapping,
    optional_text,
    rule,
    text,
    validated,
)
from governance.records.canonical import record_data
from governance.text.recognisers import DIGEST, is_nameable

ID_PATTERN = r"^[A-Z][A-Z0-9]*-[0-9]{4}-[0-9]{3,}$"
DIGEST_PATTERN = f"^{DIGEST}$"
RECORD_SUFFIX = ".yml"
SIGNATURE_SUFFIX = ".yml.sig"

FORMS = ("meeting", "written-consent")
ACTIONS = ("enact", "amend", "rescind")
ACKNOWLEDGEMENTS = ("required", "not-required")
_ID = re.compile(ID_PATTERN)
_DIGEST = re.compile(DIGEST_PATTERN)


def check_relative_path(value: str, *, leading_dot: bool) -> str:
    if not is_nameable(value, leading_dot=leading_dot):
        raise ValueError(
            Message(
                "'{value}' is not a plain relative path (letters, digits, '.', '_', '-', '/')", value=value
            )
        )
    return value


def check_one_target(regulation: str | None, file: str | None) -> None:
    if (regulation is None) == (file is None):
        raise ValueError(Message("a decision names exactly one of 'regulation' or 'file'"))


def check_each_target_once(targets: list[tuple[str | None, str | None]]) -> None:
    """Each (regulation, file) of the decisions once."""
    seen: set[tuple[str | None, str | None]] = set()
    for regulation, file in targets:
        if (regulation, file) in seen:
            raise ValueError(
                Message("{target} appears in two decisions; keep one", target=regulation)
                if regulation is not None
                else Message("file {file} appears in two decisions; keep one", file=file)
            )
        seen.add((regulation, file))


def check_form_fields(form: str, *, attendance: bool, votes: bool, consents: bool) -> None:
    """Which of attendance, votes and consents the record's form needs (each: whether it is given)."""
    if form == "meeting":
        if not attendance or not votes:
            raise ValueError(Message("a meeting records 'attendance' and 'votes'"))
        if consents:
            raise ValueError(Message("'consents' belongs to a written consent, not a meeting; remove it"))
    else:
        if not consents:
            raise ValueError(
                Message("a written consent records 'consents' (the number of members who consented)")
            )
        if attendance or votes:
            raise ValueError(Message("a written consent has no 'attendance' or 'votes'; remove them"))


@dataclass(frozen=True, kw_only=True)
class Attendance:
    """How many members a body has and how many were present."""

    members: int
    present: int


@dataclass(frozen=True, kw_only=True)
class Votes:
    """The votes cast on a resolution."""

    for_: int  # `for` in the record
    against: int
    abstain: int

    @property
    def cast(self) -> int:
        return self.for_ + self.against + self.abstain

    def as_record(self) -> dict[str, int]:
        """As the record writes them (`for`, a Python keyword, is `for_` here)."""
        return {"for": self.for_, "against": self.against, "abstain": self.abstain}


@dataclass(frozen=True, kw_only=True)
class Consultation:
    """The employees' representative heard before a text takes effect (労働基準法第90条: the opinion of
    the 過半数代表者 or of the majority union, in writing: the 意見書 kept in the repository)."""

    representative: str  # who gave the opinion: 過半数代表者 山田太郎
    date: date
    opinion: str  # repository path of the 意見書 (a scan or a text)
    digest: str  # sha256 of that file as it was given


@dataclass(frozen=True, kw_only=True)
class Notification:
    """The text notified to an authority before it takes effect (労働基準法第89条: the 届出 to the labour
    standards office)."""

    office: str  # 渋谷労働基準監督署
    date: date


@dataclass(frozen=True, kw_only=True)
class Decision:
    """One decision of a resolution: enact, amend or rescind one regulation (or one governed file)."""

    regulation: str | None = None  # regulation id: path below the regulations folder without ".md"
    file: str | None = None  # a governed non-regulation file, repository path
    action: Literal["enact", "amend", "rescind"]
    digest: str  # approved text; for rescind, the text rescinded
    effective: date | None = None
    # not-required: an editorial change; employees' acknowledgements of the previous version still count
    acknowledgement: Literal["required", "not-required"] = "required"

    @property
    def target(self) -> str:
        """What the decision is about, as a report names it: the regulation id or the file path."""
        return self.regulation if self.regulation is not None else f"file {self.file}"

    def effective_date(self, resolution: Resolution) -> date:
        return self.effective if self.effective is not None else resolution.date


@dataclass(frozen=True, kw_only=True)
class Resolution:
    """A record as the schema (governance.records.schemas) defines it; built by build_resolution."""

    id: str
    # The repository the record was made for (governance.yml's `repository:`); covered by the signature.
    repository: str | None = None
    body: str
    date: date
    form: Literal["meeting", "written-consent"] = "meeting"
    attendance: Attendance | None = None
    votes: Votes | None = None
    consents: int | None = None
    decisions: list[Decision]
    # Steps beyond the vote that the body's rules may require (bodies.yml `requires:`): governance.records.procedures
    consultations: list[Consultation] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    recorded_by: str


_REGULATION_PATH = functools.partial(check_relative_path, leading_dot=False)  # a regulation id, an opinion
_FILE_PATH = functools.partial(check_relative_path, leading_dot=True)  # a governed file


def build_decision(data: Any) -> Decision:
    """A decision's values when plainly valid (governance.plain_schema); else Unsure."""
    data = mapping(data)
    fields(data, ("action", "digest"), ("regulation", "file", "effective", "acknowledgement"))
    regulation = optional_text(data.get("regulation"))
    file = optional_text(data.get("file"))
    if regulation is not None:
        rule(_REGULATION_PATH, regulation)
    if file is not None:
        rule(_FILE_PATH, file)
    effective = data.get("effective")
    decision = Decision(
        regulation=regulation,
        file=file,
        action=choice(data["action"], ACTIONS),  # type: ignore[arg-type]
        digest=text(data["digest"], pattern=_DIGEST),
        effective=None if effective is None else iso_date(effective),
        acknowledgement=choice(data.get("acknowledgement", "required"), ACKNOWLEDGEMENTS),  # type: ignore[arg-type]
    )
    try:
        check_one_target(regulation, file)
    except ValueError:
        raise Unsure from None
    return decision


def build_resolution(data: Mapping[str, Any]) -> Resolution:
    """A record's values when plainly valid (governance.plain_schema); else Unsure."""
    fields(data, _REQUIRED, _OPTIONAL)
    repository = data.get("repository")
    attendance, votes, consents = data.get("attendance"), data.get("votes"), data.get("consents")
    decisions = [build_decision(entry) for entry in items(data["decisions"])]
    if not decisions:
        raise Unsure
    resolution = Resolution(
        id=text(data["id"], pattern=_ID),
        repository=None if repository is None else rule(check_repository_name, text(repository)),
        body=text(data["body"], pattern=BODY_ID_PATTERN),
        date=iso_date(data["date"]),
        form=choice(data.get("form", "meeting"), FORMS),  # type: ignore[arg-type]
        attendance=None if attendance is None else _attendance(attendance),
        votes=None if votes is None else _votes(votes),
        consents=None if consents is None else count(consents, minimum=0),
        decisions=decisions,
        consultations=[_consultation(entry) for entry in items(data.get("consultations", []))],
        notifications=[_notification(entry) for entry in items(data.get("notifications", []))],
        recorded_by=text(data["recorded_by"], min_length=1),
    )
    try:
        check_each_target_once([(d.regulation, d.file) for d in decisions])
        check_form_fields(
            resolution.form,
            attendance=attendance is not None,
            votes=votes is not None,
            consents=consents is not None,
        )
    except ValueError:
        raise Unsure from None
    return resolution


_REQUIRED = ("id", "body", "date", "decisions", "recorded_by")
_OPTIONAL = ("repository", "form", "attendance", "votes", "consents", "consultations", "notifications")


def _attendance(data: Any) -> Attendance:
    data = mapping(data)
    fields(data, ("members", "present"), ())
    return Attendance(members=count(data["members"], minimum=1), present=count(data["present"], minimum=0))


def _votes(data: Any) -> Votes:
    data = mapping(data)
    fields(data, ("for", "against", "abstain"), ())
    return Votes(
        for_=count(data["for"], minimum=0),
        against=count(data["against"], minimum=0),
        abstain=count(data["abstain"], minimum=0),
    )


def _consultation(data: Any) -> Consultation:
    data = mapping(data)
    fields(data, ("representative", "date", "opinion", "digest"), ())
    return Consultation(
        representative=text(data["representative"], min_length=1),
        date=iso_date(data["date"]),
        opinion=rule(_REGULATION_PATH, text(data["opinion"])),
        digest=text(data["digest"], pattern=_DIGEST),
    )


def _notification(data: Any) -> Notification:
    data = mapping(data)
    fields(data, ("office", "date"), ())
    return Notification(office=text(data["office"], min_length=1), date=iso_date(data["date"]))


def _schema() -> Any:
    from governance.records.schemas import Resolution as ResolutionSchema

    return ResolutionSchema


def binding_problem(resolution: Resolution, repository: str | None) -> str | None:
    """Why the record does not count in the repository named `repository` (governance.yml's key, as the
    rules that judge it read it); None when it counts there, or when the repository names none. A group's
    repositories may share a secretary's key: without this, a record signed for one counts in all."""
    if repository is None or resolution.repository == repository:
        return None
    fix = Message(
        "record the resolution in this repository (governance resolution new writes repository: "
        "{repository}) and have it signed",
        repository=repository,
    )
    if resolution.repository is None:
        return Message(
            "{id} names no repository, and this repository is '{repository}' (governance.yml repository:), "
            "so a record counts here only when it names it; {fix}",
            id=resolution.id,
            repository=repository,
            fix=fix,
        )
    return Message(
        "{id} was recorded for the repository '{named}', not for this one, '{repository}' (governance.yml "
        "repository:): a record counts only in the repository it was made for; {fix}",
        id=resolution.id,
        named=resolution.repository,
        repository=repository,
        fix=fix,
    )


def resolution_of(data: Mapping[str, Any], name: str) -> Resolution:
    """A record this tool writes (`resolution new`), validated as one read from a file named `name`."""
    return validated(build_resolution, _schema, strict_yaml.Document(data), name)


def decision_of(data: Mapping[str, Any]) -> Decision:
    """A decision this tool suggests, validated as one read from a record: pydantic's ValidationError when
    the schema refuses it (a defect of the tool, never of the input)."""
    try:
        return build_decision(data)
    except Unsure:
        from governance.records.schemas import Decision as DecisionSchema

        return build_decision(DecisionSchema.model_validate(data).model_dump(by_alias=True))


def parse_resolution(text: str, path: Path | str) -> Resolution:
    """Parse and validate one record's text; `path` is named in errors. Raises GovernanceError."""
    data = record_data(text)  # a record as the tool writes it, read without a YAML reader
    if data is not None:
        try:
            return build_resolution(data)
        except Unsure:
            pass  # the schema's words for it come from the full reading below
    document = strict_yaml.load(text, path)
    return validated(build_resolution, _schema, document, path)


def check_record_name(resolution: Resolution, path: Path | str) -> None:
    """The file name is the id: otherwise one resolution could hide behind another's name."""
    expected = resolution.id + RECORD_SUFFIX
    written = str(path)
    # A path that ends in "/<expected>" (or is it) has that name: the audit checks 100,000 records, and a
    # PurePosixPath made for each was 3 % of its process's CPU at 5,000 x 100,000 grouped (issue 14).
    if written == expected or written.endswith("/" + expected):
        return
    name = PurePosixPath(written).name
    if name != expected:
        raise GovernanceError(
            Message(
                "the record's id is {id}, so its file must be named {expected}; rename it",
                id=resolution.id,
                expected=expected,
            ),
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
        return Message(
            "the record {name} belongs in {where} (the year in its id); move it there", name=name, where=where
        ), None
    return None, f"{records}/{name}"


def signature_path(records: str, resolution_id: str) -> str:
    return f"{records.rstrip('/')}/{resolution_id}{SIGNATURE_SUFFIX}"
