"""Ending open event streams as soon as the server starts shutting down.

uvicorn waits for open connections to finish *before* it runs the lifespan's
shutdown, so a lifespan hook alone would leave every event stream (and the
shutdown) hanging. uvicorn's signal handler is a method of its `Server`; from it
we read `should_exit`, the flag the signal sets, and end the streams when it
flips. Read-only: uvicorn's own handling of the signal is untouched. Under other
servers (or uvicorn in a thread, which installs no handler) this finds nothing
and the lifespan's shutdown ends the streams instead.
"""

import asyncio
import signal
from typing import Any

from .broker import Broker

CHECK_EVERY = 0.1


def running_uvicorn_server() -> Any | None:
    server = getattr(signal.getsignal(signal.SIGTERM), "__self__", None)
    return server if hasattr(server, "should_exit") else None


async def end_streams_on_exit(broker: Broker) -> None:
    """Wait (forever, if need be) for uvicorn to start shutting down; then end all streams."""
    server = running_uvicorn_server()
    if server is None:
        return
    while not server.should_exit:
        await asyncio.sleep(CHECK_EVERY)
    broker.close("server_shutdown")
