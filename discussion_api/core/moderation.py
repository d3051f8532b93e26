"""Keeping the space safe: flags, hiding and restoring posts, pinning, locking and
moving threads, suspension and roles. Every moderator action lands in the audit log
in the same transaction as the change it records."""

from datetime import datetime
from typing import Any

from ..storage.interfaces import Store
from . import notifications, policy
from .cutoff import end_member_streams
from .errors import Conflict, Invalid, NotFound
from .forum import visible_post, visible_thread
from .policy import Viewer
from .posting import first_post_status_changed


def flag(store: Store, viewer: Viewer, post_id: int, reason: str, now: datetime) -> int:
    """A member's flag on a post they see; returns the flag's id."""
    with store.write() as db:
        visible_post(db, viewer, post_id)
        if db.flags.open_by(post_id, viewer.id):
            raise Conflict("already_flagged", "You have already flagged this post.")
        flag_id = db.flags.create(post_id, viewer.id, reason, now)
        notifications.enqueue_for_moderators(db, "flag", now, post_id=post_id)
        return flag_id


def dismiss_flag(store: Store, moderator: Viewer, flag_id: int, reason: str, now: datetime) -> None:
    with store.write() as db:
        if db.flags.get_open(flag_id) is None:
            raise NotFound("open flag")
        db.flags.resolve(flag_id, "dismissed", moderator.id, now)
        db.audit.record(moderator.id, "dismiss_flag", "flag", flag_id, reason, now)


def set_post_status(
    store: Store, moderator: Viewer, post_id: int, status: str, reason: str, now: datetime
) -> None:
    """Hide a post (resolving its open flags) or restore it ("visible")."""
    action, event_type = {
        "hidden": ("hide_post", "post.hidden"),
        "visible": ("restore_post", "post.restored"),
    }[status]
    with store.write() as db:
        post, thread = visible_post(db, moderator, post_id)
        if post["status"] == status:
            raise Conflict("no_change", f"This post is already {status}.")
        db.posts.set_status(post_id, status)
        first_post_status_changed(db, thread, post_id, status)
        if status == "hidden":
            db.flags.resolve_for_post(post_id, moderator.id, now)
            notifications.enqueue_own_post(db, "hidden", post_id, moderator.id, now, reason)
        db.audit.record(moderator.id, action, "post", post_id, reason, now)
        db.events.post_changed(event_type, thread, post_id, now, in_category=True)


def change_thread(
    store: Store, moderator: Viewer, thread_id: int, changes: dict[str, Any], reason: str, now: datetime
) -> None:
    """Pin, lock or move a thread; a move goes only to an open category."""
    with store.write() as db:
        thread = visible_thread(db, moderator, thread_id)
        changes = {field: value for field, value in changes.items() if value != thread[field]}
        if not changes:
            raise Invalid("invalid", "Give pinned, locked or category_id to change.")
        if "category_id" in changes:
            policy.check_may_start_thread_in(db.categories.get(changes["category_id"]))
        db.threads.update(thread_id, changes)
        for field, value in changes.items():
            db.audit.record(moderator.id, f"set_thread_{field}:{value}", "thread", thread_id, reason, now)
        topics = {
            f"thread:{thread_id}",
            f"category:{thread['category_id']}",
            f"category:{changes.get('category_id', thread['category_id'])}",
        }
        db.events.append(sorted(topics), "thread.updated", {"thread_id": thread_id}, now)


def suspend(
    store: Store, moderator: Viewer, member_id: int, until: datetime | None, reason: str, now: datetime
) -> None:
    """Suspend a member (until a time, or until lifted): every session and stream ends now."""
    if until is not None and until <= now:
        raise Invalid("invalid", "Choose a time in the future.", "until")
    with store.write() as db:
        target = policy.check_may_act_on(moderator, db.members.get(member_id))
        db.members.suspend(target.id, now, until)
        db.sessions.delete_for_member(target.id)
        end_member_streams(db, target.id, now)
        db.audit.record(moderator.id, "suspend_member", "member", target.id, reason, now)


def unsuspend(store: Store, moderator: Viewer, member_id: int, reason: str, now: datetime) -> None:
    with store.write() as db:
        target = policy.check_may_act_on(moderator, db.members.get(member_id))
        db.members.unsuspend(target.id)
        db.audit.record(moderator.id, "unsuspend_member", "member", target.id, reason, now)


def change_role(store: Store, admin: Viewer, member_id: int, role: str, reason: str, now: datetime) -> None:
    with store.write() as db:
        target = policy.check_may_change_role(admin, db.members.get(member_id))
        db.members.set_role(target.id, role)
        end_member_streams(db, target.id, now)  # they reconnect with the new role
        db.audit.record(admin.id, f"set_role:{role}", "member", target.id, reason, now)


def release_held(
    store: Store, moderator: Viewer, post_id: int, approve: bool, reason: str, now: datetime
) -> None:
    """Approve a held post (members see it from now on) or reject it (it stays hidden,
    for moderators only, and can be restored like any hidden post)."""
    action, event_type = (
        ("approve_held_post", "post.approved") if approve else ("reject_held_post", "post.rejected")
    )
    with store.write() as db:
        post, thread = visible_post(db, moderator, post_id)
        policy.check_may_release(post)
        db.posts.set_held(post_id, False)
        if approve:
            notifications.enqueue_post(db, post_id, thread["id"], post["author_id"], now)
        else:
            db.posts.set_status(post_id, "hidden")
        db.audit.record(moderator.id, action, "post", post_id, reason, now)
        db.events.post_changed(event_type, thread, post_id, now, in_category=True)
