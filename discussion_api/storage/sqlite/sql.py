"""Running statements on a connection straight through sqlite3, for the table modules.

sqlite_utils' `Database.query` wraps every SELECT in a SAVEPOINT and a RELEASE (three
statements for one) and `Table.insert` looks the table up in sqlite_master first: on
the paths every request takes (sessions, thread reads, posting) that bookkeeping cost
more than the query. Rows come back as dicts keyed by column name, as before; each
statement runs to its end (fetchall), so no read transaction is left open.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

Params = Mapping[str, Any] | Sequence[Any]


def rows(db: Database, query: str, params: Params = ()) -> list[dict[str, Any]]:
    cursor = db.conn.execute(query, params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=False)) for row in cursor.fetchall()]  # same length: no check


def row(db: Database, query: str, params: Params = ()) -> dict[str, Any] | None:
    found = rows(db, query, params)
    return found[0] if found else None


def insert(db: Database, table: str, fields: Mapping[str, Any]) -> int:
    """Insert one row; returns its rowid. Column names come from the code, never from input."""
    columns = ", ".join(f'"{name}"' for name in fields)
    marks = ", ".join(f":{name}" for name in fields)
    return int(db.conn.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', fields).lastrowid)
