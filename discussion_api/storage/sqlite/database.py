"""SQLite connections: one per thread for reads, one per process for writes (group commit).

SQL itself lives in the table modules beside this one; this module opens and
configures connections, hands out repositories, and backs up and restores the file.
"""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from ..interfaces import StorageError
from .audit import SqliteAudit
from .categories import SqliteCategories
from .domains import SqliteDomains
from .email_tokens import SqliteEmailTokens
from .event_feed import SqliteEventFeed
from .events import SqliteEvents
from .flags import SqliteFlags
from .group_commit import GroupCommit
from .groups import SqliteGroups
from .idempotency import SqliteIdempotency
from .members import SqliteMembers
from .migrations import migrate
from .notifications import SqliteNotifications
from .outbox import SqliteOutbox
from .posts import SqlitePosts
from .records import SqliteRecords
from .requests import SqliteRequests
from .reveals import SqliteReveals
from .search import PENDING_TABLE, SqliteSearch
from .sessions import SqliteSessions
from .sign_in_methods import SqliteIdentities, SqlitePasskeys, SqliteSecondFactors
from .status import SqliteStatus
from .threads import SqliteThreads
from .webinar_reminders import SqliteWebinarReminders

BUSY_TIMEOUT_MS = 5000


def connect(path: Path) -> Database:
    """Open `path` with the pragmas the design asks for (WAL, FK, FULL sync; checkpoints
    left to GroupCommit)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: the driver opens no implicit transactions; we say BEGIN ourselves.
    # check_same_thread=False only so Store.close() can close every thread's connection at
    # shutdown; while running, Store hands each connection to a single thread.
    conn = sqlite3.connect(
        str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous=FULL")
    # Checkpoints run after a commit has let go of the writer lock (group_commit.py).
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute(PENDING_TABLE)  # new search entries, until their COMMIT (search.py)
    return Database(conn, execute_plugins=False)


class SqliteRepositories:
    """Every table's repository over one connection (inside `write()`, one transaction)."""

    def __init__(self, db: Database):
        self.database = db
        self.audit = SqliteAudit(db)
        self.categories = SqliteCategories(db)
        self.domains = SqliteDomains(db)
        self.email_tokens = SqliteEmailTokens(db)
        self.event_feed = SqliteEventFeed(db)
        self.events = SqliteEvents(db)
        self.flags = SqliteFlags(db)
        self.groups = SqliteGroups(db)
        self.idempotency = SqliteIdempotency(db)
        self.identities = SqliteIdentities(db)
        self.members = SqliteMembers(db)
        self.notifications = SqliteNotifications(db)
        self.outbox = SqliteOutbox(db)
        self.passkeys = SqlitePasskeys(db)
        self.posts = SqlitePosts(db)
        self.reveals = SqliteReveals(db)
        self.records = SqliteRecords(db)
        self.requests = SqliteRequests(db)
        self.search = SqliteSearch(db)
        self.second_factors = SqliteSecondFactors(db)
        self.sessions = SqliteSessions(db)
        self.status = SqliteStatus(db)
        self.threads = SqliteThreads(db)
        self.webinar_reminders = SqliteWebinarReminders(db)


class SqliteStore:
    """Hands each thread its own connection (sqlite3 objects are not shared while in
    use), and lets writers in a block at a time, committed in groups (group_commit.py).

    Callers run on worker threads, never on the event loop (http/endpoints.py).
    Writers queue, in this process and (through a lock file) across processes,
    instead of polling SQLite's lock.
    """

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        self._opened: list[Database] = []
        self._lock = threading.Lock()
        self._group_commit: GroupCommit[SqliteRepositories] = GroupCommit(
            path, before_commit=lambda database: SqliteSearch(database).flush()
        )

    def read(self) -> SqliteRepositories:
        """Repositories on this thread's connection, in autocommit (no read transaction
        is left open, so WAL checkpoints are never starved)."""
        repositories = getattr(self._local, "repositories", None)
        if repositories is None:
            repositories = self._local.repositories = SqliteRepositories(self._connect())
        return repositories

    def _connect(self) -> Database:
        database = connect(self.path)
        with self._lock:
            self._opened.append(database)
        return database

    @contextmanager
    def write(self) -> Iterator[SqliteRepositories]:
        """A block of writes in a BEGIN IMMEDIATE transaction, committed (perhaps with
        other threads' blocks) before the block's `with` ends, undone if it raises."""
        with self._group_commit.write(self.read()) as repositories:
            yield repositories

    def migrate(self) -> list[str]:
        """Apply pending migrations; returns their names."""
        with self.write() as repositories:
            return migrate(repositories.database)

    def backup(self, destination: Path) -> None:
        try:
            backup(self.path, destination)
        except sqlite3.DatabaseError as error:
            raise StorageError(str(error)) from error

    def restore(self, backup_file: Path) -> None:
        try:
            restore(backup_file, self.path)
        except sqlite3.DatabaseError as error:
            raise StorageError(str(error)) from error

    def close(self) -> None:
        with self._lock:
            for database in self._opened:
                database.close()
            self._opened.clear()
        self._group_commit.close()
        self._local = threading.local()


def backup(source: Path, destination: Path) -> None:
    """Copy a live database consistently (VACUUM INTO), never by copying files."""
    if destination.exists():
        raise FileExistsError(f"{destination} already exists")
    database = connect(source)
    try:
        database.execute("VACUUM INTO ?", [str(destination)])
    finally:
        database.close()


def restore(backup_file: Path, destination: Path) -> None:
    """Replace the database at `destination` with `backup_file` via the online backup API."""
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        (ok,) = source.execute("PRAGMA quick_check").fetchone()
        if ok != "ok":
            raise sqlite3.DatabaseError(f"{backup_file} fails its integrity check")
        tables = {name for (name,) in source.execute("SELECT name FROM sqlite_master")}
        if "_sqlite_migrations" not in tables:
            raise sqlite3.DatabaseError(f"{backup_file} is not a Network database")
        target = connect(destination)
        try:
            source.backup(target.conn)
        finally:
            target.close()
    finally:
        source.close()
