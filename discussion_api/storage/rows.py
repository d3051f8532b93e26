"""Row shaping both storage engines share, so they answer with the same dicts."""

import json

from .interfaces import Member, Row

PROFILE_COLUMNS = (
    "name",
    "professional_role",
    "credentials",
    "job_title",
    "facility",
    "city",
    "state",
    "bed_count",
    "is_coordinator",
    "show_email",
)


def member(row: Row) -> Member:
    return Member(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        role=row["role"],
        status=row["status"],
        suspended_until=row["suspended_until"],
        suspended_at=row["suspended_at"],
    )


# Sessions joined with their members: the columns `session_and_member` takes apart.
SESSION_AND_MEMBER = (
    "SELECT s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at, s.two_factor, s.device,"
    " m.id, m.email, m.name, m.role, m.status, m.suspended_until, m.suspended_at"
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
