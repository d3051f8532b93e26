"""`scn serve --workers N`: N server processes on one address, each accepting its own
share of new connections.

uvicorn's multi-worker mode binds one socket in the parent and hands it to every
worker. Each worker's event loop, when it wakes for that socket, accepts every
connection waiting (up to the backlog), so a burst of new connections lands on
whichever worker woke first: 32 clients connecting at once were split 31 to 1, and
because they keep their connections alive, one core did the work of two while the
other idled. Here each worker listens on a socket of its own, bound with
SO_REUSEPORT, and the kernel spreads new connections across the workers by a hash
of each client's address and port.

The parent binds the address first, with the same option, so a port already in use
fails at once with one line; it never listens on it, so no connection reaches it.
It starts the workers, starts a new one when a worker dies, and on SIGTERM or
SIGINT passes SIGTERM on and waits while each worker shuts down gracefully
(uvicorn's: stop accepting, let event streams close within the grace period,
finish requests in flight).
"""

import logging
import multiprocessing
import signal
import socket
import sys
import threading
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE

log = logging.getLogger("discussion_api")
# How often the parent looks for a worker that died.
WATCH_SECONDS = 0.5
# How long a worker may take to shut down gracefully before it is killed.
SHUTDOWN_SECONDS = 30.0


class WorkerFailedToStart(Exception):
    """A worker could not start (say, the database cannot be opened); starting it again
    would fail the same way."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to the address with SO_REUSEPORT: every worker binds one, and the
    kernel balances new connections across those that listen."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _worker(options: dict[str, Any]) -> None:
    """One worker process: uvicorn with the given options on a socket of its own. A worker
    that never started serving (the app failed to load, or its startup failed) exits with
    STARTUP_FAILURE, which the parent does not answer by starting another."""
    config = uvicorn.Config(**options)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[listening_socket(config.host, config.port)])
    finally:
        if not server.started:
            sys.exit(STARTUP_FAILURE)


def serve(options: dict[str, Any], workers: int) -> None:
    """Run `workers` processes of `uvicorn.Config(**options)` until SIGTERM or SIGINT;
    raises OSError if the address is taken, WorkerFailedToStart if a worker cannot start."""
    reserved = listening_socket(options["host"], options["port"])
    stop = threading.Event()
    previous = {
        signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGTERM, signal.SIGINT)
    }
    context = multiprocessing.get_context("spawn")

    def start() -> BaseProcess:
        process = context.Process(target=_worker, args=(options,), name="scn-worker")
        process.start()
        return process

    processes = [start() for _ in range(workers)]
    try:
        while not stop.wait(WATCH_SECONDS):
            for n, process in enumerate(processes):
                if process.is_alive():
                    continue
                if process.exitcode == STARTUP_FAILURE:
                    raise WorkerFailedToStart("a worker process could not start; see the lines above")
                log.warning(
                    "worker process %s ended (exit code %s); starting another", process.pid, process.exitcode
                )
                processes[n] = start()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(SHUTDOWN_SECONDS)
            if process.is_alive():
                process.kill()
                process.join()
        reserved.close()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
