"""The policy's ForumScope as SQL: the one place SQLite queries say what a viewer may see.

Queries join `threads t`, its category `c` and its first post `first`, and add
THREAD_VISIBLE (and POST_VISIBLE for posts `p`) with `scope_params(scope)`.
"""

from typing import Any

from ..interfaces import ForumScope

THREAD_JOINS = "JOIN categories c ON c.id = t.category_id JOIN posts first ON first.id = t.first_post_id"
THREAD_VISIBLE = (
    "(:archived OR NOT c.archived) AND (:removed OR first.status = 'visible')"
    " AND (:held OR NOT first.held OR first.author_id = :viewer)"
)
POST_VISIBLE = f"(:removed OR p.status = 'visible') AND (:held OR NOT p.held OR p.author_id = :viewer) AND {THREAD_VISIBLE}"
# What counts and unread numbers count: posts every member sees (never held or removed ones).
POST_COUNTED = "p.status = 'visible' AND NOT p.held"
# Whether two moderators have revealed an anonymous post's author (core/authors.py decides who sees it).
AUTHOR_REVEALED = (
    "EXISTS (SELECT 1 FROM author_reveals rv WHERE rv.post_id = {post}.id AND rv.revealed_at IS NOT NULL)"
)


def scope_params(scope: ForumScope, **more: Any) -> dict[str, Any]:
    return {
        "viewer": scope.viewer_id,
        "removed": int(scope.removed),
        "archived": int(scope.archived),
        "held": int(scope.held),
        **more,
    }
