"""Whole tables read in key order, for `scn db copy` (../transfer.py)."""

from pathlib import Path
from sqlite3 import connect

from ..transfer import TABLES, Table


def read_tables(path: Path) -> list[Table]:
    """Every table `transfer.TABLES` names, read-only; the search index as (post_id, title, body)."""
    conn = connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = []
        for name, key in TABLES:
            if name == "post_search":
                query = "SELECT rowid AS post_id, title, body FROM post_search ORDER BY rowid"
            else:
                query = f'SELECT * FROM "{name}" ORDER BY {", ".join(key)}'
            cursor = conn.execute(query)
            tables.append(Table(name, [column[0] for column in cursor.description], cursor.fetchall()))
        return tables
    finally:
        conn.close()
