"""Becoming a member: join request, email verification, the moderators' review queue
and the admins' list of auto-approved email domains."""

import logging
from typing import Literal

from pydantic import BaseModel

from ..core import membership
from ..core.accounts import create_account
from ..core.errors import Conflict
from ..core.passwords import check_policy
from ..core.vocabulary import FacilityType, ProfessionalRole, State
from . import links
from .account import Accepted
from .endpoints import Access, Call, Endpoint
from .errors import ApiError
from .fields import (
    STRICT_INPUT,
    BedCount,
    Domain,
    Email,
    Name,
    NewPassword,
    OptionalReason,
    Reason,
    ShortText,
    Token,
)
from .profiles import ProfileOut
from .runtime import Runtime

log = logging.getLogger("discussion_api.membership")


class JoinProfile(BaseModel):
    """The join form's questions about the applicant, however they sign in."""

    model_config = STRICT_INPUT
    name: Name
    professional_role: ProfessionalRole
    credentials: ShortText = ""
    job_title: ShortText = ""
    facility: Name
    facility_type: FacilityType | None = None
    city: ShortText = ""
    state: State
    bed_count: BedCount | None = None
    is_coordinator: bool
    agrees_to_community_rules: Literal[True]


class JoinRequest(JoinProfile):
    email: Email
    password: NewPassword
    # Optional: a moderator may verify the licence (core/verification.py).
    licence_number: ShortText = ""
    licence_state: State | None = None


class Verify(BaseModel):
    model_config = STRICT_INPUT
    token: Token


class InfoAnswer(BaseModel):
    model_config = STRICT_INPUT
    note: Reason


class Decision(BaseModel):
    model_config = STRICT_INPUT
    reason: OptionalReason = ""


class ReasonedDecision(BaseModel):
    model_config = STRICT_INPUT
    reason: Reason


class ApplicationOut(ProfileOut):
    id: int
    email: str
    status: str
    created_at: str
    verified_at: str | None
    moderator_message: str | None
    applicant_note: str | None
    licence_number: str | None
    licence_state: str | None


class ApplicationList(BaseModel):
    applications: list[ApplicationOut]


class DomainIn(BaseModel):
    model_config = STRICT_INPUT
    domain: Domain


class DomainOut(BaseModel):
    domain: str
    added_at: str


class DomainList(BaseModel):
    domains: list[DomainOut]


def join(call: Call) -> Accepted:
    """Record an application and email a verification link.

    An address that already has an account gets a notice instead, and the answer
    is the same either way, so the form does not reveal who is a member.
    """
    runtime, body = call.runtime, call.body
    runtime.limits.spend(runtime.limits.email_ip, call.client_ip)
    check_policy(body.password)
    password_hash = runtime.passwords.hash(body.password)
    fields = body.model_dump(exclude={"password", "agrees_to_community_rules"})
    with runtime.store.write() as db:
        try:
            member_id: int | None = create_account(db, fields, password_hash, call.now)
        except Conflict:
            # Applying again before confirming: the address's owner gets a fresh link
            # (the first one expired or went astray); the stored application stands.
            existing = db.members.by_email(body.email)
            member_id = existing[0].id if existing and existing[0].status == "unverified" else None
        link = member_id and links.issue(db, runtime.settings.public_url, member_id, "verify", call.now)
    if link:
        _send_verification(runtime, body.email, link)
    else:
        runtime.mailer.deliver(
            body.email,
            "You already have an account",
            (
                "Someone asked to join with this address, which already has an account.\n"
                f"Sign in or reset your password at {runtime.settings.public_url}/account/\n"
            ),
        )
    return Accepted(status="check_your_email")


def _send_verification(runtime: Runtime, email: str, link: str) -> None:
    runtime.mailer.deliver(
        email,
        "Confirm your email address",
        (
            "Thank you for asking to join. Confirm this address within a day:\n"
            f"{link}\n\nA moderator then reviews your request.\n"
        ),
    )


def resend_verification(call: Call) -> Accepted:
    """A fresh link for a signed-in applicant whose first one expired or went astray."""
    if call.member.status != "unverified":
        raise ApiError(409, "already_verified", "This email address is already confirmed.")
    runtime = call.runtime
    runtime.limits.spend(runtime.limits.email_ip, call.client_ip)
    with runtime.store.write() as db:
        link = links.issue(db, runtime.settings.public_url, call.member.id, "verify", call.now)
    _send_verification(runtime, call.member.email, link)
    return Accepted(status="check_your_email")


def verify_email(call: Call) -> Accepted:
    with call.runtime.store.write() as db:
        row = links.redeem(db, call.body.token, "verify", call.now)
        status = membership.confirm_address(db, row["member_id"], call.now)
    return Accepted(status=status)


def answer_info_request(call: Call) -> Accepted:
    membership.answer_question(call.runtime.store, call.viewer, call.body.note)
    return Accepted(status="pending")


def list_applications(call: Call) -> ApplicationList:
    rows = call.read().members.applications(membership.AWAITING_REVIEW)
    return ApplicationList(applications=[ApplicationOut.model_validate(row) for row in rows])


# What each decision's email says: the outcome only, and a link to read the rest.
DECISION_MAIL = {
    "approved": (
        "Your membership is approved",
        "Welcome: your request to join is approved. Sign in to take part:",
    ),
    "rejected": (
        "Your membership request was not approved",
        "Your request to join was not approved. Sign in to read the moderator's reason:",
    ),
    "info_requested": (
        "A question about your membership request",
        "A moderator has a question about your request to join. Sign in to read and answer it:",
    ),
}


def _decide(call: Call, status: str) -> Accepted:
    reason = getattr(call.body, "reason", "")
    email = membership.decide(call.runtime.store, call.viewer, call.id("member_id"), status, reason, call.now)
    # Link-only: what was decided, never the moderator's words (read after signing in).
    subject, text = DECISION_MAIL[status]
    call.runtime.mailer.deliver(email, subject, f"{text}\n{call.runtime.settings.public_url}/account/\n")
    return Accepted(status=status)


def approve(call: Call) -> Accepted:
    return _decide(call, "approved")


def reject(call: Call) -> Accepted:
    return _decide(call, "rejected")


def request_info(call: Call) -> Accepted:
    return _decide(call, "info_requested")


def list_domains(call: Call) -> DomainList:
    rows = call.read().domains.all_domains()
    return DomainList(domains=[DomainOut.model_validate(row) for row in rows])


def add_domain(call: Call) -> DomainList:
    membership.add_domain(call.runtime.store, call.viewer, call.body.domain, call.now)
    return list_domains(call)


def remove_domain(call: Call) -> None:
    domain = call.request.path_params["domain"].lower()
    membership.remove_domain(call.runtime.store, call.viewer, domain, call.now)


routes = (
    Endpoint(
        "POST",
        "/join",
        join,
        Access.PUBLIC,
        "Ask to join; a verification link is emailed.",
        body=JoinRequest,
        response=Accepted,
        status=202,
        errors=(429,),
    ),
    Endpoint(
        "POST",
        "/join/verify",
        verify_email,
        Access.PUBLIC,
        "Confirm the email address with the emailed token.",
        body=Verify,
        response=Accepted,
    ),
    Endpoint(
        "POST",
        "/join/resend",
        resend_verification,
        Access.ACCOUNT,
        "Email a new verification link to the signed-in applicant.",
        response=Accepted,
        status=202,
        errors=(409, 429),
    ),
    Endpoint(
        "POST",
        "/join/answer",
        answer_info_request,
        Access.ACCOUNT,
        "Answer a moderator's request for more information.",
        body=InfoAnswer,
        response=Accepted,
        errors=(409,),
    ),
    Endpoint(
        "GET",
        "/mod/applications",
        list_applications,
        Access.MODERATOR,
        "Applications awaiting review, oldest first.",
        response=ApplicationList,
    ),
    Endpoint(
        "POST",
        "/mod/applications/{member_id:int}/approve",
        approve,
        Access.MODERATOR,
        "Approve an application.",
        body=Decision,
        response=Accepted,
        errors=(404, 409),
    ),
    Endpoint(
        "POST",
        "/mod/applications/{member_id:int}/reject",
        reject,
        Access.MODERATOR,
        "Reject an application, with the reason the applicant will read.",
        body=ReasonedDecision,
        response=Accepted,
        errors=(404, 409),
    ),
    Endpoint(
        "POST",
        "/mod/applications/{member_id:int}/request-info",
        request_info,
        Access.MODERATOR,
        "Ask the applicant a question.",
        body=ReasonedDecision,
        response=Accepted,
        errors=(404, 409),
    ),
    Endpoint(
        "GET",
        "/admin/domains",
        list_domains,
        Access.ADMIN,
        "Email domains whose verified applicants are approved at once.",
        response=DomainList,
    ),
    Endpoint(
        "POST",
        "/admin/domains",
        add_domain,
        Access.ADMIN,
        "Add an auto-approved domain.",
        body=DomainIn,
        response=DomainList,
    ),
    Endpoint(
        "DELETE",
        "/admin/domains/{domain}",
        remove_domain,
        Access.ADMIN,
        "Remove an auto-approved domain.",
        status=204,
        errors=(404,),
    ),
)
