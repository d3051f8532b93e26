"""Members' requests to be emailed before a webinar starts."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from ..rows import with_recipient
from .notifications import RECIPIENT
from .sql import Sql


class PgWebinarReminders:
    """Members' requests to be emailed before a webinar starts."""

    def __init__(self, db: Sql):
        self.db = db

    def add(self, member_id: int, webinar: str, starts_at: datetime, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO webinar_reminders (member_id, webinar, starts_at, created_at) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (member_id, webinar) DO NOTHING",
            [member_id, webinar, iso(starts_at), iso(now)],
        )

    def remove(self, member_id: int, webinar: str) -> bool:
        return bool(
            self.db.execute(
                "DELETE FROM webinar_reminders WHERE member_id = %s AND webinar = %s", [member_id, webinar]
            )
        )

    def of_member(self, member_id: int) -> list[Row]:
        return self.db.rows(
            "SELECT webinar, starts_at, created_at FROM webinar_reminders WHERE member_id = %s ORDER BY starts_at",
            [member_id],
        )

    def unsent(self, now: datetime) -> list[Row]:
        return with_recipient(
            self.db.rows(
                f"SELECT r.*, {RECIPIENT} FROM webinar_reminders r JOIN members m ON m.id = r.member_id"
                " WHERE r.starts_at > %s AND (r.day_sent_at IS NULL OR r.hour_sent_at IS NULL)"
                " ORDER BY r.starts_at",
                [iso(now)],
            )
        )

    def mark_sent(self, member_id: int, webinar: str, which: str, now: datetime) -> bool:
        column = {"day": "day_sent_at", "hour": "hour_sent_at"}[which]
        return bool(
            self.db.execute(
                f"UPDATE webinar_reminders SET {column} = %s WHERE member_id = %s AND webinar = %s"
                f" AND {column} IS NULL",
                [iso(now), member_id, webinar],
            )
        )
