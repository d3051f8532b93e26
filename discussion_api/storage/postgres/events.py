"""The events log: every forum write appends here in its own transaction.

Two things SQLite's single writer gives for free are made explicit here:

- ids in commit order: a transaction-level advisory lock (EVENTS_LOCK) is taken
  before the first row gets its id and held until commit, so a transaction that
  took a lower id has committed before a higher id becomes visible. Streams and
  `Last-Event-ID` replay rely on "nothing new ever appears below an id I saw".
- waking the other processes: `pg_notify('events', id)` in the same transaction,
  which PostgreSQL delivers to listeners only when it commits.
"""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from ..rows import encode_payload, event, post_topics
from .sql import Sql

# pg_advisory_xact_lock key for appending events (any constant unique to this app).
EVENTS_LOCK = 0x5C4E_0002
CHANNEL = "events"


class PgEvents:
    """The events log: every forum write appends here in its own transaction."""

    def __init__(self, db: Sql):
        self.db = db

    def append(
        self, topics: list[str], event_type: str, payload: dict[str, int | None], now: datetime
    ) -> None:
        if not topics:
            return
        self.db.execute("SELECT pg_advisory_xact_lock(%s)", [EVENTS_LOCK])
        last = 0
        for topic in topics:
            last = self.db.value(
                "INSERT INTO events (topic, type, payload, created_at) VALUES (%s, %s, %s, %s) RETURNING id",
                [topic, event_type, encode_payload(payload), iso(now)],
            )
        self.db.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(last)])

    def post_changed(
        self, event_type: str, thread: Row, post_id: int, now: datetime, *, in_category: bool
    ) -> None:
        """An event about one post, on its thread's topic, and on its category's too when
        the category's listing changes with it (new, removed or restored posts)."""
        self.append(
            post_topics(thread, in_category=in_category),
            event_type,
            {"thread_id": thread["id"], "post_id": post_id},
            now,
        )

    def since(self, topics: list[str], after_id: int, limit: int) -> list[Row]:
        """Events on `topics` after `after_id`, oldest first (for replay after a reconnect)."""
        rows = self.db.rows(
            "SELECT * FROM events WHERE topic = ANY(%s) AND id > %s ORDER BY id LIMIT %s",
            [list(topics), after_id, limit],
        )
        return [event(row) for row in rows]
