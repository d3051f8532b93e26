"""Keeping the space safe: flags, the moderators' queue, hide/restore, lock/pin/move,
suspension, roles, and the audit log every moderator action lands in."""

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..core import policy
from ..core.authors import AuthorOut, author_view
from ..core.vocabulary import Role
from ..realtime.cutoff import end_member_streams
from ..storage.interfaces import Member
from .endpoints import Access, Call, Endpoint
from .errors import ApiError, not_found
from .fields import STRICT_INPUT, Id, Reason
from .posts import PostOut, post_view
from .reach import post_or_404, thread_or_404
from .threads import ThreadOut, thread_view


class FlagIn(BaseModel):
    model_config = STRICT_INPUT
    reason: Reason


class Reasoned(BaseModel):
    model_config = STRICT_INPUT
    reason: Reason


class FlagOut(BaseModel):
    id: int
    status: str


class FlaggedPost(BaseModel):
    id: int
    thread_id: int
    html: str
    status: str
    author: AuthorOut


class QueuedFlag(BaseModel):
    id: int
    reason: str
    created_at: str
    reporter: AuthorOut
    post: FlaggedPost


class FlagQueue(BaseModel):
    flags: list[QueuedFlag]


class ThreadChanges(BaseModel):
    model_config = STRICT_INPUT
    reason: Reason
    pinned: bool | None = None
    locked: bool | None = None
    category_id: Id | None = None


class Suspension(BaseModel):
    model_config = STRICT_INPUT
    reason: Reason
    until: AwareDatetime | None = Field(default=None, description="Omit to suspend until lifted.")


class RoleChange(BaseModel):
    model_config = STRICT_INPUT
    role: Role
    reason: Reason


class MemberStatus(BaseModel):
    id: int
    role: str
    status: str
    suspended_until: str | None
    suspended: bool


class AuditQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    before: int | None = Field(default=None, ge=1, le=2**62)
    limit: int = Field(default=50, ge=1, le=200)


class AuditEntry(BaseModel):
    id: int
    actor_id: int | None
    actor_name: str | None
    action: str
    target_type: str
    target_id: str
    reason: str
    created_at: str


class AuditLog(BaseModel):
    entries: list[AuditEntry]


def flag_post(call: Call) -> FlagOut:
    post, _ = post_or_404(call, call.id("post_id"))
    with call.runtime.store.write() as db:
        if db.flags.open_by(post["id"], call.member.id):
            raise ApiError(409, "already_flagged", "You have already flagged this post.")
        flag_id = db.flags.create(post["id"], call.member.id, call.body.reason, call.now)
    return FlagOut(id=flag_id, status="open")


def flag_queue(call: Call) -> FlagQueue:
    viewer = call.viewer
    return FlagQueue(
        flags=[
            QueuedFlag(
                id=row["id"],
                reason=row["reason"],
                created_at=row["created_at"],
                reporter=author_view(
                    viewer,
                    {
                        "author_id": row["reporter_id"],
                        "author_name": row["reporter_name"],
                        "author_role": row["reporter_role"],
                    },
                ),
                post=FlaggedPost(
                    id=row["post_id"],
                    thread_id=row["thread_id"],
                    html=row["body_html"],
                    status=row["post_status"],
                    author=author_view(viewer, row),
                ),
            )
            for row in call.read().flags.open_flags()
        ]
    )


def dismiss_flag(call: Call) -> FlagOut:
    with call.runtime.store.write() as db:
        flag = db.flags.get_open(call.id("flag_id"))
        if flag is None:
            raise not_found("open flag")
        db.flags.resolve(flag["id"], "dismissed", call.member.id, call.now)
        db.audit.record(call.member.id, "dismiss_flag", "flag", flag["id"], call.body.reason, call.now)
    return FlagOut(id=flag["id"], status="dismissed")


def _set_post_status(call: Call, status: str, action: str, event_type: str) -> PostOut:
    post, thread = post_or_404(call, call.id("post_id"))
    if post["status"] == status:
        raise ApiError(409, "no_change", f"This post is already {status}.")
    with call.runtime.store.write() as db:
        db.posts.set_status(post["id"], status)
        if status == "hidden":
            db.flags.resolve_for_post(post["id"], call.member.id, call.now)
        db.audit.record(call.member.id, action, "post", post["id"], call.body.reason, call.now)
        db.events.post_changed(event_type, thread, post["id"], call.now, in_category=True)
    return post_view(call, post["id"])


def hide_post(call: Call) -> PostOut:
    return _set_post_status(call, "hidden", "hide_post", "post.hidden")


def restore_post(call: Call) -> PostOut:
    return _set_post_status(call, "visible", "restore_post", "post.restored")


def change_thread(call: Call) -> ThreadOut:
    thread = thread_or_404(call, call.id("thread_id"))
    changes: dict[str, Any] = call.body.model_dump(exclude_unset=True, exclude={"reason"})
    changes = {
        field: value for field, value in changes.items() if value is not None and value != thread[field]
    }
    if not changes:
        raise ApiError(422, "invalid", "Give pinned, locked or category_id to change.")
    with call.runtime.store.write() as db:
        if "category_id" in changes:
            policy.check_may_start_thread_in(db.categories.get(changes["category_id"]))
        db.threads.update(thread["id"], changes)
        for field, value in changes.items():
            db.audit.record(
                call.member.id,
                f"set_thread_{field}:{value}",
                "thread",
                thread["id"],
                call.body.reason,
                call.now,
            )
        topics = {
            f"thread:{thread['id']}",
            f"category:{thread['category_id']}",
            f"category:{changes.get('category_id', thread['category_id'])}",
        }
        db.events.append(sorted(topics), "thread.updated", {"thread_id": thread["id"]}, call.now)
    return thread_view(call, thread_or_404(call, thread["id"]))


def _target(call: Call) -> Member:
    """The member a moderator acts on; nobody acts on themselves or on a peer or superior."""
    return policy.check_may_act_on(call.viewer, call.read().members.get(call.id("member_id")))


def _status(db_member: Member, now: datetime) -> MemberStatus:
    return MemberStatus(
        id=db_member.id,
        role=db_member.role,
        status=db_member.status,
        suspended_until=db_member.suspended_until,
        suspended=db_member.is_suspended(now),
    )


def _reloaded(call: Call, member_id: int) -> MemberStatus:
    member = call.read().members.get(member_id)
    assert member is not None
    return _status(member, call.now)


def suspend_member(call: Call) -> MemberStatus:
    target = _target(call)
    until: datetime | None = call.body.until
    if until is not None and until <= call.now:
        raise ApiError(422, "invalid", "Choose a time in the future.", "until")
    with call.runtime.store.write() as db:
        db.members.suspend(target.id, call.now, until)
        # Every session ends now, not at its next request.
        db.sessions.delete_for_member(target.id)
        end_member_streams(db, target.id, call.now)
        db.audit.record(call.member.id, "suspend_member", "member", target.id, call.body.reason, call.now)
    return _reloaded(call, target.id)


def unsuspend_member(call: Call) -> MemberStatus:
    target = _target(call)
    with call.runtime.store.write() as db:
        db.members.unsuspend(target.id)
        db.audit.record(call.member.id, "unsuspend_member", "member", target.id, call.body.reason, call.now)
    return _reloaded(call, target.id)


def change_role(call: Call) -> MemberStatus:
    target = policy.check_may_change_role(call.viewer, call.read().members.get(call.id("member_id")))
    with call.runtime.store.write() as db:
        db.members.set_role(target.id, call.body.role.value)
        end_member_streams(db, target.id, call.now)  # they reconnect with the new role
        db.audit.record(
            call.member.id,
            f"set_role:{call.body.role.value}",
            "member",
            target.id,
            call.body.reason,
            call.now,
        )
    return _reloaded(call, target.id)


def audit_log(call: Call) -> AuditLog:
    rows = call.read().audit.entries(call.query.before, call.query.limit)
    return AuditLog(entries=[AuditEntry.model_validate(row) for row in rows])


routes = (
    Endpoint(
        "POST",
        "/posts/{post_id:int}/flags",
        flag_post,
        Access.MEMBER,
        "Flag a post for moderators, with a reason.",
        body=FlagIn,
        response=FlagOut,
        status=201,
        errors=(409,),
    ),
    Endpoint(
        "GET", "/mod/flags", flag_queue, Access.MODERATOR, "Open flags, oldest first.", response=FlagQueue
    ),
    Endpoint(
        "POST",
        "/mod/flags/{flag_id:int}/dismiss",
        dismiss_flag,
        Access.MODERATOR,
        "Dismiss a flag.",
        body=Reasoned,
        response=FlagOut,
    ),
    Endpoint(
        "POST",
        "/mod/posts/{post_id:int}/hide",
        hide_post,
        Access.MODERATOR,
        "Hide a post from members (resolves its flags).",
        body=Reasoned,
        response=PostOut,
        errors=(409,),
    ),
    Endpoint(
        "POST",
        "/mod/posts/{post_id:int}/restore",
        restore_post,
        Access.MODERATOR,
        "Restore a hidden or deleted post.",
        body=Reasoned,
        response=PostOut,
        errors=(409,),
    ),
    Endpoint(
        "PATCH",
        "/mod/threads/{thread_id:int}",
        change_thread,
        Access.MODERATOR,
        "Pin, lock or move a thread.",
        body=ThreadChanges,
        response=ThreadOut,
    ),
    Endpoint(
        "POST",
        "/mod/members/{member_id:int}/suspend",
        suspend_member,
        Access.MODERATOR,
        "Suspend a member (optionally until a time); ends all their sessions.",
        body=Suspension,
        response=MemberStatus,
    ),
    Endpoint(
        "POST",
        "/mod/members/{member_id:int}/unsuspend",
        unsuspend_member,
        Access.MODERATOR,
        "Lift a suspension.",
        body=Reasoned,
        response=MemberStatus,
    ),
    Endpoint(
        "PUT",
        "/admin/members/{member_id:int}/role",
        change_role,
        Access.ADMIN,
        "Make a member a moderator or admin, or take the role back.",
        body=RoleChange,
        response=MemberStatus,
    ),
    Endpoint(
        "GET",
        "/mod/audit",
        audit_log,
        Access.MODERATOR,
        "The audit log, newest first (page with `before`).",
        query=AuditQuery,
        response=AuditLog,
    ),
)
