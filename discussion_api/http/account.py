"""The signed-in person's own account: session, sign-out, profile, password, email (sign-in: signin.py)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from ..core import verification
from ..core.cutoff import end_member_streams
from ..core.passwords import check_policy
from ..core.vocabulary import FacilityType, ProfessionalRole, State
from . import links
from .endpoints import Access, Call, Endpoint
from .errors import ApiError
from .fields import STRICT_INPUT, BedCount, Email, Name, NewPassword, Password, ShortText, Token
from .profiles import ProfileOut
from .sessions import end_session, start_visit


class SelfOut(ProfileOut):
    """Everything about the signed-in member, for their own eyes only."""

    id: int
    email: str
    role: str
    status: str
    moderator_message: str | None
    applicant_note: str | None
    show_email: bool
    has_posted: bool = Field(
        description="Whether the member has written any post yet (the composer reminds a first-time"
        " poster of the community rules)."
    )
    licence_number: str | None
    licence_state: str | None
    verified: bool = Field(description="The verified badge: a moderator's verification that has not expired.")
    verified_until: str | None
    verification_method: str | None
    verification_expiring: bool = Field(description="Expires within 30 days: ask for re-verification.")
    facility_confirmation_due: bool = Field(description="A year since you last confirmed your facility.")


class SessionOut(BaseModel):
    member: SelfOut | None
    csrf_token: str | None


class Accepted(BaseModel):
    status: str


class ProfileChanges(BaseModel):
    model_config = STRICT_INPUT
    # Omit a field to leave it; "" empties a text field, null only clears bed_count and
    # facility_type.
    name: Name = Field(default=None)
    professional_role: ProfessionalRole = Field(default=None)
    credentials: ShortText = Field(default=None)
    job_title: ShortText = Field(default=None)
    facility: ShortText = Field(default=None)
    facility_type: FacilityType | None = None
    city: ShortText = Field(default=None)
    state: State = Field(default=None)
    bed_count: BedCount | None = None
    is_coordinator: bool = Field(default=None)
    show_email: bool = Field(default=None)


class ResetRequest(BaseModel):
    model_config = STRICT_INPUT
    email: Email


class ResetConfirm(BaseModel):
    model_config = STRICT_INPUT
    token: Token
    password: NewPassword


class EmailChange(BaseModel):
    model_config = STRICT_INPUT
    new_email: Email
    password: Password


class LinkConfirm(BaseModel):
    model_config = STRICT_INPUT
    token: Token


def self_view(row: dict[str, Any], now: datetime) -> SelfOut:
    return SelfOut.model_validate({**row, **verification.standing(row, now)})


def own_profile(call: Call) -> SelfOut:
    row = call.read().members.profile(call.member.id)
    assert row is not None
    return self_view(row, call.now)


def get_session(call: Call) -> SessionOut:
    if call.viewer.member is not None:
        return SessionOut(member=own_profile(call), csrf_token=call.caller.csrf_token)
    token = call.caller.csrf_token or start_visit(call.runtime, call.response)
    return SessionOut(member=None, csrf_token=token)


def sign_out(call: Call) -> None:
    assert call.caller.session_id is not None
    end_session(call.runtime, call.response, call.caller.session_id)


def get_profile(call: Call) -> SelfOut:
    return own_profile(call)


def update_profile(call: Call) -> SelfOut:
    changes = call.body.model_dump(exclude_unset=True)
    with call.runtime.store.write() as db:
        db.members.update_profile(call.member.id, changes)
    return own_profile(call)


def request_password_reset(call: Call) -> Accepted:
    """Always the same answer, so the form does not reveal who has an account."""
    runtime = call.runtime
    runtime.limits.spend(runtime.limits.email_ip, call.client_ip)
    with runtime.store.write() as db:
        found = db.members.by_email(call.body.email)
        link = links.issue(db, runtime.settings.public_url, found[0].id, "reset", call.now) if found else None
    if found and link:
        runtime.mailer.deliver(
            found[0].email,
            "Reset your password",
            (
                "Someone (hopefully you) asked to reset your password.\n\n"
                f"Choose a new one here within the hour:\n{link}\n\n"
                "If it was not you, ignore this email; your password is unchanged.\n"
            ),
        )
    return Accepted(status="check_your_email")


def confirm_password_reset(call: Call) -> None:
    check_policy(call.body.password)
    new_hash = call.runtime.passwords.hash(call.body.password)
    with call.runtime.store.write() as db:
        row = links.redeem(db, call.body.token, "reset", call.now)
        db.members.set_password_hash(row["member_id"], new_hash)
        # Whoever knew the old password is signed out everywhere.
        db.sessions.delete_for_member(row["member_id"])
        end_member_streams(db, row["member_id"], call.now)


def request_email_change(call: Call) -> Accepted:
    runtime, body = call.runtime, call.body
    runtime.limits.spend(runtime.limits.email_ip, call.client_ip)
    found = runtime.store.read().members.by_email(call.member.email)
    assert found is not None
    if not runtime.passwords.verify(found[1], body.password):
        raise ApiError(403, "wrong_password", "The password is wrong.", "password")
    with runtime.store.write() as db:
        taken = db.members.email_taken(body.new_email)
        link = (
            None
            if taken
            else links.issue(
                db, runtime.settings.public_url, call.member.id, "email_change", call.now, body.new_email
            )
        )
    if link:
        runtime.mailer.deliver(
            body.new_email,
            "Confirm your new email address",
            (f"Confirm this address for your account within a day:\n{link}\n"),
        )
    runtime.mailer.deliver(
        call.member.email,
        "Your email address is being changed",
        (
            "Someone signed in to your account asked to change its email address.\n"
            "If it was not you, reset your password now: "
            f"{runtime.settings.public_url}/account/\n"
        ),
    )
    return Accepted(status="check_your_email")


def confirm_email_change(call: Call) -> None:
    with call.runtime.store.write() as db:
        row = links.redeem(db, call.body.token, "email_change", call.now)
        if db.members.email_taken(row["new_email"]):
            raise ApiError(409, "email_taken", "That address now belongs to another account.")
        db.members.set_email(row["member_id"], row["new_email"])


routes = (
    Endpoint(
        "GET",
        "/session",
        get_session,
        Access.PUBLIC,
        "Who is signed in, and the CSRF token for unsafe requests.",
        response=SessionOut,
    ),
    Endpoint("DELETE", "/session", sign_out, Access.ACCOUNT, "Sign out.", status=204),
    Endpoint("GET", "/profile", get_profile, Access.ACCOUNT, "Your own profile.", response=SelfOut),
    Endpoint(
        "PATCH",
        "/profile",
        update_profile,
        Access.ACCOUNT,
        "Edit your own profile.",
        body=ProfileChanges,
        response=SelfOut,
    ),
    Endpoint(
        "POST",
        "/password-reset",
        request_password_reset,
        Access.PUBLIC,
        "Email a password-reset link (same answer whether or not the account exists).",
        body=ResetRequest,
        response=Accepted,
        status=202,
        errors=(429,),
    ),
    Endpoint(
        "POST",
        "/password-reset/confirm",
        confirm_password_reset,
        Access.PUBLIC,
        "Set a new password with the emailed token; ends every session.",
        body=ResetConfirm,
        status=204,
    ),
    Endpoint(
        "POST",
        "/account/email",
        request_email_change,
        Access.ACCOUNT,
        "Email a confirmation link to a new address.",
        body=EmailChange,
        response=Accepted,
        status=202,
        errors=(403, 429),
    ),
    Endpoint(
        "POST",
        "/account/email/confirm",
        confirm_email_change,
        Access.PUBLIC,
        "Switch to the new address with the emailed token.",
        body=LinkConfirm,
        status=204,
        errors=(409,),
    ),
)
