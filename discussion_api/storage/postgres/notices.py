"""LISTEN on a dedicated connection: the wake-ups behind realtime's PgEventFollower.

The writing transaction calls `pg_notify('events', id)` (events.py), which
PostgreSQL delivers when it commits. A pooled connection cannot listen (it goes
back to the pool between statements), so this holds its own. When the connection
breaks, notices sent meanwhile are lost: `wait` reconnects, LISTENs again and
answers True, and the follower re-reads the log from its last id.
"""

import contextlib
import logging
import threading

import psycopg

from ..interfaces import Row
from .database import connect
from .events import CHANNEL

log = logging.getLogger("discussion_api")
RETRY_SECONDS = 1.0


class PgEventNotices:
    """Notices on the events channel, for one follower thread."""

    def __init__(self, url: str):
        self.url = url
        self._conn: psycopg.Connection[Row] | None = None
        self._closed = threading.Event()

    def wait(self, timeout: float) -> bool:
        """Called from one thread only; `close()` from another ends the next call."""
        if self._closed.is_set():
            self._drop()
            return False
        if self._conn is None:
            return self._listen(timeout)
        try:
            notified = any(True for _ in self._conn.notifies(timeout=timeout, stop_after=1))
        except psycopg.Error:
            log.warning("lost the events listener connection; reconnecting")
            self._drop()
            return self._listen(timeout)
        if self._closed.is_set():
            self._drop()
        return notified

    def _listen(self, timeout: float) -> bool:
        """Connect and LISTEN; True once listening (the caller must re-read the log)."""
        if self._closed.is_set():
            return False
        try:
            conn = connect(self.url)
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            log.warning("cannot listen for events (%s); retrying", error)
            self._closed.wait(min(timeout, RETRY_SECONDS))
            return False
        self._conn = conn
        return True

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None

    def close(self) -> None:
        """Stop listening: the waiting thread drops the connection when its wait ends."""
        self._closed.set()
