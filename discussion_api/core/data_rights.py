"""Members' data rights: taking everything about them, and leaving; and the whole
forum exported for the organisation's records.

Deleting an account erases the profile (the row stays, blanked, so posts that are
kept keep an author: they show as "Former member", since the author view reads the
name from it) and the rows only about the member. Posts are the member's choice:
kept as "Former member", or deleted, their text gone from every version and from
search, and their threads with them when they started them. Open screens learn of
deleted posts through the usual "post.deleted" events (ids only), and the member's
streams and sessions end. Deletion reaches mail too: mail to the member (queued or
kept) goes, their name in mail queued for others becomes "Former member", and the
text of deleted posts leaves queued mail as a redaction's does.
"""

import secrets
from datetime import datetime
from typing import Any

from ..storage.interfaces import Repositories, Store
from .cutoff import end_member_streams
from .policy import EVERYTHING, Viewer
from .posting import first_post_status_changed
from .redaction import scrub_mail

FORMER_MEMBER = "Former member"
DELETED_TITLE = "[deleted]"
EXPORT_FORMAT = "scn-member-export/1"
# Erasing reaches the member's posts wherever they are (hidden, held, limited categories).
FORUM_EXPORT_FORMAT = "scn-forum-export/1"


def member_export(db: Repositories, viewer: Viewer, now: datetime) -> dict[str, Any]:
    """Everything stored about the member that is theirs: nothing of anyone else."""
    return {"format": EXPORT_FORMAT, "exported_at": now.isoformat(), **db.records.of_member(viewer.id)}


def forum_export(db: Repositories, now: datetime) -> dict[str, Any]:
    """The whole forum for the organisation's records (no password hash, token or session)."""
    return {"format": FORUM_EXPORT_FORMAT, "exported_at": now.isoformat(), **db.records.forum()}


def _blank_profile(member_id: int) -> dict[str, Any]:
    return {
        "name": FORMER_MEMBER,
        "email": f"deleted-{member_id}@deleted.invalid",
        # Nobody knows this password, and the address takes no mail: nobody signs in.
        "password_hash": "deleted:" + secrets.token_hex(16),
        "professional_role": "other",
        "credentials": "",
        "job_title": "",
        "facility": "",
        "facility_type": None,
        "city": "",
        "state": "outside-us",
        "bed_count": None,
        "cms_ccn": None,
        "is_coordinator": False,
        "show_email": False,
        "licence_number": None,
        "licence_state": None,
        "verification_note": None,
        "moderator_message": None,
        "applicant_note": None,
        # Out of the directory, the stats and every member-only route.
        "status": "rejected",
    }


def delete_account(store: Store, viewer: Viewer, keep_posts: bool, now: datetime) -> int:
    """Erase the member; their posts stay as "Former member" or go. Returns how many
    posts were deleted."""
    deleted = 0
    with store.write() as db:
        posts = db.records.of_member(viewer.id)["posts"]
        if not keep_posts:
            for post in posts:
                if post["status"] == "visible" or post["held"]:
                    deleted += _delete_post(db, post["id"], now)
                else:
                    _erase_text(db, post["id"])
        member = db.members.get(viewer.id)
        assert member is not None
        db.outbox.replace_text(member.name, FORMER_MEMBER)
        db.members.erase(viewer.id, _blank_profile(viewer.id), now)
        end_member_streams(db, viewer.id, now)
        db.audit.record(
            viewer.id,
            "delete_account:" + ("keep_posts" if keep_posts else "delete_posts"),
            "member",
            viewer.id,
            "",
            now,
        )
    return deleted


def _erase_text(db: Repositories, post_id: int) -> dict[str, Any]:
    """The post's text gone from every version and the search index (and a first post's
    thread title with it); returns the thread."""
    post = db.posts.get(post_id, EVERYTHING)
    assert post is not None
    thread = db.threads.get(post["thread_id"], EVERYTHING)
    assert thread is not None
    versions = db.posts.revisions(post_id)
    title = DELETED_TITLE if thread["first_post_id"] == post_id else None
    db.posts.redact(post_id, "", "", {version["id"]: ("", "") for version in versions}, title)
    scrub_mail(db, None, [version["body_md"] for version in versions], "", thread["title"], title)
    return thread


def _delete_post(db: Repositories, post_id: int, now: datetime) -> int:
    thread = _erase_text(db, post_id)
    db.posts.set_status(post_id, "deleted")
    first_post_status_changed(db, thread, post_id, "deleted")
    db.events.post_changed("post.deleted", thread, post_id, now, in_category=True)
    return 1
