"""reviewers.yml: the people and teams who may sign off a page, and what each may sign.

An editorial reviewer checks links, citation and front matter; a clinical reviewer
checks the medicine and must be a named person with credentials. Nobody is listed
here who has not agreed to be, so a page without a clinical reviewer says so.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class ReviewerRole(StrEnum):
    EDITORIAL = "editorial"
    CLINICAL = "clinical"


class Reviewer(BaseModel):
    """One entry of reviewers.yml."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="What front matter names.")
    name: str = Field(min_length=2, max_length=120, description="A person's or a team's name.")
    role: ReviewerRole = Field(description="editorial or clinical.")
    credentials: str | None = Field(
        None, max_length=160, description="Professional credentials, e.g. 'RN, MSN, CCRN'."
    )

    @model_validator(mode="after")
    def _clinical_needs_credentials(self) -> Reviewer:
        if self.role is ReviewerRole.CLINICAL and not self.credentials:
            raise ValueError(f"{self.id}: a clinical reviewer needs credentials")
        return self


class ReviewersError(ValueError):
    """reviewers.yml itself is missing or malformed."""


def load_reviewers(path: Path) -> dict[str, Reviewer]:
    """The reviewers listed in `path`, by id."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ReviewersError(f"{path}: cannot read the list of reviewers: {exc}") from exc
    entries = raw.get("reviewers") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ReviewersError(f"{path}: 'reviewers' must be a non-empty list of {{id, name, role}}")
    reviewers: dict[str, Reviewer] = {}
    for index, entry in enumerate(entries):
        try:
            reviewer = Reviewer.model_validate(entry)
        except ValidationError as exc:
            raise ReviewersError(f"{path}: reviewers[{index}]: {exc.errors()[0]['msg']}") from exc
        if reviewer.id in reviewers:
            raise ReviewersError(f"{path}: reviewer id '{reviewer.id}' is listed twice")
        reviewers[reviewer.id] = reviewer
    return reviewers
