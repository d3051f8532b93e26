"""Email domains whose verified applicants are approved without waiting for a moderator."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from .sql import rows


class SqliteDomains:
    """Email domains whose verified applicants are approved without waiting for a moderator."""

    def __init__(self, db: Database):
        self.db = db

    def all_domains(self) -> list[dict[str, Any]]:
        return rows(self.db, "SELECT domain, added_at FROM auto_approve_domains ORDER BY domain")

    def add(self, domain: str, added_by: int, now: datetime) -> bool:
        """False if the domain was already listed."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO auto_approve_domains (domain, added_by, added_at) VALUES (?, ?, ?)",
            [domain, added_by, iso(now)],
        )
        return cursor.rowcount == 1

    def remove(self, domain: str) -> bool:
        return self.db.execute("DELETE FROM auto_approve_domains WHERE domain = ?", [domain]).rowcount == 1

    def is_listed(self, domain: str) -> bool:
        return bool(rows(self.db, "SELECT 1 FROM auto_approve_domains WHERE domain = ?", [domain]))
