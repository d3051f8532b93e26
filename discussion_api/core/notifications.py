"""Notifications: who is told of what, in the page and by email.

A write that should tell someone enqueues ONE job in its own transaction
(`enqueue_*` below, called by posting, moderation and membership); the mail
worker expands it (`expand_pending`) into one notification per recipient, so a
reply in a thread with 500 followers costs the reply one row, not 500. Every
recipient is chosen by the policy (`policy.may_hear_of_post` and friends) when
the job is expanded, and every notification is checked again whenever it is
shown or mailed (`visible_items`): what the policy hides now is never told.

Each notification belongs to an email category a member chooses a mode for
(immediately, batched; a daily or weekly digest; none); `CATEGORIES` holds the
defaults the issue names.
"""

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..storage.interfaces import Member, Repositories, Row, Store
from . import policy
from .errors import Forbidden, Invalid, NotFound
from .policy import Viewer

MODES = ("immediate", "daily", "weekly", "none")
# How long the mail worker holds a batch of jobs it claimed (expand_pending).
CLAIM = timedelta(minutes=1)


@dataclass(frozen=True)
class Category:
    """A kind of email a member chooses a mode for (and unsubscribes from)."""

    label: str
    default: str
    modes: tuple[str, ...] = MODES
    moderators_only: bool = False


CATEGORIES: dict[str, Category] = {
    "mention": Category("Someone mentions you", "immediate"),
    "reply": Category("Replies in threads you started", "immediate"),
    "followed": Category("Replies in threads you follow", "weekly"),
    "answer": Category("Your answer accepted or marked helpful", "daily"),
    "moderation": Category("A moderator hides your post", "immediate"),
    # Decisions on applications are emailed when they are made (http/membership.py).
    "membership": Category("Your request to join decided", "none"),
    # The daily summary says what waits; one email per flag would be noise by default.
    "moderator_alert": Category("New applications, flags and held posts", "none", moderators_only=True),
    "moderator_summary": Category(
        "Daily summary of what waits for moderators", "daily", ("daily", "none"), moderators_only=True
    ),
    "webinar": Category("Webinar reminders you asked for", "immediate", ("immediate", "none")),
}

# What each notification kind is, for the email categories.
CATEGORY_OF = {
    "mention": "mention",
    "reply": "reply",
    "followed": "followed",
    "accepted": "answer",
    "helpful": "answer",
    "hidden": "moderation",
    "approved": "membership",
    "application": "moderator_alert",
    "flag": "moderator_alert",
    "held": "moderator_alert",
}
OWN_POST_KINDS = frozenset({"accepted", "helpful", "hidden"})
MODERATOR_KINDS = frozenset({"application", "flag", "held"})

# "@Jane Doe": an @ not inside a word, then up to four words of a name.
MENTION = re.compile(r"(?<![\w@])@([^\W\d_][\w.'-]*(?:[ ][^\W\d_][\w.'-]*){0,3})")


# --- Enqueueing (inside the causing write's transaction) ------------------------


def enqueue_post(db: Repositories, post_id: int, thread_id: int, author_id: int, now: datetime) -> None:
    """A new (or newly approved) post: followers, mentioned members, or moderators if held."""
    db.notifications.enqueue("post", now, actor_id=author_id, thread_id=thread_id, post_id=post_id)


def enqueue_own_post(
    db: Repositories, kind: str, post_id: int, actor_id: int, now: datetime, reason: str = ""
) -> None:
    """Something happened to a member's post: accepted, helpful, hidden (with the reason)."""
    assert kind in OWN_POST_KINDS
    db.notifications.enqueue(kind, now, actor_id=actor_id, post_id=post_id, reason=reason)


def enqueue_for_moderators(
    db: Repositories, kind: str, now: datetime, *, post_id: int | None = None, member_id: int | None = None
) -> None:
    assert kind in ("application", "flag")
    db.notifications.enqueue(kind, now, post_id=post_id, member_id=member_id)


def enqueue_approved(db: Repositories, member_id: int, now: datetime) -> None:
    db.notifications.enqueue("approved", now, member_id=member_id)


# --- Expanding jobs (the mail worker, off the request path) ----------------------


def expand_pending(store: Store, now: datetime, batch: int = 20) -> int:
    """Expand waiting jobs, a batch at a time, into notifications and the live events
    that ring members' bells; returns how many jobs were expanded.

    A batch is claimed in one short write, its recipients are chosen from reads outside
    any write transaction, and its notifications are stored in a second short write.
    Under a burst of replies every write transaction is a turn at the one writer that
    posting waits for too, and choosing recipients inside it (followers, their choices,
    the policy) took almost a third of that writer's time. Choosing from a read a moment
    old tells no one the policy excludes: every notification is checked again whenever
    it is shown or mailed (`visible_items`). The claim keeps other workers (processes)
    off the batch; if this one stops half-way, the claim ends after CLAIM and another
    worker expands the batch (a job stored twice adds nothing the second time)."""
    done = 0
    while store.read().notifications.pending_jobs(1):  # an idle round takes no write turn
        with store.write() as db:
            jobs = db.notifications.claim_jobs(batch, now, now + CLAIM)
        if not jobs:  # every waiting job is another worker's
            break
        reader = store.read()
        notifications = [item for job in jobs for item in _notifications(reader, job, now)]
        with store.write() as db:
            notified = db.notifications.add(notifications, now)
            if notified:
                # Ids only, on each member's own topic: the bell asks what is new.
                topics = [f"member:{member_id}" for member_id in dict.fromkeys(notified)]
                db.events.append(topics, "notification.created", {}, now)
            db.notifications.finish_jobs([job["id"] for job in jobs], now)
        done += len(jobs)
        if len(jobs) < batch:
            break
    return done


def _notifications(db: Repositories, job: Row, now: datetime) -> list[Row]:
    """The job's notifications: one for each recipient the policy lets hear of it, with
    the email choice each made for its kind."""
    post = db.posts.get(job["post_id"], policy.EVERYTHING) if job["post_id"] is not None else None
    recipients = list(_recipients(db, job, post, now))
    modes: dict[int, str] = {}
    for kind in {kind for _, kind in recipients}:
        category = CATEGORY_OF[kind]
        members = [member.id for member, k in recipients if k == kind]
        chosen = db.notifications.preferences_for(members, category)
        modes.update(
            {member_id: chosen.get(member_id, CATEGORIES[category].default) for member_id in members}
        )
    return [
        {
            "job_id": job["id"],
            "member_id": member.id,
            "kind": kind,
            "email": modes[member.id],
            "thread_id": post["thread_id"] if post else job["thread_id"],
            "post_id": job["post_id"],
            "reason": job["reason"],
        }
        for member, kind in recipients
    ]


def _recipients(db: Repositories, job: Row, post: Row | None, now: datetime) -> Iterable[tuple[Member, str]]:
    kind = job["kind"]
    if kind == "approved":
        member = db.members.get(job["member_id"])
        if member is not None and policy.recipient(member, now).rank >= policy.Rank.MEMBER:
            yield member, "approved"
        return
    if kind == "application":
        yield from (
            (m, "application") for m in db.notifications.moderators() if policy.recipient(m, now).is_moderator
        )
        return
    thread = db.threads.plain(post["thread_id"], policy.EVERYTHING) if post else None
    if post is None or thread is None:
        return
    if kind in OWN_POST_KINDS:
        author = db.members.get(post["author_id"])
        if (
            author is not None
            and author.id != job["actor_id"]
            and policy.may_hear_of_own_post(policy.recipient(author, now), post)
        ):
            yield author, kind
        return
    if kind == "flag":
        yield from (
            (m, "flag")
            for m in db.notifications.moderators()
            if policy.may_hear_of_post(policy.recipient(m, now), thread, post)
        )
        return
    yield from _post_recipients(db, thread, post, now)


def _post_recipients(db: Repositories, thread: Row, post: Row, now: datetime) -> Iterable[tuple[Member, str]]:
    if post["status"] != "visible":
        return
    if not policy.post_notifies_members(post):
        candidates = {m.id: (m, "held") for m in db.notifications.moderators()}
    else:
        candidates = {}
        if post["id"] != thread["first_post_id"]:
            for m in db.notifications.followers(thread["id"]):
                candidates[m.id] = (m, "reply" if m.id == thread["author_id"] else "followed")
        # A mention of someone who cannot see the post is dropped below, with everyone else's.
        candidates.update((m.id, (m, "mention")) for m in mentioned(db, post["body_md"]))
    for member, kind in candidates.values():
        if policy.may_hear_of_post(policy.recipient(member, now), thread, post):
            yield member, kind


def mentioned(db: Repositories, text: str) -> list[Member]:
    """The members an @mention names: for each, the longest run of words after the @
    that is a member's name (case-insensitive)."""
    mentions = [match.group(1).split(" ") for match in MENTION.finditer(text)]
    candidates = {" ".join(words[:n]).lower() for words in mentions for n in range(1, len(words) + 1)}
    if not candidates:
        return []
    by_name: dict[str, list[Member]] = {}
    for member in db.notifications.named(sorted(candidates)):
        by_name.setdefault(member.name.lower(), []).append(member)
    found: dict[int, Member] = {}
    for words in mentions:
        for n in range(len(words), 0, -1):
            named = by_name.get(" ".join(words[:n]).lower())
            if named:
                found.update((member.id, member) for member in named)
                break
    return list(found.values())


def mention_suggestions(
    db: Repositories, viewer: Viewer, thread: Row, prefix: str, now: datetime, limit: int = 8
) -> list[Member]:
    """Names the composer offers after an @: members who see the thread (never others)."""
    found = []
    for member in db.notifications.names_starting(prefix, limit * 3):
        if member.id != viewer.id and policy.may_be_mentioned(policy.recipient(member, now), thread):
            found.append(member)
    return found[:limit]


# --- Showing (the bell, and every email) ------------------------------------------


@dataclass(frozen=True)
class Item:
    """A notification as its member may see it now: what happened, and where."""

    id: int
    kind: str
    text: str
    path: str  # under the site's root: forum/#/t/3/p/9
    thread_id: int | None
    post_id: int | None
    created_at: str
    read: bool
    excerpt: str = ""


def visible_items(db: Repositories, viewer: Viewer, rows: list[Row], excerpt_chars: int = 0) -> list[Item]:
    """The rows the policy lets `viewer` be told of now, described; the rest are dropped.

    Each post (and its thread) is read once, however many rows name it: a busy thread's
    replies fill a bell with notifications about the same few posts."""
    posts: dict[int, tuple[Row | None, Row | None]] = {}
    items = []
    for row in rows:
        item = _describe(db, viewer, row, excerpt_chars, posts)
        if item is not None:
            items.append(item)
    return items


def _post_and_thread(
    db: Repositories, post_id: int, read: dict[int, tuple[Row | None, Row | None]]
) -> tuple[Row | None, Row | None]:
    if post_id not in read:
        post = db.posts.get(post_id, policy.EVERYTHING)
        read[post_id] = (post, db.threads.plain(post["thread_id"], policy.EVERYTHING) if post else None)
    return read[post_id]


def _describe(
    db: Repositories,
    viewer: Viewer,
    row: Row,
    excerpt_chars: int,
    read: dict[int, tuple[Row | None, Row | None]],
) -> Item | None:
    kind = row["kind"]
    if viewer.rank < policy.Rank.MEMBER or (kind in MODERATOR_KINDS and not viewer.is_moderator):
        return None
    post = thread = None
    if row["post_id"] is not None:
        post, thread = _post_and_thread(db, row["post_id"], read)
        if post is None or thread is None:
            return None
        allowed = (
            policy.may_hear_of_own_post(viewer, post)
            if kind in OWN_POST_KINDS
            else policy.post_visible(policy.forum_scope(viewer), post, thread)
        )
        if not allowed:
            return None
    title = ""
    if thread is not None and policy.thread_visible(policy.forum_scope(viewer), thread):
        title = f"“{thread['title']}”"
    where = title or "a thread"
    author = policy.notified_author_name(post) if post is not None else ""
    text = {
        "mention": f"{author} mentioned you in {where}",
        "reply": f"{author} replied to your thread {where}",
        "followed": f"{author} replied in {where}",
        "accepted": f"Your answer in {where} was accepted",
        "helpful": f"Someone marked your post in {where} helpful",
        "hidden": f"A moderator hid your post in {where}. Reason: {row['reason']}",
        "approved": "Your request to join was approved. Welcome to the Network!",
        "application": "A new membership application waits for a moderator",
        "flag": f"A post in {where} was flagged",
        "held": f"A post in {where} waits for a moderator",
    }[kind]
    if kind in MODERATOR_KINDS:
        path = "moderation/"
    elif post is not None and kind != "hidden":
        path = f"forum/#/t/{post['thread_id']}/p/{post['id']}"
    elif post is not None and title:
        path = f"forum/#/t/{post['thread_id']}"
    else:
        path = "forum/"
    excerpt = ""
    if excerpt_chars and post is not None and kind not in OWN_POST_KINDS | MODERATOR_KINDS:
        excerpt = excerpt_of(post["body_md"], excerpt_chars)
    return Item(
        row["id"],
        kind,
        text,
        path,
        post["thread_id"] if post else None,
        post["id"] if post else None,
        row["created_at"],
        row["read_at"] is not None,
        excerpt,
    )


def excerpt_of(markdown: str, chars: int) -> str:
    """A post's text on one line, cut to `chars` with an ellipsis (emails, when allowed)."""
    plain = " ".join(markdown.split())
    return plain if len(plain) <= chars else plain[: chars - 1] + "…"


UNREAD_SHOWN = 99


def unread_count(db: Repositories, viewer: Viewer) -> int:
    """Unread notifications the viewer may still be told of (up to UNREAD_SHOWN + 1)."""
    rows = [row for row in db.notifications.for_member(viewer.id, None, 200) if row["read_at"] is None]
    return len(visible_items(db, viewer, rows[: UNREAD_SHOWN + 1]))


def mark_read(store: Store, viewer: Viewer, notification_id: int | None, now: datetime) -> None:
    """Mark one of the viewer's notifications read (all with None); another's is NotFound."""
    with store.write() as db:
        if db.notifications.mark_read(viewer.id, notification_id, now) or notification_id is None:
            return
        # Nothing changed: already read (fine), or not the viewer's to mark.
        mine = db.notifications.for_member(viewer.id, notification_id + 1, 1)
        if not mine or mine[0]["id"] != notification_id:
            raise NotFound("notification")


# --- Email choices and one-click unsubscribe ---------------------------------------


def categories_for(viewer: Viewer) -> dict[str, Category]:
    return {name: c for name, c in CATEGORIES.items() if viewer.is_moderator or not c.moderators_only}


def preferences(db: Repositories, viewer: Viewer) -> dict[str, str]:
    chosen = db.notifications.preferences(viewer.id)
    return {name: chosen.get(name, c.default) for name, c in categories_for(viewer).items()}


def set_preferences(store: Store, viewer: Viewer, changes: dict[str, str]) -> None:
    allowed = categories_for(viewer)
    for name, mode in changes.items():
        if name not in allowed and name in CATEGORIES:
            raise Forbidden("moderators_only", "Only moderators get this kind of email.", name)
        if name not in allowed:
            raise Invalid("invalid", f"No email category {name!r}.", name)
        if mode not in allowed[name].modes:
            raise Invalid("invalid", f"{name} takes one of: {', '.join(allowed[name].modes)}.", name)
    with store.write() as db:
        for name, mode in changes.items():
            db.notifications.set_preference(viewer.id, name, mode)


def unsubscribe_token(secret: bytes, member_id: int, category: str) -> str:
    """A token for one member and one category of mail: it unsubscribes nothing else."""
    digest = hmac.new(secret, f"unsubscribe:{member_id}:{category}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def genuine_unsubscribe(secret: bytes, member_id: int, category: str, token: str) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII strings, and a link is anyone's input.
    return category in CATEGORIES and hmac.compare_digest(
        unsubscribe_token(secret, member_id, category).encode(), token.encode()
    )


def unsubscribe(store: Store, secret: bytes, member_id: int, category: str, token: str) -> bool:
    """Turn off one category of mail for one member, from the link in that mail (no
    sign-in); False when the link is not genuine."""
    if not genuine_unsubscribe(secret, member_id, category, token):
        return False
    with store.write() as db:
        if db.members.get(member_id) is None:
            return False
        db.notifications.set_preference(member_id, category, "none")
    return True
