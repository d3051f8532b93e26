"""The audit log: who did what to which object, when and why."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from .sql import Sql


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
            "SELECT a.*, m.name AS actor_name FROM audit_log a LEFT JOIN members m ON m.id = a.actor_id"
            " WHERE a.id < %s ORDER BY a.id DESC LIMIT %s",
            [before_id if before_id is not None else 2**62, limit],
        )
