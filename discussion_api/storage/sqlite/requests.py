"""Members' requests for resources the Library lacks, and who asked for each."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from .sql import insert, row, rows

_SELECT = """
SELECT r.*, (SELECT count(*) FROM resource_request_askers k WHERE k.request_id = r.id) AS asked_count,
       EXISTS (SELECT 1 FROM resource_request_askers k WHERE k.request_id = r.id AND k.member_id = :viewer)
           AS asked_by_me
FROM resource_requests r
"""


class SqliteRequests:
    """Members' requests for resources the Library lacks, and who asked for each."""

    def __init__(self, db: Database):
        self.db = db

    def create(self, title: str, details: str, member_id: int, now: datetime) -> int:
        """A new open request, with its author as the first member asking."""
        request_id = insert(
            self.db,
            "resource_requests",
            {
                "title": title,
                "details": details,
                "created_by": member_id,
                "created_at": iso(now),
                "updated_at": iso(now),
            },
        )
        self.add_asker(request_id, member_id, now)
        return request_id

    def get(self, request_id: int, viewer_id: int) -> dict[str, Any] | None:
        return row(self.db, _SELECT + " WHERE r.id = :id", {"viewer": viewer_id, "id": request_id})

    def all_requests(self, viewer_id: int) -> list[dict[str, Any]]:
        """Open and planned first, then the rest; newest first within each."""
        return rows(
            self.db,
            _SELECT + " ORDER BY r.status NOT IN ('open', 'planned'), r.id DESC",
            {"viewer": viewer_id},
        )

    def add_asker(self, request_id: int, member_id: int, now: datetime) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO resource_request_askers (request_id, member_id, asked_at) VALUES (?, ?, ?)",
            [request_id, member_id, iso(now)],
        )

    def remove_asker(self, request_id: int, member_id: int) -> None:
        self.db.execute(
            "DELETE FROM resource_request_askers WHERE request_id = ? AND member_id = ?",
            [request_id, member_id],
        )

    def update(self, request_id: int, changes: dict[str, Any], now: datetime) -> None:
        """Change status, public_title, public_summary or resource_slug."""
        self.db["resource_requests"].update(request_id, {**changes, "updated_at": iso(now)})

    def asker_emails(self, request_id: int) -> list[str]:
        """The addresses of the active members who asked, for telling them of a decision."""
        return [
            email
            for (email,) in self.db.execute(
                "SELECT m.email FROM resource_request_askers k JOIN members m ON m.id = k.member_id"
                " WHERE k.request_id = ? AND m.status = 'approved' ORDER BY k.asked_at",
                [request_id],
            ).fetchall()
        ]
