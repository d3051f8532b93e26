"""Becoming a member: join request, email verification, the moderators' review queue
and the admins' list of auto-approved email domains."""

import logging
from typing import Literal

from pydantic import BaseModel

from ..core.accounts import create_account
from ..core.errors import Conflict
from ..core.passwords import check_policy
from ..core.vocabulary import ProfessionalRole, State
from ..storage.interfaces import Repositories
from . import links
from .account import Accepted
from .endpoints import Access, Call, Endpoint
from .errors import ApiError, not_found
from .fields import (
    STRICT_INPUT,
    BedCount,
    Domain,
    Email,
    Name,
    OptionalReason,
    Password,
    Reason,
    ShortText,
    Token,
)
from .profiles import ProfileOut
from .runtime import Runtime

log = logging.getLogger("discussion_api.membership")

AWAITING_REVIEW = ("pending", "info_requested")


class JoinRequest(BaseModel):
    model_config = STRICT_INPUT
    name: Name
    email: Email
    password: Password
    professional_role: ProfessionalRole
    credentials: ShortText = ""
    job_title: ShortText = ""
    facility: Name
    city: ShortText = ""
    state: State
    bed_count: BedCount | None = None
    is_coordinator: bool
    agrees_to_community_rules: Literal[True]


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
    bed_count: int | None
    created_at: str
    verified_at: str | None
    moderator_message: str | None
    applicant_note: str | None


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
    runtime.limits.check(runtime.limits.email_ip, call.client_ip)
    runtime.limits.hit(runtime.limits.email_ip, call.client_ip)
    check_policy(body.password)
    password_hash = runtime.passwords.hash(body.password)
    fields = body.model_dump(exclude={"password", "agrees_to_community_rules"})
    with runtime.store.write() as db:
        try:
            member_id: int | None = create_account(db, fields, password_hash, call.now)
        except Conflict:
            member_id = None
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
    runtime.limits.check(runtime.limits.email_ip, call.client_ip)
    runtime.limits.hit(runtime.limits.email_ip, call.client_ip)
    with runtime.store.write() as db:
        link = links.issue(db, runtime.settings.public_url, call.member.id, "verify", call.now)
    _send_verification(runtime, call.member.email, link)
    return Accepted(status="check_your_email")


def verify_email(call: Call) -> Accepted:
    with call.runtime.store.write() as db:
        row = links.redeem(db, call.body.token, "verify", call.now)
        member = db.members.get(row["member_id"])
        assert member is not None
        domain = member.email.rsplit("@", 1)[1]
        status = "approved" if db.domains.is_listed(domain) else "pending"
        db.members.mark_verified(member.id, status, call.now)
        if status == "approved":
            db.audit.record(
                None,
                "approve_member",
                "member",
                member.id,
                f"verified address at auto-approved domain {domain}",
                call.now,
            )
    return Accepted(status=status)


def answer_info_request(call: Call) -> Accepted:
    if call.member.status != "info_requested":
        raise ApiError(409, "no_question_open", "No moderator question is waiting for you.")
    with call.runtime.store.write() as db:
        db.members.answer_info_request(call.member.id, call.body.note)
    return Accepted(status="pending")


def list_applications(call: Call) -> ApplicationList:
    rows = call.read().members.applications(AWAITING_REVIEW)
    return ApplicationList(applications=[ApplicationOut.model_validate(row) for row in rows])


def _decide(db: Repositories, call: Call, status: str, action: str, message: str | None) -> str:
    """Move an application awaiting review to `status`; returns the applicant's email."""
    applicant = db.members.get(call.id("member_id"))
    if applicant is None:
        raise not_found("application")
    if applicant.status not in AWAITING_REVIEW:
        raise ApiError(409, "not_awaiting_review", "This application is not awaiting review.")
    db.members.set_status(applicant.id, status, call.now, message)
    db.audit.record(call.member.id, action, "member", applicant.id, call.body.reason, call.now)
    return applicant.email


def _notify_applicant(runtime: Runtime, email: str) -> None:
    # Link-only: the decision and any message are read after signing in.
    runtime.mailer.deliver(
        email,
        "News about your membership request",
        (
            f"There is news about your request to join. Sign in to read it:\n"
            f"{runtime.settings.public_url}/account/\n"
        ),
    )


def approve(call: Call) -> Accepted:
    with call.runtime.store.write() as db:
        email = _decide(db, call, "approved", "approve_member", None)
    _notify_applicant(call.runtime, email)
    return Accepted(status="approved")


def reject(call: Call) -> Accepted:
    with call.runtime.store.write() as db:
        email = _decide(db, call, "rejected", "reject_member", call.body.reason)
    _notify_applicant(call.runtime, email)
    return Accepted(status="rejected")


def request_info(call: Call) -> Accepted:
    with call.runtime.store.write() as db:
        email = _decide(db, call, "info_requested", "request_member_info", call.body.reason)
    _notify_applicant(call.runtime, email)
    return Accepted(status="info_requested")


def list_domains(call: Call) -> DomainList:
    rows = call.read().domains.all_domains()
    return DomainList(domains=[DomainOut.model_validate(row) for row in rows])


def add_domain(call: Call) -> DomainList:
    with call.runtime.store.write() as db:
        if db.domains.add(call.body.domain, call.member.id, call.now):
            db.audit.record(
                call.member.id, "add_auto_approve_domain", "domain", call.body.domain, "", call.now
            )
    return list_domains(call)


def remove_domain(call: Call) -> None:
    domain = call.request.path_params["domain"].lower()
    with call.runtime.store.write() as db:
        if not db.domains.remove(domain):
            raise not_found("domain on the list")
        db.audit.record(call.member.id, "remove_auto_approve_domain", "domain", domain, "", call.now)


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
