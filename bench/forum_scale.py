"""Thread reads as the forum grows: p99 at 1,000,000 posts beside 10,000 posts.

One `scn serve` over one SQLite file: 100 threads of 100 posts (10,000 posts) are
written in bulk (bench/bulk.py), a signed-in member reads one of the threads (100
posts) over one keep-alive connection, a read at a time, from a load generator in its own process;
then 990,000 more posts (9,900 threads) are written into the same file, behind the
running service's back as a bulk import would, and the same thread is read again.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from .bulk import add_threads
from .figures import Figure
from .load import Load, Request, generate
from .service import SESSION_COOKIE, Service, seed_members

POSTS_EACH = 100
SMALL, LARGE = 10_000, 1_000_000
CONNECTIONS = 1  # one read at a time: the latency of a read, not of a queue of them
WARM_UP, SECONDS = 1.0, 6.0
FACTOR = 1.5


def _read(service: Service, request: Request) -> Load:
    load = generate(service.port, [[request]] * CONNECTIONS, warm_up=WARM_UP, seconds=SECONDS)
    if load.errors(200):
        raise RuntimeError(f"thread reads: {dict(load.statuses)}")
    return load


def _posts(database: Path) -> int:
    db = sqlite3.connect(database)
    try:
        return int(db.execute("SELECT count(*) FROM posts").fetchone()[0])
    finally:
        db.close()


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="scn-scale-bench-") as folder, Service(Path(folder)) as service:
        service.admin().close()  # the author of the bulk threads
        threads = add_threads(service.database, SMALL // POSTS_EACH, POSTS_EACH)
        (token,) = seed_members(service.database, 1)
        read = Request(
            "GET",
            f"/api/v1/threads/{threads[len(threads) // 2]}?limit={POSTS_EACH}",
            (("Cookie", f"{SESSION_COOKIE}={token}"),),
        )
        small = _read(service, read)
        add_threads(service.database, (LARGE - SMALL) // POSTS_EACH, POSTS_EACH, seed=2)
        if (total := _posts(service.database)) != LARGE:
            raise RuntimeError(f"the forum holds {total} posts, not {LARGE}")
        large = _read(service, read)
    ratio = large.p(99) / small.p(99)
    return [
        Figure(
            f"thread read p99 at {LARGE:,} posts ({POSTS_EACH} posts, {CONNECTIONS} connections)",
            large.p(99),
            "ms",
            f"<= {SMALL:,} posts x {FACTOR}",
            ratio <= FACTOR,
            f"{SMALL:,} posts: {small.p(99):.2f} ms (x{ratio:.2f})",
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
