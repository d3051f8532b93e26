"""The events log: every forum write appends here in its own transaction.

Issue 4's SSE replays this table by id (ids only grow), so payloads carry ids only;
readers fetch what the subscriber may see.
"""

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from ..rows import encode_payload, event, post_topics
from .sql import rows


class SqliteEvents:
    """The events log: every forum write appends here in its own transaction."""

    def __init__(self, db: Database):
        self.db = db

    def append(
        self, topics: list[str], event_type: str, payload: dict[str, int | None], now: datetime
    ) -> None:
        # One statement for all topics, in their order (ids grow with it): each statement is
        # a round trip inside the write lock, and a reply's event has two topics, a
        # notification's one per recipient.
        self.db.execute(
            "INSERT INTO events (topic, type, payload, created_at) SELECT value, ?, ?, ? FROM json_each(?)",
            [event_type, encode_payload(payload), iso(now), json.dumps(topics)],
        )

    def post_changed(
        self, event_type: str, thread: dict[str, Any], post_id: int, now: datetime, *, in_category: bool
    ) -> None:
        """An event about one post, on its thread's topic, and on its category's too when
        the category's listing changes with it (new, removed or restored posts)."""
        self.append(
            post_topics(thread, in_category=in_category),
            event_type,
            {"thread_id": thread["id"], "post_id": post_id},
            now,
        )

    def since(self, topics: list[str], after_id: int, limit: int) -> list[dict[str, Any]]:
        """Events on `topics` after `after_id`, oldest first (for replay after a reconnect)."""
        marks = ", ".join("?" for _ in topics)
        return [
            event(row)
            for row in rows(
                self.db,
                f"SELECT * FROM events WHERE topic IN ({marks}) AND id > ? ORDER BY id LIMIT ?",
                [*topics, after_id, limit],
            )
        ]
