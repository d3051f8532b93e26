"""Password hashing (argon2id) and the password policy.

Hashing is slow on purpose; callers run it off the event loop (request handlers
already run in worker threads).
"""

from functools import cache, cached_property
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import Invalid

MIN_LENGTH = 8
MAX_LENGTH = 128


@cache
def common_passwords() -> frozenset[str]:
    text = files("discussion_api").joinpath("data/common-passwords.txt").read_text()
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check_policy(password: str, field: str = "password") -> None:
    """Refuse short, overlong and well-known passwords (ASVS 6.2.1, 6.2.9, 6.2.11)."""
    if len(password) < MIN_LENGTH:
        raise Invalid(
            "password_too_short", f"Use at least {MIN_LENGTH} characters (15 or more is better).", field
        )
    if len(password) > MAX_LENGTH:
        raise Invalid("password_too_long", f"Use at most {MAX_LENGTH} characters.", field)
    if password.lower() in common_passwords():
        raise Invalid("password_too_common", "That password is on the list of most common passwords.", field)


class Passwords:
    """argon2id with argon2-cffi's defaults; tests pass a cheaper hasher to stay fast."""

    def __init__(self, hasher: PasswordHasher | None = None):
        self._hasher = hasher or PasswordHasher()

    @cached_property
    def _dummy_hash(self) -> str:
        return self._hasher.hash("no account has this password")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """Check `password`; with no account (None) spend the same time and say no."""
        if stored_hash is None:
            self._check(self._dummy_hash, password)
            return False
        return self._check(stored_hash, password)

    def _check(self, stored_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False
