"""Idempotency keys: which post a member's keyed create produced, so a retry returns it.

Several app servers may receive the same keyed create at once (a retry sent while the
first attempt is still running elsewhere). PostgreSQL runs their transactions side by
side, so each would find no key and create a post, and all but the first would then
fail on the key's primary key. Looking the key up therefore takes a transaction-level
advisory lock on (member, key) first: the second transaction waits for the first to
commit and then finds its post. (SQLite runs one write transaction at a time.)
"""

from datetime import datetime

from ...core.clock import iso
from .sql import Sql

# pg_advisory_xact_lock's two-key form: this class, and a hash of the member and key.
KEY_LOCK_CLASS = 0x5C50


class PgIdempotency:
    """Idempotency keys: which post a member's keyed create produced, so a retry returns it."""

    def __init__(self, db: Sql):
        self.db = db

    def created_post(self, member_id: int, key: str) -> tuple[int, str] | None:
        """The post the member's key created, and the request it was used for; inside a
        write transaction, it holds the key until commit (see above)."""
        self.db.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [KEY_LOCK_CLASS, f"{member_id} {key}"]
        )
        row = self.db.row(
            "SELECT post_id, request FROM idempotency_keys WHERE member_id = %s AND key = %s",
            [member_id, key],
        )
        return (row["post_id"], row["request"]) if row else None

    def remember(self, member_id: int, key: str, request: str, post_id: int, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO idempotency_keys (member_id, key, request, post_id, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            [member_id, key, request, post_id, iso(now)],
        )
