"""The schema of a regulation's front matter in pydantic, with the words of every problem (FM002-FM004):
governance.text.front_matter reads the front matter with plain code and asks it only when unsure
(governance.plain_schema)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from governance.plain_schema import ISO_DATE
from governance.text.recognisers import COMPANY_ID, DIGEST, LANGUAGE_TAG

ISO_DATE_ERROR = "iso_date"  # pydantic error type of a date not written as YYYY-MM-DD (lint code FM004)
LANGUAGE_PATTERN = f"^{LANGUAGE_TAG}$"
DIGEST_PATTERN = f"^{DIGEST}$"
COMPANY_PATTERN = f"^{COMPANY_ID}$"


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: YAML 1.1 reads 2012-4-1 as a date and 20120401 would pass as a timestamp."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                ISO_DATE_ERROR, "'{value}' is not a real date", {"value": value, "written": True}
            ) from None
    raise PydanticCustomError(
        ISO_DATE_ERROR,
        "'{value}' must be written YYYY-MM-DD, e.g. 2012-04-01",
        {"value": str(value), "written": False},
    )


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class FrontMatter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    issuer: str
    enacted: IsoDate
    governed_by: str
    language: str = Field("en", pattern=LANGUAGE_PATTERN)
    # language code of the authoritative original, for a translation
    translation_of: str | None = Field(None, pattern=LANGUAGE_PATTERN)
    # sha256:<hex> of the original this translation follows
    original_digest: str | None = Field(None, pattern=DIGEST_PATTERN)
    # Article 8: the company ids a company's own regulation applies to; absent, the whole group
    applies_to: list[Annotated[str, Field(pattern=COMPANY_PATTERN)]] | None = Field(None, min_length=1)
