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
"""

import logging

from pydantic import BaseModel

from . import links
from .account import SessionOut, self_view
from .endpoints import Access, Call, Endpoint
from .errors import ApiError
from .fields import STRICT_INPUT, Email, Password, Token
from .sessions import start_session

log = logging.getLogger("discussion_api.signin")


def _link_needed() -> ApiError:
    return ApiError(
        403,
        "signin_link_sent",
        "For this account's safety, signing in now needs a link: if this address has an account, "
        "we emailed it a sign-in link that works once within 15 minutes.",
    )


class SignIn(BaseModel):
    model_config = STRICT_INPUT
    email: Email
    password: Password


class LinkSignIn(BaseModel):
    model_config = STRICT_INPUT
    token: Token


def sign_in(call: Call) -> SessionOut:
    runtime, body, address = call.runtime, call.body, call.client_ip
    limits = runtime.limits
    pair = f"{body.email} {address}"
    limits.check(limits.signin_pair, pair)
    limits.check(limits.signin_ip, address)
    if limits.exhausted(limits.signin_account, body.email):
        _email_link(call, body.email)
        raise _link_needed()
    found = runtime.store.read().members.by_email(body.email)
    if not runtime.passwords.verify(found[1] if found else None, body.password):
        for item, key in (
            (limits.signin_pair, pair),
            (limits.signin_account, body.email),
            (limits.signin_ip, address),
        ):
            limits.hit(item, key)
        log.info("failed sign-in from %s", address)
        raise ApiError(401, "invalid_credentials", "The email or password is wrong.")
    assert found is not None
    return _start(call, found[0].id)


def sign_in_with_link(call: Call) -> SessionOut:
    with call.runtime.store.write() as db:
        row = links.redeem(db, call.body.token, "signin", call.now)
    return _start(call, row["member_id"])


def _start(call: Call, member_id: int) -> SessionOut:
    """Open a session for a member who proved who they are, unless they are suspended."""
    runtime = call.runtime
    member = runtime.store.read().members.get(member_id)
    assert member is not None
    if member.is_suspended(call.now):
        until = f" until {member.suspended_until}" if member.suspended_until else ""
        raise ApiError(403, "suspended", f"This account is suspended{until}.")
    csrf = start_session(runtime, call.response, member.id, call.caller.session_id)
    log.info("member %s signed in", member.id)
    row = runtime.store.read().members.profile(member.id)
    assert row is not None
    return SessionOut(member=self_view(row, call.now), csrf_token=csrf)


def _email_link(call: Call, email: str) -> None:
    """Mail a sign-in link to the account at `email`, if there is one, unless its owner
    (or this client address) has had too many such emails lately."""
    runtime, limits, address = call.runtime, call.runtime.limits, call.client_ip
    if limits.exhausted(limits.signin_link, email) or limits.exhausted(limits.email_ip, address):
        return
    limits.hit(limits.signin_link, email)
    limits.hit(limits.email_ip, address)
    with runtime.store.write() as db:
        found = db.members.by_email(email)
        link = (
            links.issue(db, runtime.settings.public_url, found[0].id, "signin", call.now) if found else None
        )
    if found and link:
        log.info("sign-in link sent to member %s (sign-ins need one for now)", found[0].id)
        runtime.mailer.deliver(
            found[0].email,
            "Your sign-in link",
            (
                "Many wrong passwords were tried for your account recently, so for now it\n"
                "takes this link to sign in. It works once, within 15 minutes:\n"
                f"{link}\n\n"
                "If you did not just try to sign in, someone else did; your password was not\n"
                "accepted for them. Consider choosing a new, longer one on the account page.\n"
            ),
        )


routes = (
    Endpoint(
        "POST",
        "/session",
        sign_in,
        Access.PUBLIC,
        "Sign in with email and password. Under attack an account or address needs an "
        "emailed link instead (403 signin_link_sent).",
        body=SignIn,
        response=SessionOut,
        errors=(401, 403, 429),
    ),
    Endpoint(
        "POST",
        "/session/link",
        sign_in_with_link,
        Access.PUBLIC,
        "Sign in with the token of an emailed sign-in link.",
        body=LinkSignIn,
        response=SessionOut,
        errors=(400, 403),
    ),
)
