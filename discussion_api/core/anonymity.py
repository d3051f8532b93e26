"""Revealing who wrote an anonymous post: accountable to moderators, but never to one alone.

The first moderator's request is recorded with its reason; a second, different
moderator completes the reveal with theirs. Both steps land in the audit log in
the same transaction. From then on moderators (never members) see the author
(core/authors.py), and the caller tells the author, by a link-only email.
"""

from dataclasses import dataclass
from datetime import datetime

from ..storage.interfaces import Member, Store
from . import policy
from .errors import NotFound
from .forum import visible_post
from .policy import Viewer


@dataclass(frozen=True)
class RevealOutcome:
    """`author` is None while the reveal waits for a second moderator."""

    author: Member | None


def reveal(store: Store, moderator: Viewer, post_id: int, reason: str, now: datetime) -> RevealOutcome:
    with store.write() as db:
        post, _ = visible_post(db, moderator, post_id)
        request = db.reveals.get(post_id)
        policy.check_may_reveal(moderator, post, request)
        if request is None:
            db.reveals.request(post_id, moderator.id, reason, now)
            db.audit.record(moderator.id, "request_author_reveal", "post", post_id, reason, now)
            return RevealOutcome(None)
        db.reveals.complete(post_id, moderator.id, reason, now)
        db.audit.record(moderator.id, "reveal_author", "post", post_id, reason, now)
        author = db.members.get(post["author_id"])
        if author is None:
            raise NotFound("author")
        return RevealOutcome(author)
