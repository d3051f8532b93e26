"""Creating accounts: the one way a member comes to exist, for the API's join form
and the CLI's first admin alike."""

from datetime import datetime
from typing import Any

from ..storage.interfaces import Repositories
from .errors import Conflict


def create_account(
    db: Repositories,
    fields: dict[str, Any],
    password_hash: str,
    now: datetime,
    *,
    status: str = "unverified",
    role: str = "member",
) -> int:
    """Store a new account inside the caller's write transaction; returns its id.

    Raises Conflict when the address already has an account (the join form turns
    that into a notice by email, so it does not reveal who is a member).
    """
    if db.members.email_taken(fields["email"]):
        raise Conflict("email_taken", "An account with this email address already exists.", "email")
    return db.members.create(fields, password_hash, now, status=status, role=role)
