"""The one place that decides what a viewer sees of a post's or thread's author.

Every read path passes author rows through `author_view`; anonymous posting (coming
later) changes this function and nothing else.
"""

from typing import Any

from pydantic import BaseModel

from .policy import Viewer


class AuthorOut(BaseModel):
    id: int
    name: str
    role: str


def author_view(viewer: Viewer, row: dict[str, Any]) -> AuthorOut:
    """`row` carries author_id, author_name and author_role (see storage queries)."""
    return AuthorOut(id=row["author_id"], name=row["author_name"], role=row["author_role"])
