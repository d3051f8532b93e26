"""Who is asking: server-side sessions, their cookie, and the CSRF token bound to them.

Every API request resolves its caller (`resolve_caller`: idle and absolute expiry
against the app's clock) and refuses unsafe methods whose X-CSRF-Token header does
not match the caller's token (`check_csrf`), on the worker thread that then runs
its handler (http/endpoints.py). A signed-in viewer's token is bound to
the session; a visitor's to a random seed cookie set by GET /api/v1/session, so
joining and signing in are protected too.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from starlette.responses import Response

from ..core.clock import parse
from ..core.cutoff import end_session_streams
from ..core.policy import Viewer, viewer_of
from ..core.tokens import hash_token, new_token
from ..storage.interfaces import Member
from .errors import ApiError

if TYPE_CHECKING:  # runtime.py imports the follower, whose middleware imports this module
    from .runtime import Runtime

API_PREFIX = "/api/"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "x-csrf-token"
# Refreshing last_seen_at on every request would make every read a write.
TOUCH_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    """Who sent a request: the member behind its session cookie, if any, and the
    CSRF token their unsafe requests must carry."""

    member: Member | None
    session_id: int | None
    csrf_token: str | None
    two_factor: bool = False  # the session was opened with a second factor

    def viewer(self, now: datetime) -> Viewer:
        return viewer_of(self.member, now, two_factor=self.two_factor)


def csrf_token(secret_key: bytes, purpose: str, value: str) -> str:
    return hmac.new(secret_key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def csrf_matches(sent: str, expected: str) -> bool:
    """Compare in constant time as bytes: compare_digest refuses a str with any
    non-ASCII character (TypeError), and a header may carry any byte. Header values
    are decoded as latin-1, so encoding them back is lossless and never fails."""
    return hmac.compare_digest(sent.encode("latin-1"), expected.encode("latin-1"))


def resolve_caller(runtime: "Runtime", cookies: dict[str, str]) -> Caller:
    """The member behind the session cookie, ending the session if it has expired."""
    settings = runtime.settings
    now = runtime.clock()
    token = cookies.get(settings.session_cookie)
    if token:
        token_hash = hash_token(token)
        found = runtime.store.read().sessions.find(token_hash)
        if found:
            session, member = found
            last_seen = parse(session["last_seen_at"])
            expired = (
                now - last_seen > settings.session_idle
                or now - parse(session["created_at"]) > settings.session_absolute
            )
            if expired or member.is_suspended(now):
                with runtime.store.write() as db:
                    db.sessions.delete(session["id"])
            else:
                if now - last_seen > TOUCH_AFTER:
                    with runtime.store.write() as db:
                        db.sessions.touch(session["id"], now)
                return Caller(
                    member,
                    session["id"],
                    csrf_token(settings.secret_key, "session", token_hash),
                    bool(session["two_factor"]),
                )
    seed = cookies.get(settings.csrf_cookie)
    return Caller(None, None, csrf_token(settings.secret_key, "visitor", seed) if seed else None)


def set_cookie(runtime: "Runtime", response: Response, name: str, value: str, max_age: timedelta) -> None:
    """HttpOnly, SameSite=Lax, Path=/, no Domain; Secure (and `__Host-` names) over https."""
    response.set_cookie(
        name,
        value,
        max_age=int(max_age.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=runtime.settings.secure,
    )


def device_of(user_agent: str) -> str:
    """ "Firefox on Windows": what a member recognises a session by (never the whole header)."""
    browser = next((name for key, name in _BROWSERS if key in user_agent), "A browser")
    system = next((name for key, name in _SYSTEMS if key in user_agent), "")
    return f"{browser} on {system}" if system else browser


# Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def start_session(
    runtime: "Runtime",
    response: Response,
    member_id: int,
    previous_session_id: int | None,
    two_factor: bool = False,
    device: str = "",
) -> str:
    """Sign in: a fresh token (the previous one stops working); returns its CSRF token.
    `two_factor`: the member proved a second factor (moderation needs it); `device`:
    what `device_of` made of the browser's User-Agent."""
    token = new_token()
    token_hash = hash_token(token)
    with runtime.store.write() as db:
        if previous_session_id is not None:
            db.sessions.delete(previous_session_id)
        db.sessions.create(member_id, token_hash, runtime.clock(), two_factor, device)
    set_cookie(runtime, response, runtime.settings.session_cookie, token, runtime.settings.session_absolute)
    return csrf_token(runtime.settings.secret_key, "session", token_hash)


def start_visit(runtime: "Runtime", response: Response) -> str:
    """Give a visitor a CSRF seed cookie; returns the token bound to it."""
    seed = new_token()
    set_cookie(runtime, response, runtime.settings.csrf_cookie, seed, timedelta(days=1))
    return csrf_token(runtime.settings.secret_key, "visitor", seed)


def end_session(runtime: "Runtime", response: Response, session_id: int) -> None:
    with runtime.store.write() as db:
        db.sessions.delete(session_id)
        end_session_streams(db, session_id, runtime.clock())
    response.delete_cookie(
        runtime.settings.session_cookie,
        path="/",
        httponly=True,
        samesite="lax",
        secure=runtime.settings.secure,
    )


def check_csrf(method: str, sent: str, caller: Caller) -> None:
    """Unsafe methods must carry the X-CSRF-Token bound to the caller's session (or,
    for a visitor, to their seed cookie)."""
    if method in UNSAFE_METHODS and (caller.csrf_token is None or not csrf_matches(sent, caller.csrf_token)):
        raise ApiError(
            403,
            "csrf_failed",
            "Missing or stale X-CSRF-Token header; get a fresh one from GET /api/v1/session.",
        )
