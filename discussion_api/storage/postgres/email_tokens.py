"""Single-use, short-lived tokens sent in email links (verify, reset, email change)."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import TokenRow
from .sql import Sql


class PgEmailTokens:
    """Single-use, short-lived tokens sent in email links (verify, reset, email change)."""

    def __init__(self, db: Sql):
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
            "DELETE FROM email_tokens WHERE member_id = %s AND purpose = %s AND used_at IS NULL",
            [member_id, purpose],
        )
        self.db.insert(
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
            returning=None,
        )

    def consume(
        self, token_hash: str, purpose: str, now: datetime, browser_hash: str | None = None
    ) -> TokenRow | None:
        """Use the token once: returns its row (as it was before use) if it was live.

        FOR UPDATE: of two requests racing with one link, the second waits and then
        finds it used (SQLite gets this from its single writer).
        """
        row = self.db.row(
            "SELECT * FROM email_tokens WHERE token_hash = %s AND purpose = %s AND used_at IS NULL "
            "AND expires_at > %s AND (browser_hash IS NULL OR browser_hash = %s) FOR UPDATE",
            [token_hash, purpose, iso(now), browser_hash],
        )
        if row is not None:
            self.db.execute(
                "UPDATE email_tokens SET used_at = %s WHERE token_hash = %s", [iso(now), token_hash]
            )
        return row
