"""Threads: start one (optionally for a Library page), read it, accept an answer,
follow it, and keep your place in it."""

from pydantic import BaseModel, ConfigDict, Field

from ..core import forum, posting
from ..core.authors import AuthorOut, author_view
from ..core.cases import AgeBand, BundleElement, Case, Setting
from ..storage.interfaces import Row
from .endpoints import Access, Call, Endpoint, Shown
from .fields import STRICT_INPUT, BundleMinutes, CaseText, Id, Markdown, PageKey, Title
from .posts import CONFIRM_HELP, PostOut, post_views


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


class CaseIn(BaseModel):
    """A case discussion's fields: bands, kinds and minutes instead of exact ages, unit
    names, dates and clock times."""

    model_config = STRICT_INPUT
    age_band: AgeBand
    setting: Setting
    minutes: dict[BundleElement, BundleMinutes] = Field(
        description="Minutes from time zero to each bundle element that was done (negative: before time zero)."
    )
    obstacles: CaseText = Field(description="What got in the way, without names, dates or places.")
    question: CaseText


class NewThread(BaseModel):
    model_config = STRICT_INPUT
    category_id: Id
    title: Title
    body: Markdown
    page_key: PageKey | None = None
    anonymous: bool = Field(default=False, description='Start the thread as "Anonymous member".')
    case: CaseIn | None = Field(default=None, description="Make the first post a structured case discussion.")
    confirm_identifiers: bool = Field(default=False, description=CONFIRM_HELP)


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


def thread_view(call: Call, row: Row) -> Shown:
    """A ThreadOut, as a Shown dict (see endpoints), from one of our own queries' rows."""
    return {
        "id": row["id"],
        "category_id": row["category_id"],
        "title": row["title"],
        "page_key": row["page_key"],
        "pinned": bool(row["pinned"]),
        "locked": bool(row["locked"]),
        "accepted_post_id": row["accepted_post_id"],
        "created_at": row["created_at"],
        "last_post_at": row["last_post_at"],
        "author": author_view(call.viewer, row),
        "post_count": row["post_count"],
        "unread_count": row["unread_count"],
        "following": bool(row["following"]),
    }


def thread_page(call: Call, thread_id: int, after: int = 0, limit: int = 50) -> Shown:
    db = call.read()
    thread, rows = forum.thread_posts(db, call.viewer, thread_id, after, limit)
    return {"thread": thread_view(call, thread), "posts": post_views(call, rows, thread, db)}


def _thread(call: Call, thread_id: int) -> Shown:
    return thread_view(call, forum.shown_thread(call.read(), call.viewer, thread_id))


def list_threads(call: Call) -> Shown:
    db = call.read()
    category = forum.visible_category(db, call.viewer, call.id("category_id"))
    rows = db.threads.in_category(category["id"], call.scope, call.query.limit, call.query.offset)
    return {"threads": [thread_view(call, row) for row in rows]}


def start_thread(call: Call) -> Shown:
    body: NewThread = call.body
    call.throttle(call.runtime.limits.post_member)
    thread_id = posting.start_thread(
        call.runtime.store,
        call.viewer,
        body.category_id,
        body.title,
        body.body,
        body.page_key,
        call.retry,
        call.now,
        anonymous=body.anonymous,
        confirm_identifiers=body.confirm_identifiers,
        case=Case(**body.case.model_dump()) if body.case else None,
    )
    return thread_page(call, thread_id)


def show_thread(call: Call) -> Shown:
    return thread_page(call, call.id("thread_id"), call.query.after, call.query.limit)


class PageThread(BaseModel):
    """A Library page's discussion: its thread, or null while nobody has started one
    (an ordinary answer, not an error: most pages have no discussion yet)."""

    thread: ThreadOut | None


def thread_for_page(call: Call) -> Shown:
    row = call.read().threads.by_page_key(call.query.key, call.scope)
    return {"thread": None if row is None else thread_view(call, row)}


def accept_answer(call: Call) -> Shown:
    posting.set_accepted(call.runtime.store, call.viewer, call.id("thread_id"), call.body.post_id, call.now)
    return _thread(call, call.id("thread_id"))


def clear_answer(call: Call) -> Shown:
    posting.set_accepted(call.runtime.store, call.viewer, call.id("thread_id"), None, call.now)
    return _thread(call, call.id("thread_id"))


def follow(call: Call) -> Shown:
    posting.follow(call.runtime.store, call.viewer, call.id("thread_id"), following=True)
    return _thread(call, call.id("thread_id"))


def unfollow(call: Call) -> Shown:
    posting.follow(call.runtime.store, call.viewer, call.id("thread_id"), following=False)
    return _thread(call, call.id("thread_id"))


def mark_read(call: Call) -> Shown:
    posting.mark_read(call.runtime.store, call.viewer, call.id("thread_id"), call.body.post_id)
    return _thread(call, call.id("thread_id"))


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
        errors=(409, 429),
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
        "The thread of a Library page; `thread` is null while nobody has started one.",
        query=PageQuery,
        response=PageThread,
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
