"""Notification jobs, notifications, members' email choices and digest runs."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Member, Row
from ..rows import escape_like, member, with_recipient
from .members import GROUP_IDS, GROUPS_OF_M
from .sql import Params, Sql

_MEMBER_COLUMNS = f"m.id, m.email, m.name, m.role, m.status, m.suspended_at, m.suspended_until, {GROUP_IDS}"
RECIPIENT = (
    "m.email AS member_email, m.name AS member_name, m.role AS member_role, m.status AS member_status,"
    " m.suspended_at AS member_suspended_at, m.suspended_until AS member_suspended_until,"
    f" {GROUPS_OF_M} AS member_group_ids"
)


class PgNotifications:
    """Notification jobs, notifications, members' email choices and digest runs."""

    def __init__(self, db: Sql):
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
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [kind, actor_id, member_id, thread_id, post_id, reason, iso(now)],
        )

    def pending_jobs(self, limit: int) -> list[Row]:
        return self.db.rows(
            "SELECT * FROM notification_jobs WHERE expanded_at IS NULL ORDER BY id LIMIT %s", [limit]
        )

    def claim_jobs(self, limit: int, now: datetime, until: datetime) -> list[Row]:
        claimed = self.db.rows(
            "UPDATE notification_jobs SET claimed_until = %s WHERE id IN (SELECT id FROM notification_jobs"
            " WHERE expanded_at IS NULL AND (claimed_until IS NULL OR claimed_until <= %s) ORDER BY id"
            " LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING *",
            [iso(until), iso(now), limit],
        )
        return sorted(claimed, key=lambda job: job["id"])  # RETURNING keeps no order

    def finish_jobs(self, job_ids: list[int], now: datetime) -> None:
        self.db.execute(
            "UPDATE notification_jobs SET expanded_at = %s WHERE id = ANY(%s)", [iso(now), job_ids]
        )

    def add(self, notifications: list[Row], now: datetime) -> list[int]:
        if not notifications:
            return []
        columns = ("job_id", "member_id", "kind", "email", "thread_id", "post_id", "reason")
        rows = self.db.rows(
            "INSERT INTO notifications (job_id, member_id, kind, email, thread_id, post_id, reason, created_at)"
            " SELECT *, %s FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::bigint[],"
            " %s::bigint[], %s::text[]) ON CONFLICT (job_id, member_id) DO NOTHING RETURNING member_id",
            [
                iso(now),
                *(
                    [item.get(column, "" if column == "reason" else None) for item in notifications]
                    for column in columns
                ),
            ],
        )
        return [row["member_id"] for row in rows]

    def for_member(self, member_id: int, before_id: int | None, limit: int) -> list[Row]:
        return self.db.rows(
            "SELECT * FROM notifications WHERE member_id = %s AND id < %s ORDER BY id DESC LIMIT %s",
            [member_id, before_id if before_id is not None else 2**62, limit],
        )

    def unread_count(self, member_id: int) -> int:
        return int(
            self.db.value(
                "SELECT count(*) FROM notifications WHERE member_id = %s AND read_at IS NULL", [member_id]
            )
        )

    def mark_read(self, member_id: int, notification_id: int | None, now: datetime) -> int:
        query = "UPDATE notifications SET read_at = %s WHERE member_id = %s AND read_at IS NULL"
        args: list[object] = [iso(now), member_id]
        if notification_id is not None:
            query += " AND id = %s"
            args.append(notification_id)
        return self.db.execute(query, args)

    def unmailed(self, email: str) -> list[Row]:
        return with_recipient(
            self.db.rows(
                f"SELECT n.*, {RECIPIENT} FROM notifications n JOIN members m ON m.id = n.member_id"
                " WHERE n.email = %s AND n.mailed_at IS NULL ORDER BY n.member_id, n.id",
                [email],
            )
        )

    def mark_mailed(self, notification_ids: list[int], now: datetime) -> list[int]:
        rows = self.db.rows(
            "UPDATE notifications SET mailed_at = %s WHERE id = ANY(%s) AND mailed_at IS NULL RETURNING id",
            [iso(now), list(notification_ids)],
        )
        return [row["id"] for row in rows]

    def preferences(self, member_id: int) -> dict[str, str]:
        rows = self.db.rows(
            "SELECT kind, mode FROM notification_preferences WHERE member_id = %s", [member_id]
        )
        return {row["kind"]: row["mode"] for row in rows}

    def preferences_for(self, member_ids: list[int], kind: str) -> dict[int, str]:
        rows = self.db.rows(
            "SELECT member_id, mode FROM notification_preferences WHERE kind = %s AND member_id = ANY(%s)",
            [kind, list(member_ids)],
        )
        return {row["member_id"]: row["mode"] for row in rows}

    def set_preference(self, member_id: int, kind: str, mode: str) -> None:
        self.db.execute(
            "INSERT INTO notification_preferences (member_id, kind, mode) VALUES (%s, %s, %s)"
            " ON CONFLICT (member_id, kind) DO UPDATE SET mode = excluded.mode",
            [member_id, kind, mode],
        )

    def claim_run(self, name: str, now: datetime) -> bool:
        return bool(
            self.db.execute(
                "INSERT INTO mail_runs (name, ran_at) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
                [name, iso(now)],
            )
        )

    def has_run(self, name: str) -> bool:
        return self.db.row("SELECT 1 FROM mail_runs WHERE name = %s", [name]) is not None

    def followers(self, thread_id: int) -> list[Member]:
        return self._members(
            "JOIN follows f ON f.member_id = m.id WHERE f.thread_id = %s AND m.status = 'approved'",
            [thread_id],
        )

    def named(self, names: list[str]) -> list[Member]:
        return self._members(
            "WHERE m.status = 'approved' AND lower(m.name) = ANY(%s)", [[name.lower() for name in names]]
        )

    def moderators(self) -> list[Member]:
        return self._members("WHERE m.status = 'approved' AND m.role IN ('moderator', 'admin')", [])

    def names_starting(self, prefix: str, limit: int) -> list[Member]:
        return self._members(
            "WHERE m.status = 'approved' AND m.name ILIKE %s ESCAPE '\\' ORDER BY lower(m.name) LIMIT %s",
            [escape_like(prefix) + "%", limit],
        )

    def _members(self, clause: str, args: Params) -> list[Member]:
        return [
            member(row) for row in self.db.rows(f"SELECT {_MEMBER_COLUMNS} FROM members m {clause}", args)
        ]
