"""Every email, written before it is sent and marked once it is."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from .sql import Sql

_LISTED = (
    "id, message_id, member_id, kind, recipient, subject, status, attempts, next_attempt_at,"
    " last_error, created_at, sent_at"
)

# Queued mail whose time has come and that no live claim holds.
DUE = (
    "status = 'queued' AND next_attempt_at <= %(now)s AND (claimed_until IS NULL OR claimed_until <= %(now)s)"
)


class PgOutbox:
    """Every email, written before it is sent and marked once it is."""

    def __init__(self, db: Sql):
        self.db = db

    def add(self, mail: Row, now: datetime) -> int:
        return int(
            self.db.insert(
                "outbox", {**mail, "status": "queued", "next_attempt_at": iso(now), "created_at": iso(now)}
            )
        )

    def any_due(self, now: datetime) -> bool:
        return self.db.value(f"SELECT EXISTS (SELECT 1 FROM outbox WHERE {DUE})", {"now": iso(now)}) is True

    def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Row]:
        """SKIP LOCKED: senders on other machines claim other mail instead of waiting."""
        return self.db.rows(
            "UPDATE outbox SET claimed_until = %(lease)s WHERE id IN ("
            f" SELECT id FROM outbox WHERE {DUE} ORDER BY id LIMIT %(limit)s"
            " FOR UPDATE SKIP LOCKED) RETURNING *",
            {"lease": iso(lease_until), "now": iso(now), "limit": limit},
        )

    def mark_sent(self, mail_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = %s, attempts = attempts + 1, claimed_until = NULL,"
            " body = '' WHERE id = %s",
            [iso(now), mail_id],
        )

    def replace_text(self, old: str, new: str) -> None:
        self.db.execute(
            "UPDATE outbox SET subject = replace(subject, %(old)s, %(new)s), body = replace(body, %(old)s, %(new)s)"
            " WHERE strpos(subject, %(old)s) > 0 OR strpos(body, %(old)s) > 0",
            {"old": old, "new": new},
        )

    def holding(self, fragment: str) -> list[Row]:
        return self.db.rows("SELECT id, body FROM outbox WHERE strpos(body, %s) > 0", [fragment])

    def set_body(self, mail_id: int, body: str) -> None:
        self.db.execute("UPDATE outbox SET body = %s WHERE id = %s", [body, mail_id])

    def retry_later(self, mail_id: int, error: str, next_attempt_at: datetime) -> None:
        self.db.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = %s, next_attempt_at = %s,"
            " claimed_until = NULL WHERE id = %s",
            [error, iso(next_attempt_at), mail_id],
        )

    def mark_failed(self, mail_id: int, error: str) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = %s, claimed_until = NULL"
            " WHERE id = %s",
            [error, mail_id],
        )

    def last_created(self, member_id: int, kind: str) -> str | None:
        return self.db.value(
            "SELECT max(created_at) FROM outbox WHERE member_id = %s AND kind = %s", [member_id, kind]
        )

    def listing(self, status: str | None, limit: int) -> list[Row]:
        if status is None:
            return self.db.rows(f"SELECT {_LISTED} FROM outbox ORDER BY id DESC LIMIT %s", [limit])
        return self.db.rows(
            f"SELECT {_LISTED} FROM outbox WHERE status = %s ORDER BY id DESC LIMIT %s", [status, limit]
        )

    def counts(self) -> dict[str, int]:
        rows = self.db.rows("SELECT status, count(*) AS n FROM outbox GROUP BY status")
        return {row["status"]: int(row["n"]) for row in rows}
