"""Questions about the database as a whole."""

from .sql import Sql


class PgStatus:
    """Questions about the database as a whole."""

    def __init__(self, db: Sql):
        self.db = db

    def database_answers(self) -> None:
        self.db.value("SELECT 1 AS answer")

    def admin_exists(self) -> bool:
        return self.db.row("SELECT 1 FROM members WHERE role = 'admin' LIMIT 1") is not None
