"""Posts: replies with quoting, edits with a revision history for their author and
moderators, soft delete, "helpful" reactions."""

from pydantic import BaseModel, Field

from ..core import policy
from ..core.authors import AuthorOut, author_view
from ..core.errors import Invalid, NotFound
from ..core.rendering import render
from ..storage.interfaces import Repositories, Row
from .endpoints import IDEMPOTENCY_HEADER, Access, Call, Endpoint
from .errors import ApiError
from .fields import STRICT_INPUT, Id, Markdown
from .reach import post_or_404, thread_or_404


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


def post_views(call: Call, rows: list[Row], thread: Row, db: Repositories | None = None) -> list[PostOut]:
    """PostOut for each row, with quotes only of posts the viewer may see."""
    db = db or call.read()
    views = []
    for row in rows:
        quote = None
        if row["quote_post_id"]:
            quoted = db.posts.get(row["quote_post_id"], call.scope)
            if quoted:
                quote = QuoteOut(
                    post_id=quoted["id"], author=author_view(call.viewer, quoted), html=quoted["body_html"]
                )
        views.append(
            PostOut(
                id=row["id"],
                thread_id=row["thread_id"],
                author=author_view(call.viewer, row),
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


def earlier_post(db: Repositories, call: Call) -> int | None:
    """The post this member's Idempotency-Key already created, if the request is a retry.

    A key reused for a different request is refused: answering with the first
    request's result would tell the client something was done that was not.
    """
    key = call.idempotency_key
    earlier = db.idempotency.created_post(call.member.id, key) if key else None
    if earlier is None:
        return None
    post_id, request = earlier
    if request != call.fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was used for another request; use a new key for a new request.",
            IDEMPOTENCY_HEADER,
        )
    return post_id


def remember_post(db: Repositories, call: Call, post_id: int) -> None:
    if call.idempotency_key:
        db.idempotency.remember(call.member.id, call.idempotency_key, call.fingerprint, post_id, call.now)


def reply(call: Call) -> PostOut:
    thread = thread_or_404(call, call.id("thread_id"))
    policy.check_may_post(call.viewer, thread)
    body: NewPost = call.body
    if body.quote_post_id is not None:
        quoted, _ = post_or_404(call, body.quote_post_id)
        if quoted["thread_id"] != thread["id"]:
            raise Invalid("invalid", "Quote a post of the same thread.", "quote_post_id")
    html = render(body.body)
    with call.runtime.store.write() as db:
        post_id = earlier_post(db, call)
        if post_id is None:
            post_id = db.posts.create(
                thread["id"], call.member.id, body.body, html, body.quote_post_id, call.now
            )
            remember_post(db, call, post_id)
            db.threads.record_activity(thread["id"], call.now)
            db.threads.follow(call.member.id, thread["id"])
            db.threads.mark_read(call.member.id, thread["id"], post_id)
            db.events.post_changed("post.created", thread, post_id, call.now, in_category=True)
    return post_view(call, post_id)


def edit_post(call: Call) -> PostOut:
    row, thread = post_or_404(call, call.id("post_id"))
    policy.check_may_edit(call.viewer, row, thread)
    html = render(call.body.body)
    with call.runtime.store.write() as db:
        db.posts.edit(row["id"], call.member.id, call.body.body, html, call.now)
        db.events.post_changed("post.edited", thread, row["id"], call.now, in_category=False)
    return post_view(call, row["id"])


def delete_post(call: Call) -> None:
    row, thread = post_or_404(call, call.id("post_id"))
    policy.check_may_delete(call.viewer, row)
    with call.runtime.store.write() as db:
        db.posts.set_status(row["id"], "deleted")
        db.events.post_changed("post.deleted", thread, row["id"], call.now, in_category=True)


def list_revisions(call: Call) -> RevisionList:
    row, _ = post_or_404(call, call.id("post_id"))
    if not policy.may_read_revisions(call.viewer, row):
        raise NotFound("post")
    rows = call.read().posts.revisions(row["id"])
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


def _react(call: Call, add: bool) -> PostOut:
    row, thread = post_or_404(call, call.id("post_id"))
    if add:
        policy.check_may_mark_helpful(call.viewer, row)
    with call.runtime.store.write() as db:
        if add:
            db.posts.add_reaction(row["id"], call.member.id)
        else:
            db.posts.remove_reaction(row["id"], call.member.id)
        db.events.post_changed("post.reacted", thread, row["id"], call.now, in_category=False)
    return post_view(call, row["id"])


def mark_helpful(call: Call) -> PostOut:
    return _react(call, add=True)


def unmark_helpful(call: Call) -> PostOut:
    return _react(call, add=False)


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
