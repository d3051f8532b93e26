"""Flags members raise on posts, and how moderators resolve them."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from .scope import AUTHOR_REVEALED
from .sql import insert, row, rows


class SqliteFlags:
    """Flags members raise on posts, and how moderators resolve them."""

    def __init__(self, db: Database):
        self.db = db

    def create(self, post_id: int, reporter_id: int, reason: str, now: datetime) -> int:
        return insert(
            self.db,
            "flags",
            {
                "post_id": post_id,
                "reporter_id": reporter_id,
                "reason": reason,
                "status": "open",
                "created_at": iso(now),
            },
        )

    def open_by(self, post_id: int, reporter_id: int) -> bool:
        return bool(
            rows(
                self.db,
                "SELECT 1 FROM flags WHERE post_id = ? AND reporter_id = ? AND status = 'open'",
                [post_id, reporter_id],
            )
        )

    def open_flags(self) -> list[dict[str, Any]]:
        """Open flags, oldest first, with the flagged post and both people involved."""
        return rows(
            self.db,
            f"""SELECT f.id, f.reason, f.created_at, f.post_id,
                      r.id AS reporter_id, r.name AS reporter_name, r.role AS reporter_role,
                      p.thread_id, p.body_html, p.status AS post_status,
                      a.id AS author_id, a.name AS author_name, a.role AS author_role,
                      p.anonymous AS author_anonymous,
                      {AUTHOR_REVEALED.format(post="p")} AS author_revealed
               FROM flags f JOIN members r ON r.id = f.reporter_id
               JOIN posts p ON p.id = f.post_id JOIN members a ON a.id = p.author_id
               WHERE f.status = 'open' ORDER BY f.id""",
        )

    def get_open(self, flag_id: int) -> dict[str, Any] | None:
        return row(self.db, "SELECT * FROM flags WHERE id = ? AND status = 'open'", [flag_id])

    def resolve(self, flag_id: int, status: str, moderator_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE flags SET status = ?, resolved_by = ?, resolved_at = ? WHERE id = ?",
            [status, moderator_id, iso(now), flag_id],
        )

    def resolve_for_post(self, post_id: int, moderator_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE flags SET status = 'actioned', resolved_by = ?, resolved_at = ?"
            " WHERE post_id = ? AND status = 'open'",
            [moderator_id, iso(now), post_id],
        )
