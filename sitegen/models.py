"""The front matter schema of resources/ and webinars/ files.

Field descriptions here are published on the contribute page, so the reference
editors read cannot drift from what validation enforces.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or " " in value:
        raise ValueError("must be a full https:// link (http and relative links are not allowed)")
    return value


def _doi(value: str) -> str:
    value = value.removeprefix("https://doi.org/").removeprefix("doi:").strip()
    if not _DOI.match(value):
        raise ValueError("must be a DOI such as 10.1001/jama.2016.0287")
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("must be lower-case letters, digits and single hyphens, e.g. hour-1-bundle")
    return value


def _one_sentence(value: str) -> str:
    value = " ".join(value.split())
    if not value.endswith((".", "?", "!")):
        raise ValueError("must be one sentence ending with a full stop")
    return value


HttpsUrl = Annotated[str, AfterValidator(_https_url)]
Doi = Annotated[str, AfterValidator(_doi)]
Slug = Annotated[str, AfterValidator(_slug)]
Sentence = Annotated[str, Field(min_length=20, max_length=300), AfterValidator(_one_sentence)]
Terms = Annotated[list[str], Field(min_length=1, max_length=8)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ResourceMeta(_Strict):
    """Front matter of one file in resources/."""

    title: str = Field(min_length=3, max_length=120, description="The resource's name as readers know it.")
    slug: Slug | None = Field(
        None,
        description="URL name; defaults to the file name. Set it to keep a link stable after a rename.",
    )
    type: str = Field(description="One term from `types` in taxonomy.yml.")
    topics: Terms = Field(description="One or more terms from `topics` in taxonomy.yml.")
    audience: Terms = Field(description="Who it is for: terms from `audiences` in taxonomy.yml.")
    settings: Terms = Field(description="Where it applies: terms from `settings` in taxonomy.yml.")
    publisher: str = Field(min_length=2, max_length=160, description="Who published the source.")
    year: int = Field(ge=1900, description="Year the source was published.")
    source_url: HttpsUrl | None = Field(None, description="https link to the source.")
    doi: Doi | None = Field(None, description="DOI of the source, e.g. 10.1097/CCM.0000000000003119.")
    citation: str = Field(
        min_length=20,
        max_length=500,
        description="Full citation: authors, title, publisher or journal, year.",
    )
    summary: Sentence = Field(
        description="One sentence saying what it is and why a coordinator would use it."
    )
    reviewed: date = Field(
        description="Date (YYYY-MM-DD) a reviewer last checked the page against its source."
    )
    reviewed_by: str = Field(
        min_length=2,
        max_length=120,
        description="Id in reviewers.yml of who did the editorial check (links, citation, front matter).",
    )
    clinical_reviewed_by: str | None = Field(
        None,
        description="Id in reviewers.yml of the credentialed clinical reviewer; until set, the page says "
        "clinical review is pending.",
    )
    clinical_reviewed: date | None = Field(
        None, description="Date (YYYY-MM-DD) of the clinical review; required with `clinical_reviewed_by`."
    )
    review_interval_months: int = Field(
        12, ge=1, le=60, description="Months until the page is due for review again."
    )
    added: date | None = Field(None, description="Date the page was first published; defaults to `reviewed`.")
    featured: bool = Field(False, description="Show on the home page.")
    request: int | None = Field(
        None,
        ge=1,
        description="Number of the members' request this page answers (`sitegen new-resource "
        "--from-request N` sets it); the page says how many members asked for it.",
    )

    @model_validator(mode="after")
    def _checks(self) -> ResourceMeta:
        if not self.source_url and not self.doi:
            raise ValueError("source_url: a resource needs a source_url or a doi so readers can check it")
        if self.year > date.today().year:
            raise ValueError(f"year: {self.year} is in the future")
        if self.reviewed > date.today():
            raise ValueError(f"reviewed: {self.reviewed} is in the future")
        if (self.clinical_reviewed_by is None) != (self.clinical_reviewed is None):
            raise ValueError(
                "clinical_reviewed: give both clinical_reviewed_by and clinical_reviewed, or neither"
            )
        if self.clinical_reviewed and self.clinical_reviewed > date.today():
            raise ValueError(f"clinical_reviewed: {self.clinical_reviewed} is in the future")
        return self

    @property
    def review_due(self) -> date:
        return _add_months(self.reviewed, self.review_interval_months)


class Host(_Strict):
    """A webinar host or speaker. Name real people only for real, public events."""

    name: str | None = Field(None, max_length=120, description="Person's name, for real public events only.")
    role: str = Field(
        min_length=2,
        max_length=160,
        description="Role, e.g. 'Sepsis coordinator, community hospital'.",
    )


class WebinarMeta(_Strict):
    """Front matter of one file in webinars/."""

    title: str = Field(min_length=3, max_length=120, description="The session's title.")
    slug: Slug | None = Field(None, description="URL name; defaults to the file name.")
    start: AwareDatetime = Field(
        description="Start, ISO 8601 with a time zone, e.g. 2026-12-10T13:00:00-05:00."
    )
    duration_minutes: int = Field(ge=10, le=480, description="Length in minutes.")
    hosts: list[Host] = Field(min_length=1, description="Hosts and speakers (name and/or role).")
    topics: Terms = Field(description="Terms from `topics` in taxonomy.yml.")
    summary: Sentence = Field(description="One sentence saying what attendees will take away.")
    registration_url: HttpsUrl | None = Field(
        None, description="https link to register, if registration is open."
    )
    recording_url: HttpsUrl | None = Field(
        None, description="https link to the recording, once there is one."
    )
    slides_url: HttpsUrl | None = Field(None, description="https link to the slides.")
    ce_credit: str | None = Field(
        None, max_length=160, description="Continuing-education credit offered, if any."
    )

    @property
    def end(self):
        return self.start + timedelta(minutes=self.duration_minutes)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: day 28 exists in every month")
