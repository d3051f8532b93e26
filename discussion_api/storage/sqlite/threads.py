"""Threads, and each member's relation to them (read position, following).

What a viewer sees of them is the policy's ForumScope (scope.py).
"""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from ..interfaces import ForumScope
from ..rows import with_groups
from .scope import (
    AUTHOR_REVEALED,
    CATEGORY_GROUP_IDS,
    POST_COUNTED,
    THREAD_JOINS,
    THREAD_VISIBLE,
    scope_params,
)
from .sql import insert, row, rows

_SELECT = f"""
SELECT t.id, t.category_id, t.title, COALESCE(t.page_key, t.released_page_key) AS page_key, t.pinned, t.locked, t.accepted_post_id,
       t.first_post_id, t.created_at, t.last_post_at,
       c.archived AS category_archived, {CATEGORY_GROUP_IDS.format(c="c")} AS category_groups,
       first.status AS first_post_status, first.held AS first_post_held,
       a.id AS author_id, a.name AS author_name, a.role AS author_role,
       first.anonymous AS author_anonymous, {AUTHOR_REVEALED.format(post="first")} AS author_revealed,
       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND {POST_COUNTED})
           AS post_count,
       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND {POST_COUNTED}
           AND p.id > COALESCE((SELECT r.last_read_post_id FROM thread_reads r
                                WHERE r.thread_id = t.id AND r.member_id = :viewer), 0))
           AS unread_count,
       EXISTS (SELECT 1 FROM follows f WHERE f.thread_id = t.id AND f.member_id = :viewer)
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
    "latest": ("1", "last_post_at DESC, id DESC"),
    "unanswered": ("post_count <= 1 AND accepted_post_id IS NULL", "created_at DESC, id DESC"),
    "unread": ("unread_count > 0", "last_post_at DESC, id DESC"),
    "following": ("following", "last_post_at DESC, id DESC"),
}


def _thread(row: dict[str, Any]) -> dict[str, Any]:
    return with_groups(row, "category_groups")


class SqliteThreads:
    """Threads, and each member's relation to them (read position, following)."""

    def __init__(self, db: Database):
        self.db = db

    def create(
        self, category_id: int, author_id: int, title: str, page_key: str | None, now: datetime
    ) -> int:
        return insert(
            self.db,
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

    def get(self, thread_id: int, scope: ForumScope) -> dict[str, Any] | None:
        found = row(self.db, _SELECT + " AND t.id = :id", scope_params(scope, id=thread_id))
        return _thread(found) if found else None

    def plain(self, thread_id: int, scope: ForumScope) -> dict[str, Any] | None:
        found = row(self.db, _PLAIN + " AND t.id = :id", scope_params(scope, id=thread_id))
        return _thread(found) if found else None

    def by_page_key(self, page_key: str, scope: ForumScope) -> dict[str, Any] | None:
        found = row(self.db, _SELECT + " AND t.page_key = :key", scope_params(scope, key=page_key))
        return _thread(found) if found else None

    def page_key_taken(self, page_key: str) -> bool:
        """Whether a thread holds the page: a released key (a hidden thread's) does not."""
        return bool(rows(self.db, "SELECT 1 FROM threads WHERE page_key = ?", [page_key]))

    def release_page_key(self, thread_id: int) -> None:
        self.db.execute(
            "UPDATE threads SET released_page_key = page_key, page_key = NULL"
            " WHERE id = ? AND page_key IS NOT NULL",
            [thread_id],
        )

    def reclaim_page_key(self, thread_id: int) -> bool:
        """Take a released page key back; False if another thread holds the page now."""
        (released,) = self.db.execute(
            "SELECT released_page_key FROM threads WHERE id = ?", [thread_id]
        ).fetchone()
        if released is None:
            return True
        if self.page_key_taken(released):
            return False
        self.db.execute(
            "UPDATE threads SET page_key = released_page_key, released_page_key = NULL WHERE id = ?",
            [thread_id],
        )
        return True

    def in_category(
        self, category_id: int, scope: ForumScope, limit: int, offset: int
    ) -> list[dict[str, Any]]:
        """Pinned threads first, then the most recently active."""
        return [
            _thread(found)
            for found in rows(
                self.db,
                _SELECT + " AND t.category_id = :category"
                " ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT :limit OFFSET :offset",
                scope_params(scope, category=category_id, limit=limit, offset=offset),
            )
        ]

    def across(self, kind: str, scope: ForumScope, limit: int, offset: int) -> list[dict[str, Any]]:
        """Threads of every category the scope shows, for one of LIST_KINDS (see interfaces)."""
        where, order = _LISTS[kind]
        return [
            _thread(found)
            for found in rows(
                self.db,
                f"SELECT * FROM ({_SELECT}) WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset",
                scope_params(scope, limit=limit, offset=offset),
            )
        ]

    def update(self, thread_id: int, changes: dict[str, Any]) -> None:
        """Change first_post_id, pinned, locked, category_id or accepted_post_id."""
        if changes:
            self.db["threads"].update(thread_id, changes)

    def record_activity(self, thread_id: int, now: datetime) -> None:
        self.db.execute("UPDATE threads SET last_post_at = ? WHERE id = ?", [iso(now), thread_id])

    def follow(self, member_id: int, thread_id: int) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO follows (member_id, thread_id) VALUES (?, ?)", [member_id, thread_id]
        )

    def unfollow(self, member_id: int, thread_id: int) -> None:
        self.db.execute("DELETE FROM follows WHERE member_id = ? AND thread_id = ?", [member_id, thread_id])

    def mark_read(self, member_id: int, thread_id: int, post_id: int) -> None:
        """Move the read position forward (never back) to `post_id`."""
        self.db.execute(
            "INSERT INTO thread_reads (member_id, thread_id, last_read_post_id) VALUES (?, ?, ?)"
            " ON CONFLICT (member_id, thread_id) DO UPDATE SET last_read_post_id ="
            " max(last_read_post_id, excluded.last_read_post_id)",
            [member_id, thread_id, post_id],
        )
