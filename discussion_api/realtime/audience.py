"""Who may receive an event of the events log, decided from what members may see *now*.

Payloads carry ids only, so an event reveals what it is about, not its content.
The rule is the policy's (`policy.event_audience`); this module reads, without any
scope, the objects an event names, so the rule can be applied to them at fan-out
and at replay time. An object that no longer exists is seen by moderators only.
"""

from typing import Any

from ..core.policy import Audience, ForumScope, event_audience
from ..storage.interfaces import Repositories

# Everything, so the policy sees each object as it is.
_UNSCOPED = ForumScope(viewer_id=0, removed=True, archived=True, held=True)


def audience(db: Repositories, event_type: str, payload: dict[str, Any]) -> Audience:
    post_id, thread_id = payload.get("post_id"), payload.get("thread_id")
    category_id = payload.get("category_id")
    post = db.posts.get(post_id, _UNSCOPED) if post_id is not None else None
    thread = db.threads.plain(thread_id, _UNSCOPED) if thread_id is not None else None
    category = db.categories.get(category_id) if category_id is not None else None
    gone = (
        (post_id is not None and post is None)
        or (thread_id is not None and thread is None)
        or (category_id is not None and category is None)
    )
    if gone:
        return Audience.MODERATORS
    return event_audience(event_type, category, thread, post)
