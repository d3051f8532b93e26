"""Which database the settings name: PostgreSQL when SCN_DATABASE_URL is set, else
the embedded SQLite file. The one place (with app.py's follower choice) that knows
both engines exist."""

from ..config import Settings
from .interfaces import Store
from .postgres.database import PgStore
from .sqlite.database import SqliteStore


def open_store(settings: Settings) -> Store:
    if settings.database_url:
        return PgStore(settings.database_url)
    return SqliteStore(settings.database)
