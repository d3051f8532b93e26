"""Requests that write run on threads of their own (SCN_WRITE_THREADS): reads that take
every request thread do not hold up a reply, and writers waiting together share a
commit (storage/sqlite/group_commit.py)."""

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import behind_the_app
import httpx
import pytest
from harness import FAST_HASHER, free_port, seed_member

from discussion_api.app import create_app
from discussion_api.config import load_settings

from .harness import SECRET_KEY, Member, ThreadedServer


@pytest.fixture
def server(tmp_path: Path, database: dict[str, str]) -> Iterator[ThreadedServer]:
    port = free_port()
    settings = load_settings(
        {
            "SCN_DATA_DIR": str(tmp_path / "var"),
            "SCN_SITE_DIR": str(tmp_path / "no-site"),
            "SCN_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "SCN_SECRET_KEY": SECRET_KEY,
            "SCN_WORKER_THREADS": "1",
            "SCN_WRITE_THREADS": "2",
            **database,
        }
    )
    if settings.database_url:
        behind_the_app.register_postgres(settings.database, settings.database_url)
    with ThreadedServer(create_app(settings, password_hasher=FAST_HASHER), port) as served:
        yield served


async def take_the_request_threads(release: threading.Event) -> None:
    """Hold every token of the request threads' limiter, as slow reads would."""
    from anyio.to_thread import current_default_thread_limiter

    limiter = current_default_thread_limiter()
    await limiter.acquire()
    try:
        while not release.is_set():
            await asyncio.sleep(0.01)
    finally:
        limiter.release()


def test_a_reply_goes_through_while_reads_hold_every_request_thread(server: ThreadedServer) -> None:
    _, email = seed_member(server.app.state.runtime.settings.database, "Alice")
    alice = Member.sign_in(server.url, email)
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
