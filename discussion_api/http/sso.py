"""Single sign-on with a hospital's OpenID Connect provider (authlib's Starlette client).

The authorization-code flow with state, nonce and PKCE (S256): authlib keeps all
three in Starlette's signed session cookie (SCN's `scn_sso`, minutes long) between
the redirect to the provider and its callback, checks the state, and checks the ID
token's signature, issuer, audience (our client id), expiry and nonce. Identities
are keyed by (issuer, subject), never by email address.

At the callback:
- a known identity signs its member in (two-factor if the provider says the person
  used several factors: "mfa" in the `amr` claim);
- a flow started from "Link" by a signed-in member links the identity to them (the
  only way an identity joins an existing account);
- an unknown identity opens a join request: its verified claims wait in the signed
  cookie while the person completes the form (POST /sso/join), and approval still
  applies, except at auto-approved domains.
Every outcome, good or bad, is a redirect to the account page whose fragment the
widget turns into a sentence (`#sso=...` or `#sso_error=<code>`); a refused flow
opens no session.
"""

import logging
import time
from typing import Any

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
from joserfc.errors import ClaimError, JoseError
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse

from ..config import Settings
from ..core import membership
from ..core.accounts import create_account
from ..core.errors import Conflict
from .account import SessionOut
from .endpoints import Access, Call, Endpoint
from .errors import ApiError
from .membership import JoinProfile
from .signin import open_session

log = logging.getLogger("discussion_api.sso")

JOIN_KEY = "scn_sso_join"
LINK_KEY = "scn_sso_link"
JOIN_MINUTES = 30
# A password hash no password matches: an account made by single sign-on has no password
# until its owner sets one (password reset).
NO_PASSWORD = "!sso"

# The codes a refused flow ends with (`#sso_error=<code>`); the widget says each in a
# sentence a nurse understands (SSO_ERRORS in widget.js): state_mismatch, provider_refused,
# code_rejected (an expired or reused code), token_rejected (signature, issuer, audience,
# nonce or expiry wrong), provider_unreachable, email_unverified, identity_taken,
# sign_in_to_link, suspended.
IDENTITY_TAKEN = "This hospital sign-in is already linked to another account."


def single_sign_on(settings: Settings) -> OAuth:
    """One authlib client per configured provider; discovery is read on first use."""
    oauth = OAuth()
    for provider in settings.oidc_providers:
        oauth.register(
            name=provider.name,
            server_metadata_url=provider.discovery_url,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
        )
    return oauth


class Provider(BaseModel):
    name: str
    label: str


class ProviderList(BaseModel):
    providers: list[Provider]


class PendingJoin(BaseModel):
    provider: str
    email: str
    name: str


class CallbackQuery(BaseModel):
    """What providers send back (authlib reads it from the request itself): the standard
    parameters, plus those Entra ID (session_state), Google (authuser, hd, prompt, scope)
    and RFC 9207 (iss) add. Anything else is refused, as on every route."""

    model_config = ConfigDict(extra="forbid")
    code: str | None = Field(default=None, max_length=2000)
    state: str | None = Field(default=None, max_length=500)
    error: str | None = Field(default=None, max_length=200)
    error_description: str | None = Field(default=None, max_length=2000)
    error_uri: str | None = Field(default=None, max_length=2000)
    iss: str | None = Field(default=None, max_length=2000)
    session_state: str | None = Field(default=None, max_length=500)
    scope: str | None = Field(default=None, max_length=2000)
    authuser: str | None = Field(default=None, max_length=20)
    hd: str | None = Field(default=None, max_length=253)
    prompt: str | None = Field(default=None, max_length=100)


class SsoJoin(JoinProfile):
    """The join form's questions the provider does not answer (email comes from it)."""


def list_providers(call: Call) -> ProviderList:
    providers = call.runtime.settings.oidc_providers
    return ProviderList(providers=[Provider(name=p.name, label=p.label) for p in providers])


def _client(call: Call) -> StarletteOAuth2App:
    name = call.request.path_params["provider"]
    client = call.runtime.oidc.create_client(name) if name in _names(call) else None
    if client is None:
        raise ApiError(404, "not_found", "No such sign-in provider.")
    return client


def _names(call: Call) -> set[str]:
    return {p.name for p in call.runtime.settings.oidc_providers}


def _label(call: Call, name: str) -> str:
    return next(p.label for p in call.runtime.settings.oidc_providers if p.name == name)


def _outcome(call: Call, fragment: str) -> RedirectResponse:
    return RedirectResponse(f"{call.runtime.settings.public_url}/account/#{fragment}", status_code=303)


def _refused(call: Call, code: str, detail: object) -> RedirectResponse:
    log.info("single sign-on refused (%s): %s", code, detail)
    return _outcome(call, f"sso_error={code}")


async def _redirect(call: Call) -> RedirectResponse:
    client = _client(call)
    name = call.request.path_params["provider"]
    callback = f"{call.runtime.settings.public_url}/api/v1/sso/{name}/callback"
    try:
        return await client.authorize_redirect(call.request, callback)
    except (httpx.HTTPError, AuthlibBaseError, RuntimeError, KeyError, ValueError) as error:
        return _refused(call, "provider_unreachable", error)


async def start(call: Call) -> RedirectResponse:
    call.request.session.pop(LINK_KEY, None)
    return await _redirect(call)


async def start_link(call: Call) -> RedirectResponse:
    call.request.session[LINK_KEY] = call.member.id
    return await _redirect(call)


async def callback(call: Call) -> RedirectResponse:
    client = _client(call)
    if call.request.method != "GET":  # HEAD (a link scanner): the flow waits for the browser
        return _outcome(call, "sso_error=state_mismatch")
    session = call.request.session
    link_for = session.pop(LINK_KEY, None)
    try:
        token = await client.authorize_access_token(call.request)
    except MismatchingStateError as error:
        return _refused(call, "state_mismatch", error)
    except OAuthError as error:
        # The provider's own refusal at the callback, or its token endpoint's (an expired
        # or reused code is `invalid_grant`).
        code = "code_rejected" if error.error == "invalid_grant" else "provider_refused"
        return _refused(call, code, error.error)
    except (ClaimError, JoseError, AuthlibBaseError, ValueError, KeyError) as error:
        return _refused(call, "token_rejected", error)
    except httpx.HTTPError as error:
        return _refused(call, "provider_unreachable", error)
    claims: dict[str, Any] = dict(token.get("userinfo") or {})
    if not claims.get("sub") or not claims.get("iss"):
        return _refused(call, "token_rejected", "no ID token")
    return await run_in_threadpool(_arrive, call, claims, link_for)


def _arrive(call: Call, claims: dict[str, Any], link_for: int | None) -> RedirectResponse:
    """What a verified identity does here: link, sign in, or start a join request."""
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    provider = call.request.path_params["provider"]
    email = str(claims.get("email") or "")
    with call.runtime.store.write() as db:
        owner = db.identities.member_for(issuer, subject)
        if link_for is not None:
            if call.viewer.member is None or call.viewer.member.id != link_for:
                return _refused(call, "sign_in_to_link", "link flow without its session")
            if owner is not None and owner != link_for:
                return _refused(call, "identity_taken", f"{issuer} {subject}")
            if owner is None:
                db.identities.link(issuer, subject, link_for, provider, email, call.now)
                db.audit.record(link_for, "link_identity", "member", link_for, provider, call.now)
            return _outcome(call, "sso=linked")
    if owner is not None:
        try:
            open_session(call, owner, two_factor="mfa" in (claims.get("amr") or []))
        except ApiError as error:
            return _refused(call, error.code, error.message)
        return _outcome(call, "sso=signed_in")
    if not email or claims.get("email_verified") is not True:
        return _refused(call, "email_unverified", f"{issuer} {subject}")
    call.request.session[JOIN_KEY] = {
        "provider": provider,
        "issuer": issuer,
        "subject": subject,
        "email": email,
        "name": str(claims.get("name") or ""),
        "expires": time.time() + JOIN_MINUTES * 60,
    }
    return _outcome(call, "sso=join")


def _pending(call: Call) -> dict[str, Any]:
    pending = call.request.session.get(JOIN_KEY)
    if not pending or pending["expires"] < time.time():
        raise ApiError(
            404,
            "no_pending_sign_in",
            "No hospital sign-in is waiting to join (it lasts 30 minutes); sign in with your hospital again.",
        )
    return pending


def pending_join(call: Call) -> PendingJoin:
    pending = _pending(call)
    return PendingJoin(
        provider=_label(call, pending["provider"]), email=pending["email"], name=pending["name"]
    )


def join(call: Call) -> SessionOut:
    """Ask to join with the hospital identity: the address is the one the provider
    verified, so the application goes straight to review (or is approved at an
    auto-approved domain). The applicant is signed in to follow it."""
    pending = _pending(call)
    fields = {"email": pending["email"], **call.body.model_dump(exclude={"agrees_to_community_rules"})}
    with call.runtime.store.write() as db:
        if db.identities.member_for(pending["issuer"], pending["subject"]) is not None:
            raise ApiError(409, "identity_taken", IDENTITY_TAKEN)
        try:
            member_id = create_account(db, fields, NO_PASSWORD, call.now)
        except Conflict:
            raise ApiError(
                409,
                "email_taken",
                "This address already has an account: sign in to it (with its password or an emailed "
                "link), then link your hospital sign-in from your account's Security section.",
                "email",
            ) from None
        db.identities.link(
            pending["issuer"], pending["subject"], member_id, pending["provider"], pending["email"], call.now
        )
        membership.confirm_address(db, member_id, call.now)
    call.request.session.pop(JOIN_KEY, None)
    return open_session(call, member_id)


routes = (
    Endpoint(
        "GET",
        "/sso/providers",
        list_providers,
        Access.PUBLIC,
        "The hospital sign-in providers, with their button labels.",
        response=ProviderList,
    ),
    Endpoint(
        "GET",
        "/sso/{provider}/start",
        start,
        Access.PUBLIC,
        "Go to the provider to sign in (303 there; state, nonce and PKCE kept in a signed cookie).",
        status=302,
        errors=(404,),
        media_type="text/html",
    ),
    Endpoint(
        "GET",
        "/sso/{provider}/link",
        start_link,
        Access.ACCOUNT,
        "Go to the provider to link its identity to the signed-in account.",
        status=302,
        errors=(404,),
        media_type="text/html",
    ),
    Endpoint(
        "GET",
        "/sso/{provider}/callback",
        callback,
        Access.PUBLIC,
        "Where the provider sends the browser back: 303 to the account page, whose fragment "
        "says what happened (sso=signed_in|linked|join, or sso_error=<code>).",
        query=CallbackQuery,
        status=303,
        errors=(404,),
        media_type="text/html",
    ),
    Endpoint(
        "GET",
        "/sso/join",
        pending_join,
        Access.PUBLIC,
        "The verified name and address of a hospital sign-in waiting to join.",
        response=PendingJoin,
        errors=(404,),
    ),
    Endpoint(
        "POST",
        "/sso/join",
        join,
        Access.PUBLIC,
        "Ask to join with the hospital identity waiting in this browser; signs the applicant in.",
        body=SsoJoin,
        response=SessionOut,
        errors=(404, 409),
    ),
)
