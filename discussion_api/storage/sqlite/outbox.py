"""Every email, written before it is sent and marked once it is."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso

_LISTED = (
    "id, message_id, member_id, kind, recipient, subject, status, attempts, next_attempt_at,"
    " last_error, created_at, sent_at"
)

# Queued mail whose time has come and that no live claim holds.
DUE = "status = 'queued' AND next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until <= :now)"


class SqliteOutbox:
    """Every email, written before it is sent and marked once it is."""

    def __init__(self, db: Database):
        self.db = db

    def add(self, mail: dict[str, Any], now: datetime) -> int:
        row = {**mail, "status": "queued", "next_attempt_at": iso(now), "created_at": iso(now)}
        return int(self.db["outbox"].insert(row).last_pk)

    def any_due(self, now: datetime) -> bool:
        return (
            self.db.execute(f"SELECT 1 FROM outbox WHERE {DUE} LIMIT 1", {"now": iso(now)}).fetchone()
            is not None
        )

    def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[dict[str, Any]]:
        """Call inside a write transaction (BEGIN IMMEDIATE), so two senders never claim the same mail."""
        rows = list(
            self.db.query(
                f"SELECT * FROM outbox WHERE {DUE} ORDER BY id LIMIT :limit",
                {"now": iso(now), "limit": limit},
            )
        )
        for row in rows:
            self.db.execute("UPDATE outbox SET claimed_until = ? WHERE id = ?", [iso(lease_until), row["id"]])
        return rows

    def mark_sent(self, mail_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, claimed_until = NULL,"
            " body = '' WHERE id = ?",
            [iso(now), mail_id],
        )

    def replace_text(self, old: str, new: str) -> None:
        self.db.execute(
            "UPDATE outbox SET subject = replace(subject, :old, :new), body = replace(body, :old, :new)"
            " WHERE instr(subject, :old) > 0 OR instr(body, :old) > 0",
            {"old": old, "new": new},
        )

    def holding(self, fragment: str) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT id, body FROM outbox WHERE instr(body, ?) > 0", [fragment]))

    def set_body(self, mail_id: int, body: str) -> None:
        self.db.execute("UPDATE outbox SET body = ? WHERE id = ?", [body, mail_id])

    def retry_later(self, mail_id: int, error: str, next_attempt_at: datetime) -> None:
        self.db.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_until = NULL"
            " WHERE id = ?",
            [error, iso(next_attempt_at), mail_id],
        )

    def mark_failed(self, mail_id: int, error: str) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, claimed_until = NULL"
            " WHERE id = ?",
            [error, mail_id],
        )

    def last_created(self, member_id: int, kind: str) -> str | None:
        row = self.db.execute(
            "SELECT max(created_at) FROM outbox WHERE member_id = ? AND kind = ?", [member_id, kind]
        ).fetchone()
        return row[0] if row else None

    def listing(self, status: str | None, limit: int) -> list[dict[str, Any]]:
        if status is None:
            return list(self.db.query(f"SELECT {_LISTED} FROM outbox ORDER BY id DESC LIMIT ?", [limit]))
        return list(
            self.db.query(
                f"SELECT {_LISTED} FROM outbox WHERE status = ? ORDER BY id DESC LIMIT ?", [status, limit]
            )
        )

    def counts(self) -> dict[str, int]:
        rows = self.db.query("SELECT status, count(*) AS n FROM outbox GROUP BY status")
        return {row["status"]: row["n"] for row in rows}
