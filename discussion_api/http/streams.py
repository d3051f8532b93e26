"""GET /api/v1/events: the live forum as Server-Sent Events, for approved members.

Authorisation happens three times. At subscribe: the viewer is an approved
member (Access.MEMBER), every thread or category topic is visible to them, and
`member:<id>` is their own. At replay and at every fan-out: an event reaches
them only if its audience (audience.py) includes them as they are now. And for
the life of the stream: sign-out, suspension, password reset and role changes
end it at once through the events log (cutoff.py), in whichever process holds
it; the session itself is checked again at every heartbeat (expiry).

Replay: `since` (or the Last-Event-ID header a reconnecting EventSource sends)
replays the missed events of the requested topics, up to REPLAY_LIMIT; beyond
that the stream says `stream.reset` and the client reloads what it shows.
"""

import asyncio
import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ..core import forum
from ..core.policy import Rank
from ..realtime.audience import Audiences
from ..realtime.broker import StreamEnded, Subscription, TooManyStreams
from ..storage.interfaces import Store
from .endpoints import LARGEST_ID, Access, Call, Endpoint
from .errors import ApiError
from .runtime import Runtime
from .sessions import resolve_caller

TOPIC = re.compile(r"(thread|category|member):([1-9][0-9]{0,17})")
MAX_TOPICS = 20
# What the document promises is accepted (the server also forgives spaces and repeats).
TOPICS_PATTERN = f"^{TOPIC.pattern}(,{TOPIC.pattern}){{0,{MAX_TOPICS - 1}}}$"
REPLAY_LIMIT = 500
# A client that cannot take one frame in this long is dropped (its connection closed).
WRITE_TIMEOUT = 10.0
RETRY_MS = 2000
HEARTBEAT = b": heartbeat\n\n"


class EventsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topics: str = Field(
        min_length=1,
        max_length=800,
        json_schema_extra={"pattern": TOPICS_PATTERN},
        description="Comma-separated: `thread:<id>`, `category:<id>`, and `member:<your id>` "
        f"for your own notifications; at most {MAX_TOPICS}.",
    )
    since: int | None = Field(
        default=None,
        ge=0,
        le=LARGEST_ID,
        description="Replay events after this id (a new EventSource forgets its "
        "Last-Event-ID, so reconnect with ?since=). The header is honoured too.",
    )


class StreamMessage(BaseModel):
    """The JSON of each `data:` line.

    Events-log entries carry their id (also the SSE `id:` line), topic, type and a
    payload of ids only. Messages about the stream itself have no id or topic:
    `stream.open` (payload `last_event_id`: you are up to date to here),
    `stream.reset` (too much was missed: reload, then carry on),
    `stream.ended` (payload `reason`: signed_out, access_ended, session_ended,
    too_slow, server_shutdown). Comment lines `: heartbeat` keep proxies open.
    """

    id: int | None = None
    topic: str | None = None
    type: str
    payload: dict[str, Any]
    created_at: str | None = None


def _message(message_type: str, event_id: int | None = None, **payload: Any) -> bytes:
    data = json.dumps({"type": message_type, "payload": payload}, separators=(",", ":"))
    id_line = f"id: {event_id}\nretry: {RETRY_MS}\n" if event_id is not None else ""
    return f"{id_line}data: {data}\n\n".encode()


def _topics(call: Call) -> frozenset[str]:
    """The requested topics, each one the member may follow (else 422, 403 or 404)."""
    requested = {topic.strip() for topic in call.query.topics.split(",") if topic.strip()}
    if not requested or len(requested) > MAX_TOPICS:
        raise ApiError(422, "invalid", f"Give between 1 and {MAX_TOPICS} topics.", "topics")
    db = call.read()
    for topic in requested:
        match = TOPIC.fullmatch(topic)
        if match is None:
            raise ApiError(
                422, "invalid", "Topics are thread:<id>, category:<id> or member:<your id>.", "topics"
            )
        kind, subject = match.group(1), int(match.group(2))
        if kind == "thread":
            forum.visible_thread(db, call.viewer, subject)
        elif kind == "category":
            forum.visible_category(db, call.viewer, subject)
        elif subject != call.member.id:
            raise ApiError(403, "not_your_topic", "You may follow only your own member topic.", "topics")
    return frozenset(requested)


def _since(call: Call) -> int | None:
    """The later of ?since= and Last-Event-ID: the client has seen everything up to it."""
    header = call.request.headers.get("last-event-id")
    if header is not None and not re.fullmatch(r"[0-9]{1,18}", header.strip()):
        raise ApiError(422, "invalid", "Last-Event-ID must be an event id.", "Last-Event-ID")
    marks = [mark for mark in (call.query.since, header and int(header)) if mark is not None]
    return max(marks) if marks else None


def _replay(store: Store, subscription: Subscription, since: int, baseline: int) -> list[bytes]:
    """Frames of the events after `since` up to `baseline` that the member may see now."""
    db = store.read()
    rows = [
        row
        for row in db.events.since(sorted(subscription.topics), since, REPLAY_LIMIT + 1)
        if row["id"] <= baseline
    ]
    if len(rows) > REPLAY_LIMIT:
        return [_message("stream.reset")]
    audiences = Audiences(db)
    events = (audiences.event(row) for row in rows)
    return [event.frame for event in events if subscription.may_receive(event)]


async def open_stream(call: Call) -> Response:
    runtime = call.runtime
    assert call.caller.session_id is not None
    topics = await run_in_threadpool(_topics, call)
    since = _since(call)
    try:
        # The cap across app servers (stream_cap.py), then this process's own (the broker).
        lease = await runtime.stream_cap.claim(call.member.id)
    except TooManyStreams:
        raise _too_many_streams(runtime) from None
    try:
        # Read the follower's position and subscribe in one tick: every event up to
        # `baseline` is in the log for replay, every later one will come from the broker.
        baseline = runtime.follower.last_id
        try:
            subscription = runtime.broker.subscribe(call.viewer, call.caller.session_id, topics)
        except TooManyStreams:
            raise _too_many_streams(runtime) from None
        except StreamEnded:
            raise ApiError(
                503,
                "shutting_down",
                "The server is restarting; reconnect shortly.",
                headers={"Retry-After": "2"},
            ) from None
        try:
            replayed = (
                []
                if since is None
                else await run_in_threadpool(_replay, runtime.store, subscription, since, baseline)
            )
        except BaseException:
            runtime.broker.unsubscribe(subscription)
            raise
    except BaseException:
        await runtime.stream_cap.release(lease)
        raise
    up_to = max(baseline, since or 0)
    opening = [*replayed, _message("stream.open", up_to, last_event_id=up_to)]
    cookie = runtime.settings.session_cookie
    return EventStream(
        runtime, subscription, lease, opening, up_to, {cookie: call.request.cookies.get(cookie, "")}
    )


def _too_many_streams(runtime: Runtime) -> ApiError:
    return ApiError(
        429,
        "too_many_streams",
        f"At most {runtime.broker.streams_per_member} live streams per member; close another tab.",
        headers={"Retry-After": "15"},
    )


class EventStream(Response):
    """The streaming response: replayed frames, then live events and heartbeats."""

    media_type = "text/event-stream"

    def __init__(
        self,
        runtime: Runtime,
        subscription: Subscription,
        lease: int | None,
        opening: list[bytes],
        last_sent: int,
        cookies: dict[str, str],
    ):
        self.status_code = 200
        self.background = None
        self.init_headers({"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
        self.runtime = runtime
        self.subscription = subscription
        self.lease = lease
        self.opening = opening
        self.last_sent = last_sent
        self.cookies = cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        watcher = asyncio.create_task(self._notice_disconnect(receive))
        try:
            await send(
                {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
            )
            for frame in self.opening:
                await self._write(send, frame)
            try:
                await self._stream_live(send)
            except StreamEnded as ended:
                if ended.reason != "client_gone":
                    await self._write(send, _message("stream.ended", reason=ended.reason))
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except (OSError, TimeoutError):
            pass  # the client went away, or could not take a frame in WRITE_TIMEOUT
        finally:
            watcher.cancel()
            self.runtime.broker.unsubscribe(self.subscription)
            await self.runtime.stream_cap.release(self.lease)

    async def _stream_live(self, send: Send) -> None:
        loop = asyncio.get_running_loop()
        heartbeat = self.runtime.settings.stream_heartbeat
        next_check = loop.time() + heartbeat
        while True:
            if loop.time() >= next_check:
                await self._recheck_session()
                await self._write(send, HEARTBEAT)
                next_check = loop.time() + heartbeat
                continue
            event = await self.subscription.next(next_check - loop.time())
            if event is not None and event.id > self.last_sent:
                await self._write(send, event.frame)
                self.last_sent = event.id

    async def _recheck_session(self) -> None:
        """End the stream if its session has ended or expired, or the member lost access."""
        caller = await run_in_threadpool(resolve_caller, self.runtime, self.cookies)
        viewer = caller.viewer(self.runtime.clock())
        if caller.session_id != self.subscription.session_id or viewer.rank < Rank.MEMBER:
            self.subscription.end("session_ended")
            raise StreamEnded("session_ended")
        self.subscription.viewer = viewer

    async def _write(self, send: Send, frame: bytes) -> None:
        async with asyncio.timeout(WRITE_TIMEOUT):
            await send({"type": "http.response.body", "body": frame, "more_body": True})

    async def _notice_disconnect(self, receive: Receive) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        self.subscription.end("client_gone")


routes = (
    Endpoint(
        "GET",
        "/events",
        open_stream,
        Access.MEMBER,
        "Live forum events (Server-Sent Events) on the topics you follow, replaying "
        "what you missed since an event id.",
        query=EventsQuery,
        response=StreamMessage,
        media_type="text/event-stream",
        errors=(404, 429, 503),
    ),
)
