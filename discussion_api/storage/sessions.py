"""Server-side sessions: only the SHA-256 of each token is stored."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ..clock import iso


def create(db: Database, member_id: int, token_hash: str, now: datetime) -> None:
    db["sessions"].insert(
        {
            "token_hash": token_hash,
            "member_id": member_id,
            "created_at": iso(now),
            "last_seen_at": iso(now),
        }
    )


def find(db: Database, token_hash: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM sessions WHERE token_hash = ?", [token_hash]))
    return rows[0] if rows else None


def touch(db: Database, session_id: int, now: datetime) -> None:
    db.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [iso(now), session_id])


def delete(db: Database, session_id: int) -> None:
    db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def delete_for_member(db: Database, member_id: int) -> None:
    db.execute("DELETE FROM sessions WHERE member_id = ?", [member_id])
