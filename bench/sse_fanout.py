"""SSE fan-out: 1,000 then 2,000 members watching one thread, a reply delivered to all of them.

The service runs as an operator runs it (`scn serve`: uvicorn, one process, a real
SQLite file) on loopback; the members and their sessions are written into its
migrated database with plain sqlite3 (see `service.seed_members`). Each subscriber
is a plain socket speaking HTTP/1.1 and recording when the reply's event arrives,
so the client adds as little as possible to what is measured. Latency runs from
sending the reply's POST to the event's arrival (it includes writing the post).
Memory is the server's resident size with every stream open minus before, per
stream, after a few streams have warmed it up. The first 1,000 streams stay open
while the next 1,000 join, and a second reply goes to all 2,000.
"""

from __future__ import annotations

import asyncio
import resource
import tempfile
import time
from pathlib import Path

import httpx

from .figures import Figure, informational, percentile
from .service import SESSION_COOKIE, Service, seed_members

# Subscribers, in steps (each adds streams to the last), and each step's p99 delivery target.
STEPS = ((1000, 100.0), (2000, 150.0))
SUBSCRIBERS = STEPS[-1][0]
WARM_UP = 20
TIME_LIMIT = 120.0


class Subscriber(asyncio.Protocol):
    """One SSE connection: notes when its stream opened and when the reply's event arrived."""

    def __init__(self) -> None:
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.delivered_at: float | None = None
        self.transport: asyncio.Transport | None = None
        self._seen = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.delivered_at is None and b'"post.created"' in data:
            self.delivered_at = time.perf_counter()
        if not self.opened.done():
            self._seen += data
            if b"stream.open" in self._seen:
                self.opened.set_result(None)
            elif self._seen.startswith(b"HTTP/1.1 ") and not self._seen.startswith(b"HTTP/1.1 200"):
                self.opened.set_exception(RuntimeError(self._seen[:200].decode(errors="replace")))


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def _open(port: int, token: str, thread_id: int) -> Subscriber:
    loop = asyncio.get_running_loop()
    _, subscriber = await loop.create_connection(Subscriber, "127.0.0.1", port)
    assert subscriber.transport is not None
    subscriber.transport.write(
        f"GET /api/v1/events?topics=thread:{thread_id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: {SESSION_COOKIE}={token}\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    await asyncio.wait_for(subscriber.opened, 10)
    return subscriber


async def _open_all(port: int, tokens: list[str], thread_id: int) -> list[Subscriber]:
    subscribers: list[Subscriber] = []
    for start in range(0, len(tokens), 100):
        batch = tokens[start : start + 100]
        subscribers += await asyncio.gather(*(_open(port, t, thread_id) for t in batch))
    return subscribers


async def _measure(port: int, pid: int, tokens: list[str], poster: str) -> list[Figure]:
    url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(
        base_url=url, cookies={SESSION_COOKIE: poster}, headers={"Origin": url}, timeout=10
    ) as client:
        csrf = (await client.get("/api/v1/session")).json()["csrf_token"]
        headers = {"X-CSRF-Token": csrf}
        started = await client.post(
            "/api/v1/threads",
            headers=headers,
            json={"category_id": 1, "title": "Fan-out", "body": "Who is watching?"},
        )
        thread_id = started.json()["thread"]["id"]

        warm = await _open_all(port, tokens[:WARM_UP], thread_id)
        for subscriber in warm:
            assert subscriber.transport is not None
            subscriber.transport.close()
        await asyncio.sleep(1)
        before = _rss_kib(pid)
        subscribers: list[Subscriber] = []
        figures: list[Figure] = []
        for count, target in STEPS:
            subscribers += await _open_all(port, tokens[len(subscribers) : count], thread_id)
            await asyncio.sleep(1)
            after = _rss_kib(pid)
            for subscriber in subscribers:
                subscriber.delivered_at = None
            sent = time.perf_counter()
            reply = await client.post(
                f"/api/v1/threads/{thread_id}/posts",
                headers=headers,
                json={"body": "Everyone should see this at once."},
            )
            assert reply.status_code == 201, reply.text
            deadline = time.monotonic() + 10
            while any(s.delivered_at is None for s in subscribers) and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            latencies = [(s.delivered_at - sent) * 1000 for s in subscribers if s.delivered_at is not None]
            figures += _figures(count, target, latencies, (after - before) / count, before)
    for subscriber in subscribers:
        assert subscriber.transport is not None
        subscriber.transport.close()
    return figures


def _figures(
    count: int, target: float, latencies: list[float], per_stream: float, before: int
) -> list[Figure]:
    delivered = len(latencies)
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    return [
        Figure(
            f"subscribers that received the post (of {count})",
            delivered,
            "",
            f"= {count}",
            delivered == count,
        ),
        informational(f"delivery latency p50, {count} subscribers", p50, "ms"),
        Figure(
            f"delivery latency p99, {count} subscribers",
            p99,
            "ms",
            f"<= {target:.0f} ms",
            p99 <= target,
            f"p50 {p50:.1f} ms",
        ),
        Figure(
            f"server memory per open stream, {count} streams",
            per_stream,
            "KiB",
            "<= 48 KiB",
            per_stream <= 48,
            f"RSS {before / 1024:.0f} MiB before streams",
        ),
    ]


def run() -> list[Figure]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # 2,000 sockets each side; raised before the service starts, so it inherits the limit.
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        with (
            tempfile.TemporaryDirectory(prefix="scn-sse-bench-") as folder,
            Service(Path(folder)) as service,
        ):
            poster, *tokens = seed_members(service.database, SUBSCRIBERS + 1)
            return asyncio.run(
                asyncio.wait_for(_measure(service.port, service.pid, tokens, poster), TIME_LIMIT)
            )
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


if __name__ == "__main__":
    for figure in run():
        print(figure)
