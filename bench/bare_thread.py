"""The comparator for thread reads: a bare Starlette endpoint serving a thread's JSON.

It answers GET /threads/{id} with the same JSON as the Network's thread read (the
thread, its author and counts, and up to 100 posts, each with its author, counts and
flags) from the same SQLite file, with nothing else: no sessions, no access checks,
no middleware. Like the Network it reads off the event loop (a plain `def` endpoint,
which Starlette runs on its thread pool) on as many threads (SCN_WORKER_THREADS, or the
Network's default), one connection per thread, and serialises with the standard library. Run by bench/thread_read.py as

    uvicorn bench.bare_thread:app  (with BARE_THREAD_DATABASE and BARE_THREAD_VIEWER set)
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discussion_api.config import WORKER_THREADS_SQLITE

DATABASE = os.environ.get("BARE_THREAD_DATABASE", "")
VIEWER = int(os.environ.get("BARE_THREAD_VIEWER", "0"))
WORKER_THREADS = int(os.environ.get("SCN_WORKER_THREADS", WORKER_THREADS_SQLITE))

THREAD = """
SELECT t.id, t.category_id, t.title, t.page_key, t.pinned, t.locked, t.accepted_post_id, t.created_at,
       t.last_post_at, a.id AS author_id, a.name AS author_name, a.role AS author_role,
       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.status = 'visible' AND NOT p.held)
           AS post_count,
       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.status = 'visible' AND NOT p.held
           AND p.id > COALESCE((SELECT r.last_read_post_id FROM thread_reads r
                                WHERE r.thread_id = t.id AND r.member_id = :viewer), 0)) AS unread_count,
       EXISTS (SELECT 1 FROM follows f WHERE f.thread_id = t.id AND f.member_id = :viewer) AS following
FROM threads t JOIN members a ON a.id = t.author_id WHERE t.id = :id
"""
POSTS = """
SELECT p.id, p.thread_id, p.body_md, p.body_html, p.status, p.created_at, p.edited_at,
       a.id AS author_id, a.name AS author_name, a.role AS author_role,
       (SELECT count(*) FROM reactions r WHERE r.post_id = p.id) AS helpful_count,
       EXISTS (SELECT 1 FROM reactions r WHERE r.post_id = p.id AND r.member_id = :viewer) AS helpful_by_me,
       (SELECT count(*) FROM post_revisions v WHERE v.post_id = p.id) AS revision_count
FROM posts p JOIN members a ON a.id = p.author_id
WHERE p.thread_id = :id AND p.status = 'visible' ORDER BY p.id LIMIT 100
"""
_local = threading.local()


def _db() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = sqlite3.connect(DATABASE, isolation_level=None)
        conn.row_factory = sqlite3.Row
    return conn


def _author(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["author_id"],
        "name": row["author_name"],
        "role": row["author_role"],
        "anonymous": False,
    }


def thread(request: Request) -> Response:
    db = _db()
    params = {"id": request.path_params["thread_id"], "viewer": VIEWER}
    found = db.execute(THREAD, params).fetchone()
    if found is None:
        return Response(status_code=404)
    accepted = found["accepted_post_id"]
    body = {
        "thread": {
            **{key: found[key] for key in ("id", "category_id", "title", "page_key", "accepted_post_id")},
            "pinned": bool(found["pinned"]),
            "locked": bool(found["locked"]),
            "created_at": found["created_at"],
            "last_post_at": found["last_post_at"],
            "author": _author(found),
            "post_count": found["post_count"],
            "unread_count": found["unread_count"],
            "following": bool(found["following"]),
        },
        "posts": [
            {
                "id": row["id"],
                "thread_id": row["thread_id"],
                "author": _author(row),
                "html": row["body_html"],
                "markdown": row["body_md"],
                "status": row["status"],
                "created_at": row["created_at"],
                "edited_at": row["edited_at"],
                "helpful_count": row["helpful_count"],
                "helpful_by_me": bool(row["helpful_by_me"]),
                "flagged_by_me": False,
                "revision_count": row["revision_count"],
                "accepted": row["id"] == accepted,
                "quote": None,
            }
            for row in db.execute(POSTS, params)
        ],
    }
    return Response(json.dumps(body, separators=(",", ":")), media_type="application/json")


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


app = Starlette(routes=[Route("/threads/{thread_id:int}", thread)], lifespan=lifespan)
