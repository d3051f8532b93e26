"""Server-side sessions: only the SHA-256 of each token is stored."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Member, Row
from ..rows import SESSION_AND_MEMBER, session_and_member
from .members import GROUPS_OF_M
from .sql import Sql

_SESSION_AND_MEMBER = SESSION_AND_MEMBER.format(groups=GROUPS_OF_M)


class PgSessions:
    """Server-side sessions: only the SHA-256 of each token is stored."""

    def __init__(self, db: Sql):
        self.db = db

    def create(
        self, member_id: int, token_hash: str, now: datetime, two_factor: bool = False, device: str = ""
    ) -> None:
        self.db.insert(
            "sessions",
            {
                "token_hash": token_hash,
                "member_id": member_id,
                "created_at": iso(now),
                "last_seen_at": iso(now),
                "two_factor": int(two_factor),
                "device": device,
            },
            returning=None,
        )

    def find(self, token_hash: str) -> tuple[Row, Member] | None:
        found = self.db.row(_SESSION_AND_MEMBER + "%s", [token_hash])
        return session_and_member(found) if found else None

    def for_member(self, member_id: int) -> list[Row]:
        return self.db.rows(
            "SELECT id, created_at, last_seen_at, device, two_factor FROM sessions WHERE member_id = %s"
            " ORDER BY last_seen_at DESC, id DESC",
            [member_id],
        )

    def touch(self, session_id: int, now: datetime) -> None:
        self.db.execute("UPDATE sessions SET last_seen_at = %s WHERE id = %s", [iso(now), session_id])

    def delete(self, session_id: int) -> None:
        self.db.execute("DELETE FROM sessions WHERE id = %s", [session_id])

    def delete_for_member(self, member_id: int) -> None:
        self.db.execute("DELETE FROM sessions WHERE member_id = %s", [member_id])

    def delete_all(self) -> int:
        return self.db.execute("DELETE FROM sessions")
