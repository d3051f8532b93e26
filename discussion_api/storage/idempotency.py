"""Idempotency keys: which post a member's keyed create produced, so a retry returns it."""

from datetime import datetime

from sqlite_utils import Database

from ..clock import iso


def created_post(db: Database, member_id: int, key: str) -> int | None:
    row = db.execute(
        "SELECT post_id FROM idempotency_keys WHERE member_id = ? AND key = ?", [member_id, key]
    ).fetchone()
    return row[0] if row else None


def remember(db: Database, member_id: int, key: str, post_id: int, now: datetime) -> None:
    db.execute(
        "INSERT INTO idempotency_keys (member_id, key, post_id, created_at) VALUES (?, ?, ?, ?)",
        [member_id, key, post_id, iso(now)],
    )
