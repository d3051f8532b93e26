"""The audit log: who did what to which object, when and why."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from .sql import Sql

# What a moderator reads for an entry's target (as in the SQLite twin). Each branch's
# cast runs only for its own target type, so a domain's name is never cast to a number.
_TARGET_NAME = """CASE a.target_type
    WHEN 'member' THEN (SELECT name FROM members WHERE id = CAST(a.target_id AS BIGINT))
    WHEN 'thread' THEN (SELECT title FROM threads WHERE id = CAST(a.target_id AS BIGINT))
    WHEN 'category' THEN (SELECT name FROM categories WHERE id = CAST(a.target_id AS BIGINT))
    WHEN 'post' THEN (SELECT 'post by ' || pm.name || ' in ' || t.title FROM posts p
        JOIN members pm ON pm.id = p.author_id JOIN threads t ON t.id = p.thread_id
        WHERE p.id = CAST(a.target_id AS BIGINT))
    WHEN 'flag' THEN (SELECT 'flag on a post by ' || pm.name || ' in ' || t.title FROM flags f
        JOIN posts p ON p.id = f.post_id JOIN members pm ON pm.id = p.author_id
        JOIN threads t ON t.id = p.thread_id WHERE f.id = CAST(a.target_id AS BIGINT))
    WHEN 'domain' THEN a.target_id
    ELSE NULL END"""


class PgAudit:
    """The audit log: who did what to which object, when and why."""

    def __init__(self, db: Sql):
        self.db = db

    def record(
        self,
        actor_id: int | None,
        action: str,
        target_type: str,
        target_id: int | str,
        reason: str,
        now: datetime,
    ) -> None:
        self.db.insert(
            "audit_log",
            {
                "actor_id": actor_id,
                "action": action,
                "target_type": target_type,
                "target_id": str(target_id),
                "reason": reason,
                "created_at": iso(now),
            },
            returning=None,
        )

    def entries(self, before_id: int | None, limit: int) -> list[Row]:
        """Newest first; page with `before_id`."""
        return self.db.rows(
            "SELECT a.*, m.name AS actor_name, " + _TARGET_NAME + " AS target_name"
            " FROM audit_log a LEFT JOIN members m ON m.id = a.actor_id"
            " WHERE a.id < %s ORDER BY a.id DESC LIMIT %s",
            [before_id if before_id is not None else 2**62, limit],
        )
