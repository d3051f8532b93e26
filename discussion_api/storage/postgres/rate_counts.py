"""Rate-limit counts in PostgreSQL, so every app server on the database counts the same uses.

A moving window as the `limits` library keeps one in memory: one row per use, with
when it happened and when it stops counting. Each key's acquire runs in one
transaction under an advisory lock on the key, so two processes cannot both take
the last use. The table is UNLOGGED (m014): counts are not worth a WAL write and
may be lost if PostgreSQL itself crashes.
"""

import time

from .database import PgStore
from .sql import InTransaction

# pg_advisory_xact_lock's two-key form: this class, and a hash of the limit's key.
# (Two-key locks never conflict with the one-key locks of events and migrations.)
RATE_LOCK_CLASS = 0x5C4E
# Expired uses of keys nobody hits again: each acquire deletes up to this many.
SWEEP = 10


class PgRateCounts:
    """`RateCounts` over the store's connection pool."""

    def __init__(self, store: PgStore):
        self.store = store

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        now = time.time()
        with self.store.pool().connection() as conn, conn.transaction():
            db = InTransaction(conn)
            db.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [RATE_LOCK_CLASS, key])
            db.execute(
                "DELETE FROM rate_hits WHERE ctid IN (SELECT ctid FROM rate_hits WHERE expires_at <= %s"
                " LIMIT %s FOR UPDATE SKIP LOCKED)",
                [now, SWEEP],
            )
            used = db.value("SELECT count(*) FROM rate_hits WHERE key = %s AND at > %s", [key, now - expiry])
            if used + amount > limit:
                return False
            db.execute(
                "INSERT INTO rate_hits (key, at, expires_at) SELECT %s, %s, %s FROM generate_series(1, %s)",
                [key, now, now + expiry, amount],
            )
            return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = time.time()
        with self.store.pool().connection() as conn:
            found = conn.execute(
                "SELECT min(at) AS oldest, count(*) AS used FROM rate_hits WHERE key = %s AND at > %s",
                [key, now - expiry],
            ).fetchone()
        assert found is not None
        return (found["oldest"] if found["used"] else now), found["used"]
