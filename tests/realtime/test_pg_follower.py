"""PostgreSQL's follower: woken by NOTIFY from any process, never skipping a row that
commits out of id order, and catching up after its listening connection breaks."""

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest

from discussion_api.realtime.broker import Event
from discussion_api.realtime.follower import PgEventFollower
from discussion_api.storage.postgres.database import PgStore
from discussion_api.storage.postgres.notices import PgEventNotices

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# Long enough that only a notice (or a reconnect) can explain a prompt delivery.
SAFETY_POLL = 60.0


class Recorder:
    """A broker that records what it is handed."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    def listening(self, topic: str) -> bool:
        return True  # as if a stream followed every topic, so every audience is decided

    def publish(self, event: Event) -> None:
        self.ids.append(event.id)


@pytest.fixture
def url(postgres: Any) -> Iterator[str]:
    url = postgres.database()
    yield url
    postgres.drop(url)


def append(url: str, topic: str = "thread:1") -> None:
    """An event written by another process: its own store, its own connection."""
    store = PgStore(url, pool_size=1)
    with store.write() as db:
        db.events.append([topic], "post.created", {"thread_id": 1, "post_id": 1}, NOW)
    store.close()


async def until(condition: Any, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        await asyncio.sleep(0.02)


def follow(url: str, scenario: Any, interval: float = SAFETY_POLL) -> None:
    async def run() -> None:
        store = PgStore(url)
        recorder = Recorder()
        follower = PgEventFollower(store, recorder, PgEventNotices(url), interval)  # type: ignore[arg-type]
        await follower.start()
        try:
            await scenario(follower, recorder)
        finally:
            await follower.stop()
            store.close()

    asyncio.run(run())


def test_a_commit_in_another_process_wakes_the_follower(url: str) -> None:
    async def scenario(follower: PgEventFollower, recorder: Recorder) -> None:
        await asyncio.sleep(0.3)  # listening
        await asyncio.to_thread(append, url)
        await until(lambda: len(recorder.ids) == 1, timeout=3)

    follow(url, scenario)


def test_a_row_committed_after_a_higher_id_is_still_handed_over_once(url: str) -> None:
    """Sequence ids are not commit order: a writer outside the app's events lock takes an
    id, another commits a higher one, and only then does the first commit."""

    async def scenario(follower: PgEventFollower, recorder: Recorder) -> None:
        late = psycopg.connect(url)
        (late_id,) = late.execute(
            "INSERT INTO events (topic, type, payload, created_at)"
            " VALUES ('thread:1', 'post.created', '{}', '2026-03-01T09:00:00.000000+00:00') RETURNING id"
        ).fetchone()
        await asyncio.to_thread(append, url)
        await until(lambda: len(recorder.ids) == 1)
        assert recorder.ids[0] > late_id
        late.commit()
        late.close()
        await asyncio.to_thread(append, url)  # the next wake-up looks below last_id too
        await until(lambda: len(recorder.ids) == 3)
        assert sorted(recorder.ids) == sorted(set(recorder.ids))
        assert late_id in recorder.ids

    follow(url, scenario)


def test_after_its_connection_breaks_the_follower_reconnects_and_catches_up(url: str) -> None:
    async def scenario(follower: PgEventFollower, recorder: Recorder) -> None:
        await asyncio.sleep(0.3)
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE query LIKE 'LISTEN%%' AND pid <> pg_backend_pid()"
            )
        # Written while nobody listens: the notice is lost, the re-read after reconnecting is not.
        await asyncio.to_thread(append, url)
        await until(lambda: len(recorder.ids) == 1, timeout=5)

    follow(url, scenario)


def test_the_app_hands_out_event_ids_in_commit_order(url: str) -> None:
    """A second appender waits for the first to commit (SQLite's one writer, made explicit)."""
    store = PgStore(url)
    second_done = threading.Event()

    def second() -> None:
        with store.write() as db:
            db.events.append(["thread:2"], "post.created", {"thread_id": 2, "post_id": 2}, NOW)
        second_done.set()

    with store.write() as db:
        db.events.append(["thread:1"], "post.created", {"thread_id": 1, "post_id": 1}, NOW)
        thread = threading.Thread(target=second)
        thread.start()
        assert not second_done.wait(0.5), "a second appender went ahead of an open transaction"
    thread.join(5)
    assert second_done.is_set()
    rows = store.read().event_feed.after(0, 10)
    assert [row["topic"] for row in rows] == ["thread:1", "thread:2"]
    store.close()


def test_events_from_before_the_start_are_history_not_news(url: str) -> None:
    append(url)
    append(url)

    async def scenario(follower: PgEventFollower, recorder: Recorder) -> None:
        assert follower.last_id == 2
        await asyncio.to_thread(append, url)
        await until(lambda: recorder.ids == [3])
        await asyncio.sleep(0.2)
        assert recorder.ids == [3]

    follow(url, scenario)
