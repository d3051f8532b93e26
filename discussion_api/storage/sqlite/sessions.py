"""Server-side sessions: only the SHA-256 of each token is stored."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from ..interfaces import Member
from ..rows import SESSION_AND_MEMBER, session_and_member
from .members import GROUPS_OF_M
from .sql import insert, row, rows

_SESSION_AND_MEMBER = SESSION_AND_MEMBER.format(groups=GROUPS_OF_M)


class SqliteSessions:
    """Server-side sessions: only the SHA-256 of each token is stored."""

    def __init__(self, db: Database):
        self.db = db

    def create(
        self, member_id: int, token_hash: str, now: datetime, two_factor: bool = False, device: str = ""
    ) -> None:
        insert(
            self.db,
            "sessions",
            {
                "token_hash": token_hash,
                "member_id": member_id,
                "created_at": iso(now),
                "last_seen_at": iso(now),
                "two_factor": int(two_factor),
                "device": device,
            },
        )

    def find(self, token_hash: str) -> tuple[dict[str, Any], Member] | None:
        found = row(self.db, _SESSION_AND_MEMBER + "?", [token_hash])
        return session_and_member(found) if found else None

    def for_member(self, member_id: int) -> list[dict[str, Any]]:
        return rows(
            self.db,
            "SELECT id, created_at, last_seen_at, device, two_factor FROM sessions WHERE member_id = ?"
            " ORDER BY last_seen_at DESC, id DESC",
            [member_id],
        )

    def touch(self, session_id: int, now: datetime) -> None:
        self.db.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [iso(now), session_id])

    def delete(self, session_id: int) -> None:
        self.db.execute("DELETE FROM sessions WHERE id = ?", [session_id])

    def delete_for_member(self, member_id: int) -> None:
        self.db.execute("DELETE FROM sessions WHERE member_id = ?", [member_id])

    def delete_all(self) -> int:
        return self.db.execute("DELETE FROM sessions").rowcount
