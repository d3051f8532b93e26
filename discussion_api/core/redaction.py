"""Redaction: a span or a whole post taken out of every version, the search index and
open screens, by its author or a moderator.

Unlike an edit, which keeps the earlier version for its author and moderators, a
redaction rewrites history: each revision has every occurrence of the redacted text
replaced. The audit log (the redaction log) keeps who, when and why, never the text;
the event that updates open screens carries ids only.
"""

from datetime import datetime

from ..storage.interfaces import Store
from . import policy
from .errors import Invalid
from .forum import visible_post
from .policy import Viewer
from .posting import guard
from .rendering import render

REDACTED = "[redacted]"


def redact(
    store: Store, viewer: Viewer, post_id: int, span: tuple[int, int] | None, reason: str, now: datetime
) -> None:
    """Redact `span` ([start, end) in the post's current Markdown) or, with None, the whole
    post; a first post's thread title loses the same text (all of it, for a whole post)."""
    guard({"reason": reason}, confirmed=False)  # the redaction log must not hold what was redacted
    with store.write() as db:
        post, thread = visible_post(db, viewer, post_id)
        policy.check_may_redact(viewer, post)
        if span is None:
            secret = None
        else:
            start, end = span
            secret = post["body_md"][start:end]
            if not (0 <= start < end <= len(post["body_md"])) or not secret.strip():
                raise Invalid("invalid", "Choose a span of the post's current text.", "start")

        def without(markdown: str) -> str:
            return REDACTED if secret is None else markdown.replace(secret, REDACTED)

        revisions = {}
        for revision in db.posts.revisions(post_id):
            markdown = without(revision["body_md"])
            revisions[revision["id"]] = (markdown, render(markdown))
        markdown = without(post["body_md"])
        title = without(thread["title"]) if thread["first_post_id"] == post_id else None
        db.posts.redact(post_id, markdown, render(markdown), revisions, title)
        action = "redact_post" if secret is None else "redact_span"
        db.audit.record(viewer.id, action, "post", post_id, reason, now)
        db.events.post_changed("post.redacted", thread, post_id, now, in_category=False)
