"""Leases on open event streams in PostgreSQL: the per-member stream cap across app servers.

One row per open stream, naming the process holding it (a random id per process)
and when that process last renewed it, by the database's clock so the machines'
clocks need not agree. A claim counts the member's live leases under an advisory
lock on the member, so two processes cannot both take the last place. A process
killed without warning leaves its rows behind; they stop counting LEASE_SECONDS
after its last renewal, and the next renewal anywhere deletes them. UNLOGGED
(m014): after a PostgreSQL crash every stream reconnects anyway.
"""

import secrets

from .database import PgStore
from .sql import InTransaction

# A process renews its leases well within this (realtime's StreamCap: every third of it).
LEASE_SECONDS = 30
# pg_advisory_xact_lock's two-key form: this class, and the member's id.
STREAM_LOCK_CLASS = 0x5C4F
LIVE = f"renewed_at > now() - interval '{LEASE_SECONDS} seconds'"


class PgStreamLeases:
    """`StreamLeases` for this process, over the store's connection pool."""

    def __init__(self, store: PgStore):
        self.store = store
        self.holder = secrets.token_hex(8)

    def claim(self, member_id: int, cap: int) -> int | None:
        with self.store.pool().connection() as conn, conn.transaction():
            db = InTransaction(conn)
            # hashtext of the id's text: the two-key form takes int4s and ids are bigints.
            db.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [STREAM_LOCK_CLASS, str(member_id)])
            held = db.value(
                f"SELECT count(*) FROM stream_leases WHERE member_id = %s AND {LIVE}", [member_id]
            )
            if held >= cap:
                return None
            return db.value(
                "INSERT INTO stream_leases (member_id, holder) VALUES (%s, %s) RETURNING id",
                [member_id, self.holder],
            )

    def release(self, lease_id: int) -> None:
        with self.store.pool().connection() as conn:
            conn.execute("DELETE FROM stream_leases WHERE id = %s", [lease_id])

    def renew(self) -> None:
        with self.store.pool().connection() as conn:
            conn.execute("UPDATE stream_leases SET renewed_at = now() WHERE holder = %s", [self.holder])
            conn.execute(f"DELETE FROM stream_leases WHERE NOT ({LIVE})")

    def close(self) -> None:
        with self.store.pool().connection() as conn:
            conn.execute("DELETE FROM stream_leases WHERE holder = %s", [self.holder])
