"""Production shape: two server processes on one SQLite file, each following the events log."""

import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from harness import ServiceProcess, free_port, seed_member

from .harness import SECRET_KEY, Member


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    data_dir = tmp_path / "var"
    ports = free_port(), free_port()
    origins = ",".join(f"http://127.0.0.1:{port}" for port in ports)
    # One key for both, as production configures it (each would otherwise race to create one).
    env = {"SCN_ALLOWED_ORIGINS": origins, "SCN_STREAM_HEARTBEAT_SECONDS": "1", "SCN_SECRET_KEY": SECRET_KEY}
    with ExitStack() as stack:
        yield tuple(
            stack.enter_context(ServiceProcess(data_dir, port, **env))  # type: ignore[misc]
            for port in ports
        )


def test_a_post_through_one_process_reaches_a_subscriber_on_the_other(
    tmp_path: Path, two_processes: tuple[ServiceProcess, ServiceProcess]
) -> None:
    first, second = two_processes
    database = tmp_path / "var" / "network.sqlite3"
    alice = Member.sign_in(first.url, seed_member(database, "Alice")[1])
    bob = Member.sign_in(second.url, seed_member(database, "Bob")[1])
    thread = alice.start_thread()["thread"]
    stream = alice.stream(f"thread:{thread['id']}")  # held by the first process

    # How fast is bench/sse_fanout.py's question; here, that every reply arrives, once.
    posts = [bob.reply(thread["id"], f"reply {n} through the second process")["id"] for n in range(5)]
    for post_id in posts:
        stream.wait_for(
            lambda m, post_id=post_id: (
                m.data["type"] == "post.created" and m.data["payload"]["post_id"] == post_id
            )
        )
    assert [m.data["payload"]["post_id"] for m in stream.events()] == posts

    # Signing out through the second process ends the stream the first one holds.
    assert alice.at(second.url).request("DELETE", "/session").status_code == 204
    ended = stream.wait_for_type("stream.ended", timeout=1)
    assert ended.data["payload"] == {"reason": "signed_out"}
    for member in (alice, bob):
        member.close()


def test_sigterm_ends_open_streams_and_the_process_exits_cleanly(
    tmp_path: Path, two_processes: tuple[ServiceProcess, ServiceProcess]
) -> None:
    first, _ = two_processes
    alice = Member.sign_in(first.url, seed_member(tmp_path / "var" / "network.sqlite3", "Alice")[1])
    stream = alice.stream("category:1")
    stopped = time.monotonic()
    # uvicorn re-raises the signal it handled once shut down, hence -SIGTERM.
    assert first.stop() == -signal.SIGTERM
    assert time.monotonic() - stopped < 3  # not uvicorn's wait for connections to close
    output = first.output()
    assert "Traceback" not in output and "ERROR" not in output, output
    assert stream.wait_for_type("stream.ended", timeout=1).data["payload"] == {"reason": "server_shutdown"}
    alice.close()
