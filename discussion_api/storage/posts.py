"""Posts, their revisions and reactions. Members see visible posts; moderators see all."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ..clock import iso
from . import search

_SELECT = """
SELECT p.id, p.thread_id, p.quote_post_id, p.body_md, p.body_html, p.status, p.created_at, p.edited_at,
       a.id AS author_id, a.name AS author_name, a.role AS author_role,
       (SELECT count(*) FROM reactions r WHERE r.post_id = p.id) AS helpful_count,
       EXISTS (SELECT 1 FROM reactions r WHERE r.post_id = p.id AND r.member_id = :viewer)
           AS helpful_by_me,
       (SELECT count(*) FROM post_revisions v WHERE v.post_id = p.id) AS revision_count
FROM posts p JOIN members a ON a.id = p.author_id
WHERE (:moderator OR p.status = 'visible')
"""


def create(
    db: Database,
    thread_id: int,
    author_id: int,
    body_md: str,
    body_html: str,
    quote_post_id: int | None,
    now: datetime,
    title: str = "",
) -> int:
    """Store a post, its first revision and its search entry (`title` for a first post)."""
    post_id = int(
        db["posts"]
        .insert(
            {
                "thread_id": thread_id,
                "author_id": author_id,
                "quote_post_id": quote_post_id,
                "body_md": body_md,
                "body_html": body_html,
                "status": "visible",
                "created_at": iso(now),
            }
        )
        .last_pk
    )
    _add_revision(db, post_id, author_id, body_md, body_html, now)
    search.index(db, post_id, title, body_md)
    return post_id


def _add_revision(
    db: Database, post_id: int, author_id: int, body_md: str, body_html: str, now: datetime
) -> None:
    db["post_revisions"].insert(
        {
            "post_id": post_id,
            "body_md": body_md,
            "body_html": body_html,
            "written_by": author_id,
            "written_at": iso(now),
        }
    )


def get(db: Database, post_id: int, viewer_id: int, moderator: bool) -> dict[str, Any] | None:
    rows = list(
        db.query(
            _SELECT + " AND p.id = :id", {"viewer": viewer_id, "moderator": int(moderator), "id": post_id}
        )
    )
    return rows[0] if rows else None


def author_of(db: Database, post_id: int) -> int | None:
    row = db.execute("SELECT author_id FROM posts WHERE id = ?", [post_id]).fetchone()
    return row[0] if row else None


def in_thread(
    db: Database, thread_id: int, viewer_id: int, moderator: bool, after_id: int, limit: int
) -> list[dict[str, Any]]:
    return list(
        db.query(
            _SELECT + " AND p.thread_id = :thread AND p.id > :after ORDER BY p.id LIMIT :limit",
            {
                "viewer": viewer_id,
                "moderator": int(moderator),
                "thread": thread_id,
                "after": after_id,
                "limit": limit,
            },
        )
    )


def edit(db: Database, post_id: int, editor_id: int, body_md: str, body_html: str, now: datetime) -> None:
    db.execute(
        "UPDATE posts SET body_md = ?, body_html = ?, edited_at = ? WHERE id = ?",
        [body_md, body_html, iso(now), post_id],
    )
    _add_revision(db, post_id, editor_id, body_md, body_html, now)
    search.reindex_body(db, post_id, body_md)


def set_status(db: Database, post_id: int, status: str) -> None:
    db.execute("UPDATE posts SET status = ? WHERE id = ?", [status, post_id])


def revisions(db: Database, post_id: int) -> list[dict[str, Any]]:
    """Every version, oldest first, with who wrote it."""
    return list(
        db.query(
            "SELECT v.id, v.body_html, v.written_at, a.id AS author_id, a.name AS author_name,"
            " a.role AS author_role FROM post_revisions v JOIN members a ON a.id = v.written_by"
            " WHERE v.post_id = ? ORDER BY v.id",
            [post_id],
        )
    )


def add_reaction(db: Database, post_id: int, member_id: int) -> None:
    db.execute("INSERT OR IGNORE INTO reactions (post_id, member_id) VALUES (?, ?)", [post_id, member_id])


def remove_reaction(db: Database, post_id: int, member_id: int) -> None:
    db.execute("DELETE FROM reactions WHERE post_id = ? AND member_id = ?", [post_id, member_id])
