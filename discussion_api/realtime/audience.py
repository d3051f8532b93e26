"""Who may receive an event of the events log, decided from what members may see *now*.

Payloads carry ids only, so an event reveals what it is about, not its content.
The rule is the policy's (`policy.event_audience`); this module reads, without any
scope, the objects an event names, so the rule can be applied to them at fan-out
and at replay time. An object that no longer exists is seen by moderators only.
"""

from typing import Any

from ..core.policy import EVERYTHING, Audience, event_audience
from ..storage.interfaces import Repositories, Row
from .broker import Event

# The ids of the objects an event may name: its audience depends on them and its type
# only. Each is read with EVERYTHING, so the policy sees the object as it is.
NAMED = ("post_id", "thread_id", "category_id")


class Audiences:
    """The audiences of one batch of events, each read once for a type and the objects it
    names: a reply writes the same event to its thread's and its category's topics, and
    one read of the post serves both."""

    def __init__(self, db: Repositories):
        self.db = db
        self._known: dict[tuple[Any, ...], Audience] = {}

    def of(self, event_type: str, payload: dict[str, Any]) -> Audience:
        key = (event_type, *(payload.get(name) for name in NAMED))
        if key not in self._known:
            self._known[key] = audience(self.db, event_type, payload)
        return self._known[key]

    def event(self, row: Row) -> Event:
        """An events-log row as the broker carries it, with its audience."""
        return as_event(row, self.of(row["type"], row["payload"]))


def as_event(row: Row, audience_: Audience | None = None) -> Event:
    """An events-log row as the broker carries it; without an audience, no one receives it."""
    return Event(row["id"], row["topic"], row["type"], row["payload"], row["created_at"], audience_)


def audience(db: Repositories, event_type: str, payload: dict[str, Any]) -> Audience:
    post_id, thread_id, category_id = (payload.get(name) for name in NAMED)
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
