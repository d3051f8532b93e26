"""Group commit (storage/sqlite/group_commit.py): writers of one process that queue
behind each other share a transaction and its COMMIT, yet each keeps its own outcome;
processes take turns through a lock file the kernel hands over."""

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import seed_member

from discussion_api.storage.sqlite import group_commit
from discussion_api.storage.sqlite.database import SqliteStore, connect
from discussion_api.storage.sqlite.group_commit import CHECKPOINT_EVERY

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
WRITERS = 6


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[SqliteStore, int]]:
    path = tmp_path / "network.sqlite3"
    admin, _ = seed_member(path, "Ada Admin", role="admin")
    store = SqliteStore(path)
    yield store, admin
    store.close()


def committed_domains(path: Path) -> set[str]:
    """What another connection (another process) sees: only what was committed."""
    other = connect(path)
    try:
        return {row["domain"] for row in other.query("SELECT domain FROM auto_approve_domains")}
    finally:
        other.close()


def test_queued_writers_share_a_commit_and_each_keeps_its_own_outcome(
    store: tuple[SqliteStore, int],
) -> None:
    sqlite, admin = store
    first_inside, let_go = threading.Event(), threading.Event()
    statements: list[str] = []
    seen_after: dict[str, set[str]] = {}

    def first() -> None:
        with sqlite.write() as db:
            db.database.conn.set_trace_callback(statements.append)
            db.domains.add("first.example", admin, NOW)
            first_inside.set()
            let_go.wait(5)  # the others queue meanwhile
        seen_after["first.example"] = committed_domains(sqlite.path)

    def writer(n: int) -> None:
        first_inside.wait(5)
        domain = f"writer{n}.example"
        try:
            with sqlite.write() as db:
                db.domains.add(domain, admin, NOW)
                if n == 3:
                    raise ValueError("this writer changes its mind")
        except ValueError:
            seen_after[domain] = set()
            return
        seen_after[domain] = committed_domains(sqlite.path)

    with ThreadPoolExecutor(WRITERS + 1) as pool:
        futures = [pool.submit(first), *(pool.submit(writer, n) for n in range(WRITERS))]
        first_inside.wait(5)
        threading.Event().wait(0.3)  # every writer is queued behind the first
        let_go.set()
        for future in futures:
            future.result()

    wanted = {"first.example", *(f"writer{n}.example" for n in range(WRITERS) if n != 3)}
    assert committed_domains(sqlite.path) == wanted  # the one that raised undid only itself
    # No writer returned before its own write was committed (seen from another connection).
    for domain, seen in seen_after.items():
        assert (domain in seen) == (domain != "writer3.example"), domain
    # Seven blocks, fewer commits: the queued writers were committed together.
    commits = sum(1 for statement in statements if statement == "COMMIT")
    assert 1 <= commits < WRITERS


def test_a_lone_writer_commits_before_its_block_returns(store: tuple[SqliteStore, int]) -> None:
    sqlite, admin = store
    with sqlite.write() as db:
        db.domains.add("alone.example", admin, NOW)
        assert "alone.example" not in committed_domains(sqlite.path)
    assert "alone.example" in committed_domains(sqlite.path)


def test_a_lone_writer_that_raises_leaves_nothing_and_the_next_writes(store: tuple[SqliteStore, int]) -> None:
    sqlite, admin = store
    with pytest.raises(ValueError), sqlite.write() as db:
        db.domains.add("undone.example", admin, NOW)
        raise ValueError("changed its mind")
    with sqlite.write() as db:
        assert not db.domains.is_listed("undone.example")
        db.domains.add("next.example", admin, NOW)
    assert committed_domains(sqlite.path) == {"next.example"}


def test_other_processes_wait_at_the_writer_lock_file(store: tuple[SqliteStore, int]) -> None:
    """While a transaction is open the lock file beside the database is held, so another
    process's writer sleeps in the kernel instead of polling SQLite's lock."""
    sqlite, admin = store
    lock_path = Path(f"{sqlite.path}-writer.lock")
    other = os.open(lock_path, os.O_RDWR | os.O_CREAT)

    def taken() -> bool:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(other, fcntl.LOCK_UN)
        return False

    try:
        with sqlite.write() as db:
            db.domains.add("held.example", admin, NOW)
            assert taken()
        assert not taken()
        # A writer that finds the file locked waits for it, then writes.
        fcntl.flock(other, fcntl.LOCK_EX)
        done = threading.Event()

        def write() -> None:
            with sqlite.write() as db:
                db.domains.add("after.example", admin, NOW)
            done.set()

        thread = threading.Thread(target=write)
        thread.start()
        assert not done.wait(0.3)
        fcntl.flock(other, fcntl.LOCK_UN)
        thread.join(5)
        assert done.is_set()
        assert "after.example" in committed_domains(sqlite.path)
    finally:
        os.close(other)


def in_database_file(path: Path) -> int:
    """How many domains the database file itself holds, the WAL left aside: what
    checkpoints have copied into it."""
    reader = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return reader.execute("SELECT count(*) FROM auto_approve_domains").fetchone()[0]
    finally:
        reader.close()


def test_a_commit_leaves_the_checkpoint_until_after_the_writer_lock(store: tuple[SqliteStore, int]) -> None:
    """SQLite's own checkpoint would run inside the COMMIT that grows the WAL past 1,000
    pages, with every writer waiting; here the writer that commits every CHECKPOINT_EVERY-th
    time checkpoints after letting go of the lock."""
    sqlite, admin = store
    with sqlite.write() as db:  # about 2,500 pages of WAL
        for n in range(5000):
            db.domains.add(f"{n:04d}-{'x' * 1000}.example", admin, NOW)
    assert in_database_file(sqlite.path) == 0
    for n in range(CHECKPOINT_EVERY - 2):
        with sqlite.write() as db:
            db.domains.add(f"later{n}.example", admin, NOW)
    assert in_database_file(sqlite.path) == 0
    with sqlite.write() as db:  # the CHECKPOINT_EVERY-th commit
        db.domains.add("checkpointed.example", admin, NOW)
    assert in_database_file(sqlite.path) == 5000 + CHECKPOINT_EVERY - 1


def test_the_wal_stays_bounded_while_writers_keep_committing(
    store: tuple[SqliteStore, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkpoint outside the lock runs while others commit, so it never reaches the
    end of the WAL, and SQLite starts the WAL over only after one has: without the
    checkpoint inside the lock once the WAL passes WAL_LIMIT, it grows with every
    commit for as long as the writing lasts."""
    sqlite, admin = store
    monkeypatch.setattr(group_commit, "CHECKPOINT_EVERY", 4)
    monkeypatch.setattr(group_commit, "WAL_LIMIT", 200)
    commits, rows = 100, 40  # about 70 pages a commit: 21,000 pages from three writers

    def writer(n: int) -> None:
        for c in range(commits):
            with sqlite.write() as db:
                for r in range(rows):
                    db.domains.add(f"{n}-{c}-{r}-{'x' * 1500}.example", admin, NOW)

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(writer, range(3)))
    assert committed_domains(sqlite.path) >= {f"2-{commits - 1}-{rows - 1}-{'x' * 1500}.example"}
    wal_pages = Path(f"{sqlite.path}-wal").stat().st_size // 4096
    assert wal_pages < 4000


def indexed(path: Path, word: str) -> int:
    """Search entries holding `word`, as another connection sees the index."""
    other = connect(path)
    try:
        return other.conn.execute(
            "SELECT count(*) FROM post_search WHERE post_search MATCH ?", [word]
        ).fetchone()[0]
    finally:
        other.close()


def test_search_entries_are_written_with_the_commit_and_follow_its_fate(
    store: tuple[SqliteStore, int],
) -> None:
    """New posts' search entries wait for the COMMIT (storage/sqlite/search.py): an edit in
    the same transaction still reaches the entry, and a block that fails leaves none."""
    sqlite, admin = store
    with sqlite.write() as db:
        thread = db.threads.create(1, admin, "Staged", None, NOW)
        post = db.posts.create(
            thread, admin, "lactate first", "<p>lactate first</p>", None, NOW, title="Staged"
        )
        db.posts.edit(post, admin, "procalcitonin instead", "<p>procalcitonin instead</p>", NOW)
    assert (indexed(sqlite.path, "procalcitonin"), indexed(sqlite.path, "lactate")) == (1, 0)

    with pytest.raises(RuntimeError), sqlite.write() as db:
        thread = db.threads.create(1, admin, "Abandoned", None, NOW)
        db.posts.create(thread, admin, "zymurgy draft", "<p>zymurgy draft</p>", None, NOW, title="Abandoned")
        raise RuntimeError("the block fails")
    with sqlite.write() as db:  # a later commit writes out whatever is still staged
        db.domains.add("later.example", admin, NOW)
    assert indexed(sqlite.path, "zymurgy") == 0
