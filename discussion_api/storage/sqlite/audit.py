"""The audit log: who did what to which object, when and why."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso


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
        self.db["audit_log"].insert(
            {
                "actor_id": actor_id,
                "action": action,
                "target_type": target_type,
                "target_id": str(target_id),
                "reason": reason,
                "created_at": iso(now),
            }
        )

    def entries(self, before_id: int | None, limit: int) -> list[dict[str, Any]]:
        """Newest first; page with `before_id`."""
        return list(
            self.db.query(
                "SELECT a.*, m.name AS actor_name FROM audit_log a LEFT JOIN members m ON m.id = a.actor_id"
                " WHERE a.id < ? ORDER BY a.id DESC LIMIT ?",
                [before_id if before_id is not None else 2**62, limit],
            )
        )
