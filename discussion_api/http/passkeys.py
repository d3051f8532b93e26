"""Passkeys (WebAuthn, checked by the `webauthn` library): register several per account,
name and remove them, and sign in with one.

A passkey is asked to verify its user (PIN or biometrics), so signing in with one is
two-factor sign-in. Each ceremony's challenge waits in the signed session cookie for
five minutes and is used once. The relying party is SCN_PUBLIC_URL's host; browsers
accept a domain name there (`localhost` included), not a bare IP address.
"""

import logging
import time
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field
from starlette.responses import Response
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .account import SessionOut
from .endpoints import Access, Call, Endpoint
from .errors import ApiError
from .fields import STRICT_INPUT, Name
from .signin import open_session

log = logging.getLogger("discussion_api.passkeys")

CHALLENGE_KEY = "scn_webauthn"
CHALLENGE_SECONDS = 300


class PasskeyOut(BaseModel):
    id: int
    name: str
    created_at: str
    last_used_at: str | None


class PasskeyList(BaseModel):
    passkeys: list[PasskeyOut]


class NewPasskey(BaseModel):
    model_config = STRICT_INPUT
    name: Name
    credential: dict[str, Any] = Field(
        description="The browser's PublicKeyCredential, as its toJSON() gives it."
    )


class PasskeySignIn(BaseModel):
    model_config = STRICT_INPUT
    credential: dict[str, Any] = Field(
        description="The browser's PublicKeyCredential, as its toJSON() gives it."
    )


def _rp_id(call: Call) -> str:
    return urlsplit(call.runtime.settings.public_url).hostname or "localhost"


def _json(options: Any) -> Response:
    return Response(options_to_json(options), media_type="application/json")


def _remember(call: Call, purpose: str, challenge: bytes) -> None:
    call.request.session[CHALLENGE_KEY] = {
        "purpose": purpose,
        "challenge": bytes_to_base64url(challenge),
        "expires": time.time() + CHALLENGE_SECONDS,
    }


def _challenge(call: Call, purpose: str) -> bytes:
    """The ceremony's challenge, once: it leaves the cookie as it is read."""
    waiting = call.request.session.pop(CHALLENGE_KEY, None)
    if not waiting or waiting["purpose"] != purpose or waiting["expires"] < time.time():
        raise ApiError(409, "passkey_expired", "That took too long; please try the passkey again.")
    return base64url_to_bytes(waiting["challenge"])


def _refused(error: Exception) -> ApiError:
    log.info("passkey refused: %s", error)  # the library's reason, for the operator only
    return ApiError(400, "passkey_refused", "The passkey was not accepted. Please try again.", "credential")


def registration_options(call: Call) -> Response:
    member = call.member
    existing = call.read().passkeys.for_member(member.id)
    options = generate_registration_options(
        rp_id=_rp_id(call),
        rp_name=call.runtime.settings.site_name,
        user_name=member.email,
        user_id=f"scn-member-{member.id}".encode(),
        user_display_name=member.name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(row["credential_id"])) for row in existing
        ],
    )
    _remember(call, "register", options.challenge)
    return _json(options)


def add_passkey(call: Call) -> PasskeyOut:
    challenge = _challenge(call, "register")
    try:
        verified = verify_registration_response(
            credential=call.body.credential,
            expected_challenge=challenge,
            expected_rp_id=_rp_id(call),
            expected_origin=list(call.runtime.settings.allowed_origins),
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise _refused(error) from None
    credential_id = bytes_to_base64url(verified.credential_id)
    with call.runtime.store.write() as db:
        if db.passkeys.by_credential(credential_id) is not None:
            raise ApiError(409, "passkey_exists", "This passkey is already registered.")
        passkey_id = db.passkeys.add(
            call.member.id,
            credential_id,
            bytes_to_base64url(verified.credential_public_key),
            verified.sign_count,
            call.body.name,
            call.now,
        )
        db.audit.record(call.member.id, "add_passkey", "member", call.member.id, call.body.name, call.now)
    return next(p for p in list_passkeys(call).passkeys if p.id == passkey_id)


def list_passkeys(call: Call) -> PasskeyList:
    rows = call.read().passkeys.for_member(call.member.id)
    return PasskeyList(passkeys=[PasskeyOut.model_validate(row) for row in rows])


def remove_passkey(call: Call) -> None:
    with call.runtime.store.write() as db:
        if not db.passkeys.remove(call.member.id, call.id("passkey_id")):
            raise ApiError(404, "not_found", "No such passkey.")
        db.audit.record(call.member.id, "remove_passkey", "member", call.member.id, "", call.now)


def signin_options(call: Call) -> Response:
    options = generate_authentication_options(
        rp_id=_rp_id(call), user_verification=UserVerificationRequirement.REQUIRED
    )
    _remember(call, "signin", options.challenge)
    return _json(options)


def sign_in_with_passkey(call: Call) -> SessionOut:
    limits = call.runtime.limits
    limits.check(limits.signin_ip, call.client_ip)
    challenge = _challenge(call, "signin")
    credential_id = call.body.credential.get("id")
    found = call.read().passkeys.by_credential(credential_id) if isinstance(credential_id, str) else None
    if found is None:
        limits.hit(limits.signin_ip, call.client_ip)
        raise ApiError(
            401, "unknown_passkey", "This passkey is not registered here (it may have been removed)."
        )
    try:
        verified = verify_authentication_response(
            credential=call.body.credential,
            expected_challenge=challenge,
            expected_rp_id=_rp_id(call),
            expected_origin=list(call.runtime.settings.allowed_origins),
            credential_public_key=base64url_to_bytes(found["public_key"]),
            credential_current_sign_count=found["sign_count"],
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        limits.hit(limits.signin_ip, call.client_ip)
        raise _refused(error) from None
    with call.runtime.store.write() as db:
        db.passkeys.used(found["id"], verified.new_sign_count, call.now)
    return open_session(call, found["member_id"], two_factor=True)


routes = (
    Endpoint(
        "POST",
        "/account/passkeys/options",
        registration_options,
        Access.ACCOUNT,
        "Options for navigator.credentials.create() (WebAuthn JSON), to add a passkey.",
    ),
    Endpoint(
        "POST",
        "/account/passkeys",
        add_passkey,
        Access.ACCOUNT,
        "Register the passkey the browser created, under a name.",
        body=NewPasskey,
        response=PasskeyOut,
        status=201,
        errors=(400, 409),
    ),
    Endpoint(
        "GET", "/account/passkeys", list_passkeys, Access.ACCOUNT, "Your passkeys.", response=PasskeyList
    ),
    Endpoint(
        "DELETE",
        "/account/passkeys/{passkey_id:int}",
        remove_passkey,
        Access.ACCOUNT,
        "Remove one of your passkeys.",
        status=204,
        errors=(404,),
    ),
    Endpoint(
        "POST",
        "/session/passkey/options",
        signin_options,
        Access.PUBLIC,
        "Options for navigator.credentials.get() (WebAuthn JSON), to sign in with a passkey.",
    ),
    Endpoint(
        "POST",
        "/session/passkey",
        sign_in_with_passkey,
        Access.PUBLIC,
        "Sign in with a passkey (a two-factor sign-in).",
        body=PasskeySignIn,
        response=SessionOut,
        errors=(400, 401, 409, 429),
    ),
)
