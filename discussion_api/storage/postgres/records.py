"""Data-rights exports: a member's own records, and the whole forum (../records.py)."""

from ..interfaces import Row
from ..records import FORUM_RECORDS, MEMBER_RECORDS
from .sql import Sql


class PgRecords:
    """Data-rights exports: a member's own records, and the whole forum."""

    def __init__(self, db: Sql):
        self.db = db

    def of_member(self, member_id: int) -> dict[str, list[Row]]:
        return {
            name: self.db.rows(query.format(p="%s"), [member_id]) for name, query in MEMBER_RECORDS.items()
        }

    def forum(self) -> dict[str, list[Row]]:
        return {name: self.db.rows(query) for name, query in FORUM_RECORDS.items()}
