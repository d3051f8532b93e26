"""Row shaping both storage engines share, so they answer with the same dicts."""

import json
from collections.abc import Iterable

from ..core.vocabulary import BED_RANGES, BedBand
from .interfaces import Member, Row

PROFILE_COLUMNS = (
    "name",
    "professional_role",
    "credentials",
    "job_title",
    "facility",
    "facility_type",
    "city",
    "state",
    "bed_count",
    "is_coordinator",
    "show_email",
)

# What verification (core/verification.py) may change of a member's row.
VERIFICATION_COLUMNS = (
    "licence_number",
    "licence_state",
    "verification_method",
    "verification_note",
    "verified_by",
    "professional_verified_at",
    "verification_expires_at",
    "verification_reminded_at",
    "facility_confirmed_at",
)


def member(row: Row) -> Member:
    """`row` is a members row with `group_ids` (see `id_list`)."""
    return Member(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        role=row["role"],
        status=row["status"],
        suspended_until=row["suspended_until"],
        suspended_at=row["suspended_at"],
        groups=frozenset(id_list(row["group_ids"])),
    )


def id_list(joined: str | None) -> list[int]:
    """Ids both engines aggregate as comma-separated text (group_concat, string_agg), in order."""
    return sorted(int(part) for part in joined.split(",")) if joined else []


def with_recipient(rows: Iterable[Row]) -> list[Row]:
    """Rows carrying a recipient's member_* columns (RECIPIENT), with that member as
    `recipient`, made by `member` as everywhere else."""
    return [
        {
            **row,
            "recipient": member(
                {**{k[7:]: v for k, v in row.items() if k.startswith("member_")}, "id": row["member_id"]}
            ),
        }
        for row in rows
    ]


def with_groups(row: Row, column: str = "groups") -> Row:
    """A category (or thread) row with its limiting groups' ids as a list."""
    return {**row, column: id_list(row[column])}


# Sessions joined with their members: the columns `session_and_member` takes apart.
# `{groups}`: each engine's expression for the ids of member m's groups.
SESSION_AND_MEMBER = (
    "SELECT s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at, s.two_factor, s.device,"
    " m.id, m.email, m.name, m.role, m.status, m.suspended_until, m.suspended_at, {groups} AS group_ids"
    " FROM sessions s JOIN members m ON m.id = s.member_id WHERE s.token_hash = "
)


def session_and_member(row: Row) -> tuple[Row, Member]:
    session = {
        "id": row["session_id"],
        "member_id": row["id"],
        "created_at": row["session_created_at"],
        "last_seen_at": row["last_seen_at"],
        "two_factor": row["two_factor"],
        "device": row["device"],
    }
    return session, member(row)


def bed_band_conditions(band: BedBand, mark: str) -> tuple[list[str], list[int]]:
    """SQL conditions, with the engine's placeholder `mark`, for a bed count in `band`
    (core/vocabulary.BED_RANGES), and their arguments. A member who gave no bed count
    matches no band: NULL compares to nothing."""
    beds = BED_RANGES[band]
    conditions, args = [f"bed_count >= {mark}"], [beds.fewest]
    if beds.most is not None:
        conditions.append(f"bed_count <= {mark}")
        args.append(beds.most)
    return conditions, args


def escape_like(text: str) -> str:
    """`text` matched literally inside a LIKE pattern that declares ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def post_topics(thread: Row, *, in_category: bool) -> list[str]:
    """The topics an event about one post goes to: its thread's, and its category's when
    the category's listing changes with it."""
    topics = [f"thread:{thread['id']}"]
    if in_category:
        topics.append(f"category:{thread['category_id']}")
    return topics


def encode_payload(payload: dict[str, int | None]) -> str:
    return json.dumps(payload, sort_keys=True)


def event(row: Row) -> Row:
    """An events-log row with its payload decoded."""
    return {**row, "payload": json.loads(row["payload"])}


def as_stored(fields: Row) -> Row:
    """Flags as the 0/1 integers both schemas store (SQLite has no booleans; PostgreSQL
    uses integer columns too, so rows read back the same from either)."""
    return {key: int(value) if isinstance(value, bool) else value for key, value in fields.items()}
