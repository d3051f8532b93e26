"""Idempotency keys: which post a member's keyed create produced, so a retry returns it."""

from datetime import datetime

from ...core.clock import iso
from .sql import Sql


class PgIdempotency:
    """Idempotency keys: which post a member's keyed create produced, so a retry returns it."""

    def __init__(self, db: Sql):
        self.db = db

    def created_post(self, member_id: int, key: str) -> tuple[int, str] | None:
        """The post the member's key created, and the request it was used for."""
        row = self.db.row(
            "SELECT post_id, request FROM idempotency_keys WHERE member_id = %s AND key = %s",
            [member_id, key],
        )
        return (row["post_id"], row["request"]) if row else None

    def remember(self, member_id: int, key: str, request: str, post_id: int, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO idempotency_keys (member_id, key, request, post_id, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            [member_id, key, request, post_id, iso(now)],
        )
