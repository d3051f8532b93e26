"""The policy's ForumScope as SQL: the one place PostgreSQL queries say what a viewer may see.

The twin of `../sqlite/scope.py`, in psycopg's placeholders and with booleans as
booleans (the flag columns stay 0/1 integers, as in SQLite, so rows read the same).
Queries join `threads t`, its category `c` and its first post `first`, and add
THREAD_VISIBLE (and POST_VISIBLE for posts `p`) with `scope_params(scope)`.
"""

from typing import Any

from ..interfaces import ForumScope

# Whether the viewer may see category `{c}` as far as groups go (see ForumScope.groups).
CATEGORY_GROUPS_ALLOW = (
    "(%(all_groups)s OR NOT EXISTS (SELECT 1 FROM category_groups cg WHERE cg.category_id = {c}.id)"
    " OR EXISTS (SELECT 1 FROM category_groups cg WHERE cg.category_id = {c}.id"
    " AND cg.group_id = ANY(%(groups)s::bigint[])))"
)
# The ids of the groups a category `{c}` is limited to, as comma-separated text (rows.id_list).
CATEGORY_GROUP_IDS = (
    "(SELECT string_agg(cg.group_id::text, ',') FROM category_groups cg WHERE cg.category_id = {c}.id)"
)
THREAD_JOINS = "JOIN categories c ON c.id = t.category_id JOIN posts first ON first.id = t.first_post_id"
THREAD_VISIBLE = (
    "(%(archived)s OR c.archived = 0) AND (%(removed)s OR first.status = 'visible')"
    " AND (%(held)s OR first.held = 0 OR first.author_id = %(viewer)s)"
    f" AND {CATEGORY_GROUPS_ALLOW.format(c='c')}"
)
POST_VISIBLE = (
    "(%(removed)s OR p.status = 'visible') AND (%(held)s OR p.held = 0 OR p.author_id = %(viewer)s)"
    f" AND {THREAD_VISIBLE}"
)
# What counts and unread numbers count: posts every member sees (never held or removed ones).
POST_COUNTED = "p.status = 'visible' AND p.held = 0"
# Whether two moderators have revealed an anonymous post's author (core/authors.py decides who sees it).
AUTHOR_REVEALED = "EXISTS (SELECT 1 FROM author_reveals rv WHERE rv.post_id = {post}.id AND rv.revealed_at IS NOT NULL)::int"


def scope_params(scope: ForumScope, **more: Any) -> dict[str, Any]:
    return {
        "viewer": scope.viewer_id,
        "removed": scope.removed,
        "archived": scope.archived,
        "held": scope.held,
        "all_groups": scope.all_groups,
        "groups": sorted(scope.groups),
        **more,
    }
