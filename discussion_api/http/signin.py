"""Signing in with a password, and with an emailed link when the password cannot be trusted.

Why not simply lock an account or an address after N failures: then a stranger who
sends 100 wrong passwords for an address locks its owner out, and one attacker
behind a hospital's NAT locks out every colleague who shares its address. So the
failures of a sign-in are counted three ways (successes never count), each with a
different answer once used up:

- per (account, client address) pair (SCN_SIGNIN_LIMIT_PAIR, default 10 per 15
  minutes): 429 with Retry-After. This stops guessing from one place and touches
  nobody else: the owner at their own address is not in that pair.
- per account, from every address (SCN_SIGNIN_LIMIT_ACCOUNT, 100 an hour, ASVS
  4.0.3 2.2.1): past it the password is no longer checked at all for that account,
  so at most 100 failed guesses an hour are ever tried against it. Instead of
  refusing its owner, every sign-in to it needs a second factor the owner has: a
  single-use link emailed to the account's address (15 minutes; only its hash is
  stored, in email_tokens). The answer is 403 `signin_link_sent`, the same whether
  or not the address has an account and whatever password was sent, so it tells
  nobody whether an account exists or a guess was right. Link emails are
  themselves throttled per account (SCN_SIGNIN_LINK_LIMIT) and per client address
  (SCN_EMAIL_LIMIT_IP), so an attacker can flood neither an owner's inbox nor
  everyone's.
- per client address, any account (SCN_SIGNIN_LIMIT_IP, 1000 an hour): a ceiling
  for one source spraying many accounts, past which that address gets 429. It is set
  far above what a hospital's colleagues behind one NAT address produce, since only
  failures count (a whole ward signing in every shift adds nothing) and each of them
  also has their own pair count long before.

Magic links: anyone may ask for a sign-in link by email (POST /session/link/request,
same answer whether or not the address has an account). Every sign-in link, asked for
or sent under attack, is single use, lives 15 minutes, and works only in the browser
that asked: that browser gets a random cookie whose hash the link's row keeps.

Two-factor: an account with an authenticator app (TOTP) needs its code, or one of its
recovery codes, after the password or link (401 two_factor_required, then again with
`code`). A session opened so is a two-factor session, which moderation needs.
"""

import logging
from datetime import timedelta

from pydantic import BaseModel, Field

from ..core.tokens import hash_token, new_token
from ..core.two_factor import check_second_factor, has_totp
from ..storage.interfaces import Repositories
from . import links
from .account import Accepted, SessionOut, self_view
from .endpoints import Access, Call, Endpoint
from .errors import ApiError
from .fields import STRICT_INPUT, Email, Password, Token
from .sessions import device_of, set_cookie, start_session

SecondFactorCode = Field(default=None, min_length=6, max_length=20)

log = logging.getLogger("discussion_api.signin")


def _link_needed(call: Call) -> ApiError:
    # The browser-binding cookie rides on the refusal (the link works in this browser only).
    cookies = {k: v for k, v in call.response.headers.items() if k.lower() == "set-cookie"}
    return ApiError(
        403,
        "signin_link_sent",
        "For this account's safety, signing in now needs a link: if this address has an account, "
        "we emailed it a sign-in link that works once within 15 minutes, in this browser.",
        headers=cookies,
    )


class SignIn(BaseModel):
    model_config = STRICT_INPUT
    email: Email
    password: Password
    code: str | None = SecondFactorCode  # TOTP or recovery code, for accounts with two-factor


class LinkSignIn(BaseModel):
    model_config = STRICT_INPUT
    token: Token
    code: str | None = SecondFactorCode


class LinkRequest(BaseModel):
    model_config = STRICT_INPUT
    email: Email


def _browser_hash(call: Call) -> str | None:
    """The hash of this browser's link-binding cookie, if it holds one."""
    value = call.request.cookies.get(call.runtime.settings.link_cookie)
    return hash_token(value) if value else None


def _bind_browser(call: Call) -> str:
    """Give this browser a fresh link-binding cookie; returns the hash a link keeps."""
    value = new_token()
    set_cookie(call.runtime, call.response, call.runtime.settings.link_cookie, value, timedelta(minutes=15))
    return hash_token(value)


def second_factor(call: Call, db: Repositories, member_id: int, code: str | None) -> bool:
    """Inside the caller's write transaction: whether the member proved a second factor.

    Accounts without one pass with False; one that has TOTP must send a valid code (an
    error otherwise, which rolls back whatever the transaction did, a redeemed link too).
    """
    if not has_totp(db, member_id):
        return False
    if not code:
        raise ApiError(
            401,
            "two_factor_required",
            "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
            "code",
        )
    if not check_second_factor(db, member_id, code, call.now):
        raise ApiError(401, "invalid_code", "That code is not right, or was used already.", "code")
    return True


def sign_in(call: Call) -> SessionOut:
    runtime, body, address = call.runtime, call.body, call.client_ip
    limits = runtime.limits
    pair = f"{body.email} {address}"
    limits.check(limits.signin_pair, pair)
    limits.check(limits.signin_ip, address)
    if limits.exhausted(limits.signin_account, body.email):
        _email_link(call, body.email, UNDER_ATTACK_MAIL)
        raise _link_needed(call)
    found = runtime.store.read().members.by_email(body.email)
    if not runtime.passwords.verify(found[1] if found else None, body.password):
        _count_failure(call, pair, body.email)
        raise ApiError(401, "invalid_credentials", "The email or password is wrong.")
    assert found is not None
    try:
        with runtime.store.write() as db:
            two_factor = second_factor(call, db, found[0].id, body.code)
    except ApiError as error:
        if error.code == "invalid_code":
            _count_failure(call, pair, body.email)
        raise
    return open_session(call, found[0].id, two_factor)


def _count_failure(call: Call, pair: str, email: str) -> None:
    limits, address = call.runtime.limits, call.client_ip
    for item, key in (
        (limits.signin_pair, pair),
        (limits.signin_account, email),
        (limits.signin_ip, address),
    ):
        limits.hit(item, key)
    log.info("failed sign-in from %s", address)


def sign_in_with_link(call: Call) -> SessionOut:
    call.runtime.limits.check(call.runtime.limits.signin_ip, call.client_ip)
    try:
        with call.runtime.store.write() as db:
            row = links.redeem(db, call.body.token, "signin", call.now, _browser_hash(call))
            two_factor = second_factor(call, db, row["member_id"], call.body.code)
    except ApiError as error:
        if error.code == "invalid_code":
            call.runtime.limits.hit(call.runtime.limits.signin_ip, call.client_ip)
        raise
    return open_session(call, row["member_id"], two_factor)


def request_link(call: Call) -> Accepted:
    """Email a sign-in link; the same answer whether or not the address has an account."""
    _email_link(call, call.body.email, ASKED_MAIL)
    return Accepted(status="check_your_email")


def open_session(call: Call, member_id: int, two_factor: bool = False) -> SessionOut:
    """Open a session for a member who proved who they are, unless they are suspended."""
    runtime = call.runtime
    member = runtime.store.read().members.get(member_id)
    assert member is not None
    if member.is_suspended(call.now):
        until = f" until {member.suspended_until}" if member.suspended_until else ""
        raise ApiError(403, "suspended", f"This account is suspended{until}.")
    device = device_of(call.request.headers.get("user-agent", ""))
    csrf = start_session(runtime, call.response, member.id, call.caller.session_id, two_factor, device)
    log.info("member %s signed in%s", member.id, " with two factors" if two_factor else "")
    row = runtime.store.read().members.profile(member.id)
    assert row is not None
    return SessionOut(member=self_view(row), csrf_token=csrf)


UNDER_ATTACK_MAIL = (
    "Many wrong passwords were tried for your account recently, so for now it\n"
    "takes this link to sign in. It works once, within 15 minutes, in the browser\n"
    "where you tried to sign in:\n"
    "{link}\n\n"
    "If you did not just try to sign in, someone else did; your password was not\n"
    "accepted for them. Consider choosing a new, longer one on the account page.\n"
)
ASKED_MAIL = (
    "Someone (hopefully you) asked for a link to sign in. It works once, within\n"
    "15 minutes, in the browser where you asked for it:\n"
    "{link}\n\n"
    "If it was not you, ignore this email: the link is of no use in another browser.\n"
)


def _email_link(call: Call, email: str, text: str) -> None:
    """Mail a sign-in link to the account at `email`, if there is one, unless its owner
    (or this client address) has had too many such emails lately. The link is bound to
    the asking browser either way, so the answer does not tell whether it was sent."""
    runtime, limits, address = call.runtime, call.runtime.limits, call.client_ip
    browser_hash = _bind_browser(call)
    if limits.exhausted(limits.signin_link, email) or limits.exhausted(limits.email_ip, address):
        return
    limits.hit(limits.signin_link, email)
    limits.hit(limits.email_ip, address)
    with runtime.store.write() as db:
        found = db.members.by_email(email)
        link = (
            links.issue(db, runtime.settings.public_url, found[0].id, "signin", call.now, None, browser_hash)
            if found
            else None
        )
    if found and link:
        log.info("sign-in link sent to member %s", found[0].id)
        runtime.mailer.deliver(found[0].email, "Your sign-in link", text.format(link=link))


routes = (
    Endpoint(
        "POST",
        "/session",
        sign_in,
        Access.PUBLIC,
        "Sign in with email and password (and a two-factor code if the account has one: "
        "401 two_factor_required). Under attack an account or address needs an emailed link "
        "instead (403 signin_link_sent).",
        body=SignIn,
        response=SessionOut,
        errors=(401, 403, 429),
    ),
    Endpoint(
        "POST",
        "/session/link",
        sign_in_with_link,
        Access.PUBLIC,
        "Sign in with the token of an emailed sign-in link, in the browser that asked for it "
        "(and a two-factor code if the account has one).",
        body=LinkSignIn,
        response=SessionOut,
        errors=(400, 401, 403, 429),
    ),
    Endpoint(
        "POST",
        "/session/link/request",
        request_link,
        Access.PUBLIC,
        "Email a sign-in link that works once, for 15 minutes, in this browser (same answer "
        "whether or not the address has an account).",
        body=LinkRequest,
        response=Accepted,
        status=202,
    ),
)
