"""The members-only directory: allow-listed fields, email only where the member chose."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..core.policy import is_verified
from ..core.vocabulary import BedBand, FacilityType, ProfessionalRole, State
from .endpoints import Access, Call, Endpoint
from .errors import not_found
from .profiles import ProfileOut


class DirectoryQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str | None = Field(default=None, max_length=120)
    facility: str | None = Field(default=None, max_length=200)
    state: State | None = None
    professional_role: ProfessionalRole | None = None
    facility_type: FacilityType | None = None
    bed_band: BedBand | None = Field(
        default=None,
        description="Members whose facility's bed count is in this band (none who gave no count).",
    )
    is_coordinator: bool | None = None
    limit: int = Field(default=50, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class DirectoryEntry(ProfileOut):
    id: int
    email: str | None
    verified: bool = Field(
        description="A moderator verified this member's professional standing (not expired)."
    )


class Directory(BaseModel):
    members: list[DirectoryEntry]


def entry(row: dict[str, Any], now: datetime) -> DirectoryEntry:
    return DirectoryEntry.model_validate(
        {
            **{field: row[field] for field in ProfileOut.model_fields},
            "id": row["id"],
            "email": row["email"] if row["show_email"] else None,
            "verified": is_verified(row, now),
        }
    )


def search_directory(call: Call) -> Directory:
    query: DirectoryQuery = call.query
    filters = query.model_dump(exclude={"limit", "offset"})
    rows = call.read().members.directory(call.now, filters, query.limit, query.offset)
    return Directory(members=[entry(row, call.now) for row in rows])


def show_member(call: Call) -> DirectoryEntry:
    row = call.read().members.directory_entry(call.id("member_id"), call.now)
    if row is None:
        raise not_found("member")
    return entry(row, call.now)


routes = (
    Endpoint(
        "GET",
        "/members",
        search_directory,
        Access.MEMBER,
        "Search the member directory.",
        query=DirectoryQuery,
        response=Directory,
    ),
    Endpoint(
        "GET",
        "/members/{member_id:int}",
        show_member,
        Access.MEMBER,
        "One member's directory entry.",
        response=DirectoryEntry,
    ),
)
