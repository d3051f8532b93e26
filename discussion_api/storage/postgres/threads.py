"""Threads, and each member's relation to them (read position, following).

What a viewer sees of them is the policy's ForumScope (scope.py).
"""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import ForumScope, Row
from ..rows import with_groups
from .scope import (
    AUTHOR_REVEALED,
    CATEGORY_GROUP_IDS,
    POST_COUNTED,
    THREAD_JOINS,
    THREAD_VISIBLE,
    scope_params,
)
from .sql import Sql

_SELECT = f"""
SELECT t.id, t.category_id, t.title, COALESCE(t.page_key, t.released_page_key) AS page_key, t.pinned,
       t.locked, t.accepted_post_id,
       t.first_post_id, t.created_at, t.last_post_at,
       c.archived AS category_archived, {CATEGORY_GROUP_IDS.format(c="c")} AS category_groups,
       first.status AS first_post_status, first.held AS first_post_held,
       a.id AS author_id, a.name AS author_name, a.role AS author_role,
       first.anonymous AS author_anonymous, {AUTHOR_REVEALED.format(post="first")} AS author_revealed,
       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND {POST_COUNTED})
           AS post_count,
       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND {POST_COUNTED}
           AND p.id > COALESCE((SELECT r.last_read_post_id FROM thread_reads r
                                WHERE r.thread_id = t.id AND r.member_id = %(viewer)s), 0))
           AS unread_count,
       EXISTS (SELECT 1 FROM follows f WHERE f.thread_id = t.id AND f.member_id = %(viewer)s)::int
           AS following
FROM threads t JOIN members a ON a.id = t.author_id {THREAD_JOINS}
WHERE {THREAD_VISIBLE}
"""


# A thread's own columns and what its visibility turns on, for checks before a write and
# for deciding events' audiences (`plain`): no author's name, counts or viewer's relation.
_PLAIN = f"""
SELECT t.id, t.category_id, t.author_id, t.title, t.pinned, t.locked, t.accepted_post_id, t.first_post_id,
       t.created_at, t.last_post_at,
       c.archived AS category_archived, {CATEGORY_GROUP_IDS.format(c="c")} AS category_groups,
       first.status AS first_post_status, first.held AS first_post_held
FROM threads t {THREAD_JOINS}
WHERE {THREAD_VISIBLE}
"""


# Each list across categories: which threads (over _SELECT's columns) and in what order.
_LISTS = {
    "latest": ("true", "last_post_at DESC, id DESC"),
    "unanswered": ("post_count <= 1 AND accepted_post_id IS NULL", "created_at DESC, id DESC"),
    "unread": ("unread_count > 0", "last_post_at DESC, id DESC"),
    "following": ("following = 1", "last_post_at DESC, id DESC"),
}


def _thread(row: Row | None) -> Row | None:
    return with_groups(row, "category_groups") if row else None


class PgThreads:
    """Threads, and each member's relation to them (read position, following)."""

    def __init__(self, db: Sql):
        self.db = db

    def create(
        self, category_id: int, author_id: int, title: str, page_key: str | None, now: datetime
    ) -> int:
        return int(
            self.db.insert(
                "threads",
                {
                    "category_id": category_id,
                    "author_id": author_id,
                    "title": title,
                    "page_key": page_key,
                    "created_at": iso(now),
                    "last_post_at": iso(now),
                },
            )
        )

    def get(self, thread_id: int, scope: ForumScope) -> Row | None:
        return _thread(self.db.row(_SELECT + " AND t.id = %(id)s", scope_params(scope, id=thread_id)))

    def plain(self, thread_id: int, scope: ForumScope) -> Row | None:
        return _thread(self.db.row(_PLAIN + " AND t.id = %(id)s", scope_params(scope, id=thread_id)))

    def by_page_key(self, page_key: str, scope: ForumScope) -> Row | None:
        return _thread(self.db.row(_SELECT + " AND t.page_key = %(key)s", scope_params(scope, key=page_key)))

    def page_key_taken(self, page_key: str) -> bool:
        """Whether a thread holds the page: a released key (a hidden thread's) does not."""
        return self.db.row("SELECT 1 FROM threads WHERE page_key = %s", [page_key]) is not None

    def release_page_key(self, thread_id: int) -> None:
        self.db.execute(
            "UPDATE threads SET released_page_key = page_key, page_key = NULL"
            " WHERE id = %s AND page_key IS NOT NULL",
            [thread_id],
        )

    def reclaim_page_key(self, thread_id: int) -> bool:
        """Take a released page key back; False if another thread holds the page now."""
        released = self.db.value("SELECT released_page_key FROM threads WHERE id = %s", [thread_id])
        if released is None:
            return True
        if self.page_key_taken(released):
            return False
        self.db.execute(
            "UPDATE threads SET page_key = released_page_key, released_page_key = NULL WHERE id = %s",
            [thread_id],
        )
        return True

    def in_category(self, category_id: int, scope: ForumScope, limit: int, offset: int) -> list[Row]:
        """Pinned threads first, then the most recently active."""
        rows = self.db.rows(
            _SELECT + " AND t.category_id = %(category)s"
            " ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT %(limit)s OFFSET %(offset)s",
            scope_params(scope, category=category_id, limit=limit, offset=offset),
        )
        return [with_groups(row, "category_groups") for row in rows]

    def across(self, kind: str, scope: ForumScope, limit: int, offset: int) -> list[Row]:
        """Threads of every category the scope shows, for one of LIST_KINDS (see interfaces)."""
        where, order = _LISTS[kind]
        rows = self.db.rows(
            f"SELECT * FROM ({_SELECT}) AS listed WHERE {where} ORDER BY {order}"
            " LIMIT %(limit)s OFFSET %(offset)s",
            scope_params(scope, limit=limit, offset=offset),
        )
        return [with_groups(row, "category_groups") for row in rows]

    def update(self, thread_id: int, changes: Row) -> None:
        """Change first_post_id, pinned, locked, category_id or accepted_post_id."""
        self.db.update("threads", thread_id, changes)

    def record_activity(self, thread_id: int, now: datetime) -> None:
        self.db.execute("UPDATE threads SET last_post_at = %s WHERE id = %s", [iso(now), thread_id])

    def follow(self, member_id: int, thread_id: int) -> None:
        self.db.execute(
            "INSERT INTO follows (member_id, thread_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            [member_id, thread_id],
        )

    def unfollow(self, member_id: int, thread_id: int) -> None:
        self.db.execute("DELETE FROM follows WHERE member_id = %s AND thread_id = %s", [member_id, thread_id])

    def mark_read(self, member_id: int, thread_id: int, post_id: int) -> None:
        """Move the read position forward (never back) to `post_id`."""
        self.db.execute(
            "INSERT INTO thread_reads (member_id, thread_id, last_read_post_id) VALUES (%s, %s, %s)"
            " ON CONFLICT (member_id, thread_id) DO UPDATE SET last_read_post_id ="
            " greatest(thread_reads.last_read_post_id, excluded.last_read_post_id)",
            [member_id, thread_id, post_id],
        )
