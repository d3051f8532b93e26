"""The one place that decides what a viewer sees of a post's or thread's author.

Every read path (posts, threads, quotes, revisions, search hits, the flag queue)
passes author rows through `author_view`. An anonymous post shows "Anonymous member"
to everyone but its author: to members always, and to moderators too until two of
them have revealed it (core/anonymity.py), so the author is accountable without
any single moderator being able to unmask them. The role is hidden as well, since
"an anonymous moderator" narrows it to a handful of people.
"""

from typing import Any

from pydantic import BaseModel

from .policy import ANONYMOUS_NAME, Viewer

ANONYMOUS_ID = 0  # nobody's id: ids start at 1


class AuthorOut(BaseModel):
    id: int
    name: str
    role: str
    anonymous: bool = False


def author_view(viewer: Viewer, row: dict[str, Any]) -> AuthorOut:
    """`row` carries author_id, author_name, author_role, author_anonymous and, for
    anonymous posts, author_revealed (see storage queries)."""
    anonymous = bool(row["author_anonymous"])
    if anonymous and row["author_id"] != viewer.id and not (viewer.is_moderator and row["author_revealed"]):
        return AuthorOut(id=ANONYMOUS_ID, name=ANONYMOUS_NAME, role="member", anonymous=True)
    return AuthorOut(
        id=row["author_id"], name=row["author_name"], role=row["author_role"], anonymous=anonymous
    )
