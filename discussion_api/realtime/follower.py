"""Following the events log, so every process's broker sees every event, whoever wrote it.

Production runs several processes on one database (`uvicorn --workers 2`); a
post written by one must reach streams held by another. Each process therefore
runs one `EventFollower` that hands new events-log rows, in id order, to its
own broker. The interface is deliberately small:

- `start()` / `stop()` in the app's lifespan;
- `last_id`, the highest id handed over, which a new stream reads (in the same
  tick as it subscribes) to split "replay from the log" from "live from the broker";
- `notify()`, a nudge after a write in this process, so local delivery need not
  wait for the next poll.

`PollingEventFollower` polls: every `interval` (50 ms by default) one primary-key
range query for ids above `last_id` through the store's event feed, on a worker
thread, in autocommit mode, so it never holds a read transaction open (that would
starve WAL checkpoints) and never makes the event loop wait on the database.
SQLite hands out ids in commit order (one writer at a time), so nothing is skipped.

When the service outgrows one machine and moves to PostgreSQL, a follower
implementing the same four members replaces this one: `LISTEN events` on a
dedicated connection, the writing transaction calling `pg_notify('events', id)`
(delivered only on commit), and on each notification, or after reconnecting, the
same "ids above last_id" query, because notifications are lost while a listener
is disconnected. Sequence ids in PostgreSQL are not assigned in commit order, so
that follower must also re-read a short window below `last_id` (or order by a
commit-ordered column) before moving on. A Redis follower would read a Redis
stream (XREAD BLOCK from the last id) that writers append to after committing.
Nothing outside this package, storage and app.py would change.
"""

import asyncio
import contextlib
import logging
from typing import Protocol

from starlette.concurrency import run_in_threadpool

from ..core.cutoff import CONTROL_PREFIX
from ..storage.interfaces import Store
from .audience import audience
from .broker import Broker, Event

log = logging.getLogger("discussion_api")
BATCH = 500


class EventFollower(Protocol):
    @property
    def last_id(self) -> int:
        """The highest events-log id handed to the broker."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def notify(self) -> None:
        """Look for new events now: this process has just written some."""
        ...


class PollingEventFollower:
    """Follows the events log by polling the store (the SQLite default; see above)."""

    def __init__(self, store: Store, broker: Broker, interval: float):
        self.store = store
        self.broker = broker
        self.interval = interval
        self._last_id = 0
        self._nudged: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def last_id(self) -> int:
        return self._last_id

    async def start(self) -> None:
        self._last_id = await run_in_threadpool(lambda: self.store.read().event_feed.latest_id())
        self._nudged = asyncio.Event()
        self._task = asyncio.create_task(self._follow(), name="events-follower")

    async def stop(self) -> None:
        """Stop following once the read in flight is done.

        Cancelling the task would not stop its worker thread, which went on reading
        while the app closed the store under it (a segfault in sqlite3 at shutdown).
        """
        if self._task is not None:
            self._stopping = True
            self.notify()
            await self._task
            self._task = None

    def notify(self) -> None:
        if self._nudged is not None:
            self._nudged.set()

    async def _follow(self) -> None:
        assert self._nudged is not None
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._nudged.wait(), self.interval)
            self._nudged.clear()
            if self._stopping:
                return
            try:
                await self.poll()
            except Exception:
                # A failed read (e.g. the disk) must not end following for good.
                log.exception("reading the events log failed; retrying")

    async def poll(self) -> None:
        """Hand every event above `last_id` to the broker, oldest first.

        The reading (and deciding each event's audience) runs on a worker thread;
        only handing over to the broker runs on the event loop.
        """
        while True:
            events = await run_in_threadpool(self._read_after, self._last_id)
            for event in events:
                self._hand_over(event)
                self._last_id = event.id
            if len(events) < BATCH:
                return

    def _read_after(self, last_id: int) -> list[Event]:
        db = self.store.read()
        return [
            Event(
                row["id"],
                row["topic"],
                row["type"],
                row["payload"],
                row["created_at"],
                audience(db, row["type"], row["payload"]),
            )
            for row in db.event_feed.after(last_id, BATCH)
        ]

    def _hand_over(self, event: Event) -> None:
        if event.topic.startswith(CONTROL_PREFIX):
            if "member_id" in event.payload:
                self.broker.end_member(event.payload["member_id"], "access_ended")
            else:
                self.broker.end_session(event.payload["session_id"], "signed_out")
            return
        self.broker.publish(event)
