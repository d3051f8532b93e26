"""Notification jobs, notifications, members' email choices and digest runs."""

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from ..interfaces import Member
from ..rows import escape_like, member, with_recipient
from .members import GROUP_IDS, GROUPS_OF_M
from .sql import rows

# Who may be told anything: approved, not suspended now (the policy decides the rest).
_MEMBER_COLUMNS = f"m.id, m.email, m.name, m.role, m.status, m.suspended_at, m.suspended_until, {GROUP_IDS}"
RECIPIENT = (
    "m.email AS member_email, m.name AS member_name, m.role AS member_role, m.status AS member_status,"
    " m.suspended_at AS member_suspended_at, m.suspended_until AS member_suspended_until,"
    f" {GROUPS_OF_M} AS member_group_ids"
)

# The fields of one notification, from a JSON array of them (`add`); json_extract rather
# than ->>, which needs SQLite 3.38.
_ITEM_FIELDS = ", ".join(f"json_extract(value, '$[{n}]')" for n in range(7))


class SqliteNotifications:
    """Notification jobs, notifications, members' email choices and digest runs."""

    def __init__(self, db: Database):
        self.db = db

    def enqueue(
        self,
        kind: str,
        now: datetime,
        *,
        actor_id: int | None = None,
        member_id: int | None = None,
        thread_id: int | None = None,
        post_id: int | None = None,
        reason: str = "",
    ) -> None:
        self.db.execute(
            "INSERT INTO notification_jobs (kind, actor_id, member_id, thread_id, post_id, reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [kind, actor_id, member_id, thread_id, post_id, reason, iso(now)],
        )

    def pending_jobs(self, limit: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT * FROM notification_jobs WHERE expanded_at IS NULL ORDER BY id LIMIT ?", [limit]
            )
        )

    def claim_jobs(self, limit: int, now: datetime, until: datetime) -> list[dict[str, Any]]:
        claimed = rows(
            self.db,
            "UPDATE notification_jobs SET claimed_until = :until WHERE id IN (SELECT id FROM notification_jobs"
            " WHERE expanded_at IS NULL AND (claimed_until IS NULL OR claimed_until <= :now) ORDER BY id"
            " LIMIT :limit) RETURNING *",
            {"until": iso(until), "now": iso(now), "limit": limit},
        )
        return sorted(claimed, key=lambda job: job["id"])  # RETURNING keeps no order

    def finish_jobs(self, job_ids: list[int], now: datetime) -> None:
        self.db.execute(
            "UPDATE notification_jobs SET expanded_at = ? WHERE id IN (SELECT value FROM json_each(?))",
            [iso(now), json.dumps(job_ids)],
        )

    def add(self, notifications: list[dict[str, Any]], now: datetime) -> list[int]:
        """Insert them in one statement; returns the recipients that were new (a job expanded
        twice notifies no one twice)."""
        if not notifications:
            return []
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO notifications"
            " (job_id, member_id, kind, email, thread_id, post_id, reason, created_at)"
            f" SELECT {_ITEM_FIELDS}, ? FROM json_each(?) RETURNING member_id",
            [
                iso(now),
                json.dumps(
                    [
                        [
                            item["job_id"],
                            item["member_id"],
                            item["kind"],
                            item["email"],
                            item.get("thread_id"),
                            item.get("post_id"),
                            item.get("reason", ""),
                        ]
                        for item in notifications
                    ]
                ),
            ],
        )
        return [row[0] for row in cursor.fetchall()]

    def for_member(self, member_id: int, before_id: int | None, limit: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT * FROM notifications WHERE member_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                [member_id, before_id if before_id is not None else 2**62, limit],
            )
        )

    def unread_count(self, member_id: int) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM notifications WHERE member_id = ? AND read_at IS NULL", [member_id]
            ).fetchone()[0]
        )

    def mark_read(self, member_id: int, notification_id: int | None, now: datetime) -> int:
        query = "UPDATE notifications SET read_at = ? WHERE member_id = ? AND read_at IS NULL"
        args: list[Any] = [iso(now), member_id]
        if notification_id is not None:
            query += " AND id = ?"
            args.append(notification_id)
        return int(self.db.execute(query, args).rowcount)

    def unmailed(self, email: str) -> list[dict[str, Any]]:
        return with_recipient(
            self.db.query(
                f"SELECT n.*, {RECIPIENT} FROM notifications n JOIN members m ON m.id = n.member_id"
                " WHERE n.email = ? AND n.mailed_at IS NULL ORDER BY n.member_id, n.id",
                [email],
            )
        )

    def mark_mailed(self, notification_ids: list[int], now: datetime) -> list[int]:
        marked = []
        for notification_id in notification_ids:
            cursor = self.db.execute(
                "UPDATE notifications SET mailed_at = ? WHERE id = ? AND mailed_at IS NULL",
                [iso(now), notification_id],
            )
            if cursor.rowcount:
                marked.append(notification_id)
        return marked

    def preferences(self, member_id: int) -> dict[str, str]:
        rows = self.db.query(
            "SELECT kind, mode FROM notification_preferences WHERE member_id = ?", [member_id]
        )
        return {row["kind"]: row["mode"] for row in rows}

    def preferences_for(self, member_ids: list[int], kind: str) -> dict[int, str]:
        if not member_ids:
            return {}
        marks = ", ".join("?" for _ in member_ids)
        rows = self.db.query(
            f"SELECT member_id, mode FROM notification_preferences WHERE kind = ? AND member_id IN ({marks})",
            [kind, *member_ids],
        )
        return {row["member_id"]: row["mode"] for row in rows}

    def set_preference(self, member_id: int, kind: str, mode: str) -> None:
        self.db.execute(
            "INSERT INTO notification_preferences (member_id, kind, mode) VALUES (?, ?, ?)"
            " ON CONFLICT (member_id, kind) DO UPDATE SET mode = excluded.mode",
            [member_id, kind, mode],
        )

    def claim_run(self, name: str, now: datetime) -> bool:
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO mail_runs (name, ran_at) VALUES (?, ?)", [name, iso(now)]
        )
        return bool(cursor.rowcount)

    def has_run(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM mail_runs WHERE name = ?", [name]).fetchone() is not None

    def followers(self, thread_id: int) -> list[Member]:
        return self._members(
            "JOIN follows f ON f.member_id = m.id WHERE f.thread_id = ? AND m.status = 'approved'",
            [thread_id],
        )

    def named(self, names: list[str]) -> list[Member]:
        if not names:
            return []
        marks = ", ".join("?" for _ in names)
        return self._members(
            f"WHERE m.status = 'approved' AND lower(m.name) IN ({marks})", [name.lower() for name in names]
        )

    def moderators(self) -> list[Member]:
        return self._members("WHERE m.status = 'approved' AND m.role IN ('moderator', 'admin')", [])

    def names_starting(self, prefix: str, limit: int) -> list[Member]:
        return self._members(
            "WHERE m.status = 'approved' AND m.name LIKE ? ESCAPE '\\' ORDER BY m.name LIMIT ?",
            [escape_like(prefix) + "%", limit],
        )

    def _members(self, clause: str, args: list[Any]) -> list[Member]:
        return [
            member(row) for row in self.db.query(f"SELECT {_MEMBER_COLUMNS} FROM members m {clause}", args)
        ]
