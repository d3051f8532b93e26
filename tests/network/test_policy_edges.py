"""The policy at its edges: the exact instants its time windows open and close, whom a
notification reaches, and what a moderator is when nobody said their session proved a
second factor.

Each window is tested one microsecond either side of its edge, and on it.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from discussion_api.core import policy
from discussion_api.core.clock import iso
from discussion_api.core.policy import Rank, Viewer
from discussion_api.storage.interfaces import Member

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)
YEAR = policy.FACILITY_CONFIRMATION
WINDOW = policy.VERIFICATION_REMINDER


def verification(expires: datetime | None, **fields: datetime | None) -> dict[str, Any]:
    """A member's verification record as the policy reads it (stored text timestamps)."""
    row: dict[str, datetime | None] = {
        "verification_expires_at": expires,
        "professional_verified_at": None,
        "verification_reminded_at": None,
        **fields,
    }
    return {name: iso(value) if value else None for name, value in row.items()}


def facility(status: str, approved: datetime | None, confirmed: datetime | None = None) -> dict[str, Any]:
    return {
        "status": status,
        "approved_at": iso(approved) if approved else None,
        "facility_confirmed_at": iso(confirmed) if confirmed else None,
    }


def account(
    role: str = "member", *, suspended_until: datetime | None = None, suspended: bool = False
) -> Member:
    """A member; `suspended` with a `suspended_until` is a suspension with an end."""
    return Member(
        7,
        "m@example.org",
        "M",
        role,
        "approved",
        iso(suspended_until) if suspended_until else None,
        iso(NOW - timedelta(days=30)) if suspended else None,
    )


# --- The verified badge and its reminder ------------------------------------------


def test_the_badge_goes_at_the_instant_verification_expires() -> None:
    assert policy.is_verified(verification(NOW + TICK), NOW)
    assert not policy.is_verified(verification(NOW), NOW)
    assert not policy.is_verified(verification(None), NOW)


@pytest.mark.parametrize(
    ("expires", "expiring"),
    [
        (NOW, False),  # expired: no longer verified, so nothing to remind of
        (NOW + TICK, True),
        (NOW + WINDOW, True),  # the window's far edge is in it
        (NOW + WINDOW + TICK, False),
        (None, False),
    ],
)
def test_the_reminder_window_is_the_last_30_days_before_expiry(
    expires: datetime | None, expiring: bool
) -> None:
    assert policy.verification_expiring(verification(expires), NOW) is expiring


def test_a_reminder_is_due_once_for_each_verification() -> None:
    verified = NOW - timedelta(days=700)
    expiring = NOW + timedelta(days=10)
    assert policy.verification_reminder_due(verification(expiring, professional_verified_at=verified), NOW)
    reminded = verification(
        expiring, professional_verified_at=verified, verification_reminded_at=verified + TICK
    )
    assert not policy.verification_reminder_due(reminded, NOW)
    # A reminder stamped with the verification's own instant was sent for that verification.
    same_instant = verification(
        expiring, professional_verified_at=verified, verification_reminded_at=verified
    )
    assert not policy.verification_reminder_due(same_instant, NOW)
    # Re-verified after the last reminder: the new verification gets a reminder of its own.
    earlier = verification(
        expiring, professional_verified_at=verified, verification_reminded_at=verified - TICK
    )
    assert policy.verification_reminder_due(earlier, NOW)
    assert not policy.verification_reminder_due(verification(NOW + WINDOW + TICK), NOW)


# --- The yearly facility confirmation ------------------------------------------------


@pytest.mark.parametrize(
    ("member", "due"),
    [
        # Never confirmed: a year after approval, to the microsecond.
        (facility("approved", NOW - YEAR), True),
        (facility("approved", NOW - YEAR + TICK), False),
        # Confirmed since: a year after the last confirmation, whatever the approval's age.
        (facility("approved", NOW - 3 * YEAR, NOW - YEAR), True),
        (facility("approved", NOW - 3 * YEAR, NOW - YEAR + TICK), False),
        # Only members are asked: an application never approved is not.
        (facility("pending", None), False),
    ],
)
def test_members_are_asked_to_confirm_their_facility_a_year_on(member: dict[str, Any], due: bool) -> None:
    assert policy.facility_confirmation_due(member, NOW) is due


# --- Whom a notification reaches --------------------------------------------------


def test_a_notification_is_for_the_member_as_they_stand_now() -> None:
    """Mail reaches a person: a moderator is a moderator for it without a session's
    second factor; a member whose suspension has ended hears again, one still
    suspended does not hear as a member."""
    assert policy.recipient(account("moderator"), NOW).rank is Rank.MODERATOR
    assert policy.recipient(account(suspended=True, suspended_until=NOW - TICK), NOW).rank is Rank.MEMBER
    assert policy.recipient(account(suspended=True, suspended_until=NOW + TICK), NOW).rank is Rank.ACCOUNT
    assert policy.recipient(account(suspended=True), NOW).rank is Rank.ACCOUNT


def test_only_the_author_hears_what_happened_to_their_post_and_only_as_a_member() -> None:
    post = {"author_id": 7, "status": "hidden"}
    author = Viewer(account(), Rank.MEMBER)
    assert policy.may_hear_of_own_post(author, post)
    someone_else = Viewer(Member(8, "o@example.org", "O", "member", "approved", None, None), Rank.MEMBER)
    assert not policy.may_hear_of_own_post(someone_else, post)
    moderator = Viewer(Member(9, "d@example.org", "D", "moderator", "approved", None, None), Rank.MODERATOR)
    assert not policy.may_hear_of_own_post(moderator, post)
    suspended_author = Viewer(account(suspended=True), Rank.ACCOUNT)
    assert not policy.may_hear_of_own_post(suspended_author, post)


# --- A second factor is never assumed ----------------------------------------------


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_a_moderator_is_a_member_unless_told_their_session_proved_a_second_factor(role: str) -> None:
    held = policy.viewer_of(account(role), NOW)
    assert (held.rank, held.needs_two_factor) == (Rank.MEMBER, True)
