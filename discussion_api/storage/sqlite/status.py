"""Questions about the database as a whole."""

from sqlite_utils import Database


class SqliteStatus:
    """Questions about the database as a whole."""

    def __init__(self, db: Database):
        self.db = db

    def database_answers(self) -> None:
        self.db.execute("SELECT 1").fetchone()

    def admin_exists(self) -> bool:
        return self.db.execute("SELECT 1 FROM members WHERE role = 'admin' LIMIT 1").fetchone() is not None
