"""Reading the forum as a viewer: what the viewer may not see answers exactly like
what is missing (NotFound), so nothing reveals that a hidden object exists.

Queries apply the policy's ForumScope for the viewer (storage does it in SQL).
"""

from ..storage.interfaces import Repositories, Row
from .errors import NotFound
from .policy import Viewer, category_visible, forum_scope, may_read_revisions


def visible_category(db: Repositories, viewer: Viewer, category_id: int) -> Row:
    category = db.categories.get(category_id)
    if category is None or not category_visible(forum_scope(viewer), category):
        raise NotFound("category")
    return category


def visible_thread(db: Repositories, viewer: Viewer, thread_id: int) -> Row:
    """The thread's own columns, for checks and writes (see `shown_thread` to show it)."""
    thread = db.threads.plain(thread_id, forum_scope(viewer))
    if thread is None:
        raise NotFound("thread")
    return thread


def shown_thread(db: Repositories, viewer: Viewer, thread_id: int) -> Row:
    """The thread as the viewer is shown it: author, counts, unread, following."""
    thread = db.threads.get(thread_id, forum_scope(viewer))
    if thread is None:
        raise NotFound("thread")
    return thread


def visible_post(db: Repositories, viewer: Viewer, post_id: int) -> tuple[Row, Row]:
    """The post and its thread, both visible to the viewer."""
    post = db.posts.get(post_id, forum_scope(viewer))
    if post is None:
        raise NotFound("post")
    return post, visible_thread(db, viewer, post["thread_id"])


def revisions(db: Repositories, viewer: Viewer, post_id: int) -> list[Row]:
    """Every version of a post, oldest first: for its author and moderators only."""
    post, _ = visible_post(db, viewer, post_id)
    if not may_read_revisions(viewer, post):
        raise NotFound("post")
    return db.posts.revisions(post["id"])


def thread_posts(
    db: Repositories, viewer: Viewer, thread_id: int, after: int, limit: int
) -> tuple[Row, list[Row]]:
    """A thread and a page of its posts, as the viewer sees them."""
    thread = shown_thread(db, viewer, thread_id)
    return thread, db.posts.in_thread(thread_id, forum_scope(viewer), after, limit)


# The lists across categories a member can read: what's new at a glance.
LIST_KINDS = ("latest", "unanswered", "unread", "following")


def thread_list(db: Repositories, viewer: Viewer, kind: str, limit: int, offset: int) -> list[Row]:
    """One list of threads across categories, through the viewer's ForumScope, so a
    thread the viewer may not see (hidden first post, archived category) is never listed."""
    if kind not in LIST_KINDS:
        raise NotFound("list")
    return db.threads.across(kind, forum_scope(viewer), limit, offset)
