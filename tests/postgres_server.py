"""Putting a test on a storage backend; the PostgreSQL server itself is bench/postgres_server.py
(the backends benchmark starts one too)."""

from typing import Any


def database_env(backend: str, request: Any) -> dict[str, str]:
    """The settings that put a test on `backend`: nothing for SQLite (a file in the test's
    data dir), or SCN_DATABASE_URL naming a fresh migrated PostgreSQL database, dropped
    when `request`'s scope ends (`request`: a pytest FixtureRequest)."""
    if backend == "sqlite":
        return {}
    server = request.getfixturevalue("postgres")
    url = server.database()
    request.addfinalizer(lambda: server.drop(url))
    return {"SCN_DATABASE_URL": url}
