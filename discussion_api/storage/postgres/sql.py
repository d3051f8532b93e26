"""Running statements: inside one write transaction, or each on its own pooled
connection in autocommit mode (reads), behind one small interface the table modules use.

Placeholders are psycopg's (`%s`, `%(name)s`); rows come back as dicts keyed by
column name, as the repositories' callers expect.
"""

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from psycopg import Connection, sql
from psycopg_pool import ConnectionPool

from ..interfaces import Row
from ..rows import as_stored

Params = dict[str, Any] | list[Any] | tuple[Any, ...]


class Sql:
    """Statements on a connection this object obtains per statement (`_connection`)."""

    def _connection(self) -> AbstractContextManager[Connection[Row]]:
        raise NotImplementedError

    def rows(self, query: str | sql.Composed, params: Params = ()) -> list[Row]:
        with self._connection() as conn:
            return conn.execute(query, params).fetchall()  # type: ignore[arg-type]

    def row(self, query: str | sql.Composed, params: Params = ()) -> Row | None:
        with self._connection() as conn:
            return conn.execute(query, params).fetchone()  # type: ignore[arg-type]

    def value(self, query: str, params: Params = ()) -> Any:
        found = self.row(query, params)
        return None if found is None else next(iter(found.values()))

    def execute(self, query: str | sql.Composed, params: Params = ()) -> int:
        """Run a statement; returns how many rows it changed."""
        with self._connection() as conn:
            return conn.execute(query, params).rowcount  # type: ignore[arg-type]

    def insert(self, table: str, fields: Row, returning: str | None = "id") -> Any:
        """Insert one row (flags stored as 0/1); returns its `returning` column."""
        fields = as_stored(fields)
        statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier(table),
            sql.SQL(", ").join(map(sql.Identifier, fields)),
            sql.SQL(", ").join(map(sql.Placeholder, fields)),
        )
        if returning is None:
            self.execute(statement, fields)
            return None
        found = self.row(statement + sql.SQL(" RETURNING {}").format(sql.Identifier(returning)), fields)
        assert found is not None
        return found[returning]

    def update(self, table: str, row_id: int, changes: Row) -> None:
        """Set `changes` on the row with this id (flags stored as 0/1)."""
        if not changes:
            return
        changes = as_stored(changes)
        statement = sql.SQL("UPDATE {} SET {} WHERE id = %(_id)s").format(
            sql.Identifier(table),
            sql.SQL(", ").join(
                sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder(column))
                for column in changes
            ),
        )
        self.execute(statement, {**changes, "_id": row_id})


class InTransaction(Sql):
    """Every statement on one connection inside `Store.write()`'s transaction."""

    def __init__(self, conn: Connection[Row]):
        self._conn = conn

    @contextmanager
    def _connection(self) -> Iterator[Connection[Row]]:
        yield self._conn


class Autocommit(Sql):
    """Each statement on a pooled connection in autocommit, so no read transaction stays
    open and every statement sees what was committed before it."""

    def __init__(self, pool: ConnectionPool[Connection[Row]]):
        self._pool = pool

    def _connection(self) -> AbstractContextManager[Connection[Row]]:
        return self._pool.connection()
