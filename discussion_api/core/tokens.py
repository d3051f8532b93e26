"""Secret tokens (sessions, email links): generated from `secrets`, stored only as hashes."""

import hashlib
import secrets


def new_token() -> str:
    """256 random bits from `secrets`, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
