"""Reaching forum objects for a request: what the viewer may not see answers exactly
like what is missing (404), so nothing reveals that a hidden object exists.

The queries apply the policy's ForumScope for the viewer (storage does it in SQL).
"""

from ..core.errors import NotFound
from ..core.policy import category_visible
from ..storage.interfaces import Repositories, Row
from .endpoints import Call


def thread_or_404(call: Call, thread_id: int, db: Repositories | None = None) -> Row:
    row = (db or call.read()).threads.get(thread_id, call.scope)
    if row is None:
        raise NotFound("thread")
    return row


def post_or_404(call: Call, post_id: int, db: Repositories | None = None) -> tuple[Row, Row]:
    """The post and its thread, both visible to the viewer."""
    db = db or call.read()
    row = db.posts.get(post_id, call.scope)
    if row is None:
        raise NotFound("post")
    return row, thread_or_404(call, row["thread_id"], db)


def category_or_404(call: Call, category_id: int, db: Repositories | None = None) -> Row:
    category = (db or call.read()).categories.get(category_id)
    if category is None or not category_visible(call.scope, category):
        raise NotFound("category")
    return category
