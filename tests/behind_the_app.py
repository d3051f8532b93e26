"""Changing the Network's database behind the app's back, with plain sqlite3 or psycopg.

What another server process, an operator or a race would do: the app learns of it
only by reading the database again. Only the schema is assumed here, never the
app's own storage code, so these helpers survive any reorganisation of the app.

Tests name a database by the SQLite path in their settings. When a test runs on
PostgreSQL, its fixture registers which PostgreSQL database stands behind that
path (`register_postgres`), and the same helpers, with the same SQL (`?` becomes
psycopg's `%s`), work on it.
"""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_POSTGRES: dict[Path, str] = {}


def register_postgres(path: Path, url: str) -> None:
    """From now on, `path` names the PostgreSQL database at `url`."""
    _POSTGRES[path] = url


def postgres_url(path: Path) -> str | None:
    return _POSTGRES.get(path)


class _PgCursor:
    def __init__(self, rows: list[tuple[Any, ...]], returning: bool):
        self._rows = rows
        self.lastrowid = rows[0][0] if returning and rows else None

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)


class _PgDatabase:
    """sqlite3's `execute` over a psycopg connection, for the SQL these helpers share."""

    def __init__(self, conn: Any):
        self.conn = conn

    def execute(self, query: str, params: Any = ()) -> _PgCursor:
        query = query.replace("?", "%s")
        returning = query.lstrip().upper().startswith("INSERT") and "RETURNING" not in query.upper()
        cursor = self.conn.execute(query + (" RETURNING id" if returning else ""), params)
        return _PgCursor(cursor.fetchall() if cursor.description else [], returning)


@contextmanager
def database(path: Path) -> Iterator[Any]:
    """One transaction on the app's database, committed on leaving the block."""
    url = postgres_url(path)
    if url is not None:
        import psycopg

        with psycopg.connect(url) as conn:
            yield _PgDatabase(conn)
        return
    with closing(sqlite3.connect(path, timeout=10)) as db, db:
        yield db


def rows(path: Path, query: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with database(path) as db:
        return list(db.execute(query, params).fetchall())


def tables_holding(path: Path, text: str) -> list[str]:
    """Every table of the database with a row holding `text` (any case), whatever the
    column: the search index's own tables (SQLite's FTS5 shadow tables, PostgreSQL's
    tsvector, read as text) and any table added later included."""
    needle = text.lower()
    found = []
    with database(path) as db:
        if postgres_url(path) is not None:
            names = [
                name
                for (name,) in db.execute(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                )
            ]
            for name in names:
                if any(needle in row.lower() for (row,) in db.execute(f'SELECT t::text FROM "{name}" t')):
                    found.append(name)
            return found
        names = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in names:
            for row in db.execute(f'SELECT * FROM "{name}"'):
                values = [v.lower() for v in row if isinstance(v, str)]
                blobs = [v.lower() for v in row if isinstance(v, bytes)]
                if any(needle in v for v in values) or any(needle.encode() in b for b in blobs):
                    found.append(name)
                    break
    return found


def suspend(path: Path, member_id: int) -> None:
    """Suspend a member, indefinitely, leaving their sessions and streams open."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    with database(path) as db:
        db.execute(
            "UPDATE members SET suspended_at = ?, suspended_until = NULL WHERE id = ?", [now, member_id]
        )


def set_status(path: Path, member_id: int, status: str) -> None:
    with database(path) as db:
        db.execute("UPDATE members SET status = ? WHERE id = ?", [status, member_id])


def set_role(path: Path, member_id: int, role: str) -> None:
    with database(path) as db:
        db.execute("UPDATE members SET role = ? WHERE id = ?", [role, member_id])


def session_count(path: Path, member_id: int) -> int:
    with database(path) as db:
        return db.execute("SELECT count(*) FROM sessions WHERE member_id = ?", [member_id]).fetchone()[0]


def append_events(path: Path, topic: str, event_type: str, payload: dict[str, Any], count: int) -> list[int]:
    """Append `count` identical events to the events log; returns their ids."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    row = [topic, event_type, json.dumps(payload, sort_keys=True), now]
    with database(path) as db:
        return [
            db.execute(
                "INSERT INTO events (topic, type, payload, created_at) VALUES (?, ?, ?, ?)", row
            ).lastrowid
            for _ in range(count)
        ]


def copy_database(source: Path, destination: Path) -> None:
    """Copy the whole database, sessions included, with SQLite's online backup API.

    For resetting a test's world to a snapshot: the product's `scn db restore` has
    an operator's semantics (it may end sessions), which a reset must not have.
    On PostgreSQL the snapshot is a schema inside the same database (the app keeps
    connections open, so the database itself cannot be copied): `destination`
    then names that schema.
    """
    if postgres_url(source) is not None and postgres_url(destination) is None:
        _POSTGRES[destination] = _pg_copy(postgres_url(source), "public", "snapshot")  # type: ignore[arg-type]
        return
    if postgres_url(source) is not None:
        _pg_copy(postgres_url(destination), "snapshot", "public")  # type: ignore[arg-type]
        return
    with (
        closing(sqlite3.connect(source, timeout=10)) as src,
        closing(sqlite3.connect(destination, timeout=10)) as dst,
    ):
        src.backup(dst)


_COPY_SCRIPTS: dict[tuple[str, str, str], str] = {}


def _pg_copy(url: str, from_schema: str, to_schema: str) -> str:
    """Replace every table of `to_schema` with `from_schema`'s rows, identities following.

    One script per (database, direction), built once and sent in one round trip: the
    authorisation matrix resets its world before each of several hundred requests.
    """
    import psycopg

    script = _COPY_SCRIPTS.get((url, from_schema, to_schema))
    with psycopg.connect(url) as conn:
        if script is None:
            script = _copy_script(conn, from_schema, to_schema)
            _COPY_SCRIPTS[url, from_schema, to_schema] = script
        conn.execute(script)  # type: ignore[call-overload]
    return url


def _copy_script(conn: Any, from_schema: str, to_schema: str) -> str:
    columns: dict[str, list[str]] = {}
    for table, column in conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
        " AND is_generated = 'NEVER' AND table_name IN (SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'public' AND table_type = 'BASE TABLE') ORDER BY table_name, ordinal_position"
    ):
        columns.setdefault(table, []).append(f'"{column}"')
    # No FK checks mid-copy (the test cluster's user is a superuser).
    statements = [
        "SET LOCAL session_replication_role = replica",
        f'CREATE SCHEMA IF NOT EXISTS "{to_schema}"',
    ]
    for table, names in columns.items():
        source, target, listed = f'"{from_schema}"."{table}"', f'"{to_schema}"."{table}"', ", ".join(names)
        statements += [
            f"CREATE TABLE IF NOT EXISTS {target} (LIKE {source} INCLUDING ALL)",
            f"DELETE FROM {target}",
            f"INSERT INTO {target} ({listed}) SELECT {listed} FROM {source}",
        ]
        if to_schema == "public" and '"id"' in names:
            statements.append(
                f"SELECT setval(pg_get_serial_sequence('public.{table}', 'id'), coalesce(max(id), 0) + 1, false)"
                f" FROM {target}"
            )
    return ";\n".join(statements)
