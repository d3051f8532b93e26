"""Search over 100,000 posts: latency of a term in most posts, and of rarer ones.

The posts are written in bulk (bench/bulk.py) into a migrated database, indexed as
the service indexes them; "sepsis" is in nine posts of ten. A signed-in member
searches over one keep-alive connection (a request at a time) from a load generator in its own process
(bench/load.py), one query at a time per connection, each query for a fixed time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode

from .bulk import COMMON, add_threads
from .figures import Figure, informational
from .load import Load, Request, generate
from .service import SESSION_COOKIE, Service, seed_members

THREADS, POSTS_EACH = 100, 1000
CONNECTIONS = 1  # one request at a time: the latency of a search, not of a queue of them
WARM_UP, SECONDS = 1.0, 5.0
P99_TARGET = 30.0  # ms
QUERIES = (COMMON, "lactate bundle", "qsofa escalation audit")


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="scn-search-bench-") as folder, Service(Path(folder)) as service:
        service.admin().close()  # the author of the bulk threads
        add_threads(service.database, THREADS, POSTS_EACH, searchable=True)
        (token,) = seed_members(service.database, 1)
        cookie = (("Cookie", f"{SESSION_COOKIE}={token}"),)
        loads: dict[str, Load] = {}
        for words in QUERIES:
            request = Request("GET", "/api/v1/search?" + urlencode({"q": words}), cookie)
            loads[words] = generate(service.port, [[request]] * CONNECTIONS, warm_up=WARM_UP, seconds=SECONDS)
            if loads[words].errors(200):
                raise RuntimeError(f"search for {words!r}: {dict(loads[words].statuses)}")
    total = THREADS * POSTS_EACH
    figures = []
    for words, load in loads.items():
        name = f"search {total:,} posts, {words!r}" + (" (in 90% of posts)" if words == COMMON else "")
        figures.append(
            Figure(
                f"{name} p99",
                load.p(99),
                "ms",
                f"<= {P99_TARGET:.0f} ms",
                load.p(99) <= P99_TARGET,
                f"p50 {load.p(50):.1f} ms, {load.rate:.0f}/s",
            )
        )
    figures.append(informational("search connections (a request at a time)", CONNECTIONS, ""))
    return figures


if __name__ == "__main__":
    for figure in run():
        print(figure)
