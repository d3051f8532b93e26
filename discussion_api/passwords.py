"""Password hashing (argon2id) and the password policy.

Hashing is slow on purpose, so it runs in a worker thread, never on the event loop.
"""

from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.concurrency import run_in_threadpool

from .errors import ApiError

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
        raise ApiError(
            422, "password_too_short", f"Use at least {MIN_LENGTH} characters (15 or more is better).", field
        )
    if len(password) > MAX_LENGTH:
        raise ApiError(422, "password_too_long", f"Use at most {MAX_LENGTH} characters.", field)
    if password.lower() in common_passwords():
        raise ApiError(
            422, "password_too_common", "That password is on the list of most common passwords.", field
        )


class Passwords:
    """argon2id with argon2-cffi's defaults; tests pass a cheaper hasher to stay fast."""

    def __init__(self, hasher: PasswordHasher | None = None):
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None

    def hash_now(self, password: str) -> str:
        """Blocking; for the CLI. Request handlers use `hash`."""
        return self._hasher.hash(password)

    async def hash(self, password: str) -> str:
        return await run_in_threadpool(self._hasher.hash, password)

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        """Check `password`; with no account (None) spend the same time and say no."""
        if stored_hash is None:
            if self._dummy_hash is None:
                self._dummy_hash = await self.hash("no account has this password")
            await run_in_threadpool(self._verify, self._dummy_hash, password)
            return False
        return await run_in_threadpool(self._verify, stored_hash, password)

    def _verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False
