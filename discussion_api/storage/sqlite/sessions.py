"""Server-side sessions: only the SHA-256 of each token is stored."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from ..interfaces import Member
from ..rows import SESSION_AND_MEMBER, session_and_member
from .sql import insert, row


class SqliteSessions:
    """Server-side sessions: only the SHA-256 of each token is stored."""

    def __init__(self, db: Database):
        self.db = db

    def create(self, member_id: int, token_hash: str, now: datetime) -> None:
        insert(
            self.db,
            "sessions",
            {
                "token_hash": token_hash,
                "member_id": member_id,
                "created_at": iso(now),
                "last_seen_at": iso(now),
            },
        )

    def find(self, token_hash: str) -> tuple[dict[str, Any], Member] | None:
        found = row(self.db, SESSION_AND_MEMBER + "?", [token_hash])
        return session_and_member(found) if found else None

    def touch(self, session_id: int, now: datetime) -> None:
        self.db.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [iso(now), session_id])

    def delete(self, session_id: int) -> None:
        self.db.execute("DELETE FROM sessions WHERE id = ?", [session_id])

    def delete_for_member(self, member_id: int) -> None:
        self.db.execute("DELETE FROM sessions WHERE member_id = ?", [member_id])

    def delete_all(self) -> int:
        return self.db.execute("DELETE FROM sessions").rowcount
