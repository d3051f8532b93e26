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

On PostgreSQL (several machines), `PgEventFollower` replaces it: the writing
transaction calls `pg_notify('events', id)` (delivered only on commit), a
dedicated connection LISTENs (storage's `EventNotices`, on a thread of its own),
and on each notice, after each reconnect (notices are lost while disconnected)
and every `interval` as a safety net, it runs the same "ids above last_id" query.
Sequence ids in PostgreSQL are not assigned in commit order: transaction A takes
id 10, B takes 11 and commits first, a reader sees 11 and moves past 10 before A
commits. Storage prevents that for the app's own writes (appending takes an
advisory lock held to commit), and the follower also re-reads a window of
WINDOW ids below `last_id`, handing over only ids it has not handed yet, so a
row committed late by any other writer is still delivered.
A Redis follower would read a Redis stream (XREAD BLOCK from the last id) that
writers append to after committing. Nothing outside this package, storage and
app.py would change.
"""

import asyncio
import contextlib
import logging
import threading
from dataclasses import replace
from typing import Protocol

from starlette.concurrency import run_in_threadpool

from ..core.cutoff import CONTROL_PREFIX
from ..storage.interfaces import EventNotices, Repositories, Row, Store
from .audience import Audiences, as_event
from .broker import Broker, Event

log = logging.getLogger("discussion_api")
BATCH = 500
# PgEventFollower: how far below last_id it looks for rows committed out of id order.
WINDOW = 100


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
            events, more = await run_in_threadpool(self._read_new)
            if any(event.audience is None and self.broker.listening(event.topic) for event in events):
                # A stream subscribed to one of these topics while the batch was read.
                events = await run_in_threadpool(self._decide, events)
            for event in events:
                self._hand_over(event)
                self._handed(event.id)
            if not more:
                return

    def _read_new(self) -> tuple[list[Event], bool]:
        """Events not handed over yet, and whether a full batch was read (read again)."""
        db = self.store.read()
        rows = db.event_feed.after(self._last_id, BATCH)
        return self._events(db, rows), len(rows) == BATCH

    def _events(self, db: Repositories, rows: list[Row]) -> list[Event]:
        """The rows as events, deciding an audience only where a stream of this process
        listens to the topic: each decision reads the objects an event names, and every
        process reads every event, most of them for topics no one here follows."""
        audiences = Audiences(db)
        return [
            audiences.event(row) if self.broker.listening(row["topic"]) else as_event(row) for row in rows
        ]

    def _decide(self, events: list[Event]) -> list[Event]:
        audiences = Audiences(self.store.read())
        return [
            replace(event, audience=audiences.of(event.type, event.payload))
            if event.audience is None
            else event
            for event in events
        ]

    def _handed(self, event_id: int) -> None:
        self._last_id = event_id

    def _hand_over(self, event: Event) -> None:
        if event.topic.startswith(CONTROL_PREFIX):
            if "member_id" in event.payload:
                self.broker.end_member(event.payload["member_id"], "access_ended")
            else:
                self.broker.end_session(event.payload["session_id"], "signed_out")
            return
        self.broker.publish(event)


class PgEventFollower(PollingEventFollower):
    """Follows the events log on PostgreSQL: woken by LISTEN/NOTIFY, polling every
    `interval` as a safety net, re-reading a window below `last_id` (see above)."""

    def __init__(self, store: Store, broker: Broker, notices: EventNotices, interval: float = 1.0):
        super().__init__(store, broker, interval)
        self.notices = notices
        self._recent: set[int] = set()

    async def start(self) -> None:
        await super().start()
        # What is already in the window below the starting point is history (streams replay
        # it from the log), not news: only rows that appear there later are handed over.
        self._recent = await run_in_threadpool(self._present_below, self._last_id)
        loop = asyncio.get_running_loop()
        threading.Thread(target=self._listen, args=(loop,), name="events-listener", daemon=True).start()

    async def stop(self) -> None:
        self.notices.close()
        await super().stop()

    def _listen(self, loop: asyncio.AbstractEventLoop) -> None:
        """On its own thread: every notice (or reconnect) nudges the follower on the loop."""
        while not self._stopping:
            if self.notices.wait(0.5):
                try:
                    loop.call_soon_threadsafe(self.notify)
                except RuntimeError:  # the loop closed while we waited
                    return

    def _present_below(self, last_id: int) -> set[int]:
        rows = self.store.read().event_feed.after(max(0, last_id - WINDOW), WINDOW)
        return {row["id"] for row in rows if row["id"] <= last_id}

    def _read_new(self) -> tuple[list[Event], bool]:
        db = self.store.read()
        rows = db.event_feed.after(max(0, self._last_id - WINDOW), BATCH)
        return self._events(db, [row for row in rows if row["id"] not in self._recent]), len(rows) == BATCH

    def _handed(self, event_id: int) -> None:
        self._recent.add(event_id)
        self._last_id = max(self._last_id, event_id)
        if len(self._recent) > 2 * WINDOW:
            floor = self._last_id - WINDOW
            self._recent = {seen for seen in self._recent if seen > floor}
