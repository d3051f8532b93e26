"""Email domains whose verified applicants are approved without waiting for a moderator."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ..clock import iso


def all_domains(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT domain, added_at FROM auto_approve_domains ORDER BY domain"))


def add(db: Database, domain: str, added_by: int, now: datetime) -> bool:
    """False if the domain was already listed."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO auto_approve_domains (domain, added_by, added_at) VALUES (?, ?, ?)",
        [domain, added_by, iso(now)],
    )
    return cursor.rowcount == 1


def remove(db: Database, domain: str) -> bool:
    return db.execute("DELETE FROM auto_approve_domains WHERE domain = ?", [domain]).rowcount == 1


def is_listed(db: Database, domain: str) -> bool:
    return bool(list(db.query("SELECT 1 FROM auto_approve_domains WHERE domain = ?", [domain])))
