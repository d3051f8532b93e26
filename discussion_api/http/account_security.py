"""Your account's security: its sign-in methods at a glance, an authenticator app (TOTP)
and one-time recovery codes, and where you are signed in (each session by device and
last seen, signed out one by one or everywhere else). Passkeys: passkeys.py; hospital
sign-in: sso.py.

Two-factor is optional for members and required for moderators and admins to moderate
(core/policy.py). Setting it up takes a code from the app, which also turns the current
session into a two-factor one (a fresh session token, as at any sign-in). Turning it off
or making new recovery codes needs a two-factor session, so a stolen password alone
cannot remove the second factor.
"""

from pydantic import BaseModel, Field

from ..core.cutoff import end_session_streams
from ..core.two_factor import (
    has_totp,
    new_recovery_codes,
    new_totp_secret,
    recovery_code_hash,
    totp_matches,
    totp_uri,
)
from .endpoints import Access, Call, Endpoint
from .errors import ApiError
from .fields import STRICT_INPUT
from .passkeys import PasskeyOut
from .sessions import device_of, start_session


class IdentityOut(BaseModel):
    provider: str
    email: str
    created_at: str


class SecurityOut(BaseModel):
    totp: bool
    recovery_codes_left: int
    two_factor_session: bool = Field(description="This session was opened with a second factor.")
    passkeys: list[PasskeyOut]
    identities: list[IdentityOut]


class SessionRow(BaseModel):
    id: int
    device: str
    created_at: str
    last_seen_at: str
    two_factor: bool
    current: bool = Field(description="The session this request came with.")


class SessionList(BaseModel):
    sessions: list[SessionRow]


class TotpSetup(BaseModel):
    secret: str = Field(description="Type this into an authenticator app (no QR code needed).")
    uri: str = Field(description="The same as an otpauth:// URI, for apps that take one.")


class CodeIn(BaseModel):
    model_config = STRICT_INPUT
    code: str = Field(min_length=6, max_length=10)


class RecoveryCodes(BaseModel):
    recovery_codes: list[str]
    csrf_token: str | None = None


def security(call: Call) -> SecurityOut:
    db, member_id = call.read(), call.member.id
    return SecurityOut(
        totp=has_totp(db, member_id),
        recovery_codes_left=db.second_factors.recovery_codes_left(member_id),
        two_factor_session=call.caller.two_factor,
        passkeys=[PasskeyOut.model_validate(row) for row in db.passkeys.for_member(member_id)],
        identities=[IdentityOut.model_validate(row) for row in db.identities.for_member(member_id)],
    )


def start_totp(call: Call) -> TotpSetup:
    secret = new_totp_secret()
    with call.runtime.store.write() as db:
        if has_totp(db, call.member.id):
            raise ApiError(409, "totp_on", "An authenticator app is already set up; turn it off first.")
        db.second_factors.start_totp(call.member.id, secret, call.now)
    return TotpSetup(secret=secret, uri=totp_uri(secret, call.member.email, call.runtime.settings.site_name))


def confirm_totp(call: Call) -> RecoveryCodes:
    """The first right code turns the app on; the answer holds the recovery codes, shown once."""
    codes = new_recovery_codes()
    with call.runtime.store.write() as db:
        waiting = db.second_factors.totp(call.member.id)
        if waiting is None or waiting["confirmed_at"] is not None:
            raise ApiError(409, "no_totp_setup", "Start setting up an authenticator app first.")
        if not totp_matches(waiting["secret"], call.body.code, call.now):
            raise ApiError(
                422, "invalid_code", "That code is not right; check the app's clock and try again.", "code"
            )
        db.second_factors.confirm_totp(call.member.id, call.now)
        db.second_factors.replace_recovery_codes(call.member.id, [recovery_code_hash(c) for c in codes])
        db.audit.record(call.member.id, "enable_totp", "member", call.member.id, "", call.now)
    device = device_of(call.request.headers.get("user-agent", ""))
    csrf = start_session(call.runtime, call.response, call.member.id, call.caller.session_id, True, device)
    return RecoveryCodes(recovery_codes=codes, csrf_token=csrf)


def _require_two_factor_session(call: Call) -> None:
    if not call.caller.two_factor:
        raise ApiError(
            403,
            "two_factor_required",
            "Sign in again with your authenticator app, a recovery code or a passkey to change this.",
        )


def remove_totp(call: Call) -> None:
    _require_two_factor_session(call)
    with call.runtime.store.write() as db:
        db.second_factors.remove_totp(call.member.id)
        db.audit.record(call.member.id, "disable_totp", "member", call.member.id, "", call.now)


def renew_recovery_codes(call: Call) -> RecoveryCodes:
    _require_two_factor_session(call)
    codes = new_recovery_codes()
    with call.runtime.store.write() as db:
        if not has_totp(db, call.member.id):
            raise ApiError(409, "no_totp", "Recovery codes come with an authenticator app; set one up first.")
        db.second_factors.replace_recovery_codes(call.member.id, [recovery_code_hash(c) for c in codes])
    return RecoveryCodes(recovery_codes=codes)


def list_sessions(call: Call) -> SessionList:
    rows = call.read().sessions.for_member(call.member.id)
    return SessionList(
        sessions=[
            SessionRow.model_validate(
                {**row, "two_factor": bool(row["two_factor"]), "current": row["id"] == call.caller.session_id}
            )
            for row in rows
        ]
    )


def end_one_session(call: Call) -> None:
    """Sign out one of your sessions (a lost phone, a shared computer), and its live streams."""
    session_id = call.id("session_id")
    with call.runtime.store.write() as db:
        if session_id not in {row["id"] for row in db.sessions.for_member(call.member.id)}:
            raise ApiError(404, "not_found", "No such session.")
        db.sessions.delete(session_id)
        end_session_streams(db, session_id, call.now)


def end_other_sessions(call: Call) -> None:
    """Sign out everywhere else: every session but this one."""
    with call.runtime.store.write() as db:
        for row in db.sessions.for_member(call.member.id):
            if row["id"] != call.caller.session_id:
                db.sessions.delete(row["id"])
                end_session_streams(db, row["id"], call.now)


routes = (
    Endpoint(
        "GET",
        "/account/sessions",
        list_sessions,
        Access.ACCOUNT,
        "Where you are signed in: each session's device, when it began and was last seen.",
        response=SessionList,
    ),
    Endpoint(
        "DELETE",
        "/account/sessions/{session_id:int}",
        end_one_session,
        Access.ACCOUNT,
        "Sign out one of your sessions.",
        status=204,
        errors=(404,),
    ),
    Endpoint(
        "DELETE",
        "/account/sessions",
        end_other_sessions,
        Access.ACCOUNT,
        "Sign out everywhere else (every session but this one).",
        status=204,
    ),
    Endpoint(
        "GET",
        "/account/security",
        security,
        Access.ACCOUNT,
        "Your sign-in methods: authenticator app, recovery codes left, passkeys, hospital sign-ins.",
        response=SecurityOut,
    ),
    Endpoint(
        "POST",
        "/account/totp",
        start_totp,
        Access.ACCOUNT,
        "Start setting up an authenticator app: its secret, as text and as an otpauth:// URI.",
        response=TotpSetup,
        errors=(409,),
    ),
    Endpoint(
        "POST",
        "/account/totp/confirm",
        confirm_totp,
        Access.ACCOUNT,
        "Turn the app on with its first code; returns ten one-time recovery codes and makes this "
        "a two-factor session.",
        body=CodeIn,
        response=RecoveryCodes,
        errors=(409,),
    ),
    Endpoint(
        "DELETE",
        "/account/totp",
        remove_totp,
        Access.ACCOUNT,
        "Turn the authenticator app off (needs a two-factor session).",
        status=204,
        errors=(403,),
    ),
    Endpoint(
        "POST",
        "/account/recovery-codes",
        renew_recovery_codes,
        Access.ACCOUNT,
        "Replace your recovery codes with ten new ones (needs a two-factor session).",
        response=RecoveryCodes,
        errors=(403, 409),
    ),
)
