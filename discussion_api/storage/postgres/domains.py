"""Email domains whose verified applicants are approved without waiting for a moderator.

Domains compare case-insensitively, as SQLite's COLLATE NOCASE does: a unique index
on lower(domain) (migrations.py).
"""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from .sql import Sql


class PgDomains:
    """Email domains whose verified applicants are approved without waiting for a moderator."""

    def __init__(self, db: Sql):
        self.db = db

    def all_domains(self) -> list[Row]:
        return self.db.rows("SELECT domain, added_at FROM auto_approve_domains ORDER BY domain")

    def add(self, domain: str, added_by: int, now: datetime) -> bool:
        """False if the domain was already listed."""
        return (
            self.db.execute(
                "INSERT INTO auto_approve_domains (domain, added_by, added_at) VALUES (%s, %s, %s)"
                " ON CONFLICT ((lower(domain))) DO NOTHING",
                [domain, added_by, iso(now)],
            )
            == 1
        )

    def remove(self, domain: str) -> bool:
        return (
            self.db.execute("DELETE FROM auto_approve_domains WHERE lower(domain) = lower(%s)", [domain]) == 1
        )

    def is_listed(self, domain: str) -> bool:
        return (
            self.db.row("SELECT 1 FROM auto_approve_domains WHERE lower(domain) = lower(%s)", [domain])
            is not None
        )
