"""Reading the whole events log in id order, for the follower that fans it out.

(storage/events.py appends and replays per topic; this reads across topics.) Ids
are handed out in commit order because SQLite has one writer at a time, so a
reader that remembers the last id it saw never skips a row committed later.
"""

from typing import Any

from sqlite_utils import Database

from ..rows import event
from .sql import rows


class SqliteEventFeed:
    """Reading the whole events log in id order, for the follower that fans it out."""

    def __init__(self, db: Database):
        self.db = db

    def latest_id(self) -> int:
        (latest,) = self.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()
        return int(latest)

    def after(self, after_id: int, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` events with ids above `after_id`, oldest first (one primary-key range)."""
        found = rows(
            self.db,
            "SELECT id, topic, type, payload, created_at FROM events WHERE id > ? ORDER BY id LIMIT ?",
            [after_id, limit],
        )
        return [event(row) for row in found]
