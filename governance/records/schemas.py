"""The schemas of the records folder in pydantic: resolution records, bodies.yml and before-adoption.yml,
with the words of every error.

The records modules read these files with plain code and ask these schemas only when unsure
(governance.plain_schema): a file with a mistake, or values to normalise. The validators are those
modules' own functions, so both readers apply the same rules. The class names are the ones users see in
pydantic's messages ("a valid dictionary or instance of Decision").
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from governance.config import BODY_ID, check_repository_name
from governance.i18n import Message
from governance.plain_schema import ISO_DATE
from governance.records.before_adoption import OBJECT_ID_PATTERN
from governance.records.bodies import check_body_ids, check_quorum
from governance.records.resolutions import (
    DIGEST_PATTERN,
    ID_PATTERN,
    check_each_target_once,
    check_form_fields,
    check_one_target,
    check_relative_path,
)
from governance.text.recognisers import LANGUAGE_TAG


def _iso_date(value: Any) -> Any:
    """Dates only as written YYYY-MM-DD: pydantic would otherwise read a number as a Unix timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise ValueError(Message("write the date as YYYY-MM-DD"))
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Count = Annotated[int, Field(ge=0, strict=True)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Attendance(_Frozen):
    members: int = Field(ge=1, strict=True)
    present: Count


class Votes(_Frozen):
    for_: Count = Field(alias="for")
    against: Count
    abstain: Count


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
        return check_relative_path(value, leading_dot=False)


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
        return None if value is None else check_relative_path(value, leading_dot=False)

    @field_validator("file")
    @classmethod
    def _plain_file(cls, value: str | None) -> str | None:
        return None if value is None else check_relative_path(value, leading_dot=True)

    @model_validator(mode="after")
    def _one_target(self) -> Decision:
        check_one_target(self.regulation, self.file)
        return self


class Resolution(_Frozen):
    id: str = Field(pattern=ID_PATTERN)
    # The repository the record was made for (governance.yml's `repository:`); covered by the signature.
    repository: Annotated[str, AfterValidator(check_repository_name)] | None = None
    body: str = Field(pattern=f"^{BODY_ID}$")
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
        check_each_target_once([(decision.regulation, decision.file) for decision in decisions])
        return decisions

    @model_validator(mode="after")
    def _form_fields(self) -> Resolution:
        check_form_fields(
            self.form,
            attendance=self.attendance is not None,
            votes=self.votes is not None,
            consents=self.consents is not None,
        )
        return self


Patterns = list[Annotated[str, Field(min_length=1)]]


class Requires(BaseModel):
    """The steps a body requires, each for the regulation ids its patterns match."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    consultations: Patterns = []
    notifications: Patterns = []


class Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    # The name in other languages, for pages in that language: {ja: 取締役会}
    names: dict[Annotated[str, Field(pattern=f"^{LANGUAGE_TAG}$")], Annotated[str, Field(min_length=1)]] = {}
    members: int = Field(ge=1, strict=True)
    # majority: more than half the members present; an integer: at least that many present.
    quorum: Literal["majority", "two-thirds", "all"] | int = "majority"
    majority: Literal["simple", "two-thirds"] = "simple"
    written_consent: bool = False
    # Steps beyond the vote a record must carry for some regulations (governance.records.procedures).
    requires: Requires = Requires()

    @model_validator(mode="after")
    def _quorum_possible(self) -> Body:
        check_quorum(self.quorum, self.members)
        return self


class BodiesFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    bodies: dict[str, Body] = Field(min_length=1)

    @field_validator("bodies")
    @classmethod
    def _plain_ids(cls, bodies: dict[str, Body]) -> dict[str, Body]:
        check_body_ids(bodies)
        return bodies


class EarlierVersion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    regulation: str = Field(min_length=1)
    date: date  # the commit's date (--history), or the release's 施行日 (--from-tags)
    commit: str = Field(pattern=OBJECT_ID_PATTERN)
    blob: str = Field(pattern=OBJECT_ID_PATTERN)


class BeforeAdoptionFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    versions: list[EarlierVersion]
