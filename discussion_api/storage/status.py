"""Questions about the database as a whole."""

from sqlite_utils import Database


def database_answers(db: Database) -> None:
    db.execute("SELECT 1").fetchone()


def admin_exists(db: Database) -> bool:
    return db.execute("SELECT 1 FROM members WHERE role = 'admin' LIMIT 1").fetchone() is not None
