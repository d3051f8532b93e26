"""The audit log: who did what to which object, when and why."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from .sql import insert, rows

# What a moderator reads for an entry's target: a member's name, a thread's title, a
# post as "post by NAME in TITLE", a category's or a domain's name.
_TARGET_NAME = """CASE a.target_type
    WHEN 'member' THEN (SELECT name FROM members WHERE id = CAST(a.target_id AS INTEGER))
    WHEN 'thread' THEN (SELECT title FROM threads WHERE id = CAST(a.target_id AS INTEGER))
    WHEN 'category' THEN (SELECT name FROM categories WHERE id = CAST(a.target_id AS INTEGER))
    WHEN 'post' THEN (SELECT 'post by ' || pm.name || ' in ' || t.title FROM posts p
        JOIN members pm ON pm.id = p.author_id JOIN threads t ON t.id = p.thread_id
        WHERE p.id = CAST(a.target_id AS INTEGER))
    WHEN 'flag' THEN (SELECT 'flag on a post by ' || pm.name || ' in ' || t.title FROM flags f
        JOIN posts p ON p.id = f.post_id JOIN members pm ON pm.id = p.author_id
        JOIN threads t ON t.id = p.thread_id WHERE f.id = CAST(a.target_id AS INTEGER))
    WHEN 'domain' THEN a.target_id
    ELSE NULL END"""


class SqliteAudit:
    """The audit log: who did what to which object, when and why."""

    def __init__(self, db: Database):
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
        insert(
            self.db,
            "audit_log",
            {
                "actor_id": actor_id,
                "action": action,
                "target_type": target_type,
                "target_id": str(target_id),
                "reason": reason,
                "created_at": iso(now),
            },
        )

    def entries(self, before_id: int | None, limit: int) -> list[dict[str, Any]]:
        """Newest first; page with `before_id`."""
        return rows(
            self.db,
            "SELECT a.*, m.name AS actor_name, " + _TARGET_NAME + " AS target_name"
            " FROM audit_log a LEFT JOIN members m ON m.id = a.actor_id"
            " WHERE a.id < ? ORDER BY a.id DESC LIMIT ?",
            [before_id if before_id is not None else 2**62, limit],
        )
