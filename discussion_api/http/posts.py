"""Posts: replies with quoting (anonymous if the author asks), edits with a revision
history for their author and moderators, soft delete, redaction, "helpful" reactions.

New text passes the patient-information guard: with findings it is refused (422
patient_information, kinds and spans) unless the author sends confirm_identifiers,
and then it waits, held, for a moderator."""

from typing import Any, Self

from pydantic import BaseModel, Field, model_validator

from ..core import forum, posting, redaction
from ..core.authors import AuthorOut, author_view
from ..storage.interfaces import Repositories, Row
from .endpoints import Access, Call, Endpoint, Shown
from .fields import STRICT_INPUT, Id, Markdown, Reason

CONFIRM_HELP = (
    "Send the post although the patient-information guard found identifiers: a moderator reviews it first."
)


class QuoteOut(BaseModel):
    post_id: int
    author: AuthorOut
    html: str


class PostOut(BaseModel):
    id: int
    thread_id: int
    author: AuthorOut
    html: str
    markdown: str = Field(description="The Markdown source, so its author can edit it.")
    status: str = Field(description="visible, held (waiting for a moderator), hidden or deleted.")
    created_at: str
    edited_at: str | None
    helpful_count: int
    helpful_by_me: bool
    flagged_by_me: bool = Field(
        description="The viewer has an open flag on this post (so may not flag it again)."
    )
    revision_count: int
    accepted: bool
    quote: QuoteOut | None


class NewPost(BaseModel):
    model_config = STRICT_INPUT
    body: Markdown
    quote_post_id: Id | None = None
    anonymous: bool = Field(default=False, description='Post as "Anonymous member".')
    confirm_identifiers: bool = Field(default=False, description=CONFIRM_HELP)


class PostEdit(BaseModel):
    model_config = STRICT_INPUT
    body: Markdown
    confirm_identifiers: bool = Field(default=False, description=CONFIRM_HELP)


class Redaction(BaseModel):
    """A span [start, end) of the post's current Markdown, or the whole post without one."""

    model_config = STRICT_INPUT
    reason: Reason
    start: int | None = Field(default=None, ge=0, le=20000)
    end: int | None = Field(default=None, ge=1, le=20000)

    @model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.start is None) != (self.end is None):
            raise ValueError("Give both start and end, or neither to redact the whole post.")
        return self


class RevisionOut(BaseModel):
    id: int
    html: str
    written_at: str
    author: AuthorOut


class RevisionList(BaseModel):
    revisions: list[RevisionOut]


class _Authors:
    """author_view for a page of posts, asked once per distinct author (a thread's posts
    come from a few people): what it decides depends only on the viewer and these columns."""

    COLUMNS = ("author_id", "author_name", "author_role", "author_anonymous", "author_revealed")

    def __init__(self, call: Call):
        self.viewer = call.viewer
        self.seen: dict[tuple[Any, ...], AuthorOut] = {}

    def of(self, row: Row) -> AuthorOut:
        key = tuple(row[column] for column in self.COLUMNS)
        found = self.seen.get(key)
        if found is None:
            found = self.seen[key] = author_view(self.viewer, row)
        return found


def post_views(call: Call, rows: list[Row], thread: Row, db: Repositories | None = None) -> list[Shown]:
    """A PostOut for each row (as a Shown dict: see endpoints), with quotes only of posts
    the viewer may see. Every value has its field's type (flags stored as 0/1 become bools)."""
    db = db or call.read()
    views = []
    authors = _Authors(call)
    for row in rows:
        quote = None
        if row["quote_post_id"]:
            quoted = db.posts.get(row["quote_post_id"], call.scope)
            if quoted:
                quote = {
                    "post_id": quoted["id"],
                    "author": authors.of(quoted),
                    "html": quoted["body_html"],
                }
        views.append(
            {
                "id": row["id"],
                "thread_id": row["thread_id"],
                "author": authors.of(row),
                "html": row["body_html"],
                "markdown": row["body_md"],
                "status": "held" if row["held"] and row["status"] == "visible" else row["status"],
                "created_at": row["created_at"],
                "edited_at": row["edited_at"],
                "helpful_count": row["helpful_count"],
                "helpful_by_me": bool(row["helpful_by_me"]),
                "flagged_by_me": bool(row.get("flagged_by_me")),
                "revision_count": row["revision_count"],
                "accepted": row["id"] == thread["accepted_post_id"],
                "quote": quote,
            }
        )
    return views


def post_view(call: Call, post_id: int) -> Shown:
    db = call.read()
    row, thread = forum.visible_post(db, call.viewer, post_id)
    return post_views(call, [row], thread, db)[0]


def reply(call: Call) -> Shown:
    body: NewPost = call.body
    call.throttle(call.runtime.limits.post_member)
    post_id = posting.reply(
        call.runtime.store,
        call.viewer,
        call.id("thread_id"),
        body.body,
        body.quote_post_id,
        call.retry,
        call.now,
        anonymous=body.anonymous,
        confirm_identifiers=body.confirm_identifiers,
    )
    return post_view(call, post_id)


def edit_post(call: Call) -> Shown:
    call.throttle(call.runtime.limits.post_member)
    body: PostEdit = call.body
    posting.edit(
        call.runtime.store,
        call.viewer,
        call.id("post_id"),
        body.body,
        call.now,
        confirm_identifiers=body.confirm_identifiers,
    )
    return post_view(call, call.id("post_id"))


def redact_post(call: Call) -> Shown:
    body: Redaction = call.body
    span = None if body.start is None or body.end is None else (body.start, body.end)
    redaction.redact(call.runtime.store, call.viewer, call.id("post_id"), span, body.reason, call.now)
    return post_view(call, call.id("post_id"))


def delete_post(call: Call) -> None:
    posting.delete(call.runtime.store, call.viewer, call.id("post_id"), call.now)


def list_revisions(call: Call) -> RevisionList:
    rows = forum.revisions(call.read(), call.viewer, call.id("post_id"))
    return RevisionList(
        revisions=[
            RevisionOut(
                id=r["id"],
                html=r["body_html"],
                written_at=r["written_at"],
                author=author_view(call.viewer, r),
            )
            for r in rows
        ]
    )


def mark_helpful(call: Call) -> Shown:
    posting.react(call.runtime.store, call.viewer, call.id("post_id"), True, call.now)
    return post_view(call, call.id("post_id"))


def unmark_helpful(call: Call) -> Shown:
    posting.react(call.runtime.store, call.viewer, call.id("post_id"), False, call.now)
    return post_view(call, call.id("post_id"))


routes = (
    Endpoint(
        "POST",
        "/threads/{thread_id:int}/posts",
        reply,
        Access.MEMBER,
        "Reply to a thread, optionally quoting one of its posts.",
        body=NewPost,
        response=PostOut,
        status=201,
        errors=(409, 429),
        idempotent=True,
    ),
    Endpoint(
        "PATCH",
        "/posts/{post_id:int}",
        edit_post,
        Access.MEMBER,
        "Edit your post; the previous version stays in its history.",
        body=PostEdit,
        response=PostOut,
        errors=(409, 429),
    ),
    Endpoint(
        "DELETE",
        "/posts/{post_id:int}",
        delete_post,
        Access.MEMBER,
        "Delete your post (moderators: any post); moderators can restore it.",
        status=204,
        errors=(409,),
    ),
    Endpoint(
        "POST",
        "/posts/{post_id:int}/redactions",
        redact_post,
        Access.MEMBER,
        "Redact a span of your post (moderators: any post), or all of it: gone from every version,"
        " search and open screens; the audit log keeps who, when and why.",
        body=Redaction,
        response=PostOut,
    ),
    Endpoint(
        "GET",
        "/posts/{post_id:int}/revisions",
        list_revisions,
        Access.MEMBER,
        "Every version of a post, oldest first (its author and moderators only).",
        response=RevisionList,
    ),
    Endpoint(
        "PUT",
        "/posts/{post_id:int}/helpful",
        mark_helpful,
        Access.MEMBER,
        "Mark a post helpful.",
        response=PostOut,
        errors=(409,),
    ),
    Endpoint(
        "DELETE",
        "/posts/{post_id:int}/helpful",
        unmark_helpful,
        Access.MEMBER,
        "Take back your helpful mark.",
        response=PostOut,
    ),
)
