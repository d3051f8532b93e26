"""Revealing an anonymous post's author: one row per post, asked by one moderator and
completed by another (the rule is the policy's `check_may_reveal`)."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from .sql import row


class SqliteReveals:
    """Revealing an anonymous post's author: asked by one moderator, completed by another."""

    def __init__(self, db: Database):
        self.db = db

    def get(self, post_id: int) -> dict[str, Any] | None:
        return row(self.db, "SELECT * FROM author_reveals WHERE post_id = ?", [post_id])

    def request(self, post_id: int, moderator_id: int, reason: str, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO author_reveals (post_id, requested_by, request_reason, requested_at) VALUES (?, ?, ?, ?)",
            [post_id, moderator_id, reason, iso(now)],
        )

    def complete(self, post_id: int, moderator_id: int, reason: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE author_reveals SET revealed_by = ?, reveal_reason = ?, revealed_at = ? WHERE post_id = ?",
            [moderator_id, reason, iso(now), post_id],
        )
