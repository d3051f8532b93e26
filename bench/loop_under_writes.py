"""The event loop under writes: heartbeats and reads while other clients post at full rate.

One `scn serve` process (heartbeat every second) is watched by a subscriber, which
reads an event stream on a quiet thread over a plain socket and notes when each
heartbeat comment arrives, and probed by a reader, which reads a 50-post thread
every 50 ms. Phases without writes (idle) and with writes (writer processes posting
replies to another thread as fast as the service answers) alternate, so the idle
figures are measured in the same run, around the busy ones. If database work runs
on the event loop, a heartbeat waits behind it: its interval stretches past the 1 s
it should be, and reads wait too.

The writers are separate processes so that their client-side work does not hold
this process's GIL while it times the reader and the heartbeats.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.context import SpawnContext
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Event
from pathlib import Path

from .figures import Figure, informational, percentile
from .service import ADMIN_PASSWORD, SESSION_COOKIE, Browser, Service

HEARTBEAT_SECONDS = 1
WRITERS = 2
CYCLES, PHASE_SECONDS = 3, 8.0  # idle, then writes, three times: 48 s of measuring
READ_PAUSE = 0.05
SETTLE_SECONDS = 0.5  # after writers stop, for posts in flight to finish before an idle phase
HEARTBEAT_P99_TARGET = 1.5
READ_P95_FACTOR = 3.0
EMAIL = "admin@bench.example"


class HeartbeatWatch:
    """An event stream read on a plain socket; notes when each heartbeat comment arrives."""

    def __init__(self, port: int, token: str, topics: str) -> None:
        self.arrivals: list[float] = []
        self.opened = threading.Event()
        self.failure = ""
        self._socket = socket.create_connection(("127.0.0.1", port), timeout=10)
        self._socket.sendall(
            f"GET /api/v1/events?topics={topics} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Cookie: {SESSION_COOKIE}={token}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        if not self.opened.wait(10) or self.failure:
            raise RuntimeError(f"the event stream did not open: {self.failure or 'no answer in 10 s'}")

    def _read(self) -> None:
        pending = b""
        self._socket.settimeout(None)
        while True:
            try:
                data = self._socket.recv(65536)
            except OSError:
                return
            arrived = time.perf_counter()
            if not data:
                return
            if not self.opened.is_set():
                if not data.startswith(b"HTTP/1.1 200"):
                    self.failure = data[:200].decode(errors="replace")
                self.opened.set()
            # Chunked framing only adds lines of hex sizes; a comment line starts with ":".
            *lines, pending = (pending + data).split(b"\n")
            self.arrivals += [arrived for line in lines if line.startswith(b":")]

    def intervals(self, start: float, end: float) -> list[float]:
        """Seconds between consecutive heartbeats that both arrived within [start, end]."""
        inside = [t for t in self.arrivals if start <= t <= end]
        return [later - earlier for earlier, later in itertools.pairwise(inside)]

    def close(self) -> None:
        with contextlib.suppress(OSError):  # already closed by the service
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()
        self._thread.join(5)


@dataclass
class WriterSignals:
    """What the writer processes share with this one: when to write, when to stop, counts."""

    go: Event
    done: Event
    ready: Synchronized  # writers signed in and waiting
    posts: Synchronized
    errors: Synchronized

    @classmethod
    def new(cls, context: SpawnContext) -> WriterSignals:
        return cls(context.Event(), context.Event(), *(context.Value("i", 0) for _ in range(3)))


def _add(counter: Synchronized, n: int = 1) -> None:
    with counter.get_lock():
        counter.value += n


def _write(url: str, token: str, thread_id: int, signals: WriterSignals) -> None:
    """A writer process: while `go` is set, post replies one after another, as fast as answered."""
    with Browser.with_session(url, token) as browser:
        _add(signals.ready)
        while True:
            signals.go.wait()
            if signals.done.is_set():
                return
            while signals.go.is_set():
                response = browser.reply(thread_id, "A reply written under load, with **Markdown**.")
                _add(signals.posts if response.status_code == 201 else signals.errors)


@dataclass
class Phase:
    """A stretch of the run with or without writers, and what the reader and subscriber saw."""

    writes: bool
    start: float
    end: float = 0.0
    reads: list[float] = field(default_factory=list)  # ms
    heartbeats: list[float] = field(default_factory=list)  # s between heartbeats
    posts: int = 0


def _probe(reader: Browser, thread_id: int, phase: Phase) -> None:
    """Read the thread every READ_PAUSE seconds until the phase is over, timing each read."""
    deadline = phase.start + PHASE_SECONDS
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        response = reader.get(f"/threads/{thread_id}")
        phase.reads.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"thread read: {response.status_code} {response.text[:200]}")
        time.sleep(READ_PAUSE)
    phase.end = time.perf_counter()


def _measure(service: Service) -> list[Phase]:
    reader = service.admin(EMAIL)
    read_thread = reader.thread_with_posts("A thread of fifty posts", 50)
    write_thread = reader.start_thread("Replies under load")
    quiet_thread = reader.start_thread("A quiet thread, watched")
    sessions = [Browser.sign_in(service.url, EMAIL, ADMIN_PASSWORD) for _ in range(WRITERS)]
    spawn = multiprocessing.get_context("spawn")  # no fork of a process with threads
    signals = WriterSignals.new(spawn)
    writers = [
        spawn.Process(target=_write, args=(service.url, b.session_token, write_thread, signals), daemon=True)
        for b in sessions
    ]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + 30
    while signals.ready.value < WRITERS:
        if time.monotonic() > deadline or not all(w.is_alive() for w in writers):
            raise RuntimeError("the writer processes did not start")
        time.sleep(0.05)
    watch = HeartbeatWatch(service.port, reader.session_token, f"thread:{quiet_thread}")
    phases: list[Phase] = []
    try:
        for _ in range(CYCLES):
            for writes in (False, True):
                before = signals.posts.value
                phase = Phase(writes, time.perf_counter())
                if writes:
                    signals.go.set()
                _probe(reader, read_thread, phase)
                if writes:
                    signals.go.clear()
                    time.sleep(SETTLE_SECONDS)
                phase.posts = signals.posts.value - before
                phases.append(phase)
    finally:
        signals.done.set()
        signals.go.set()
        for writer in writers:
            writer.join(10)
            if writer.is_alive():
                writer.kill()
        watch.close()
        for browser in (reader, *sessions):
            browser.close()
    if signals.errors.value:
        raise RuntimeError(f"{signals.errors.value} posts were refused while writing")
    for phase in phases:
        phase.heartbeats = watch.intervals(phase.start, phase.end)
    return phases


def run() -> list[Figure]:
    with (
        tempfile.TemporaryDirectory(prefix="scn-loop-bench-") as folder,
        Service(Path(folder), SCN_STREAM_HEARTBEAT_SECONDS=str(HEARTBEAT_SECONDS)) as service,
    ):
        phases = _measure(service)
    idle = [p for p in phases if not p.writes]
    busy = [p for p in phases if p.writes]
    beats = {
        name: [i for p in group for i in p.heartbeats] for name, group in (("idle", idle), ("busy", busy))
    }
    reads = {name: [r for p in group for r in p.reads] for name, group in (("idle", idle), ("busy", busy))}
    heartbeat_p99 = percentile(beats["busy"], 99)
    idle_read_p95, busy_read_p95 = percentile(reads["idle"], 95), percentile(reads["busy"], 95)
    written = sum(p.posts for p in busy)
    seconds = sum(p.end - p.start for p in busy)
    return [
        informational(
            f"posts written under load ({WRITERS} writers)", written / seconds, "/s", f"{written} posts"
        ),
        Figure(
            f"heartbeat interval p99 under writes ({len(beats['busy'])})",
            heartbeat_p99,
            "s",
            f"<= {HEARTBEAT_P99_TARGET} s",
            heartbeat_p99 <= HEARTBEAT_P99_TARGET,
            f"idle: {percentile(beats['idle'], 99):.3f} s ({len(beats['idle'])})",
        ),
        informational(
            "heartbeat interval max under writes",
            max(beats["busy"], default=float("inf")),
            "s",
            f"idle: {max(beats['idle'], default=float('inf')):.3f} s",
        ),
        informational(
            f"thread read p50 under writes ({len(reads['busy'])})",
            percentile(reads["busy"], 50),
            "ms",
            f"idle: {percentile(reads['idle'], 50):.2f} ms",
        ),
        Figure(
            f"thread read p95 under writes ({len(reads['busy'])})",
            busy_read_p95,
            "ms",
            f"<= idle x {READ_P95_FACTOR:.0f}",
            busy_read_p95 <= READ_P95_FACTOR * idle_read_p95,
            f"idle: {idle_read_p95:.2f} ms ({len(reads['idle'])})",
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
