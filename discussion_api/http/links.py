"""Single-use, short-lived links sent by email: the only place a token rides in a URL.

The token travels in the URL fragment, which browsers send neither to servers nor
in Referer headers; the page posts it back to the API.
"""

from datetime import datetime, timedelta

from ..core.tokens import hash_token, new_token
from ..storage.interfaces import Repositories, Row
from .errors import ApiError

LIFETIMES = {
    "verify": timedelta(hours=24),
    "reset": timedelta(hours=1),
    "email_change": timedelta(hours=24),
    "signin": timedelta(minutes=15),  # a second factor while an account is under attack
}


def issue(
    db: Repositories,
    public_url: str,
    member_id: int,
    purpose: str,
    now: datetime,
    new_email: str | None = None,
    browser_hash: str | None = None,
) -> str:
    """Store a fresh token for `purpose` and return the link that carries it; with
    `browser_hash`, the link works only in the browser holding that cookie's value."""
    token = new_token()
    db.email_tokens.create(
        hash_token(token), member_id, purpose, now + LIFETIMES[purpose], new_email, browser_hash
    )
    return f"{public_url}/account/#{purpose}={token}"


def redeem(db: Repositories, token: str, purpose: str, now: datetime, browser_hash: str | None = None) -> Row:
    """Use a link's token once. A browser-bound link (sign-in) works only with the hash of the
    browser cookie it was bound to: another browser is told the same as for a used link."""
    row = db.email_tokens.consume(hash_token(token), purpose, now, browser_hash)
    if row is None:
        raise ApiError(
            400,
            "invalid_link",
            "This link is not valid: it was used already, has expired, or was asked for in another "
            "browser (open it in the browser where you asked for it).",
            "token",
        )
    return row
