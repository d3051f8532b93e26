"""Two processes writing one SQLite file (the security checklist's storage note): every
write transaction starts with BEGIN IMMEDIATE, so one that reads before it writes waits
for the other writer. A deferred transaction would take a read snapshot, see the other
commit land, and fail at once with SQLITE_BUSY when it tried to write."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from harness import seed_member

from discussion_api.storage.sqlite.database import SqliteStore

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_a_write_that_reads_first_waits_for_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "network.sqlite3"
    admin, _ = seed_member(path, "Ada Admin", role="admin")
    # Two stores stand for two processes: each has its own connections and writer lock.
    first, second = SqliteStore(path), SqliteStore(path)
    first_has_read = threading.Event()

    def read_then_write() -> None:
        with first.write() as db:
            seen = len(db.domains.all_domains())
            first_has_read.set()
            # Room for the other writer to commit, were this transaction not holding the lock.
            threading.Event().wait(0.5)
            db.domains.add(f"first{seen}.example", admin, NOW)

    def write() -> None:
        first_has_read.wait(5)
        with second.write() as db:
            # It began only once the first had committed: its write is already there.
            assert db.domains.is_listed("first0.example")
            db.domains.add("second.example", admin, NOW)

    try:
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(read_then_write), pool.submit(write)]
            for future in futures:
                future.result()  # re-raises SQLITE_BUSY from either writer
        domains = [row["domain"] for row in first.read().domains.all_domains()]
        assert domains == ["first0.example", "second.example"]
    finally:
        first.close()
        second.close()
