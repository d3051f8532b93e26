"""Full-text search over posts: a `post_search` row per post (post_id = posts.id) with a
generated `tsvector` column under a GIN index.

Like SQLite's FTS5 query (every word as a word prefix, user input never syntax),
the words are parsed by `to_tsvector('english', ...)` into lexemes, and each lexeme,
quoted, becomes a `:*` prefix term, ANDed: no character of the input is ever tsquery
syntax (`websearch_to_tsquery` would turn `-x` and `or` into operators). The
'english' configuration stems as FTS5's porter tokenizer does (it also drops stop
words, which FTS5 keeps). Snippets come from `ts_headline` with the same private-use
marks as SQLite's, escaped by the shared `safe_snippet` (< > & are shielded from
ts_headline, which would drop tags: ../snippets.py).
"""

from ..interfaces import RANKED_MATCHES, ForumScope, Row
from ..snippets import CLOSE, OPEN, SHIELDED, STAND_INS, plain, safe_snippet, unshield
from .scope import AUTHOR_REVEALED, POST_VISIBLE, THREAD_JOINS, scope_params
from .sql import Sql

HEADLINE = f'StartSel={OPEN}, StopSel={CLOSE}, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "'


class PgSearch:
    """Full-text search (tsvector, GIN) over posts."""

    def __init__(self, db: Sql):
        self.db = db

    def index(self, post_id: int, title: str, body: str) -> None:
        self.db.execute(
            "INSERT INTO post_search (post_id, title, body) VALUES (%s, %s, %s)",
            [post_id, plain(title), plain(body)],
        )

    def reindex_body(self, post_id: int, body: str) -> None:
        self.db.execute("UPDATE post_search SET body = %s WHERE post_id = %s", [plain(body), post_id])

    def search(self, words: str, scope: ForumScope, limit: int, category_id: int | None = None) -> list[Row]:
        """Posts matching every word (as a word prefix), best first among the newest
        RANKED_MATCHES matches, each with an HTML-safe snippet; only in one category when
        `category_id` is given."""
        if not words.split():
            return []
        # The snippet is made for the page of results only, after ranking and the limit
        # (ts_headline is the costly part; in one SELECT it ran for every match).
        rows = self.db.rows(
            f"""SELECT ranked.post_id, ranked.thread_id, ranked.thread_title, ranked.created_at,
                       ranked.author_id, ranked.author_name, ranked.author_role,
                       ranked.author_anonymous, ranked.author_revealed,
                       ts_headline('english', translate(concat_ws(' ', ranked.s_title, ranked.s_body),
                                                        %(shielded)s, %(stand_ins)s),
                                   ranked.query, %(headline)s) AS raw_snippet
                FROM (
                SELECT p.id AS post_id, p.thread_id, t.title AS thread_title, p.created_at,
                       a.id AS author_id, a.name AS author_name, a.role AS author_role,
                       p.anonymous AS author_anonymous, {AUTHOR_REVEALED.format(post="p")} AS author_revealed,
                       s.title AS s_title, s.body AS s_body, q.query,
                       ts_rank(s.document, q.query) AS rank
                FROM (SELECT to_tsquery('simple', string_agg(quote_literal(lexeme) || ':*', ' & ')) AS query
                      FROM unnest(to_tsvector('english', %(words)s))) AS q
                JOIN post_search s ON s.document @@ q.query
                 AND s.post_id >= (SELECT coalesce(min(newest.post_id), 0)
                                   FROM (SELECT n.post_id FROM post_search n WHERE n.document @@ q.query
                                         ORDER BY n.post_id DESC LIMIT %(ranked)s) AS newest)
                JOIN posts p ON p.id = s.post_id
                JOIN threads t ON t.id = p.thread_id {THREAD_JOINS}
                JOIN members a ON a.id = p.author_id
                WHERE {POST_VISIBLE} AND (%(category)s::bigint IS NULL OR t.category_id = %(category)s)
                ORDER BY rank DESC, p.id LIMIT %(limit)s
                ) AS ranked
                ORDER BY ranked.rank DESC, ranked.post_id""",
            scope_params(
                scope,
                words=words,
                category=category_id,
                headline=HEADLINE,
                shielded=SHIELDED,
                stand_ins=STAND_INS,
                limit=limit,
                ranked=RANKED_MATCHES,
            ),
        )
        return [{**row, "snippet": safe_snippet(unshield(row.pop("raw_snippet")))} for row in rows]
