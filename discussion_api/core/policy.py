"""The one policy: who sees what of the Network, and who may do what.

Every read path asks this module: the API's handlers, search, the event stream's
audiences (subscribe, replay, fan-out), and the CLI. Storage backends apply the
`ForumScope` it hands them in their queries; `tests/network/test_policy.py`
checks that what a query returns is exactly what the predicates below allow.

The rules, in one place:
- Ranks order who someone is: a visitor, an account that is not an active member
  (unverified, pending, rejected or suspended), a member, a moderator, an admin.
- A category is visible unless archived; a thread while its category is and its
  first post is not removed; a post while its thread is and it is not removed.
  Moderators see archived and removed things too (to restore them).
- A post held for a moderator (patient information its author confirmed) is seen by
  its author and moderators only; a thread whose first post is held likewise. Held
  posts are never counted, and their events reach moderators only.
- A post's earlier versions are for its author and moderators: what an author
  edited out (a name, a bed, a record number) stays out for everyone else.
- A category limited to groups (admins fill groups and limit categories) is seen,
  with its threads and posts, only by members of one of those groups, and by
  moderators and admins, who moderate every category.
- Members receive an event only if everything it names is visible to members;
  otherwise only moderators do (see `event_audience`). An event in a category
  limited to groups reaches those groups' members (and moderators) only.
- Resource requests are members' content; the public sees only the staff-written
  title and summary of a planned or published one, and how many asked.
- A notification or email tells an active member only of what they may see now
  (checked when it is made and again when it is shown or mailed); a held post
  notifies moderators only; a notification never names an anonymous post's author,
  whoever reads it; a mention reaches only members who see the thread.
- Moderators and admins moderate only from a session opened with a second factor
  (TOTP, a recovery code, a passkey, or an identity provider that reports MFA);
  without one they are members (see `viewer_of`).
- A member is verified (the badge) while a moderator's record of how they checked
  the member's professional standing has not expired.
- The public sees aggregates of the membership only, never a count under 5 (see
  `public_count`), nor one it could work out from the others (core/stats.py).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any, ClassVar

from ..storage.interfaces import ForumScope, Member
from .errors import Conflict, Forbidden, Invalid, NotFound

Row = Mapping[str, Any]


class Rank(IntEnum):
    """Who someone is to the Network; each rank includes the ones below it."""

    VISITOR = 0
    ACCOUNT = 1  # signed in, but not an active member
    MEMBER = 2
    MODERATOR = 3
    ADMIN = 4


# Roles a member can hold, lowest first; the widget reads this order from the API.
ROLE_RANKS: dict[str, Rank] = {"member": Rank.MEMBER, "moderator": Rank.MODERATOR, "admin": Rank.ADMIN}


@dataclass(frozen=True)
class Viewer:
    """Whoever is asking, with their rank decided once per request."""

    member: Member | None
    rank: Rank
    # A moderator or admin held at member rank: their session lacks a second factor.
    needs_two_factor: bool = False

    @property
    def id(self) -> int:
        """The member's id (0, nobody, for a visitor)."""
        return self.member.id if self.member else 0

    @property
    def is_moderator(self) -> bool:
        return self.rank >= Rank.MODERATOR


def viewer_of(member: Member | None, now: datetime, *, two_factor: bool = False) -> Viewer:
    """`two_factor`: the session was opened with a second factor. The people who approve
    members and reveal identities need one: without it a moderator or admin is a member."""
    if member is None:
        return Viewer(None, Rank.VISITOR)
    if member.status != "approved" or member.is_suspended(now):
        return Viewer(member, Rank.ACCOUNT)
    rank = ROLE_RANKS[member.role]
    if rank >= Rank.MODERATOR and not two_factor:
        return Viewer(member, Rank.MEMBER, needs_two_factor=True)
    return Viewer(member, rank)


NOBODY = Viewer(None, Rank.VISITOR)


# --- Seeing the forum ---------------------------------------------------------


# The whole forum, as the Network itself reads it to decide who may see what (event
# audiences, notifications, data exports): never shown to anyone as it is.
EVERYTHING = ForumScope(viewer_id=0, removed=True, archived=True, held=True, all_groups=True)


def forum_scope(viewer: Viewer) -> ForumScope:
    sees_all = viewer.is_moderator
    return ForumScope(
        viewer_id=viewer.id,
        removed=sees_all,
        archived=sees_all,
        held=sees_all,
        groups=viewer.member.groups if viewer.member else frozenset(),
        all_groups=sees_all,
    )


def _groups_allow(scope: ForumScope, limited_to: Any) -> bool:
    """`limited_to`: the ids of the groups a category is limited to (none: open)."""
    return scope.all_groups or not limited_to or bool(scope.groups & set(limited_to))


def _held_visible(scope: ForumScope, held: Any, author_id: int) -> bool:
    return scope.held or not held or author_id == scope.viewer_id


def category_visible(scope: ForumScope, category: Row) -> bool:
    return (scope.archived or not category["archived"]) and _groups_allow(scope, category["groups"])


def thread_visible(scope: ForumScope, thread: Row) -> bool:
    """`thread` carries category_archived, category_groups, first_post_status,
    first_post_held and author_id (its first post's author; see storage queries)."""
    return (
        (scope.archived or not thread["category_archived"])
        and _groups_allow(scope, thread["category_groups"])
        and (scope.removed or thread["first_post_status"] == "visible")
        and _held_visible(scope, thread["first_post_held"], thread["author_id"])
    )


def post_visible(scope: ForumScope, post: Row, thread: Row) -> bool:
    return (
        thread_visible(scope, thread)
        and (scope.removed or post["status"] == "visible")
        and _held_visible(scope, post["held"], post["author_id"])
    )


def may_read_revisions(viewer: Viewer, post: Row) -> bool:
    """Earlier versions: the author and moderators only."""
    return viewer.is_moderator or post["author_id"] == viewer.id


# --- Acting in the forum ------------------------------------------------------


def check_may_post(viewer: Viewer, thread: Row) -> None:
    """Locked threads take no new posts or edits, except from moderators."""
    if thread["locked"] and not viewer.is_moderator:
        raise Conflict("thread_locked", "This thread is locked.")


def check_may_start_thread_in(viewer: Viewer, category: Row | None) -> Row:
    """New threads, and threads moved by moderators, go only to open categories the viewer
    sees (a category limited to groups they are not in answers as missing)."""
    if category is None or category["archived"] or not _groups_allow(forum_scope(viewer), category["groups"]):
        raise Invalid("invalid", "No such category.", "category_id")
    return category


def check_may_accept(viewer: Viewer, thread: Row) -> None:
    if thread["author_id"] != viewer.id and not viewer.is_moderator:
        raise Forbidden(
            "not_your_thread", "Only the thread's author or a moderator may choose the accepted answer."
        )


def check_may_edit(viewer: Viewer, post: Row, thread: Row) -> None:
    if post["author_id"] != viewer.id:
        raise Forbidden("not_your_post", "Only the author may edit a post.")
    if post["status"] != "visible":
        raise Conflict("post_removed", "A removed post cannot be edited.")
    check_may_post(viewer, thread)


def check_may_delete(viewer: Viewer, post: Row) -> None:
    if post["author_id"] != viewer.id and not viewer.is_moderator:
        raise Forbidden("not_your_post", "Only the author or a moderator may delete a post.")
    if post["status"] != "visible":
        raise Conflict("post_removed", "This post is already removed.")


def check_may_redact(viewer: Viewer, post: Row) -> None:
    """Redaction (text gone from every version and index): the author or a moderator."""
    if post["author_id"] != viewer.id and not viewer.is_moderator:
        raise Forbidden("not_your_post", "Only the author or a moderator may redact a post.")


def check_may_release(post: Row) -> None:
    """Approving or rejecting applies to posts waiting for a moderator."""
    if not post["held"] or post["status"] != "visible":
        raise Conflict("not_held", "This post is not waiting for a moderator.")


def check_may_reveal(moderator: Viewer, post: Row, request: Row | None) -> None:
    """Revealing an anonymous author takes two different moderators: the first asks
    (recorded), a second completes it. Nobody reveals a post that was not anonymous,
    twice, or on their own request alone."""
    if not post["author_anonymous"]:
        raise Conflict("not_anonymous", "This post was not posted anonymously.")
    if request is not None and request["revealed_at"] is not None:
        raise Conflict("already_revealed", "This author has already been revealed.")
    if request is not None and request["requested_by"] == moderator.id:
        raise Forbidden("second_moderator_needed", "Another moderator must confirm the reveal you asked for.")


def check_may_mark_helpful(viewer: Viewer, post: Row) -> None:
    if post["author_id"] == viewer.id:
        raise Conflict("own_post", "You cannot mark your own post helpful.")


# --- Acting on members --------------------------------------------------------


def check_may_act_on(actor: Viewer, target: Member | None) -> Member:
    """Moderation of members: nobody acts on themselves or on a peer or superior."""
    if target is None:
        raise NotFound("member")
    if target.id == actor.id or ROLE_RANKS[target.role] >= actor.rank:
        raise Forbidden("not_permitted", "You may not act on this member.")
    return target


def check_may_change_role(actor: Viewer, target: Member | None) -> Member:
    """Admins change roles, never their own (another admin must)."""
    if target is None:
        raise NotFound("member")
    if target.id == actor.id:
        raise Forbidden("not_permitted", "Ask another admin to change your own role.")
    return target


# --- Resource requests ---------------------------------------------------------


def request_is_public(request: Row) -> bool:
    """A request's public face (the staff-written title and summary, and how many members
    asked) is public once staff plan or publish it; what members wrote never is."""
    return request["status"] in ("planned", "published")


# --- Notifications and email -----------------------------------------------------


def recipient(member: Member, now: datetime) -> Viewer:
    """Whom a notification or email is for: the member as their role allows once signed in
    with every factor it needs (a mail reaches a person, not a session). The bell shows
    each notification again to the session reading it, which sees only what it may."""
    return viewer_of(member, now, two_factor=True)


def post_notifies_members(post: Row) -> bool:
    """A post waiting for a moderator (or removed) tells nobody but moderators it exists."""
    return post["status"] == "visible" and not post["held"]


def may_hear_of_post(viewer: Viewer, thread: Row, post: Row) -> bool:
    """Whether a notification (or email) about someone else's post may reach `viewer`:
    an active member who sees the post now."""
    return (
        viewer.rank >= Rank.MEMBER
        and viewer.id != post["author_id"]
        and post_visible(forum_scope(viewer), post, thread)
    )


def may_hear_of_own_post(viewer: Viewer, post: Row) -> bool:
    """What happened to one's own post (accepted, marked helpful, hidden with a reason)
    reaches its author while they are an active member, even once the post is hidden."""
    return viewer.rank >= Rank.MEMBER and viewer.id == post["author_id"]


def may_be_mentioned(viewer: Viewer, thread: Row) -> bool:
    """A mention reaches only an active member who sees the thread (the composer offers
    only them); a mention of anyone else notifies no one."""
    return viewer.rank >= Rank.MEMBER and thread_visible(forum_scope(viewer), thread)


# The name every reader sees on an anonymous post (and in notifications about it).
ANONYMOUS_NAME = "Anonymous member"


def notified_author_name(post: Row) -> str:
    """The name a notification or email gives a post's author: never an anonymous
    author's, whoever reads it (moderators learn authors only by the two-moderator reveal)."""
    return ANONYMOUS_NAME if post["author_anonymous"] else str(post["author_name"])


# --- Professional verification ---------------------------------------------------

# How a moderator checked that a member is the professional they say they are.
VERIFICATION_METHODS = ("state_board", "employer_email", "reference")
# Members are reminded this long before their verification expires.
VERIFICATION_REMINDER = timedelta(days=30)
# Once a year members confirm they still work at their facility.
FACILITY_CONFIRMATION = timedelta(days=365)


def _at(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def is_verified(member: Row, now: datetime) -> bool:
    """The verified badge: a moderator's verification that has not expired. The badge
    goes by itself at expiry; a new verification brings it back."""
    expires = _at(member["verification_expires_at"])
    return expires is not None and expires > now


def verification_expiring(member: Row, now: datetime) -> bool:
    """Verified, but not for longer than the reminder window."""
    expires = _at(member["verification_expires_at"])
    return expires is not None and now < expires <= now + VERIFICATION_REMINDER


def verification_reminder_due(member: Row, now: datetime) -> bool:
    """Expiring, and not reminded since the last verification."""
    reminded, verified_at = _at(member["verification_reminded_at"]), _at(member["professional_verified_at"])
    return verification_expiring(member, now) and (
        reminded is None or (verified_at is not None and reminded < verified_at)
    )


def facility_confirmation_due(member: Row, now: datetime) -> bool:
    """A year after approval, or after the member last confirmed their facility."""
    since = _at(member["facility_confirmed_at"]) or _at(member["approved_at"])
    return member["status"] == "approved" and since is not None and now - since >= FACILITY_CONFIRMATION


# --- Coordinator handover -------------------------------------------------------


def same_facility(a: Row, b: Row) -> bool:
    """Two profiles name the same facility: its name (case and spacing aside) and state."""

    def key(profile: Row) -> tuple[str, str]:
        return " ".join(profile["facility"].split()).casefold(), profile["state"]

    return bool(a["facility"].strip()) and key(a) == key(b)


def check_may_hand_over(
    coordinator: Viewer, profile: Row, successor: Viewer, successor_profile: Row | None
) -> None:
    """A sepsis coordinator passes the role (and their followed threads) to an active
    member (`successor`, as `viewer_of` ranks them now) at the same facility."""
    if not profile["is_coordinator"]:
        raise Conflict("not_coordinator", "Only a sepsis coordinator can hand the role over.")
    if successor_profile is None or successor.rank < Rank.MEMBER:
        raise NotFound("member", "successor_id")
    if successor.id == coordinator.id:
        raise Invalid("invalid", "Choose another member to take over.", "successor_id")
    if not same_facility(profile, successor_profile):
        raise Invalid("other_facility", "The successor must work at your facility.", "successor_id")


# --- Public network stats -------------------------------------------------------

# No count under this reaches the public: a small number can point at a person.
PUBLIC_COUNT_FLOOR = 5
FEWER_THAN_FLOOR = f"fewer than {PUBLIC_COUNT_FLOOR}"


def public_count(count: int) -> int | str:
    """A count as the public may see it: exact from the floor up, otherwise the words."""
    return count if count >= PUBLIC_COUNT_FLOOR else FEWER_THAN_FLOOR


# --- Events -------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Who may receive an event, decided when it is fanned out or replayed: everyone of
    `rank` and above, and when `groups` is set, of the members only those in one of them
    (moderators and admins see every category)."""

    rank: Rank
    groups: frozenset[int] | None = None

    MEMBERS: ClassVar["Audience"]
    MODERATORS: ClassVar["Audience"]


Audience.MEMBERS = Audience(Rank.MEMBER)
Audience.MODERATORS = Audience(Rank.MODERATOR)


# Removals reach members who see the thread, ids only, so the post leaves their
# screens at once (what matters when a moderator hides identifying text); they
# learn nothing a reload would not tell them. "post.held" is an edit that put a
# post members had seen on hold. A rejected held post is no removal: members never
# saw it, so its events stay with moderators.
REMOVALS = frozenset({"post.deleted", "post.hidden", "post.held"})


def event_audience(event_type: str, category: Row | None, thread: Row | None, post: Row | None) -> Audience:
    """Members receive an event only if everything it names is visible to members now;
    of a category limited to groups, only those groups' members do.

    The rows are what the event's payload names, read without any scope (None when
    the payload names none, or the object is gone); `category` is the thread's when
    the payload names a thread but no category.
    """
    limited_to = frozenset(category["groups"]) if category is not None and category["groups"] else None
    # Any member of the category's groups, if it has some; any member otherwise.
    members = ForumScope(viewer_id=0, removed=False, archived=False, groups=limited_to or frozenset())
    if category is not None and not category_visible(members, category):
        return Audience.MODERATORS
    if thread is not None and not thread_visible(members, thread):
        return Audience.MODERATORS
    if post is not None and event_type not in REMOVALS and (post["status"] != "visible" or post["held"]):
        return Audience.MODERATORS
    return Audience(Rank.MEMBER, limited_to) if limited_to else Audience.MEMBERS


def may_receive(viewer: Viewer, audience: Audience) -> bool:
    if viewer.rank < audience.rank:
        return False
    if audience.groups is None or viewer.is_moderator:
        return True
    return viewer.member is not None and bool(viewer.member.groups & audience.groups)
