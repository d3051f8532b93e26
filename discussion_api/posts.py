"""Posts: replies with quoting, edits with a visible revision history, soft delete,
"helpful" reactions."""

from typing import Any

from pydantic import BaseModel, Field
from sqlite_utils import Database

from .authors import AuthorOut, author_view
from .endpoints import IDEMPOTENCY_HEADER, Access, Call, Endpoint
from .errors import ApiError
from .fields import STRICT_INPUT, Id, Markdown
from .rendering import render
from .storage import events, idempotency, posts, threads
from .visibility import post_or_404, require_open, thread_or_404


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
    status: str
    created_at: str
    edited_at: str | None
    helpful_count: int
    helpful_by_me: bool
    revision_count: int
    accepted: bool
    quote: QuoteOut | None


class NewPost(BaseModel):
    model_config = STRICT_INPUT
    body: Markdown
    quote_post_id: Id | None = None


class PostEdit(BaseModel):
    model_config = STRICT_INPUT
    body: Markdown


class RevisionOut(BaseModel):
    id: int
    html: str
    written_at: str
    author: AuthorOut


class RevisionList(BaseModel):
    revisions: list[RevisionOut]


def post_views(call: Call, rows: list[dict[str, Any]], thread: dict[str, Any]) -> list[PostOut]:
    """PostOut for each row, with quotes only of posts the viewer may see."""
    db, viewer = call.runtime.store.db(), call.member
    views = []
    for row in rows:
        quote = None
        if row["quote_post_id"]:
            quoted = posts.get(db, row["quote_post_id"], viewer.id, viewer.is_moderator)
            if quoted:
                quote = QuoteOut(
                    post_id=quoted["id"], author=author_view(viewer, quoted), html=quoted["body_html"]
                )
        views.append(
            PostOut(
                id=row["id"],
                thread_id=row["thread_id"],
                author=author_view(viewer, row),
                html=row["body_html"],
                markdown=row["body_md"],
                status=row["status"],
                created_at=row["created_at"],
                edited_at=row["edited_at"],
                helpful_count=row["helpful_count"],
                helpful_by_me=bool(row["helpful_by_me"]),
                revision_count=row["revision_count"],
                accepted=row["id"] == thread["accepted_post_id"],
                quote=quote,
            )
        )
    return views


def post_view(call: Call, post_id: int) -> PostOut:
    row, thread = post_or_404(call, post_id)
    return post_views(call, [row], thread)[0]


def earlier_post(db: Database, call: Call) -> dict[str, Any] | None:
    """The post this member's Idempotency-Key already created, if the request is a retry."""
    key = call.idempotency_key
    post_id = idempotency.created_post(db, call.member.id, key) if key else None
    return posts.get(db, post_id, call.member.id, True) if post_id else None


def remember_post(db: Database, call: Call, post_id: int) -> None:
    if call.idempotency_key:
        idempotency.remember(db, call.member.id, call.idempotency_key, post_id, call.now)


async def reply(call: Call) -> PostOut:
    thread = thread_or_404(call, call.id("thread_id"))
    require_open(call, thread)
    body: NewPost = call.body
    if body.quote_post_id is not None:
        quoted, _ = post_or_404(call, body.quote_post_id)
        if quoted["thread_id"] != thread["id"]:
            raise ApiError(422, "invalid", "Quote a post of the same thread.", "quote_post_id")
    html = render(body.body)
    with call.runtime.store.write() as db:
        earlier = earlier_post(db, call)
        if earlier is not None:
            if earlier["thread_id"] != thread["id"]:
                raise ApiError(
                    422,
                    "idempotency_key_reused",
                    "This Idempotency-Key was used for another request.",
                    IDEMPOTENCY_HEADER,
                )
            post_id = earlier["id"]
        else:
            post_id = posts.create(
                db, thread["id"], call.member.id, body.body, html, body.quote_post_id, call.now
            )
            remember_post(db, call, post_id)
            threads.record_activity(db, thread["id"], call.now)
            threads.follow(db, call.member.id, thread["id"])
            threads.mark_read(db, call.member.id, thread["id"], post_id)
            events.post_changed(db, "post.created", thread, post_id, call.now, in_category=True)
    return post_view(call, post_id)


async def edit_post(call: Call) -> PostOut:
    row, thread = post_or_404(call, call.id("post_id"))
    if row["author_id"] != call.member.id:
        raise ApiError(403, "not_your_post", "Only the author may edit a post.")
    if row["status"] != "visible":
        raise ApiError(409, "post_removed", "A removed post cannot be edited.")
    require_open(call, thread)
    html = render(call.body.body)
    with call.runtime.store.write() as db:
        posts.edit(db, row["id"], call.member.id, call.body.body, html, call.now)
        events.post_changed(db, "post.edited", thread, row["id"], call.now, in_category=False)
    return post_view(call, row["id"])


async def delete_post(call: Call) -> None:
    row, thread = post_or_404(call, call.id("post_id"))
    if row["author_id"] != call.member.id and not call.member.is_moderator:
        raise ApiError(403, "not_your_post", "Only the author or a moderator may delete a post.")
    if row["status"] != "visible":
        raise ApiError(409, "post_removed", "This post is already removed.")
    with call.runtime.store.write() as db:
        posts.set_status(db, row["id"], "deleted")
        events.post_changed(db, "post.deleted", thread, row["id"], call.now, in_category=True)


async def list_revisions(call: Call) -> RevisionList:
    row, _ = post_or_404(call, call.id("post_id"))
    rows = posts.revisions(call.runtime.store.db(), row["id"])
    return RevisionList(
        revisions=[
            RevisionOut(
                id=r["id"],
                html=r["body_html"],
                written_at=r["written_at"],
                author=author_view(call.member, r),
            )
            for r in rows
        ]
    )


async def mark_helpful(call: Call) -> PostOut:
    row, thread = post_or_404(call, call.id("post_id"))
    if row["author_id"] == call.member.id:
        raise ApiError(409, "own_post", "You cannot mark your own post helpful.")
    with call.runtime.store.write() as db:
        posts.add_reaction(db, row["id"], call.member.id)
        events.post_changed(db, "post.reacted", thread, row["id"], call.now, in_category=False)
    return post_view(call, row["id"])


async def unmark_helpful(call: Call) -> PostOut:
    row, thread = post_or_404(call, call.id("post_id"))
    with call.runtime.store.write() as db:
        posts.remove_reaction(db, row["id"], call.member.id)
        events.post_changed(db, "post.reacted", thread, row["id"], call.now, in_category=False)
    return post_view(call, row["id"])


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
        errors=(409,),
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
        errors=(409,),
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
        "GET",
        "/posts/{post_id:int}/revisions",
        list_revisions,
        Access.MEMBER,
        "Every version of a post, oldest first.",
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
