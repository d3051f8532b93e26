"""Professional verification that expires, and the yearly facility confirmation.

An applicant may give a licence number and state; a moderator records how they
verified the member (a state board look-up, an employer email, a reference) and the
verification lasts a configured number of months (SCN_VERIFICATION_MONTHS, 24 by
default). Whether a member shows the verified badge, is due a reminder or owes the
yearly facility confirmation is the policy's rule (`policy.is_verified` and friends).
"""

import calendar
from datetime import datetime

from ..storage.interfaces import Repositories, Row, Store
from .clock import iso
from .errors import Invalid, NotFound
from .policy import (
    VERIFICATION_METHODS,
    Viewer,
    facility_confirmation_due,
    is_verified,
    verification_expiring,
    verification_reminder_due,
)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def record_verification(
    store: Store, moderator: Viewer, member_id: int, method: str, note: str, months: int, now: datetime
) -> None:
    """A moderator's verification (or re-verification) of an approved member."""
    if method not in VERIFICATION_METHODS:
        raise Invalid("invalid", f"Say how you verified: one of {', '.join(VERIFICATION_METHODS)}.", "method")
    with store.write() as db:
        member = db.members.get(member_id)
        if member is None or member.status != "approved":
            raise NotFound("member")
        db.members.set_verification(
            member_id,
            {
                "verification_method": method,
                "verification_note": note,
                "verified_by": moderator.id,
                "professional_verified_at": iso(now),
                "verification_expires_at": iso(add_months(now, months)),
            },
        )
        db.audit.record(moderator.id, f"verify:{method}", "member", member_id, note, now)


def update_licence(store: Store, viewer: Viewer, licence_number: str, licence_state: str | None) -> None:
    """The member's licence details, for a moderator to (re-)verify."""
    with store.write() as db:
        db.members.set_verification(
            viewer.id, {"licence_number": licence_number, "licence_state": licence_state}
        )


def confirm_facility(store: Store, viewer: Viewer, now: datetime) -> None:
    with store.write() as db:
        db.members.set_verification(viewer.id, {"facility_confirmed_at": iso(now)})


def send_reminders(db: Repositories, store: Store, now: datetime) -> list[str]:
    """The addresses of members whose verification expires soon and who have not been
    reminded since they were verified; each is marked reminded (the caller mails them)."""
    due = [row for row in db.members.verification_rows() if verification_reminder_due(row, now)]
    with store.write() as writer:
        for row in due:
            writer.members.set_verification(row["id"], {"verification_reminded_at": iso(now)})
    return [row["email"] for row in due]


def queue(db: Repositories, now: datetime) -> list[Row]:
    """Members a moderator should (re-)verify: a licence given but not verified now, or a
    verification about to expire; with `verified` as the badge shows it now."""
    return [
        {**row, "verified": is_verified(row, now)}
        for row in db.members.verification_rows()
        if (row["licence_number"] and not is_verified(row, now)) or verification_expiring(row, now)
    ]


def standing(member: Row, now: datetime) -> Row:
    """What a member's own account page shows of their verification and facility."""
    verified = is_verified(member, now)
    return {
        "verified": verified,
        "verified_until": member["verification_expires_at"] if verified else None,
        "verification_expiring": verification_expiring(member, now),
        "facility_confirmation_due": facility_confirmation_due(member, now),
    }
