"""SQLite beside PostgreSQL: thread read, post creation and search, on one `scn serve` process and on three.

Each backend gets three `scn serve` processes on one database: for SQLite, one file
(as `--workers 3` shares it on one machine); for PostgreSQL, one database on a
throwaway server this benchmark starts (bench/postgres_server.py, as the test
session does). "One process" sends every request to the first of them (the other
two still follow the events log, as idle machines do); "three processes" spreads
them over all three, as a load balancer would. CLIENTS clients
send requests at once, each one at a time; the four set-ups take turns in short
rounds, the order rotated every round, so whatever else the machine does falls on
all alike. Each PostgreSQL figure is printed beside the SQLite one of the same round.

There is no target: this is for choosing a backend, and the figures depend on
the machine (on a 2-core machine three processes cannot beat one by much).
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .figures import Figure, informational, percentile
from .postgres_server import PostgresServer, find_bindir
from .service import Browser, Service

PROCESSES = 3
CLIENTS = 6
THREAD_POSTS = 50
SEARCH_THREADS, SEARCH_REPLIES = 10, 19  # 200 posts to search
ROUNDS, REQUESTS_PER_ROUND = 20, 4  # per client, per operation, per set-up
TIME_LIMIT = 120.0  # seconds of measuring, after setup; rounds stop early past it
SEARCH = "lactate redraw"
BACKENDS = ("SQLite", "PostgreSQL")
SHAPES = ("1 process", f"{PROCESSES} processes")


@dataclass
class Operation:
    """One kind of request, what it answers when it works, and what was measured."""

    name: str
    send: Callable[[Browser], httpx.Response]
    expected: int
    latencies: list[float] = field(default_factory=list)
    busy: float = 0.0  # seconds of wall-clock spent on it, all clients at once

    def throughput(self) -> float:
        return len(self.latencies) / self.busy if self.busy else 0.0


@dataclass
class Setup:
    """One backend served by some of its processes, with a signed-in browser per client."""

    backend: str
    shape: str
    browsers: list[Browser]
    operations: list[Operation]

    def take_turn(self) -> None:
        for operation in self.operations:
            started = time.perf_counter()
            failures: list[str] = []
            workers = [
                threading.Thread(target=_client, args=(browser, operation, failures))
                for browser in self.browsers
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            operation.busy += time.perf_counter() - started
            if failures:
                raise RuntimeError(f"{self.backend}, {self.shape}, {operation.name}: {failures[0]}")


def _client(browser: Browser, operation: Operation, failures: list[str]) -> None:
    for _ in range(REQUESTS_PER_ROUND):
        started = time.perf_counter()
        response = operation.send(browser)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != operation.expected:
            failures.append(f"{response.status_code} {response.text[:200]}")
            return
        operation.latencies.append(elapsed)  # list.append is atomic: no lock needed


@contextmanager
def _served(folder: Path, backend: str, server: PostgresServer) -> Iterator[list[Service]]:
    """PROCESSES `scn serve` processes on one database of `backend`."""
    env = {} if backend == "SQLite" else {"SCN_DATABASE_URL": server.database()}
    with ExitStack() as stack:
        # One data folder: for SQLite, one file shared by every process.
        yield [stack.enter_context(Service(folder / backend, **env)) for _ in range(PROCESSES)]


def _seed(admin: Browser) -> tuple[int, int]:
    """A thread of THREAD_POSTS posts to read, SEARCH_THREADS threads to search, and a
    thread to reply to; returns (thread to read, thread to reply to)."""
    read_thread = admin.thread_with_posts("A thread of fifty posts", THREAD_POSTS)
    for n in range(SEARCH_THREADS):
        thread_id = admin.start_thread(f"Sepsis screening question {n}", "Lactate redraw timing at our ED.")
        for m in range(SEARCH_REPLIES):
            body = f"Reply {m}: we redraw lactate at {m % 4 + 1} hours when the first is above 2 mmol/L."
            if admin.reply(thread_id, body).status_code != 201:
                raise RuntimeError("seeding the search corpus failed")
    return read_thread, admin.start_thread("Replies, timed")


def _setups(backend: str, services: list[Service]) -> list[Setup]:
    admin = services[0].admin()
    read_thread, write_thread = _seed(admin)
    setups = []
    for shape, serving in zip(SHAPES, (services[:1], services), strict=True):
        # Clients share the admin's session (sessions live in the database, so any process
        # knows it); client n talks to process n mod the processes serving.
        browsers = [
            Browser.with_session(serving[n % len(serving)].url, admin.session_token) for n in range(CLIENTS)
        ]
        operations = [
            Operation(
                f"thread read, {THREAD_POSTS} posts",
                lambda b: b.client.get(f"/api/v1/threads/{read_thread}"),
                200,
            ),
            Operation("post creation", lambda b: b.reply(write_thread, "A reply, timed."), 201),
            Operation(
                f"search ({SEARCH_THREADS * (SEARCH_REPLIES + 1)} posts)",
                lambda b: b.get("/search", q=SEARCH),
                200,
            ),
        ]
        setups.append(Setup(backend, shape, browsers, operations))
    admin.close()
    return setups


def _side_by_side(sqlite: Setup, postgres: Setup) -> list[Figure]:
    figures = []
    for mine, theirs in zip(postgres.operations, sqlite.operations, strict=True):
        name = f"{mine.name}, {postgres.shape}: PostgreSQL"
        for q in (50, 95):
            figures.append(
                informational(
                    f"{name} p{q}",
                    percentile(mine.latencies, q),
                    "ms",
                    f"SQLite: {percentile(theirs.latencies, q):.2f} ms",
                )
            )
        figures.append(
            informational(
                f"{name} throughput", mine.throughput(), "req/s", f"SQLite: {theirs.throughput():.1f} req/s"
            )
        )
    return figures


def run() -> list[Figure]:
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(
            "no PostgreSQL server programs (initdb, pg_ctl, postgres): apt-get install postgresql"
        )
    server = PostgresServer(bindir).start()
    try:
        with ExitStack() as stack:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="scn-backends-bench-")))
            setups = {
                backend: _setups(backend, stack.enter_context(_served(folder, backend, server)))
                for backend in BACKENDS
            }
            every = [setup for backend in BACKENDS for setup in setups[backend]]
            for setup in every:  # warm-up: connections, caches, the first query plans
                setup.take_turn()
                for operation in setup.operations:
                    operation.latencies.clear()
                    operation.busy = 0.0
            deadline = time.monotonic() + TIME_LIMIT
            for n in range(ROUNDS):
                for setup in every[n % len(every) :] + every[: n % len(every)]:
                    setup.take_turn()
                if time.monotonic() > deadline:
                    print(f"  time limit reached after {n + 1} of {ROUNDS} rounds")
                    break
            for setup in every:
                for browser in setup.browsers:
                    browser.close()
    finally:
        server.stop()
    sqlite, postgres = setups["SQLite"], setups["PostgreSQL"]
    print(f"  {CLIENTS} clients at once; every PostgreSQL figure beside SQLite's")
    return [figure for pair in zip(sqlite, postgres, strict=True) for figure in _side_by_side(*pair)]


if __name__ == "__main__":
    for figure in run():
        print(figure)
