"""Changing your password while signed in: the current password proves it is you; every
other session is signed out, and this one continues with a fresh session."""

import logging

from pydantic import BaseModel

from ..core.cutoff import end_member_streams
from ..core.passwords import check_policy
from .account import SessionOut, self_view
from .endpoints import Access, Call, Endpoint
from .errors import ApiError
from .fields import STRICT_INPUT, Password
from .sessions import device_of, start_session

log = logging.getLogger("discussion_api.account")


class PasswordChange(BaseModel):
    model_config = STRICT_INPUT
    current_password: Password
    new_password: Password


def change_password(call: Call) -> SessionOut:
    """Check the current password (throttled like signing in), set the new one, sign out
    every session of the member and start a new one for this browser."""
    runtime, body = call.runtime, call.body
    limits = runtime.limits
    email = call.member.email
    limits.check(limits.signin_account, email)
    found = runtime.store.read().members.by_email(email)
    if not runtime.passwords.verify(found[1] if found else None, body.current_password):
        limits.hit(limits.signin_account, email)
        raise ApiError(403, "wrong_password", "The current password is wrong.", "current_password")
    check_policy(body.new_password)
    new_hash = runtime.passwords.hash(body.new_password)
    with runtime.store.write() as db:
        db.members.set_password_hash(call.member.id, new_hash)
        db.sessions.delete_for_member(call.member.id)
        end_member_streams(db, call.member.id, call.now)
    # The new session keeps what the old one proved (a second factor, for moderation).
    csrf = start_session(
        runtime,
        call.response,
        call.member.id,
        call.caller.session_id,
        call.caller.two_factor,
        device_of(call.request.headers.get("user-agent", "")),
    )
    log.info("member %s changed their password", call.member.id)
    row = runtime.store.read().members.profile(call.member.id)
    assert row is not None
    return SessionOut(member=self_view(row), csrf_token=csrf)


routes = (
    Endpoint(
        "POST",
        "/account/password",
        change_password,
        Access.ACCOUNT,
        "Change your password (give the current one); every other session is signed out.",
        body=PasswordChange,
        response=SessionOut,
        errors=(403, 422, 429),
    ),
)
