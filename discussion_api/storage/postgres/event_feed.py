"""Reading the whole events log in id order, for the follower that fans it out.

Ids are handed out in commit order because appending takes a transaction-level
advisory lock first (events.py), so, as with SQLite, a reader that remembers the
last id it saw skips nothing the app wrote; realtime/follower.py still re-reads a
short window below it for rows written around that lock.
"""

from ..interfaces import Row
from ..rows import event
from .sql import Sql


class PgEventFeed:
    """Reading the whole events log in id order, for the follower that fans it out."""

    def __init__(self, db: Sql):
        self.db = db

    def latest_id(self) -> int:
        return int(self.db.value("SELECT coalesce(max(id), 0) AS latest FROM events"))

    def after(self, after_id: int, limit: int) -> list[Row]:
        """Up to `limit` events with ids above `after_id`, oldest first (one primary-key range)."""
        rows = self.db.rows(
            "SELECT id, topic, type, payload, created_at FROM events WHERE id > %s ORDER BY id LIMIT %s",
            [after_id, limit],
        )
        return [event(row) for row in rows]
