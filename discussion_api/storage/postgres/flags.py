"""Flags members raise on posts, and how moderators resolve them."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from .scope import AUTHOR_REVEALED
from .sql import Sql


class PgFlags:
    """Flags members raise on posts, and how moderators resolve them."""

    def __init__(self, db: Sql):
        self.db = db

    def create(self, post_id: int, reporter_id: int, reason: str, now: datetime) -> int:
        return int(
            self.db.insert(
                "flags",
                {
                    "post_id": post_id,
                    "reporter_id": reporter_id,
                    "reason": reason,
                    "status": "open",
                    "created_at": iso(now),
                },
            )
        )

    def open_by(self, post_id: int, reporter_id: int) -> bool:
        return (
            self.db.row(
                "SELECT 1 FROM flags WHERE post_id = %s AND reporter_id = %s AND status = 'open'",
                [post_id, reporter_id],
            )
            is not None
        )

    def open_flags(self) -> list[Row]:
        """Open flags, oldest first, with the flagged post and both people involved."""
        return self.db.rows(
            f"""SELECT f.id, f.reason, f.created_at, f.post_id,
                      r.id AS reporter_id, r.name AS reporter_name, r.role AS reporter_role,
                      p.thread_id, p.body_html, p.status AS post_status,
                      a.id AS author_id, a.name AS author_name, a.role AS author_role,
                      p.anonymous AS author_anonymous,
                      {AUTHOR_REVEALED.format(post="p")} AS author_revealed
               FROM flags f JOIN members r ON r.id = f.reporter_id
               JOIN posts p ON p.id = f.post_id JOIN members a ON a.id = p.author_id
               WHERE f.status = 'open' ORDER BY f.id"""
        )

    def get_open(self, flag_id: int) -> Row | None:
        return self.db.row("SELECT * FROM flags WHERE id = %s AND status = 'open'", [flag_id])

    def resolve(self, flag_id: int, status: str, moderator_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE flags SET status = %s, resolved_by = %s, resolved_at = %s WHERE id = %s",
            [status, moderator_id, iso(now), flag_id],
        )

    def resolve_for_post(self, post_id: int, moderator_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE flags SET status = 'actioned', resolved_by = %s, resolved_at = %s"
            " WHERE post_id = %s AND status = 'open'",
            [moderator_id, iso(now), post_id],
        )
