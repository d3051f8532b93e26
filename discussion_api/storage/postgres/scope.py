"""The policy's ForumScope as SQL: the one place PostgreSQL queries say what a viewer may see.

The twin of `../sqlite/scope.py`, in psycopg's placeholders and with booleans as
booleans (the flag columns stay 0/1 integers, as in SQLite, so rows read the same).
Queries join `threads t`, its category `c` and its first post `first`, and add
THREAD_VISIBLE (and POST_VISIBLE for posts `p`) with `scope_params(scope)`.
"""

from typing import Any

from ..interfaces import ForumScope

THREAD_JOINS = "JOIN categories c ON c.id = t.category_id JOIN posts first ON first.id = t.first_post_id"
THREAD_VISIBLE = "(%(archived)s OR c.archived = 0) AND (%(removed)s OR first.status = 'visible')"
POST_VISIBLE = f"(%(removed)s OR p.status = 'visible') AND {THREAD_VISIBLE}"


def scope_params(scope: ForumScope, **more: Any) -> dict[str, Any]:
    return {"viewer": scope.viewer_id, "removed": scope.removed, "archived": scope.archived, **more}
