"""Membership: confirming an applicant's address, moderators' decisions on
applications, and the email domains whose verified applicants need no review."""

from datetime import datetime

from ..storage.interfaces import Repositories, Store
from . import notifications
from .errors import Conflict, NotFound
from .policy import Viewer

# Application states a moderator can decide on.
AWAITING_REVIEW = ("pending", "info_requested")


def confirm_address(db: Repositories, member_id: int, now: datetime) -> str:
    """Record a confirmed address inside the caller's transaction (which redeemed the
    link); returns the new status: approved at an auto-approved domain, else pending."""
    member = db.members.get(member_id)
    if member is None:
        raise NotFound("member")
    domain = member.email.rsplit("@", 1)[1]
    status = "approved" if db.domains.is_listed(domain) else "pending"
    db.members.mark_verified(member.id, status, now)
    if status == "approved":
        db.audit.record(
            None,
            "approve_member",
            "member",
            member.id,
            f"verified address at auto-approved domain {domain}",
            now,
        )
    else:
        notifications.enqueue_for_moderators(db, "application", now, member_id=member.id)
    return status


def answer_question(store: Store, applicant: Viewer, note: str) -> None:
    """An applicant answers the moderators' question; the application is back in review."""
    assert applicant.member is not None
    if applicant.member.status != "info_requested":
        raise Conflict("no_question_open", "No moderator question is waiting for you.")
    with store.write() as db:
        db.members.answer_info_request(applicant.id, note)


# What each decision sets, and how the audit log names it.
DECISIONS = {
    "approved": "approve_member",
    "rejected": "reject_member",
    "info_requested": "request_member_info",
}


def decide(store: Store, moderator: Viewer, member_id: int, status: str, reason: str, now: datetime) -> str:
    """Move an application awaiting review to `status`; returns the applicant's email.

    A rejection or a question carries the moderator's message to the applicant.
    """
    with store.write() as db:
        applicant = db.members.get(member_id)
        if applicant is None:
            raise NotFound("application")
        if applicant.status not in AWAITING_REVIEW:
            raise Conflict("not_awaiting_review", "This application is not awaiting review.")
        db.members.set_status(applicant.id, status, now, None if status == "approved" else reason)
        db.audit.record(moderator.id, DECISIONS[status], "member", applicant.id, reason, now)
        if status == "approved":
            notifications.enqueue_approved(db, applicant.id, now)
    return applicant.email


def add_domain(store: Store, admin: Viewer, domain: str, now: datetime) -> None:
    with store.write() as db:
        if db.domains.add(domain, admin.id, now):
            db.audit.record(admin.id, "add_auto_approve_domain", "domain", domain, "", now)


def remove_domain(store: Store, admin: Viewer, domain: str, now: datetime) -> None:
    with store.write() as db:
        if not db.domains.remove(domain):
            raise NotFound("domain on the list")
        db.audit.record(admin.id, "remove_auto_approve_domain", "domain", domain, "", now)
