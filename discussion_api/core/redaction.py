"""Redaction: a span or a whole post taken out of every version, the search index and
open screens, by its author or a moderator.

Unlike an edit, which keeps the earlier version for its author and moderators, a
redaction rewrites history: each revision has every occurrence of the redacted text
replaced. The audit log (the redaction log) keeps who, when and why, never the text;
the event that updates open screens carries ids only.
"""

import re
from datetime import datetime

from ..storage.interfaces import Repositories, Store
from . import policy
from .errors import Invalid
from .forum import visible_post
from .notifications import excerpt_of
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
        earlier = [post["body_md"]]
        for revision in db.posts.revisions(post_id):
            earlier.append(revision["body_md"])
            markdown = without(revision["body_md"])
            revisions[revision["id"]] = (markdown, render(markdown))
        markdown = without(post["body_md"])
        title = without(thread["title"]) if thread["first_post_id"] == post_id else None
        db.posts.redact(post_id, markdown, render(markdown), revisions, title)
        _scrub_mail(db, secret, earlier, markdown, thread["title"], title)
        action = "redact_post" if secret is None else "redact_span"
        db.audit.record(viewer.id, action, "post", post_id, reason, now)
        db.events.post_changed("post.redacted", thread, post_id, now, in_category=False)


# An excerpt line of an email (mailings.py): “text” or “text…”.
_EXCERPT = re.compile(r"“([^”\n]*?)(…?)”")


def _scrub_mail(
    db: Repositories, secret: str | None, before: list[str], after: str, old_title: str, new_title: str | None
) -> None:
    """Take the redacted text out of mail not sent yet, and out of the subjects kept of
    sent mail: the span itself, a changed thread title, and excerpts of the post (emails
    carry them only when the operator allows; an excerpt may stop inside the span, so each
    excerpt of an earlier version is written again from the redacted text, as long)."""
    if secret is not None:
        db.outbox.replace_text(secret, REDACTED)
        if " ".join(secret.split()) != secret:
            db.outbox.replace_text(" ".join(secret.split()), REDACTED)
    if new_title is not None and new_title != old_title:
        db.outbox.replace_text(old_title, new_title)
    versions = {" ".join(markdown.split()) for markdown in before}

    def again(match: re.Match[str]) -> str:
        text, cut = match.groups()
        if not text or not any(version.startswith(text) for version in versions):
            return match.group(0)
        return "“" + excerpt_of(after, len(text) + 1 if cut else len(text)) + "”"

    for fragment in {version[:20] for version in versions if version}:
        for mail in db.outbox.holding("“" + fragment):
            db.outbox.set_body(mail["id"], _EXCERPT.sub(again, mail["body"]))
