"""Posts, their revisions and reactions. What a viewer sees of them is the policy's ForumScope (scope.py)."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from ..interfaces import ForumScope
from .scope import AUTHOR_REVEALED, POST_VISIBLE, THREAD_JOINS, scope_params
from .search import SqliteSearch
from .sql import insert, row, rows

_SELECT = f"""
SELECT p.id, p.thread_id, p.quote_post_id, p.body_md, p.body_html, p.status, p.held, p.created_at,
       p.edited_at, a.id AS author_id, a.name AS author_name, a.role AS author_role,
       p.anonymous AS author_anonymous, {AUTHOR_REVEALED.format(post="p")} AS author_revealed,
       (SELECT count(*) FROM reactions r WHERE r.post_id = p.id) AS helpful_count,
       EXISTS (SELECT 1 FROM reactions r WHERE r.post_id = p.id AND r.member_id = :viewer)
           AS helpful_by_me,
       EXISTS (SELECT 1 FROM flags f WHERE f.post_id = p.id AND f.reporter_id = :viewer AND f.status = 'open')
           AS flagged_by_me,
       (SELECT count(*) FROM post_revisions v WHERE v.post_id = p.id) AS revision_count
FROM posts p JOIN members a ON a.id = p.author_id JOIN threads t ON t.id = p.thread_id {THREAD_JOINS}
WHERE {POST_VISIBLE}
"""


class SqlitePosts:
    """Posts, their revisions and reactions. What a viewer sees of them is the policy's ForumScope (scope.py)."""

    def __init__(self, db: Database):
        self.db = db

    def create(
        self,
        thread_id: int,
        author_id: int,
        body_md: str,
        body_html: str,
        quote_post_id: int | None,
        now: datetime,
        title: str = "",
        *,
        held: bool = False,
        anonymous: bool = False,
    ) -> int:
        """Store a post, its first revision and its search entry (`title` for a first post)."""
        post_id = insert(
            self.db,
            "posts",
            {
                "thread_id": thread_id,
                "author_id": author_id,
                "quote_post_id": quote_post_id,
                "body_md": body_md,
                "body_html": body_html,
                "status": "visible",
                "held": int(held),
                "anonymous": int(anonymous),
                "created_at": iso(now),
            },
        )
        self._add_revision(post_id, author_id, body_md, body_html, now)
        SqliteSearch(self.db).index(post_id, title, body_md)
        return post_id

    def _add_revision(
        self, post_id: int, author_id: int, body_md: str, body_html: str, now: datetime
    ) -> None:
        insert(
            self.db,
            "post_revisions",
            {
                "post_id": post_id,
                "body_md": body_md,
                "body_html": body_html,
                "written_by": author_id,
                "written_at": iso(now),
            },
        )

    def get(self, post_id: int, scope: ForumScope) -> dict[str, Any] | None:
        return row(self.db, _SELECT + " AND p.id = :id", scope_params(scope, id=post_id))

    def in_thread(self, thread_id: int, scope: ForumScope, after_id: int, limit: int) -> list[dict[str, Any]]:
        return rows(
            self.db,
            _SELECT + " AND p.thread_id = :thread AND p.id > :after ORDER BY p.id LIMIT :limit",
            scope_params(scope, thread=thread_id, after=after_id, limit=limit),
        )

    def edit(self, post_id: int, editor_id: int, body_md: str, body_html: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE posts SET body_md = ?, body_html = ?, edited_at = ? WHERE id = ?",
            [body_md, body_html, iso(now), post_id],
        )
        self._add_revision(post_id, editor_id, body_md, body_html, now)
        SqliteSearch(self.db).reindex_body(post_id, body_md)

    def set_status(self, post_id: int, status: str) -> None:
        self.db.execute("UPDATE posts SET status = ? WHERE id = ?", [status, post_id])

    def set_held(self, post_id: int, held: bool) -> None:
        self.db.execute("UPDATE posts SET held = ? WHERE id = ?", [int(held), post_id])

    def held_posts(self, scope: ForumScope) -> list[dict[str, Any]]:
        """Posts waiting for a moderator (held, not removed), oldest first."""
        return rows(
            self.db, _SELECT + " AND p.held AND p.status = 'visible' ORDER BY p.id", scope_params(scope)
        )

    def redact(
        self,
        post_id: int,
        body_md: str,
        body_html: str,
        revisions: dict[int, tuple[str, str]],
        title: str | None = None,
    ) -> None:
        """Overwrite a post's text, the given revisions' (id -> (markdown, html)), with
        `title` its thread's title (a first post), and its search entry, leaving the index
        holding none of the old words (FTS5 'optimize' merges away the replaced entry's
        tokens, which a plain update leaves behind)."""
        self.db.execute(
            "UPDATE posts SET body_md = ?, body_html = ? WHERE id = ?", [body_md, body_html, post_id]
        )
        if title is not None:
            self.db.execute("UPDATE threads SET title = ? WHERE first_post_id = ?", [title, post_id])
            SqliteSearch(self.db).retitle(post_id, title)
        for revision_id, (md, html) in revisions.items():
            self.db.execute(
                "UPDATE post_revisions SET body_md = ?, body_html = ? WHERE id = ? AND post_id = ?",
                [md, html, revision_id, post_id],
            )
        SqliteSearch(self.db).reindex_body(post_id, body_md)
        self.db.execute("INSERT INTO post_search (post_search) VALUES ('optimize')")

    def revisions(self, post_id: int) -> list[dict[str, Any]]:
        """Every version, oldest first, with who wrote it."""
        return rows(
            self.db,
            "SELECT v.id, v.body_md, v.body_html, v.written_at, a.id AS author_id,"
            " a.name AS author_name, a.role AS author_role, p.anonymous AS author_anonymous,"
            f" {AUTHOR_REVEALED.format(post='p')} AS author_revealed"
            " FROM post_revisions v JOIN members a ON a.id = v.written_by JOIN posts p ON p.id = v.post_id"
            " WHERE v.post_id = ? ORDER BY v.id",
            [post_id],
        )

    def add_reaction(self, post_id: int, member_id: int) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO reactions (post_id, member_id) VALUES (?, ?)", [post_id, member_id]
        )

    def remove_reaction(self, post_id: int, member_id: int) -> None:
        self.db.execute("DELETE FROM reactions WHERE post_id = ? AND member_id = ?", [post_id, member_id])
