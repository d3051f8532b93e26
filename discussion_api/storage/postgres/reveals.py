"""Revealing an anonymous post's author: one row per post, asked by one moderator and
completed by another (the rule is the policy's `check_may_reveal`)."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from .sql import Sql


class PgReveals:
    """Revealing an anonymous post's author: asked by one moderator, completed by another."""

    def __init__(self, db: Sql):
        self.db = db

    def get(self, post_id: int) -> Row | None:
        return self.db.row("SELECT * FROM author_reveals WHERE post_id = %s", [post_id])

    def request(self, post_id: int, moderator_id: int, reason: str, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO author_reveals (post_id, requested_by, request_reason, requested_at)"
            " VALUES (%s, %s, %s, %s)",
            [post_id, moderator_id, reason, iso(now)],
        )

    def complete(self, post_id: int, moderator_id: int, reason: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE author_reveals SET revealed_by = %s, reveal_reason = %s, revealed_at = %s WHERE post_id = %s",
            [moderator_id, reason, iso(now), post_id],
        )
