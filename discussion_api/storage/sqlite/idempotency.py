"""Idempotency keys: which post a member's keyed create produced, so a retry returns it."""

from datetime import datetime

from sqlite_utils import Database

from ...core.clock import iso


class SqliteIdempotency:
    """Idempotency keys: which post a member's keyed create produced, so a retry returns it."""

    def __init__(self, db: Database):
        self.db = db

    def created_post(self, member_id: int, key: str) -> tuple[int, str] | None:
        """The post the member's key created, and the request it was used for."""
        row = self.db.execute(
            "SELECT post_id, request FROM idempotency_keys WHERE member_id = ? AND key = ?", [member_id, key]
        ).fetchone()
        return (row[0], row[1]) if row else None

    def remember(self, member_id: int, key: str, request: str, post_id: int, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO idempotency_keys (member_id, key, request, post_id, created_at) VALUES (?, ?, ?, ?, ?)",
            [member_id, key, request, post_id, iso(now)],
        )
