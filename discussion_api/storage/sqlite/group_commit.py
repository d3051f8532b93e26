"""Group commit: the writers of a process share one write transaction and its COMMIT,
and the processes sharing the file take turns at a lock the kernel hands over.

SQLite has one writer at a time, and at synchronous=FULL each COMMIT writes and
syncs the pages it changed. Thirty-two members replying at once would queue for
thirty-two commits that mostly rewrite the same pages (the end of the posts table,
its indexes, the events log). Here each writer's block still runs alone, in order,
but inside one open transaction (each after the first in a SAVEPOINT); a writer that sees others queued
behind it leaves the COMMIT to the last of them and waits for it. So:

- a block that raises undoes only itself (ROLLBACK TO its savepoint; the group's
  first block, alone in the transaction, needs none), and its caller gets its own
  exception, as with a transaction of its own;
- no caller returns before the COMMIT holding its changes, so an answer sent after
  a write still means the write is on disk, and a failed COMMIT reaches every
  caller of its group (none of them returns as if it had written);
- with one writer at a time this is BEGIN IMMEDIATE ... COMMIT per block, as before,
  and a group holds at most MAX_GROUP blocks, so a steady stream of writers still
  commits often.

Between processes (`scn serve --workers N`, `scn` commands beside a server) SQLite's
own lock is taken by polling: a writer that finds it held sleeps 1, 2, 5, 10 ms...
and tries again, so two busy processes spend their time asleep. Each transaction
therefore first takes an exclusive `flock` on a file beside the database: a waiting
process sleeps in the kernel and is woken the moment the lock is let go. (Writers
that do not take it, such as the sqlite3 shell, still meet SQLite's own lock.)

Checkpoints (copying the WAL back into the database file, and syncing it) happen
after the lock is let go. SQLite's automatic checkpoint runs inside the COMMIT that
crosses its threshold, so every writer of every process would wait for it; the
connections therefore have it turned off (`connect`), and every CHECKPOINT_EVERY
commits the writer that committed runs a PASSIVE checkpoint on its own connection,
which other writers need not wait for. But while others keep committing, such a
checkpoint never catches up with the end of the WAL, and SQLite starts the WAL over
only after one has: under a steady burst it grew by 170 MB in five seconds. So once
the WAL is longer than WAL_LIMIT pages, the next COMMIT checkpoints
before letting go of the lock, with no writer appending meanwhile; it finishes (unless
a reader still needs the WAL), and the next transaction writes from the WAL's start.
"""

import fcntl
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from sqlite_utils import Database

from ..interfaces import StorageError

log = logging.getLogger("discussion_api")
MAX_GROUP = 32
# Commits between checkpoints: a burst of replies writes about 30 pages of WAL a
# commit, so this keeps near SQLite's own threshold of 1,000 pages.
CHECKPOINT_EVERY = 32
# Pages the WAL may grow to (16 MB) before a COMMIT checkpoints inside the lock.
WAL_LIMIT = 4096


class OnConnection(Protocol):
    """What a writer brings: its thread's connection (and whatever is built on it)."""

    @property
    def database(self) -> Database: ...


Writer = TypeVar("Writer", bound=OnConnection)


class _Group(Generic[Writer]):
    """The blocks of one open transaction, on the connection of the writer that opened
    it, and how their COMMIT went."""

    def __init__(self, opener: Writer) -> None:
        self.opener = opener
        self.blocks = 0
        self.committed = threading.Event()
        self.error: sqlite3.Error | None = None

    @property
    def database(self) -> Database:
        return self.opener.database


class GroupCommit(Generic[Writer]):
    """Lets the threads of a process write a block at a time, in groups (see above).

    A group's transaction runs on the connection of the writer that opened it, which
    waits (holding no lock) until the group commits, so its connection is free for the
    others; a writer alone writes on its own connection, whose page cache then stays
    warm for what it reads next."""

    def __init__(self, path: Path, before_commit: Callable[[Database], None] | None = None):
        self._before_commit = before_commit  # runs in the transaction, outside any savepoint
        self._lock_path = Path(f"{path}-writer.lock")
        self._writers_lock: int | None = None  # opened with the first transaction
        self._turn = threading.Lock()  # one block at a time on the connection
        self._queue = threading.Lock()  # guards `_waiting`
        self._waiting = 0  # writers queued for their turn
        self._group: _Group | None = None  # the open transaction, if any
        self._commits = 0  # by this process, for CHECKPOINT_EVERY
        self._catch_up = False  # whether the next COMMIT checkpoints inside the lock (WAL_LIMIT)

    @contextmanager
    def write(self, own: Writer) -> Iterator[Writer]:
        """Run the block inside the shared transaction (on the connection of whoever
        opened it, `own` if no one did); return once it is committed."""
        with self._queue:
            self._waiting += 1
        self._turn.acquire()
        with self._queue:
            self._waiting -= 1
        try:
            group = self._open(own)
        except BaseException:
            self._turn.release()
            raise
        database = group.database
        # The group's first block needs no savepoint: if it fails, nothing else is in the
        # transaction, and ROLLBACK undoes it. A savepoint costs: FTS5 writes its pending
        # index entries out at each one (0.13 ms a reply here), so a writer alone pays
        # nothing for grouping.
        first = group.blocks == 0
        failed = True
        try:
            if not first:
                database.execute("SAVEPOINT block")
            yield group.opener
            failed = False
        finally:
            if failed and first:
                self._abandon(group)
            else:
                try:
                    if not first:
                        if failed:
                            database.execute("ROLLBACK TO block")
                        database.execute("RELEASE block")
                finally:
                    if self._end_block(group):
                        self._catch_up = self._checkpoint(own) > WAL_LIMIT
        if group.error is not None:
            raise StorageError(f"the write was not committed: {group.error}") from group.error

    def close(self) -> None:
        if self._writers_lock is not None:
            os.close(self._writers_lock)
            self._writers_lock = None

    def _lock_file(self) -> int:
        if self._writers_lock is None:
            self._writers_lock = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._writers_lock

    def _open(self, own: Writer) -> "_Group[Writer]":
        if self._group is None:
            fcntl.flock(self._lock_file(), fcntl.LOCK_EX)
            try:
                # BEGIN IMMEDIATE takes SQLite's write lock now: a deferred transaction
                # that later upgrades fails at once with SQLITE_BUSY when another writes.
                own.database.execute("BEGIN IMMEDIATE")
            except BaseException:
                fcntl.flock(self._lock_file(), fcntl.LOCK_UN)
                raise
            self._group = _Group(own)
        return self._group

    def _abandon(self, group: "_Group[Writer]") -> None:
        """The group's first block failed: roll the transaction back; no one else is in it."""
        self._group = None
        try:
            group.database.conn.rollback()
        finally:
            fcntl.flock(self._lock_file(), fcntl.LOCK_UN)
            self._turn.release()

    def _end_block(self, group: "_Group[Writer]") -> bool:
        """Commit if no one is queued (or the group is full), else hand the turn on and
        wait for the writer that does; returns whether a checkpoint is due."""
        group.blocks += 1
        with self._queue:
            last = self._waiting == 0 or group.blocks >= MAX_GROUP
        if not last:
            self._turn.release()
            group.committed.wait()
            return False
        self._group = None
        self._commits += 1
        try:
            if self._before_commit is not None:
                self._before_commit(group.database)
            group.database.execute("COMMIT")
            if self._catch_up:
                self._catch_up = False
                self._checkpoint(group.opener)
        except sqlite3.Error as error:
            group.error = error
            group.database.conn.rollback()
        finally:
            fcntl.flock(self._lock_file(), fcntl.LOCK_UN)
            group.committed.set()
            self._turn.release()
        return self._commits % CHECKPOINT_EVERY == 0

    @staticmethod
    def _checkpoint(own: Writer) -> int:
        """Copy what the WAL holds into the database file, without blocking writers (a
        PASSIVE checkpoint stops where a reader still needs the WAL, or where the WAL
        ended when it began; the next goes on); returns the WAL's length in pages."""
        try:
            _, pages, _ = own.database.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            # The writes are committed; a checkpoint that failed is retried by the next.
            log.exception("checkpointing the WAL failed")
            return 0
        return int(pages)
