"""Posting: starting threads, replying, editing, deleting, reacting, choosing the
accepted answer, following and reading.

Each function takes the store, the viewer and plain values; checks the policy;
writes in one transaction together with the events it causes; and returns ids.
"""

from dataclasses import dataclass
from datetime import datetime

from ..storage.interfaces import Repositories, Row, Store
from . import notifications, policy
from .cases import Case
from .errors import Conflict, Invalid, PatientInformation
from .forum import visible_post, visible_thread
from .phi import scan
from .policy import Viewer
from .rendering import render


@dataclass(frozen=True)
class Retry:
    """A client's Idempotency-Key and the request it was sent with.

    A retried create (the widget resends a draft after a lost answer) gets the first
    result; the same key on a different request is refused, since answering with
    the first result would say something was done that was not.
    """

    key: str
    request: str


class KeyReused(Invalid):
    def __init__(self) -> None:
        super().__init__(
            "idempotency_key_reused",
            "This Idempotency-Key was used for another request; use a new key for a new request.",
            "Idempotency-Key",
        )


def guard(texts: dict[str, str], confirmed: bool) -> bool:
    """The patient-information guard on every new post and edit: refuses text with
    identifiers unless the author confirmed them; returns whether the post must be held
    for a moderator. `texts` maps each field name to its text (title, body)."""
    findings: list[dict[str, str | int]] = [
        {"field": field, "kind": found.kind, "start": found.start, "end": found.end}
        for field, text in texts.items()
        for found in scan(text)
    ]
    if findings and not confirmed:
        raise PatientInformation(findings)
    return bool(findings)


def _earlier_post(db: Repositories, viewer: Viewer, retry: Retry | None) -> int | None:
    earlier = db.idempotency.created_post(viewer.id, retry.key) if retry else None
    if earlier is None or retry is None:
        return None
    post_id, request = earlier
    if request != retry.request:
        raise KeyReused()
    return post_id


def _remember(db: Repositories, viewer: Viewer, retry: Retry | None, post_id: int, now: datetime) -> None:
    if retry:
        db.idempotency.remember(viewer.id, retry.key, retry.request, post_id, now)


def first_post_status_changed(db: Repositories, thread: Row, post_id: int, status: str) -> None:
    """A thread stands or falls with its first post, and so does its claim on a Library page.

    A hidden or deleted thread releases its page key, so a member starting the page's
    thread is not told (409) that a thread they cannot see exists. The key stays with
    the thread; restoring it takes the page back, or is refused (409 page_key_taken)
    while another thread holds the page.
    """
    if post_id != thread["first_post_id"]:
        return
    if status != "visible":
        db.threads.release_page_key(thread["id"])
    elif not db.threads.reclaim_page_key(thread["id"]):
        raise Conflict(
            "page_key_taken",
            "Another thread now belongs to this thread's Library page; hide that one first.",
        )


def start_thread(
    store: Store,
    viewer: Viewer,
    category_id: int,
    title: str,
    body: str,
    page_key: str | None,
    retry: Retry | None,
    now: datetime,
    *,
    anonymous: bool = False,
    confirm_identifiers: bool = False,
    case: Case | None = None,
) -> int:
    """Start a thread in an open category (as "Anonymous member" if asked; as a case
    discussion when `case` is given); returns its id. With identifiers the author
    confirmed, the whole thread waits for a moderator."""
    texts = {"title": title, "body": body, **(case.texts() if case else {})}
    held = guard(texts, confirm_identifiers)
    if case is not None:
        body = case.markdown(body)
    html = render(body)  # before the transaction, which should stay short
    with store.write() as db:
        earlier = _earlier_post(db, viewer, retry)
        if earlier is not None:
            return visible_post(db, viewer, earlier)[1]["id"]
        category = policy.check_may_start_thread_in(db.categories.get(category_id))
        if page_key and db.threads.page_key_taken(page_key):
            raise Conflict("thread_exists", "This page already has a thread.", "page_key")
        thread_id = db.threads.create(category["id"], viewer.id, title, page_key, now)
        post_id = db.posts.create(
            thread_id, viewer.id, body, html, None, now, title=title, held=held, anonymous=anonymous
        )
        _remember(db, viewer, retry, post_id, now)
        db.threads.update(thread_id, {"first_post_id": post_id})
        db.threads.follow(viewer.id, thread_id)
        db.threads.mark_read(viewer.id, thread_id, post_id)
        notifications.enqueue_post(db, post_id, thread_id, viewer.id, now)
        db.events.append(
            [f"category:{category['id']}", f"thread:{thread_id}"],
            "thread.created",
            {"thread_id": thread_id, "post_id": post_id},
            now,
        )
    return thread_id


def reply(
    store: Store,
    viewer: Viewer,
    thread_id: int,
    body: str,
    quote_post_id: int | None,
    retry: Retry | None,
    now: datetime,
    *,
    anonymous: bool = False,
    confirm_identifiers: bool = False,
) -> int:
    """Reply to a thread the viewer sees, optionally quoting one of its posts (as
    "Anonymous member" if asked); returns the post's id. With identifiers the author
    confirmed, the reply waits for a moderator."""
    held = guard({"body": body}, confirm_identifiers)
    html = render(body)
    with store.write() as db:
        thread = visible_thread(db, viewer, thread_id)
        policy.check_may_post(viewer, thread)
        if quote_post_id is not None and visible_post(db, viewer, quote_post_id)[0]["thread_id"] != thread_id:
            raise Invalid("invalid", "Quote a post of the same thread.", "quote_post_id")
        post_id = _earlier_post(db, viewer, retry)
        if post_id is None:
            post_id = db.posts.create(
                thread_id, viewer.id, body, html, quote_post_id, now, held=held, anonymous=anonymous
            )
            _remember(db, viewer, retry, post_id, now)
            db.threads.record_activity(thread_id, now)
            db.threads.follow(viewer.id, thread_id)
            db.threads.mark_read(viewer.id, thread_id, post_id)
            notifications.enqueue_post(db, post_id, thread_id, viewer.id, now)
            db.events.post_changed("post.created", thread, post_id, now, in_category=True)
    return post_id


def edit(
    store: Store, viewer: Viewer, post_id: int, body: str, now: datetime, *, confirm_identifiers: bool = False
) -> None:
    """Replace a post's text; the previous version stays in its history (for its author
    and moderators). An edit adding identifiers the author confirmed holds the post for a
    moderator: it leaves members' screens at once ("post.held", ids only)."""
    held = guard({"body": body}, confirm_identifiers)
    html = render(body)
    with store.write() as db:
        post, thread = visible_post(db, viewer, post_id)
        policy.check_may_edit(viewer, post, thread)
        db.posts.edit(post_id, viewer.id, body, html, now)
        if held and not post["held"]:
            db.posts.set_held(post_id, True)
            db.events.post_changed("post.held", thread, post_id, now, in_category=True)
        else:
            db.events.post_changed("post.edited", thread, post_id, now, in_category=False)


def delete(store: Store, viewer: Viewer, post_id: int, now: datetime) -> None:
    """Remove a post (its author, or a moderator); moderators can restore it."""
    with store.write() as db:
        post, thread = visible_post(db, viewer, post_id)
        policy.check_may_delete(viewer, post)
        db.posts.set_status(post_id, "deleted")
        first_post_status_changed(db, thread, post_id, "deleted")
        db.events.post_changed("post.deleted", thread, post_id, now, in_category=True)


def react(store: Store, viewer: Viewer, post_id: int, helpful: bool, now: datetime) -> None:
    """Mark a post helpful, or take the mark back."""
    with store.write() as db:
        post, thread = visible_post(db, viewer, post_id)
        if helpful:
            policy.check_may_mark_helpful(viewer, post)
            db.posts.add_reaction(post_id, viewer.id)
            notifications.enqueue_own_post(db, "helpful", post_id, viewer.id, now)
        else:
            db.posts.remove_reaction(post_id, viewer.id)
        db.events.post_changed("post.reacted", thread, post_id, now, in_category=False)


def set_accepted(store: Store, viewer: Viewer, thread_id: int, post_id: int | None, now: datetime) -> None:
    """Choose (or clear, with None) the accepted answer: a reply in the thread."""
    with store.write() as db:
        thread = visible_thread(db, viewer, thread_id)
        policy.check_may_accept(viewer, thread)
        if post_id is not None:
            post, _ = visible_post(db, viewer, post_id)
            if post["thread_id"] != thread_id or post_id == thread["first_post_id"]:
                raise Invalid("invalid", "Choose a reply in this thread.", "post_id")
        db.threads.update(thread_id, {"accepted_post_id": post_id})
        if post_id is not None and post_id != thread["accepted_post_id"]:
            notifications.enqueue_own_post(db, "accepted", post_id, viewer.id, now)
        db.events.append(
            [f"thread:{thread_id}"], "thread.accepted", {"thread_id": thread_id, "post_id": post_id}, now
        )


def follow(store: Store, viewer: Viewer, thread_id: int, following: bool) -> None:
    with store.write() as db:
        visible_thread(db, viewer, thread_id)
        if following:
            db.threads.follow(viewer.id, thread_id)
        else:
            db.threads.unfollow(viewer.id, thread_id)


def mark_read(store: Store, viewer: Viewer, thread_id: int, post_id: int) -> None:
    """Move the viewer's read position in a thread forward to one of its posts."""
    with store.write() as db:
        visible_thread(db, viewer, thread_id)
        post, _ = visible_post(db, viewer, post_id)
        if post["thread_id"] != thread_id:
            raise Invalid("invalid", "Choose a post in this thread.", "post_id")
        db.threads.mark_read(viewer.id, thread_id, post_id)
