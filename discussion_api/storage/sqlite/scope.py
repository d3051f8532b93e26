"""The policy's ForumScope as SQL: the one place SQLite queries say what a viewer may see.

Queries join `threads t`, its category `c` and its first post `first`, and add
THREAD_VISIBLE (and POST_VISIBLE for posts `p`) with `scope_params(scope)`.
"""

import json
from typing import Any

from ..interfaces import ForumScope

# Whether the viewer may see category `{c}` as far as groups go (see ForumScope.groups).
CATEGORY_GROUPS_ALLOW = (
    "(:all_groups OR NOT EXISTS (SELECT 1 FROM category_groups cg WHERE cg.category_id = {c}.id)"
    " OR EXISTS (SELECT 1 FROM category_groups cg WHERE cg.category_id = {c}.id"
    " AND cg.group_id IN (SELECT value FROM json_each(:groups))))"
)
# The ids of the groups a category `{c}` is limited to, as comma-separated text (rows.id_list).
CATEGORY_GROUP_IDS = (
    "(SELECT group_concat(cg.group_id) FROM category_groups cg WHERE cg.category_id = {c}.id)"
)
THREAD_JOINS = "JOIN categories c ON c.id = t.category_id JOIN posts first ON first.id = t.first_post_id"
THREAD_VISIBLE = (
    "(:archived OR NOT c.archived) AND (:removed OR first.status = 'visible')"
    " AND (:held OR NOT first.held OR first.author_id = :viewer)"
    f" AND {CATEGORY_GROUPS_ALLOW.format(c='c')}"
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
        "all_groups": int(scope.all_groups),
        "groups": json.dumps(sorted(scope.groups)),
        **more,
    }
