"""Ending event streams when uvicorn starts shutting down, found through its SIGTERM handler.

(tests/realtime/test_processes.py checks the same with a real `scn serve` process.)
"""

import asyncio
import signal
from collections.abc import Iterator

import pytest

from discussion_api.realtime.broker import Broker
from discussion_api.realtime.shutdown import end_streams_on_exit, running_uvicorn_server

from .test_broker import viewer


class FakeServer:
    """What uvicorn's Server offers here: a signal handler method and the flag it sets."""

    def __init__(self) -> None:
        self.should_exit = False

    def handle_exit(self, sig: int, frame: object) -> None:
        self.should_exit = True


@pytest.fixture
def sigterm() -> Iterator[None]:
    previous = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, previous)


def test_a_server_is_found_only_through_a_handler_that_has_the_exit_flag(sigterm: None) -> None:
    server = FakeServer()
    signal.signal(signal.SIGTERM, server.handle_exit)
    assert running_uvicorn_server() is server
    signal.signal(signal.SIGTERM, lambda sig, frame: None)
    assert running_uvicorn_server() is None
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    assert running_uvicorn_server() is None


def test_streams_end_when_the_exit_flag_flips(sigterm: None) -> None:
    server = FakeServer()
    signal.signal(signal.SIGTERM, server.handle_exit)
    broker = Broker(streams_per_member=5)
    stream = broker.subscribe(viewer(1), 10, frozenset({"thread:1"}))

    async def scenario() -> None:
        watch = asyncio.create_task(end_streams_on_exit(broker))
        await asyncio.sleep(0.25)
        assert stream.ended is None and not watch.done()
        server.should_exit = True
        await asyncio.wait_for(watch, 2)

    asyncio.run(scenario())
    assert stream.ended == "server_shutdown"
