"""Who may receive an event of the events log, decided from what members may see *now*.

Payloads carry ids only, so an event reveals what it is about, not its content.
The rule is the policy's (`policy.event_audience`); this module reads, without any
scope, the objects an event names, so the rule can be applied to them at fan-out
and at replay time. An object that no longer exists is seen by moderators only.
"""

from typing import Any

from ..core.policy import EVERYTHING, Audience, event_audience
from ..storage.interfaces import Repositories

# Everything, so the policy sees each object as it is.


def audience(db: Repositories, event_type: str, payload: dict[str, Any]) -> Audience:
    post_id, thread_id = payload.get("post_id"), payload.get("thread_id")
    category_id = payload.get("category_id")
    post = db.posts.get(post_id, EVERYTHING) if post_id is not None else None
    thread = db.threads.plain(thread_id, EVERYTHING) if thread_id is not None else None
    category = db.categories.get(category_id) if category_id is not None else None
    gone = (
        (post_id is not None and post is None)
        or (thread_id is not None and thread is None)
        or (category_id is not None and category is None)
    )
    if gone:
        return Audience.MODERATORS
    if thread is None and post is not None:
        thread = db.threads.get(post["thread_id"], EVERYTHING)
    if category is None and thread is not None:
        # Whichever category the thread is in now decides which groups may hear of it.
        category = db.categories.get(thread["category_id"])
    return event_audience(event_type, category, thread, post)
