"""Full-text search (FTS5) over posts; rowid is the post id. Snippets: ../snippets.py."""

from typing import Any

from sqlite_utils import Database

from ..interfaces import RANKED_MATCHES, ForumScope
from ..snippets import CLOSE, OPEN, plain, safe_snippet
from .scope import AUTHOR_REVEALED, POST_VISIBLE, THREAD_JOINS, scope_params
from .sql import rows

__all__ = ["SqliteSearch", "fts_query", "safe_snippet"]


def fts_query(words: str) -> str:
    """Each word as a quoted FTS5 prefix ("audi" finds "audit"), so user input is never
    FTS syntax."""
    terms = [term.replace('"', "") for term in words.split()]
    return " ".join(f'"{term}"*' for term in terms if term)


# New entries wait in a per-connection table until the transaction commits. FTS5 writes
# out the entries it holds in memory at every SAVEPOINT, and in a group commit
# (group_commit.py) every block after the first has one: indexing each reply there wrote
# an index segment per reply (0.13 ms each); staged, the group's entries are indexed
# together just before its COMMIT. A TEMP table follows the transaction and its
# savepoints, so a block that is rolled back takes its staged entry with it.
PENDING_TABLE = (
    "CREATE TEMP TABLE IF NOT EXISTS search_pending"
    " (rowid INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)"
)


class SqliteSearch:
    """Full-text search (FTS5) over posts; rowid is the post id."""

    def __init__(self, db: Database):
        self.db = db

    def index(self, post_id: int, title: str, body: str) -> None:
        """Stage the post's entry; `flush` writes it to the index before the COMMIT."""
        self.db.execute(
            "INSERT INTO temp.search_pending (rowid, title, body) VALUES (?, ?, ?)",
            [post_id, plain(title), plain(body)],
        )

    def flush(self) -> None:
        """Write the staged entries to the index (before each COMMIT, and before an entry
        is changed, so the change finds it)."""
        if self.db.conn.execute("SELECT 1 FROM temp.search_pending LIMIT 1").fetchone():
            self.db.conn.execute(
                "INSERT INTO post_search (rowid, title, body) SELECT rowid, title, body FROM temp.search_pending"
            )
            self.db.conn.execute("DELETE FROM temp.search_pending")

    def reindex_body(self, post_id: int, body: str) -> None:
        self.flush()
        self.db.execute("UPDATE post_search SET body = ? WHERE rowid = ?", [plain(body), post_id])

    def retitle(self, post_id: int, title: str) -> None:
        self.flush()
        self.db.execute("UPDATE post_search SET title = ? WHERE rowid = ?", [title, post_id])

    def search(
        self, words: str, scope: ForumScope, limit: int, category_id: int | None = None
    ) -> list[dict[str, Any]]:
        """Posts matching every word (as a word prefix), best first among the newest
        RANKED_MATCHES matches, each with an HTML-safe snippet; only in one category when
        `category_id` is given."""
        query = fts_query(words)
        if not query:
            return []
        # The oldest of the newest RANKED_MATCHES matches (FTS5 walks them newest first).
        oldest = self.db.conn.execute(
            "SELECT rowid FROM post_search WHERE post_search MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            [query, RANKED_MATCHES - 1],
        ).fetchone()
        found = rows(
            self.db,
            f"""SELECT p.id AS post_id, p.thread_id, t.title AS thread_title, p.created_at,
                       a.id AS author_id, a.name AS author_name, a.role AS author_role,
                       p.anonymous AS author_anonymous, {AUTHOR_REVEALED.format(post="p")} AS author_revealed,
                       snippet(post_search, -1, '{OPEN}', '{CLOSE}', '…', 16) AS raw_snippet
                FROM post_search
                JOIN posts p ON p.id = post_search.rowid
                JOIN threads t ON t.id = p.thread_id {THREAD_JOINS}
                JOIN members a ON a.id = p.author_id
                WHERE post_search MATCH :query AND post_search.rowid >= :oldest AND {POST_VISIBLE}
                  AND (:category IS NULL OR t.category_id = :category)
                ORDER BY bm25(post_search) LIMIT :limit""",
            scope_params(
                scope, query=query, limit=limit, category=category_id, oldest=oldest[0] if oldest else 0
            ),
        )
        results = []
        for row in found:
            raw = row.pop("raw_snippet")
            results.append({**row, "snippet": safe_snippet(raw)})
        return results
