"""PostgreSQL connections: a pool per process; reads in autocommit, each write one transaction.

SQL itself lives in the table modules beside this one; this module hands out
repositories over a pool (psycopg_pool), migrates, and backs up and restores with
pg_dump / pg_restore.
"""

import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import psycopg_pool
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from ..interfaces import Row, StorageError
from .audit import PgAudit
from .categories import PgCategories
from .domains import PgDomains
from .email_tokens import PgEmailTokens
from .event_feed import PgEventFeed
from .events import PgEvents
from .flags import PgFlags
from .groups import PgGroups
from .idempotency import PgIdempotency
from .members import PgMembers
from .migrations import migrate
from .notifications import PgNotifications
from .outbox import PgOutbox
from .posts import PgPosts
from .records import PgRecords
from .requests import PgRequests
from .reveals import PgReveals
from .search import PgSearch
from .sessions import PgSessions
from .sign_in_methods import PgIdentities, PgPasskeys, PgSecondFactors
from .sql import Autocommit, InTransaction, Sql
from .status import PgStatus
from .threads import PgThreads
from .tools import program
from .webinar_reminders import PgWebinarReminders

# A request holds a connection only for a statement (reads) or a transaction (writes).
# The service opens one per worker thread (SCN_WORKER_THREADS); tools and tests, this many.
POOL_SIZE = 10
CONNECT_TIMEOUT = 10


class PgRepositories:
    """Every table's repository over one Sql runner (inside `write()`, one transaction)."""

    def __init__(self, db: Sql):
        self.audit = PgAudit(db)
        self.categories = PgCategories(db)
        self.domains = PgDomains(db)
        self.email_tokens = PgEmailTokens(db)
        self.event_feed = PgEventFeed(db)
        self.events = PgEvents(db)
        self.flags = PgFlags(db)
        self.groups = PgGroups(db)
        self.idempotency = PgIdempotency(db)
        self.identities = PgIdentities(db)
        self.members = PgMembers(db)
        self.notifications = PgNotifications(db)
        self.outbox = PgOutbox(db)
        self.passkeys = PgPasskeys(db)
        self.posts = PgPosts(db)
        self.reveals = PgReveals(db)
        self.records = PgRecords(db)
        self.requests = PgRequests(db)
        self.search = PgSearch(db)
        self.second_factors = PgSecondFactors(db)
        self.sessions = PgSessions(db)
        self.status = PgStatus(db)
        self.threads = PgThreads(db)
        self.webinar_reminders = PgWebinarReminders(db)


def connect(url: str) -> psycopg.Connection[Row]:
    """One connection outside the pool (migrations, listening, tools), in autocommit."""
    return psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT)


class PgStore:
    """A PostgreSQL database behind the `Store` interface.

    The pool opens on first use, so building an app that never starts costs no
    connection. Writers do not queue in the process as SQLite's do: PostgreSQL
    locks rows, and appending events takes its own lock (events.py).
    """

    def __init__(self, url: str, pool_size: int = POOL_SIZE):
        self.url = url
        self.pool_size = pool_size
        self._pool: ConnectionPool[psycopg.Connection[Row]] | None = None
        self._opening = threading.Lock()

    def pool(self) -> ConnectionPool[psycopg.Connection[Row]]:
        with self._opening:
            if self._pool is None:
                pool: ConnectionPool[psycopg.Connection[Row]] = ConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=self.pool_size,
                    kwargs={"autocommit": True, "row_factory": dict_row, "connect_timeout": CONNECT_TIMEOUT},
                    open=False,
                    # No check on every checkout: it would add a round trip to every read
                    # statement (the follower's reads delay live events). A connection the
                    # server dropped fails one statement and is replaced by the pool.
                    name="scn",
                )
                try:
                    pool.open(wait=True, timeout=CONNECT_TIMEOUT)
                except psycopg_pool.PoolTimeout as error:
                    pool.close()
                    raise StorageError(f"cannot connect to PostgreSQL: {error}") from error
                self._pool = pool
            return self._pool

    def read(self) -> PgRepositories:
        """Repositories whose every statement runs alone in autocommit."""
        return PgRepositories(Autocommit(self.pool()))

    @contextmanager
    def write(self) -> Iterator[PgRepositories]:
        """One transaction on one pooled connection: committed at the end, rolled back on error."""
        with self.pool().connection() as conn, conn.transaction():
            yield PgRepositories(InTransaction(conn))

    def migrate(self) -> list[str]:
        with connect(self.url) as conn:
            return migrate(conn)

    def backup(self, destination: Path) -> None:
        """pg_dump's custom format: consistent (one snapshot) while the service runs."""
        if destination.exists():
            raise FileExistsError(f"{destination} already exists")
        self._run([program("pg_dump"), "--format=custom", f"--file={destination}", f"--dbname={self.url}"])

    def restore(self, backup_file: Path) -> None:
        """Replace every table with the backup's, in one transaction, after checking that the
        backup is a pg_dump archive of a Network database."""
        listing = self._run([program("pg_restore"), "--list", str(backup_file)])
        if " TABLE public schema_migrations " not in listing:
            raise StorageError(f"{backup_file} is not a Network database backup")
        self._run(
            [
                program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={self.url}",
                str(backup_file),
            ]
        )

    @staticmethod
    def _run(command: list[str]) -> str:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            lines = (result.stderr.strip() or f"exit status {result.returncode}").splitlines()
            raise StorageError(f"{Path(command[0]).name}: {lines[-1]}")
        return result.stdout

    def close(self) -> None:
        with self._opening:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
