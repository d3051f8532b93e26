"""Data-rights exports: a member's own records, and the whole forum (../records.py)."""

from typing import Any

from sqlite_utils import Database

from ..records import FORUM_RECORDS, MEMBER_RECORDS


class SqliteRecords:
    """Data-rights exports: a member's own records, and the whole forum."""

    def __init__(self, db: Database):
        self.db = db

    def of_member(self, member_id: int) -> dict[str, list[dict[str, Any]]]:
        return {
            name: list(self.db.query(query.format(p="?"), [member_id]))
            for name, query in MEMBER_RECORDS.items()
        }

    def forum(self) -> dict[str, list[dict[str, Any]]]:
        return {name: list(self.db.query(query)) for name, query in FORUM_RECORDS.items()}
