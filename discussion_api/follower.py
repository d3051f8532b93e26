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

`SqliteEventFollower` polls: every `interval` (50 ms by default) one primary-key
range query for ids above `last_id`, on its own connection, in autocommit mode,
so it never holds a read transaction open (that would starve WAL checkpoints).
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
Nothing outside this module and app.py would change.
"""

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .audience import audience
from .broker import Broker, Event
from .cutoff import CONTROL_PREFIX
from .db import connect
from .sessions import API_PREFIX, UNSAFE_METHODS
from .storage import event_feed

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


class SqliteEventFollower:
    def __init__(self, database: Path, broker: Broker, interval: float):
        self.database = database
        self.broker = broker
        self.interval = interval
        self._last_id = 0
        self._db: Database | None = None
        self._nudged: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def last_id(self) -> int:
        return self._last_id

    async def start(self) -> None:
        self._db = connect(self.database)
        self._last_id = event_feed.latest_id(self._db)
        self._nudged = asyncio.Event()
        self._task = asyncio.create_task(self._follow(), name="events-follower")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._db is not None:
            self._db.close()
            self._db = None

    def notify(self) -> None:
        if self._nudged is not None:
            self._nudged.set()

    async def _follow(self) -> None:
        assert self._nudged is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._nudged.wait(), self.interval)
            self._nudged.clear()
            try:
                self.poll()
            except Exception:
                # A failed read (e.g. the disk) must not end following for good.
                log.exception("reading the events log failed; retrying")

    def poll(self) -> None:
        """Hand every event above `last_id` to the broker, oldest first."""
        assert self._db is not None
        while True:
            rows = event_feed.after(self._db, self._last_id, BATCH)
            for row in rows:
                self._hand_over(self._db, row)
                self._last_id = row["id"]
            if len(rows) < BATCH:
                return

    def _hand_over(self, db: Database, row: dict[str, Any]) -> None:
        topic, payload = row["topic"], row["payload"]
        if topic.startswith(CONTROL_PREFIX):
            if "member_id" in payload:
                self.broker.end_member(payload["member_id"], "access_ended")
            else:
                self.broker.end_session(payload["session_id"], "signed_out")
            return
        self.broker.publish(
            Event(
                row["id"], topic, row["type"], payload, row["created_at"], audience(db, row["type"], payload)
            )
        )


class NudgeFollowerMiddleware:
    """After this process answers an unsafe API request, nudge the follower.

    The handler's write transaction has committed before its response starts, so
    the events it appended are readable; requests that wrote nothing cost one
    empty range query.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in UNSAFE_METHODS
            or not scope["path"].startswith(API_PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        follower: EventFollower = scope["app"].state.runtime.follower

        async def send_and_nudge(message: Message) -> None:
            if message["type"] == "http.response.start":
                follower.notify()
            await send(message)

        await self.app(scope, receive, send_and_nudge)
