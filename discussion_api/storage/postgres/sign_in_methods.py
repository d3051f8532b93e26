"""Sign-in methods beyond the password: single sign-on identities, passkeys, TOTP and
recovery codes (issue 11)."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from .sql import Sql


class PgIdentities:
    """Identities at OpenID providers linked to accounts, keyed by (issuer, subject)."""

    def __init__(self, db: Sql):
        self.db = db

    def member_for(self, issuer: str, subject: str) -> int | None:
        return self.db.value(
            "SELECT member_id FROM identities WHERE issuer = %s AND subject = %s", [issuer, subject]
        )

    def link(
        self, issuer: str, subject: str, member_id: int, provider: str, email: str, now: datetime
    ) -> None:
        self.db.insert(
            "identities",
            {
                "issuer": issuer,
                "subject": subject,
                "member_id": member_id,
                "provider": provider,
                "email": email,
                "created_at": iso(now),
            },
            returning=None,
        )

    def for_member(self, member_id: int) -> list[Row]:
        return self.db.rows(
            "SELECT provider, email, created_at FROM identities WHERE member_id = %s ORDER BY created_at",
            [member_id],
        )


class PgPasskeys:
    """WebAuthn credentials (passkeys): several per account, named and removable."""

    def __init__(self, db: Sql):
        self.db = db

    def add(
        self, member_id: int, credential_id: str, public_key: str, sign_count: int, name: str, now: datetime
    ) -> int:
        return int(
            self.db.insert(
                "passkeys",
                {
                    "member_id": member_id,
                    "credential_id": credential_id,
                    "public_key": public_key,
                    "sign_count": sign_count,
                    "name": name,
                    "created_at": iso(now),
                    "last_used_at": None,
                },
            )
        )

    def by_credential(self, credential_id: str) -> Row | None:
        return self.db.row("SELECT * FROM passkeys WHERE credential_id = %s", [credential_id])

    def for_member(self, member_id: int) -> list[Row]:
        return self.db.rows(
            "SELECT id, credential_id, name, created_at, last_used_at FROM passkeys WHERE member_id = %s ORDER BY id",
            [member_id],
        )

    def used(self, passkey_id: int, sign_count: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE passkeys SET sign_count = %s, last_used_at = %s WHERE id = %s",
            [sign_count, iso(now), passkey_id],
        )

    def remove(self, member_id: int, passkey_id: int) -> bool:
        return (
            self.db.execute("DELETE FROM passkeys WHERE id = %s AND member_id = %s", [passkey_id, member_id])
            > 0
        )


class PgSecondFactors:
    """TOTP secrets and one-time recovery codes."""

    def __init__(self, db: Sql):
        self.db = db

    def totp(self, member_id: int) -> Row | None:
        return self.db.row(
            "SELECT secret, created_at, confirmed_at FROM totp_secrets WHERE member_id = %s", [member_id]
        )

    def start_totp(self, member_id: int, secret: str, now: datetime) -> None:
        self.db.execute("DELETE FROM totp_secrets WHERE member_id = %s AND confirmed_at IS NULL", [member_id])
        self.db.insert(
            "totp_secrets",
            {"member_id": member_id, "secret": secret, "created_at": iso(now), "confirmed_at": None},
            returning=None,
        )

    def confirm_totp(self, member_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE totp_secrets SET confirmed_at = %s WHERE member_id = %s", [iso(now), member_id]
        )

    def remove_totp(self, member_id: int) -> None:
        self.db.execute("DELETE FROM totp_secrets WHERE member_id = %s", [member_id])
        self.db.execute("DELETE FROM recovery_codes WHERE member_id = %s", [member_id])

    def replace_recovery_codes(self, member_id: int, code_hashes: list[str]) -> None:
        self.db.execute("DELETE FROM recovery_codes WHERE member_id = %s", [member_id])
        for code_hash in code_hashes:
            self.db.insert(
                "recovery_codes",
                {"member_id": member_id, "code_hash": code_hash, "used_at": None},
                returning=None,
            )

    def use_recovery_code(self, member_id: int, code_hash: str, now: datetime) -> bool:
        # Of two requests racing with one code, the second updates nothing (row lock).
        changed = self.db.execute(
            "UPDATE recovery_codes SET used_at = %s WHERE member_id = %s AND code_hash = %s AND used_at IS NULL",
            [iso(now), member_id, code_hash],
        )
        return changed > 0

    def recovery_codes_left(self, member_id: int) -> int:
        return int(
            self.db.value(
                "SELECT count(*) FROM recovery_codes WHERE member_id = %s AND used_at IS NULL", [member_id]
            )
        )
