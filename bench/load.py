"""A load generator in its own process: keep-alive HTTP/1.1 connections to 127.0.0.1.

Each connection sends its next request as soon as the previous answer has been read
in full, for a fixed time after a warm-up; nothing is timed during the warm-up. The
generator runs in a spawned process, so its own work never holds the GIL of the
process that started it (or of the server), and it speaks HTTP over plain asyncio
sockets on uvloop so the client adds as little as possible to what is measured.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections import Counter
from dataclasses import dataclass, field

import uvloop

from .figures import percentile


@dataclass(frozen=True)
class Request:
    """One request a connection sends, again and again."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def encode(self, port: int) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        if self.body or self.method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


@dataclass
class Load:
    """What the connections measured: each answer's latency and status, over `seconds`."""

    latencies: list[float] = field(default_factory=list)  # ms
    statuses: Counter[int] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Answers per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        return percentile(self.latencies, q)

    def errors(self, expected: int) -> int:
        return sum(count for status, count in self.statuses.items() if status != expected)


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one whole answer (Content-Length framed); returns its status and whether
    the server keeps the connection open (HTTP/1.0 servers, such as Werkzeug's, do not)."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    keep_alive = head.startswith(b"HTTP/1.1")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            raise RuntimeError("the load generator reads Content-Length answers only")
        elif name == b"connection":
            keep_alive = value.strip().lower() == b"keep-alive"
    if length:
        await reader.readexactly(length)
    return status, keep_alive


async def _connection(port: int, requests: list[Request], start: float, end: float, load: Load) -> None:
    encoded = [request.encode(port) for request in requests]
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    n = 0
    try:
        while (now := time.perf_counter()) < end:
            if connection is None:  # (re)connecting is part of the answer's time
                connection = await asyncio.open_connection("127.0.0.1", port)
            reader, writer = connection
            writer.write(encoded[n % len(encoded)])
            n += 1
            status, keep_alive = await _answer(reader)
            if now >= start:
                load.latencies.append((time.perf_counter() - now) * 1000)
                load.statuses[status] += 1
            if not keep_alive:
                writer.close()
                connection = None
    finally:
        if connection is not None:
            connection[1].close()


async def _drive(port: int, connections: list[list[Request]], warm_up: float, seconds: float) -> Load:
    load = Load()
    start = time.perf_counter() + warm_up
    end = start + seconds
    await asyncio.gather(*(_connection(port, requests, start, end, load) for requests in connections))
    load.seconds = seconds
    return load


def _child(port: int, connections: list[list[Request]], warm_up: float, seconds: float, out: object) -> None:
    # uvloop (the server's own loop, a dependency already): on two cores every cycle the
    # generator spends is one the server under test does not get.
    out.send(uvloop.run(_drive(port, connections, warm_up, seconds)))  # type: ignore[attr-defined]


def generate(port: int, connections: list[list[Request]], *, warm_up: float, seconds: float) -> Load:
    """Drive the server on `port` with one connection per list of requests (each list sent
    in turn, round and round) from a separate process; bounded by warm_up + seconds."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(port, connections, warm_up, seconds, sending), daemon=True)
    process.start()
    sending.close()
    try:
        if not receiving.poll(warm_up + seconds + 60):
            raise RuntimeError("the load generator did not finish in time")
        return receiving.recv()
    finally:
        process.join(10)
        if process.is_alive():
            process.kill()
