"""Which database the settings name: PostgreSQL when SCN_DATABASE_URL is set, else
the embedded SQLite file; and copying one into the other. The one place (with
app.py's follower choice) that knows both engines exist."""

from pathlib import Path

from ..config import Settings
from .interfaces import RateCounts, StorageError, Store, StreamLeases
from .postgres.database import PgStore
from .postgres.rate_counts import PgRateCounts
from .postgres.stream_leases import PgStreamLeases
from .postgres.tables import load_tables
from .sqlite.database import SqliteStore
from .sqlite.tables import read_tables


def open_store(settings: Settings) -> Store:
    if settings.database_url:
        # One connection for each thread that runs database work (SCN_WORKER_THREADS and
        # SCN_WRITE_THREADS).
        return PgStore(settings.database_url, pool_size=settings.worker_threads + settings.write_threads)
    return SqliteStore(settings.database)


def shared_rate_counts(store: Store) -> RateCounts | None:
    """Rate counts all app servers share: in PostgreSQL; None on SQLite (each process
    counts in memory)."""
    return PgRateCounts(store) if isinstance(store, PgStore) else None


def shared_stream_leases(store: Store) -> StreamLeases | None:
    """Open streams counted across app servers: in PostgreSQL; None on SQLite (each
    process's broker caps its own streams)."""
    return PgStreamLeases(store) if isinstance(store, PgStore) else None


def copy_sqlite_to_postgres(path: Path, url: str) -> list[str]:
    """`scn db copy`: both databases migrated first, then every table copied and verified
    (transfer.py); returns one line per table."""
    if not path.is_file():
        raise StorageError(f"no SQLite database at {path}")
    source = SqliteStore(path)
    try:
        source.migrate()
    finally:
        source.close()
    destination = PgStore(url)
    try:
        destination.migrate()
    finally:
        destination.close()
    return load_tables(url, read_tables(path))
