"""In-process fan-out of events-log entries to the open event streams of this process.

Each stream holds one `Subscription`: a small bounded buffer it drains at its own
pace. Publishing never waits: a subscriber whose buffer is full is ended ("too
slow") so one stuck client cannot hold back the others or grow without bound.
The broker knows nothing of the database; the follower feeds it (see follower.py).
"""

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..core.policy import Audience, Viewer, may_receive

QUEUE_LIMIT = 64


@dataclass(frozen=True)
class Event:
    """One row of the events log on its way to subscribers."""

    id: int
    topic: str
    type: str
    payload: dict[str, Any]
    created_at: str
    # None when no stream of this process listened to the topic as the event was read:
    # deciding it would read the objects it names for no one (follower.py).
    audience: Audience | None

    @cached_property
    def frame(self) -> bytes:
        """The SSE frame, encoded once however many subscribers receive it."""
        data = json.dumps(
            {
                "id": self.id,
                "topic": self.topic,
                "type": self.type,
                "payload": self.payload,
                "created_at": self.created_at,
            },
            separators=(",", ":"),
        )
        return f"id: {self.id}\ndata: {data}\n\n".encode()


class StreamEnded(Exception):
    """Raised by `Subscription.next` once the stream must close; `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class TooManyStreams(Exception):
    """The member already holds the maximum number of streams: in this process (the
    broker), or in every process on the database (stream_cap.py)."""


@dataclass(eq=False)
class Subscription:
    # Refreshed by the stream's periodic session check, so a demotion takes effect.
    viewer: Viewer
    session_id: int
    topics: frozenset[str]
    limit: int = QUEUE_LIMIT
    ended: str | None = None
    _pending: deque[Event] = field(default_factory=deque)
    _waiter: asyncio.Future[None] | None = None

    @property
    def member_id(self) -> int:
        return self.viewer.id

    def may_receive(self, event: Event) -> bool:
        # An undecided audience is no one's: the follower decides it before any stream of
        # its topic is handed the event, so this only closes the door should that fail.
        return event.audience is not None and may_receive(self.viewer, event.audience)

    def deliver(self, event: Event) -> bool:
        """Buffer `event`; False when the buffer is full."""
        if len(self._pending) >= self.limit:
            return False
        self._pending.append(event)
        self._wake()
        return True

    def end(self, reason: str) -> None:
        if self.ended is None:
            self.ended = reason
            self._wake()

    async def next(self, timeout: float) -> Event | None:
        """The next event, or None after `timeout` seconds of quiet (time for a heartbeat)."""
        if not self._pending and self.ended is None:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await asyncio.wait_for(self._waiter, timeout)
            except TimeoutError:
                return None
            finally:
                self._waiter = None
        if self.ended is not None:
            raise StreamEnded(self.ended)
        return self._pending.popleft()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)


class Broker:
    def __init__(self, streams_per_member: int, queue_limit: int = QUEUE_LIMIT):
        self.streams_per_member = streams_per_member
        self.queue_limit = queue_limit
        self._by_topic: dict[str, set[Subscription]] = {}
        self._by_member: dict[int, set[Subscription]] = {}
        self.closed: str | None = None

    def subscribe(self, viewer: Viewer, session_id: int, topics: frozenset[str]) -> Subscription:
        """Raises TooManyStreams at the member's cap, StreamEnded once the broker is closed."""
        if self.closed is not None:
            raise StreamEnded(self.closed)
        held = self._by_member.setdefault(viewer.id, set())
        if len(held) >= self.streams_per_member:
            raise TooManyStreams
        subscription = Subscription(viewer, session_id, topics, self.queue_limit)
        held.add(subscription)
        for topic in topics:
            self._by_topic.setdefault(topic, set()).add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        subscription.end("closed")
        self._discard(self._by_member, subscription.member_id, subscription)
        for topic in subscription.topics:
            self._discard(self._by_topic, topic, subscription)

    def listening(self, topic: str) -> bool:
        """Whether a stream of this process subscribes to `topic`."""
        return topic in self._by_topic

    def publish(self, event: Event) -> None:
        for subscription in list(self._by_topic.get(event.topic, ())):
            if subscription.may_receive(event) and not subscription.deliver(event):
                subscription.end("too_slow")
                self.unsubscribe(subscription)

    def end_member(self, member_id: int, reason: str) -> None:
        for subscription in list(self._by_member.get(member_id, ())):
            subscription.end(reason)
            self.unsubscribe(subscription)

    def end_session(self, session_id: int, reason: str) -> None:
        for held in list(self._by_member.values()):
            for subscription in list(held):
                if subscription.session_id == session_id:
                    subscription.end(reason)
                    self.unsubscribe(subscription)

    def close(self, reason: str) -> None:
        """End every stream and refuse new ones (the server is shutting down)."""
        self.closed = reason
        for held in list(self._by_member.values()):
            for subscription in list(held):
                subscription.end(reason)
                self.unsubscribe(subscription)

    def stream_count(self) -> int:
        return sum(len(held) for held in self._by_member.values())

    @staticmethod
    def _discard(index: dict[Any, set[Subscription]], key: Any, subscription: Subscription) -> None:
        held = index.get(key)
        if held is not None:
            held.discard(subscription)
            if not held:
                del index[key]
