"""Post creation under load: 32 members replying at once, into short and into long threads.

One `scn serve --workers 2` (SQLite at synchronous=FULL, as it always runs; two
workers on this 2-core machine, as the README's production recipe says: one per
core) takes replies from 32 writers, each its own member with a session, over keep-alive connections from a
load generator in its own process (bench/load.py), four writers per thread. Into
eight threads that start at 50 posts and into eight threads of 5,000 posts
(written in bulk beforehand: bench/bulk.py), taking turns: posting must not slow
down as threads grow, so the long threads' rate is read against the short ones',
measured in the same run. Every answer must be a 201.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .bulk import add_threads
from .figures import Figure, informational
from .load import Load, Request, generate
from .service import SESSION_COOKIE, Browser, Service, seed_members

WRITERS, THREADS = 32, 8
WORKERS = 2  # `scn serve --workers`: one per core
SHORT, LONG = 50, 5000
WARM_UP, SECONDS, ROUNDS = 0.5, 8.0, 8  # SECONDS of measuring per side, in ROUNDS turns
RATE_TARGET, FLAT_TARGET = 1000.0, 0.90
BODY = json.dumps({"body": "A reply written under load, with **Markdown**."}).encode()


def _writers(service: Service, tokens: list[str], threads: list[int]) -> list[list[Request]]:
    """One connection per writer: its cookie and CSRF token, replying to its thread."""
    connections = []
    for n, token in enumerate(tokens):
        with Browser.with_session(service.url, token) as browser:
            csrf = browser.csrf
        headers = (
            ("Cookie", f"{SESSION_COOKIE}={token}"),
            ("Origin", service.url),
            ("Content-Type", "application/json"),
            ("X-CSRF-Token", csrf),
        )
        connections.append(
            [Request("POST", f"/api/v1/threads/{threads[n % len(threads)]}/posts", headers, BODY)]
        )
    return connections


def _phases(service: Service, tokens: list[str]) -> tuple[Load, Load]:
    """Short and long threads take turns (ROUNDS each), so what else the machine does
    falls on both alike; each side's rounds are added up."""
    writers = {
        size: _writers(service, tokens, add_threads(service.database, THREADS, size, seed=size))
        for size in (SHORT, LONG)
    }
    totals = {size: Load() for size in writers}
    for n in range(ROUNDS):
        for size in (SHORT, LONG) if n % 2 == 0 else (LONG, SHORT):
            load = generate(service.port, writers[size], warm_up=WARM_UP, seconds=SECONDS / ROUNDS)
            totals[size].latencies += load.latencies
            totals[size].statuses.update(load.statuses)
            totals[size].seconds += load.seconds
    return totals[SHORT], totals[LONG]


def run() -> list[Figure]:
    with (
        tempfile.TemporaryDirectory(prefix="scn-post-rate-bench-") as folder,
        Service(Path(folder), workers=WORKERS) as service,
    ):
        service.admin().close()  # the author of the bulk threads
        tokens = seed_members(service.database, WRITERS)
        short, long = _phases(service, tokens)
    flat = long.rate / short.rate
    errors = short.errors(201) + long.errors(201)
    return [
        Figure(
            f"post creation, {WRITERS} writers, {WORKERS} workers, {SHORT}-post threads",
            short.rate,
            "/s",
            f">= {RATE_TARGET:.0f}/s",
            short.rate >= RATE_TARGET,
            f"p50 {short.p(50):.1f} ms, p99 {short.p(99):.1f} ms",
        ),
        informational(
            f"post creation, {WRITERS} writers, {LONG}-post threads",
            long.rate,
            "/s",
            f"p50 {long.p(50):.1f} ms, p99 {long.p(99):.1f} ms",
        ),
        Figure(
            f"  ... {LONG}-post threads' rate of {SHORT}-post threads'",
            flat * 100,
            "%",
            f">= {FLAT_TARGET * 100:.0f}%",
            flat >= FLAT_TARGET,
            f"{short.rate:.0f}/s into {SHORT}-post threads",
        ),
        Figure(
            "replies refused or failed",
            errors,
            "",
            "= 0",
            errors == 0,
            f"{len(short.latencies) + len(long.latencies)} replies",
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
