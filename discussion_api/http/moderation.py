"""Keeping the space safe: flags, the moderators' queue, hide/restore, lock/pin/move,
suspension, roles, and the audit log every moderator action lands in."""

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..core import anonymity, forum, moderation
from ..core.authors import AuthorOut, author_view
from ..core.vocabulary import Role
from .endpoints import Access, Call, Endpoint, Shown
from .fields import STRICT_INPUT, Id, Reason
from .posts import PostOut, post_view, post_views
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
    """At least one of pinned, locked and category_id (the document says so too)."""

    model_config = ConfigDict(
        **STRICT_INPUT,
        json_schema_extra={"anyOf": [{"required": [name]} for name in ("pinned", "locked", "category_id")]},
    )
    reason: Reason
    pinned: bool = Field(default=None)
    locked: bool = Field(default=None)
    category_id: Id = Field(default=None)


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
    target_name: str | None = Field(description="The target as a moderator reads it (a name or title).")
    reason: str
    created_at: str


class AuditLog(BaseModel):
    entries: list[AuditEntry]


def flag_post(call: Call) -> FlagOut:
    flag_id = moderation.flag(call.runtime.store, call.viewer, call.id("post_id"), call.body.reason, call.now)
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
                        "author_anonymous": False,  # a flag's reporter is always named to moderators
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


class HeldQueue(BaseModel):
    posts: list[PostOut]


class RevealOut(BaseModel):
    status: str = Field(description="requested (a second moderator must confirm) or revealed.")
    author: AuthorOut | None = None


def held_queue(call: Call) -> Shown:
    db = call.read()
    posts = []
    for row in db.posts.held_posts(call.scope):
        thread = forum.visible_thread(db, call.viewer, row["thread_id"])
        posts.extend(post_views(call, [row], thread, db))
    return {"posts": posts}


def _release(call: Call, approve: bool) -> Shown:
    moderation.release_held(
        call.runtime.store, call.viewer, call.id("post_id"), approve, call.body.reason, call.now
    )
    return post_view(call, call.id("post_id"))


def approve_held(call: Call) -> Shown:
    return _release(call, approve=True)


def reject_held(call: Call) -> Shown:
    return _release(call, approve=False)


def reveal_author(call: Call) -> RevealOut:
    outcome = anonymity.reveal(
        call.runtime.store, call.viewer, call.id("post_id"), call.body.reason, call.now
    )
    if outcome.author is None:
        return RevealOut(status="requested")
    # Link-only: the author reads which post, and why, after signing in.
    call.runtime.mailer.deliver(
        outcome.author.email,
        "Moderators revealed one of your anonymous posts",
        (
            "Two moderators have revealed to the moderators who wrote one of your anonymous posts."
            f" Other members still see it as anonymous. Sign in to read more:\n{call.runtime.settings.public_url}/account/\n"
        ),
    )
    author = AuthorOut(
        id=outcome.author.id, name=outcome.author.name, role=outcome.author.role, anonymous=True
    )
    return RevealOut(status="revealed", author=author)


def dismiss_flag(call: Call) -> FlagOut:
    moderation.dismiss_flag(call.runtime.store, call.viewer, call.id("flag_id"), call.body.reason, call.now)
    return FlagOut(id=call.id("flag_id"), status="dismissed")


def hide_post(call: Call) -> Shown:
    moderation.set_post_status(
        call.runtime.store, call.viewer, call.id("post_id"), "hidden", call.body.reason, call.now
    )
    return post_view(call, call.id("post_id"))


def restore_post(call: Call) -> Shown:
    moderation.set_post_status(
        call.runtime.store, call.viewer, call.id("post_id"), "visible", call.body.reason, call.now
    )
    return post_view(call, call.id("post_id"))


def change_thread(call: Call) -> Shown:
    changes = call.body.model_dump(exclude_unset=True, exclude={"reason"})
    moderation.change_thread(
        call.runtime.store, call.viewer, call.id("thread_id"), changes, call.body.reason, call.now
    )
    return thread_view(call, forum.shown_thread(call.read(), call.viewer, call.id("thread_id")))


def _status(call: Call, member_id: int) -> MemberStatus:
    member = call.read().members.get(member_id)
    assert member is not None
    return MemberStatus(
        id=member.id,
        role=member.role,
        status=member.status,
        suspended_until=member.suspended_until,
        suspended=member.is_suspended(call.now),
    )


def suspend_member(call: Call) -> MemberStatus:
    moderation.suspend(
        call.runtime.store, call.viewer, call.id("member_id"), call.body.until, call.body.reason, call.now
    )
    return _status(call, call.id("member_id"))


def unsuspend_member(call: Call) -> MemberStatus:
    moderation.unsuspend(call.runtime.store, call.viewer, call.id("member_id"), call.body.reason, call.now)
    return _status(call, call.id("member_id"))


def change_role(call: Call) -> MemberStatus:
    moderation.change_role(
        call.runtime.store,
        call.viewer,
        call.id("member_id"),
        call.body.role.value,
        call.body.reason,
        call.now,
    )
    return _status(call, call.id("member_id"))


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
        "GET",
        "/mod/held",
        held_queue,
        Access.MODERATOR,
        "Posts held for a moderator (patient information their authors confirmed), oldest first.",
        response=HeldQueue,
    ),
    Endpoint(
        "POST",
        "/mod/held/{post_id:int}/approve",
        approve_held,
        Access.MODERATOR,
        "Publish a held post to members.",
        body=Reasoned,
        response=PostOut,
        errors=(409,),
    ),
    Endpoint(
        "POST",
        "/mod/held/{post_id:int}/reject",
        reject_held,
        Access.MODERATOR,
        "Reject a held post: it stays hidden from members.",
        body=Reasoned,
        response=PostOut,
        errors=(409,),
    ),
    Endpoint(
        "POST",
        "/mod/posts/{post_id:int}/reveal",
        reveal_author,
        Access.MODERATOR,
        "Ask to reveal an anonymous post's author to moderators; a second, different moderator's"
        " call reveals it (both with reasons, both in the audit log) and the author is told.",
        body=Reasoned,
        response=RevealOut,
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
