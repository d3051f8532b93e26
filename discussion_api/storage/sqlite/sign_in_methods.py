"""Sign-in methods beyond the password: single sign-on identities, passkeys, TOTP and
recovery codes (issue 11)."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso

Row = dict[str, Any]


class SqliteIdentities:
    """Identities at OpenID providers linked to accounts, keyed by (issuer, subject)."""

    def __init__(self, db: Database):
        self.db = db

    def member_for(self, issuer: str, subject: str) -> int | None:
        rows = list(
            self.db.query(
                "SELECT member_id FROM identities WHERE issuer = ? AND subject = ?", [issuer, subject]
            )
        )
        return rows[0]["member_id"] if rows else None

    def link(
        self, issuer: str, subject: str, member_id: int, provider: str, email: str, now: datetime
    ) -> None:
        self.db["identities"].insert(
            {
                "issuer": issuer,
                "subject": subject,
                "member_id": member_id,
                "provider": provider,
                "email": email,
                "created_at": iso(now),
            }
        )

    def for_member(self, member_id: int) -> list[Row]:
        return list(
            self.db.query(
                "SELECT provider, email, created_at FROM identities WHERE member_id = ? ORDER BY created_at",
                [member_id],
            )
        )


class SqlitePasskeys:
    """WebAuthn credentials (passkeys): several per account, named and removable."""

    def __init__(self, db: Database):
        self.db = db

    def add(
        self, member_id: int, credential_id: str, public_key: str, sign_count: int, name: str, now: datetime
    ) -> int:
        table = self.db["passkeys"].insert(
            {
                "member_id": member_id,
                "credential_id": credential_id,
                "public_key": public_key,
                "sign_count": sign_count,
                "name": name,
                "created_at": iso(now),
                "last_used_at": None,
            }
        )
        assert table.last_pk is not None
        return int(table.last_pk)

    def by_credential(self, credential_id: str) -> Row | None:
        rows = list(self.db.query("SELECT * FROM passkeys WHERE credential_id = ?", [credential_id]))
        return rows[0] if rows else None

    def for_member(self, member_id: int) -> list[Row]:
        return list(
            self.db.query(
                "SELECT id, credential_id, name, created_at, last_used_at FROM passkeys WHERE member_id = ? ORDER BY id",
                [member_id],
            )
        )

    def used(self, passkey_id: int, sign_count: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE passkeys SET sign_count = ?, last_used_at = ? WHERE id = ?",
            [sign_count, iso(now), passkey_id],
        )

    def remove(self, member_id: int, passkey_id: int) -> bool:
        cursor = self.db.execute(
            "DELETE FROM passkeys WHERE id = ? AND member_id = ?", [passkey_id, member_id]
        )
        return cursor.rowcount > 0


class SqliteSecondFactors:
    """TOTP secrets and one-time recovery codes."""

    def __init__(self, db: Database):
        self.db = db

    def totp(self, member_id: int) -> Row | None:
        rows = list(
            self.db.query(
                "SELECT secret, created_at, confirmed_at FROM totp_secrets WHERE member_id = ?", [member_id]
            )
        )
        return rows[0] if rows else None

    def start_totp(self, member_id: int, secret: str, now: datetime) -> None:
        self.db.execute("DELETE FROM totp_secrets WHERE member_id = ? AND confirmed_at IS NULL", [member_id])
        self.db["totp_secrets"].insert(
            {"member_id": member_id, "secret": secret, "created_at": iso(now), "confirmed_at": None}
        )

    def confirm_totp(self, member_id: int, now: datetime) -> None:
        self.db.execute("UPDATE totp_secrets SET confirmed_at = ? WHERE member_id = ?", [iso(now), member_id])

    def remove_totp(self, member_id: int) -> None:
        self.db.execute("DELETE FROM totp_secrets WHERE member_id = ?", [member_id])
        self.db.execute("DELETE FROM recovery_codes WHERE member_id = ?", [member_id])

    def replace_recovery_codes(self, member_id: int, code_hashes: list[str]) -> None:
        self.db.execute("DELETE FROM recovery_codes WHERE member_id = ?", [member_id])
        self.db["recovery_codes"].insert_all(
            {"member_id": member_id, "code_hash": code_hash, "used_at": None} for code_hash in code_hashes
        )

    def use_recovery_code(self, member_id: int, code_hash: str, now: datetime) -> bool:
        cursor = self.db.execute(
            "UPDATE recovery_codes SET used_at = ? WHERE member_id = ? AND code_hash = ? AND used_at IS NULL",
            [iso(now), member_id, code_hash],
        )
        return cursor.rowcount > 0

    def recovery_codes_left(self, member_id: int) -> int:
        rows = list(
            self.db.query(
                "SELECT count(*) AS n FROM recovery_codes WHERE member_id = ? AND used_at IS NULL",
                [member_id],
            )
        )
        return int(rows[0]["n"])
