"""Who may receive an event of the events log, decided from what members may see *now*.

Payloads carry ids only, so an event reveals what it is about, not its content.
A member receives an event when everything it names (post, thread, category) is
visible to members at fan-out or replay time; otherwise only moderators do. So a
post hidden before its "post.created" went out never reaches members, and a
reaction to a hidden post stays among moderators.

The exception is the removal of a post ("post.deleted", "post.hidden"): members
who may see the thread receive it, ids only, so the post disappears from their
screens at once (what matters when a moderator hides patient-identifying text).
It tells them nothing a reload would not: that the post is no longer there.
"""

from typing import Any

from sqlite_utils import Database

from .broker import Audience
from .storage import categories, posts, threads

REMOVALS = frozenset({"post.deleted", "post.hidden"})
# Visibility for members does not depend on who is asking; viewer 0 is nobody.
_ANY_MEMBER = 0


def audience(db: Database, event_type: str, payload: dict[str, Any]) -> Audience:
    post_id, thread_id = payload.get("post_id"), payload.get("thread_id")
    category_id = payload.get("category_id")
    if post_id is not None and event_type not in REMOVALS and not _post_visible(db, post_id):
        return Audience.MODERATORS
    if thread_id is not None and not _thread_visible(db, thread_id):
        return Audience.MODERATORS
    if category_id is not None and not _category_visible(db, category_id):
        return Audience.MODERATORS
    return Audience.MEMBERS


def _post_visible(db: Database, post_id: int) -> bool:
    return posts.get(db, post_id, _ANY_MEMBER, moderator=False) is not None


def _thread_visible(db: Database, thread_id: int) -> bool:
    return threads.get(db, thread_id, _ANY_MEMBER, moderator=False) is not None


def _category_visible(db: Database, category_id: int) -> bool:
    category = categories.get(db, category_id)
    return category is not None and not category["archived"]
