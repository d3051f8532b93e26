"""Members' requests for resources the Library lacks, and who asked for each."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from .sql import Sql

_SELECT = """
SELECT r.*, (SELECT count(*) FROM resource_request_askers k WHERE k.request_id = r.id) AS asked_count,
       EXISTS (SELECT 1 FROM resource_request_askers k WHERE k.request_id = r.id
               AND k.member_id = %(viewer)s)::int AS asked_by_me
FROM resource_requests r
"""


class PgRequests:
    """Members' requests for resources the Library lacks, and who asked for each."""

    def __init__(self, db: Sql):
        self.db = db

    def create(self, title: str, details: str, member_id: int, now: datetime) -> int:
        """A new open request, with its author as the first member asking."""
        request_id = int(
            self.db.insert(
                "resource_requests",
                {
                    "title": title,
                    "details": details,
                    "created_by": member_id,
                    "created_at": iso(now),
                    "updated_at": iso(now),
                },
            )
        )
        self.add_asker(request_id, member_id, now)
        return request_id

    def get(self, request_id: int, viewer_id: int) -> Row | None:
        return self.db.row(_SELECT + " WHERE r.id = %(id)s", {"viewer": viewer_id, "id": request_id})

    def all_requests(self, viewer_id: int) -> list[Row]:
        """Open and planned first, then the rest; newest first within each."""
        return self.db.rows(
            _SELECT + " ORDER BY r.status NOT IN ('open', 'planned'), r.id DESC", {"viewer": viewer_id}
        )

    def add_asker(self, request_id: int, member_id: int, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO resource_request_askers (request_id, member_id, asked_at) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            [request_id, member_id, iso(now)],
        )

    def remove_asker(self, request_id: int, member_id: int) -> None:
        self.db.execute(
            "DELETE FROM resource_request_askers WHERE request_id = %s AND member_id = %s",
            [request_id, member_id],
        )

    def update(self, request_id: int, changes: Row, now: datetime) -> None:
        """Change status, public_title, public_summary or resource_slug."""
        self.db.update("resource_requests", request_id, {**changes, "updated_at": iso(now)})

    def asker_emails(self, request_id: int) -> list[str]:
        """The addresses of the active members who asked, for telling them of a decision."""
        return [
            row["email"]
            for row in self.db.rows(
                "SELECT m.email FROM resource_request_askers k JOIN members m ON m.id = k.member_id"
                " WHERE k.request_id = %s AND m.status = 'approved' ORDER BY k.asked_at",
                [request_id],
            )
        ]
