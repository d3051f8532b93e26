"""The policy's ForumScope as SQL: the one place SQLite queries say what a viewer may see.

Queries join `threads t`, its category `c` and its first post `first`, and add
THREAD_VISIBLE (and POST_VISIBLE for posts `p`) with `scope_params(scope)`.
"""

from typing import Any

from ..interfaces import ForumScope

THREAD_JOINS = "JOIN categories c ON c.id = t.category_id JOIN posts first ON first.id = t.first_post_id"
THREAD_VISIBLE = "(:archived OR NOT c.archived) AND (:removed OR first.status = 'visible')"
POST_VISIBLE = f"(:removed OR p.status = 'visible') AND {THREAD_VISIBLE}"


def scope_params(scope: ForumScope, **more: Any) -> dict[str, Any]:
    return {
        "viewer": scope.viewer_id,
        "removed": int(scope.removed),
        "archived": int(scope.archived),
        **more,
    }
