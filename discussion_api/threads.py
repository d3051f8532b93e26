"""Threads: start one (optionally for a Library page), read it, accept an answer,
follow it, and keep your place in it."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .authors import AuthorOut, author_view
from .endpoints import Access, Call, Endpoint
from .errors import ApiError, not_found
from .fields import STRICT_INPUT, Id, Markdown, PageKey, Title
from .posts import PostOut, earlier_post, post_views, remember_post
from .rendering import render
from .storage import categories, events, posts, threads
from .visibility import post_or_404, thread_or_404


class ThreadOut(BaseModel):
    id: int
    category_id: int
    title: str
    page_key: str | None
    pinned: bool
    locked: bool
    accepted_post_id: int | None
    created_at: str
    last_post_at: str
    author: AuthorOut
    post_count: int
    unread_count: int
    following: bool


class ThreadList(BaseModel):
    threads: list[ThreadOut]


class ThreadPage(BaseModel):
    thread: ThreadOut
    posts: list[PostOut]


class NewThread(BaseModel):
    model_config = STRICT_INPUT
    category_id: Id
    title: Title
    body: Markdown
    page_key: PageKey | None = None


class ListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: int = Field(default=50, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class PostsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    after: int = Field(default=0, ge=0, le=2**62)
    limit: int = Field(default=50, ge=1, le=100)


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: PageKey


class PostChoice(BaseModel):
    model_config = STRICT_INPUT
    post_id: Id


def thread_view(call: Call, row: dict[str, Any]) -> ThreadOut:
    return ThreadOut.model_validate({**row, "author": author_view(call.member, row)})


def thread_page(call: Call, thread_id: int, after: int = 0, limit: int = 50) -> ThreadPage:
    thread = thread_or_404(call, thread_id)
    rows = posts.in_thread(
        call.runtime.store.db(), thread_id, call.member.id, call.member.is_moderator, after, limit
    )
    return ThreadPage(thread=thread_view(call, thread), posts=post_views(call, rows, thread))


async def list_threads(call: Call) -> ThreadList:
    db = call.runtime.store.db()
    category = categories.get(db, call.id("category_id"))
    if category is None or (category["archived"] and not call.member.is_moderator):
        raise not_found("category")
    rows = threads.in_category(
        db, category["id"], call.member.id, call.member.is_moderator, call.query.limit, call.query.offset
    )
    return ThreadList(threads=[thread_view(call, row) for row in rows])


async def start_thread(call: Call) -> ThreadPage:
    body: NewThread = call.body
    db = call.runtime.store.db()
    category = categories.get(db, body.category_id)
    if category is None or category["archived"]:
        raise ApiError(422, "invalid", "No such category.", "category_id")
    html = render(body.body)
    with call.runtime.store.write() as db:
        earlier = earlier_post(db, call)
        if earlier is not None:
            return thread_page(call, earlier["thread_id"])
        if body.page_key and threads.page_key_taken(db, body.page_key):
            raise ApiError(409, "thread_exists", "This page already has a thread.", "page_key")
        thread_id = threads.create(db, category["id"], call.member.id, body.title, body.page_key, call.now)
        post_id = posts.create(
            db, thread_id, call.member.id, body.body, html, None, call.now, title=body.title
        )
        remember_post(db, call, post_id)
        threads.update(db, thread_id, {"first_post_id": post_id})
        threads.follow(db, call.member.id, thread_id)
        threads.mark_read(db, call.member.id, thread_id, post_id)
        events.append(
            db,
            [f"category:{category['id']}", f"thread:{thread_id}"],
            "thread.created",
            {"thread_id": thread_id, "post_id": post_id},
            call.now,
        )
    return thread_page(call, thread_id)


async def show_thread(call: Call) -> ThreadPage:
    return thread_page(call, call.id("thread_id"), call.query.after, call.query.limit)


async def thread_for_page(call: Call) -> ThreadOut:
    row = threads.by_page_key(
        call.runtime.store.db(), call.query.key, call.member.id, call.member.is_moderator
    )
    if row is None:
        raise ApiError(404, "no_thread_yet", "Nobody has started a thread for this page yet.")
    return thread_view(call, row)


def _may_accept(call: Call, thread: dict[str, Any]) -> None:
    if thread["author_id"] != call.member.id and not call.member.is_moderator:
        raise ApiError(
            403, "not_your_thread", "Only the thread's author or a moderator may choose the accepted answer."
        )


async def accept_answer(call: Call) -> ThreadOut:
    thread = thread_or_404(call, call.id("thread_id"))
    _may_accept(call, thread)
    post, _ = post_or_404(call, call.body.post_id)
    if post["thread_id"] != thread["id"] or post["id"] == thread["first_post_id"]:
        raise ApiError(422, "invalid", "Choose a reply in this thread.", "post_id")
    return _set_accepted(call, thread, post["id"])


async def clear_answer(call: Call) -> ThreadOut:
    thread = thread_or_404(call, call.id("thread_id"))
    _may_accept(call, thread)
    return _set_accepted(call, thread, None)


def _set_accepted(call: Call, thread: dict[str, Any], post_id: int | None) -> ThreadOut:
    with call.runtime.store.write() as db:
        threads.update(db, thread["id"], {"accepted_post_id": post_id})
        events.append(
            db,
            [f"thread:{thread['id']}"],
            "thread.accepted",
            {"thread_id": thread["id"], "post_id": post_id},
            call.now,
        )
    return thread_view(call, thread_or_404(call, thread["id"]))


async def follow(call: Call) -> ThreadOut:
    thread = thread_or_404(call, call.id("thread_id"))
    with call.runtime.store.write() as db:
        threads.follow(db, call.member.id, thread["id"])
    return thread_view(call, thread_or_404(call, thread["id"]))


async def unfollow(call: Call) -> ThreadOut:
    thread = thread_or_404(call, call.id("thread_id"))
    with call.runtime.store.write() as db:
        threads.unfollow(db, call.member.id, thread["id"])
    return thread_view(call, thread_or_404(call, thread["id"]))


async def mark_read(call: Call) -> ThreadOut:
    thread = thread_or_404(call, call.id("thread_id"))
    post, _ = post_or_404(call, call.body.post_id)
    if post["thread_id"] != thread["id"]:
        raise ApiError(422, "invalid", "Choose a post in this thread.", "post_id")
    with call.runtime.store.write() as db:
        threads.mark_read(db, call.member.id, thread["id"], post["id"])
    return thread_view(call, thread_or_404(call, thread["id"]))


routes = (
    Endpoint(
        "GET",
        "/categories/{category_id:int}/threads",
        list_threads,
        Access.MEMBER,
        "Threads of a category: pinned first, then most recently active.",
        query=ListQuery,
        response=ThreadList,
    ),
    Endpoint(
        "POST",
        "/threads",
        start_thread,
        Access.MEMBER,
        "Start a thread, optionally the one for a Library page (page_key).",
        body=NewThread,
        response=ThreadPage,
        status=201,
        errors=(409,),
        idempotent=True,
    ),
    Endpoint(
        "GET",
        "/threads/{thread_id:int}",
        show_thread,
        Access.MEMBER,
        "A thread and its posts (page with `after`).",
        query=PostsQuery,
        response=ThreadPage,
    ),
    Endpoint(
        "GET",
        "/pages/thread",
        thread_for_page,
        Access.MEMBER,
        "The thread of a Library page, or 404 no_thread_yet.",
        query=PageQuery,
        response=ThreadOut,
        errors=(404,),
    ),
    Endpoint(
        "PUT",
        "/threads/{thread_id:int}/accepted",
        accept_answer,
        Access.MEMBER,
        "Choose the accepted answer (thread author or moderator).",
        body=PostChoice,
        response=ThreadOut,
    ),
    Endpoint(
        "DELETE",
        "/threads/{thread_id:int}/accepted",
        clear_answer,
        Access.MEMBER,
        "Clear the accepted answer.",
        response=ThreadOut,
    ),
    Endpoint(
        "PUT",
        "/threads/{thread_id:int}/follow",
        follow,
        Access.MEMBER,
        "Follow a thread.",
        response=ThreadOut,
    ),
    Endpoint(
        "DELETE",
        "/threads/{thread_id:int}/follow",
        unfollow,
        Access.MEMBER,
        "Stop following a thread.",
        response=ThreadOut,
    ),
    Endpoint(
        "PUT",
        "/threads/{thread_id:int}/read",
        mark_read,
        Access.MEMBER,
        "Record that you have read up to a post.",
        body=PostChoice,
        response=ThreadOut,
    ),
)
