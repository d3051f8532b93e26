"""Members' requests to be emailed before a webinar starts."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from ..rows import with_recipient
from .notifications import RECIPIENT


class SqliteWebinarReminders:
    """Members' requests to be emailed before a webinar starts."""

    def __init__(self, db: Database):
        self.db = db

    def add(self, member_id: int, webinar: str, starts_at: datetime, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO webinar_reminders (member_id, webinar, starts_at, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (member_id, webinar) DO NOTHING",
            [member_id, webinar, iso(starts_at), iso(now)],
        )

    def remove(self, member_id: int, webinar: str) -> bool:
        cursor = self.db.execute(
            "DELETE FROM webinar_reminders WHERE member_id = ? AND webinar = ?", [member_id, webinar]
        )
        return bool(cursor.rowcount)

    def of_member(self, member_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT webinar, starts_at, created_at FROM webinar_reminders WHERE member_id = ?"
                " ORDER BY starts_at",
                [member_id],
            )
        )

    def unsent(self, now: datetime) -> list[dict[str, Any]]:
        return with_recipient(
            self.db.query(
                f"SELECT r.*, {RECIPIENT} FROM webinar_reminders r JOIN members m ON m.id = r.member_id"
                " WHERE r.starts_at > ? AND (r.day_sent_at IS NULL OR r.hour_sent_at IS NULL)"
                " ORDER BY r.starts_at",
                [iso(now)],
            )
        )

    def mark_sent(self, member_id: int, webinar: str, which: str, now: datetime) -> bool:
        column = {"day": "day_sent_at", "hour": "hour_sent_at"}[which]
        cursor = self.db.execute(
            f"UPDATE webinar_reminders SET {column} = ? WHERE member_id = ? AND webinar = ? AND {column} IS NULL",
            [iso(now), member_id, webinar],
        )
        return bool(cursor.rowcount)
