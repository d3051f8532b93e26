"""Requests that write run on threads of their own (SCN_WRITE_THREADS): reads that take
every request thread do not hold up a reply."""

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from anyio.to_thread import current_default_thread_limiter

from .conftest import Forum, served


@pytest.fixture
def forum(tmp_path: Path, database: dict[str, str]) -> Iterator[Forum]:
    """One request thread, two write threads."""
    with served(tmp_path, database, SCN_WORKER_THREADS="1", SCN_WRITE_THREADS="2") as forum:
        yield forum


async def take_the_request_threads(release: threading.Event) -> None:
    """Hold every token of the request threads' limiter, as slow reads would."""
    limiter = current_default_thread_limiter()
    await limiter.acquire()
    try:
        while not release.is_set():
            await asyncio.sleep(0.01)
    finally:
        limiter.release()


def test_a_reply_goes_through_while_reads_hold_every_request_thread(forum: Forum) -> None:
    server = forum.server
    alice = forum.member("Alice")
    thread = alice.start_thread()["thread"]
    release = threading.Event()
    held = server.submit(take_the_request_threads(release))
    try:
        with pytest.raises(httpx.ReadTimeout):  # reads now wait: the request threads are taken
            httpx.get(f"{server.url}/api/v1/threads/{thread['id']}", cookies=alice.client.cookies, timeout=1)
        reply = alice.post(f"/threads/{thread['id']}/posts", {"body": "Screened at triage and every shift."})
        assert reply.status_code == 201, reply.text
    finally:
        release.set()
        held.result(5)
    assert alice.get(f"/threads/{thread['id']}").status_code == 200
