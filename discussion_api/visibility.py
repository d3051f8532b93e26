"""Reaching forum objects: what the viewer may not see answers exactly like what is missing."""

from typing import Any

from .endpoints import Call
from .errors import ApiError, not_found
from .storage import posts, threads


def thread_or_404(call: Call, thread_id: int) -> dict[str, Any]:
    row = threads.get(call.runtime.store.db(), thread_id, call.member.id, call.member.is_moderator)
    if row is None:
        raise not_found("thread")
    return row


def post_or_404(call: Call, post_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The post and its thread, both visible to the viewer."""
    row = posts.get(call.runtime.store.db(), post_id, call.member.id, call.member.is_moderator)
    if row is None:
        raise not_found("post")
    return row, thread_or_404(call, row["thread_id"])


def require_open(call: Call, thread: dict[str, Any]) -> None:
    """Locked threads take no new posts or edits, except from moderators."""
    if thread["locked"] and not call.member.is_moderator:
        raise ApiError(409, "thread_locked", "This thread is locked.")
