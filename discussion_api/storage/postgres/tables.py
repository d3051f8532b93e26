"""Loading whole tables into an empty, migrated database, for `scn db copy` (../transfer.py)."""

from psycopg import Connection, sql

from ..interfaces import Row, StorageError
from ..transfer import TABLES, Table, verify
from .database import connect


def load_tables(url: str, tables: list[Table]) -> list[str]:
    """Write every table in one transaction, read each back and verify it; returns one
    line per table. Nothing is committed unless every table verifies."""
    keys = dict(TABLES)
    with connect(url) as conn, conn.transaction():
        if conn.execute("SELECT count(*) AS n FROM members").fetchone()["n"]:  # type: ignore[index]
            raise StorageError("the destination already holds members; copy into an empty database")
        # The migrations seed categories; the source's own replace them.
        conn.execute("DELETE FROM categories")
        first_posts = []
        for table in tables:
            columns = table.columns
            rows = table.rows
            if table.name == "threads":
                # threads.first_post_id points at posts not copied yet: filled in after them.
                at = columns.index("first_post_id")
                first_posts = [(row[at], row[0]) for row in rows if row[at] is not None]
                rows = [(*row[:at], None, *row[at + 1 :]) for row in rows]
            _copy(conn, table.name, columns, rows)
            if table.name == "posts" and first_posts:
                conn.cursor().executemany("UPDATE threads SET first_post_id = %s WHERE id = %s", first_posts)
        _restart_identities(conn)
        return [verify(table, keys[table.name], _read(conn, table.name, table.columns)) for table in tables]


def _copy(conn: Connection[Row], table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with conn.cursor().copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _read(conn: Connection[Row], table: str, columns: list[str]) -> list[tuple[object, ...]]:
    """The table as copied, in no particular order (verify sorts)."""
    statement = sql.SQL("SELECT {} FROM {}").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
    )
    return [tuple(row.values()) for row in conn.execute(statement).fetchall()]


def _restart_identities(conn: Connection[Row]) -> None:
    """New rows continue after the copied ids (the identities did not count the copies)."""
    for row in conn.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public'"
        " AND column_name = 'id' AND is_identity = 'YES'"
    ).fetchall():
        name = row["table_name"]
        conn.execute(
            sql.SQL(
                "SELECT setval(pg_get_serial_sequence({}, 'id'), coalesce(max(id), 0) + 1, false) FROM {}"
            ).format(sql.Literal(name), sql.Identifier(name))
        )
