"""Single-use, short-lived tokens sent in email links (verify, reset, email change, sign-in)."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from .sql import insert, rows

TokenRow = dict[str, Any]


class SqliteEmailTokens:
    """Single-use, short-lived tokens sent in email links (verify, reset, email change, sign-in)."""

    def __init__(self, db: Database):
        self.db = db

    def create(
        self,
        token_hash: str,
        member_id: int,
        purpose: str,
        expires_at: datetime,
        new_email: str | None = None,
        browser_hash: str | None = None,
    ) -> None:
        # One live link per purpose: asking again retires the previous one.
        self.db.execute(
            "DELETE FROM email_tokens WHERE member_id = ? AND purpose = ? AND used_at IS NULL",
            [member_id, purpose],
        )
        insert(
            self.db,
            "email_tokens",
            {
                "token_hash": token_hash,
                "member_id": member_id,
                "purpose": purpose,
                "new_email": new_email,
                "expires_at": iso(expires_at),
                "used_at": None,
                "browser_hash": browser_hash,
            },
        )

    def consume(
        self, token_hash: str, purpose: str, now: datetime, browser_hash: str | None = None
    ) -> TokenRow | None:
        """Use the token once: returns its row if it was live, and marks it used."""
        found = rows(
            self.db,
            "SELECT * FROM email_tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
            "AND expires_at > ? AND (browser_hash IS NULL OR browser_hash = ?)",
            [token_hash, purpose, iso(now), browser_hash],
        )
        if not found:
            return None
        self.db.execute("UPDATE email_tokens SET used_at = ? WHERE token_hash = ?", [iso(now), token_hash])
        return found[0]
