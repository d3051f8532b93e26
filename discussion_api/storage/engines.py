"""Which database the settings name: PostgreSQL when SCN_DATABASE_URL is set, else
the embedded SQLite file; and copying one into the other. The one place (with
app.py's follower choice) that knows both engines exist."""

from pathlib import Path

from ..config import Settings
from .interfaces import StorageError, Store
from .postgres.database import PgStore
from .postgres.tables import load_tables
from .sqlite.database import SqliteStore
from .sqlite.tables import read_tables


def open_store(settings: Settings) -> Store:
    if settings.database_url:
        return PgStore(settings.database_url)
    return SqliteStore(settings.database)


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
