"""Second factors: TOTP codes (RFC 6238, via pyotp) and one-time recovery codes.

A code is accepted for the current 30-second step and one step either side, so a
phone whose clock is a little off still works. Recovery codes are stored only as
hashes and each works once (`SecondFactors.use_recovery_code`).
"""

import secrets
from datetime import datetime

import pyotp

from ..storage.interfaces import Repositories
from .tokens import hash_token

RECOVERY_CODES = 10
# No 0/O or 1/I/L: codes are read off paper and typed by hand.
_RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app takes (typed or pasted; no QR code needed)."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def totp_matches(secret: str, code: str, now: datetime) -> bool:
    code = code.replace(" ", "")
    return code.isdigit() and pyotp.TOTP(secret).verify(code, for_time=now, valid_window=1)


def new_recovery_codes() -> list[str]:
    """Ten codes like `K7QM-4XZP-T9WR` (60 bits each)."""
    return [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(4)) for _ in range(3))
        for _ in range(RECOVERY_CODES)
    ]


def recovery_code_hash(code: str) -> str:
    return hash_token(code.strip().upper().replace(" ", ""))


def has_totp(db: Repositories, member_id: int) -> bool:
    found = db.second_factors.totp(member_id)
    return found is not None and found["confirmed_at"] is not None


def check_second_factor(db: Repositories, member_id: int, code: str, now: datetime) -> bool:
    """A TOTP code or an unused recovery code (which is then used up), inside the caller's
    write transaction."""
    found = db.second_factors.totp(member_id)
    if found is None or found["confirmed_at"] is None:
        return False
    if totp_matches(found["secret"], code, now):
        return True
    return db.second_factors.use_recovery_code(member_id, recovery_code_hash(code), now)
