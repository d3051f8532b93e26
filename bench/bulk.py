"""Large forums written straight into a service's SQLite file, in bulk.

Posting a million posts through the API would take hours; the benchmarks that need
big forums write them with plain SQL into a database the service has migrated (as
`service.seed_members` writes members), in the shapes the service itself stores:
each thread's opening post and replies, a first revision per post, and (when the
benchmark searches) a full-text entry per post. Bodies come from a fixed vocabulary
with a seeded random generator, so every run writes the same forum.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

# Words members write; COMMON appears in most posts (what search must still answer fast).
VOCABULARY = [
    "lactate",
    "antibiotics",
    "bundle",
    "triage",
    "fluids",
    "vasopressor",
    "culture",
    "screening",
    "audit",
    "escalation",
    "qsofa",
    "news2",
    "pathway",
    "handover",
    "education",
    "outreach",
    "registry",
    "protocol",
    "timing",
    "mortality",
    "paediatric",
    "maternal",
    "emergency",
    "ward",
    "intensive",
    "pharmacy",
    "laboratory",
    "nursing",
    "coordinator",
]
COMMON, COMMON_SHARE = "sepsis", 0.9
BATCH = 10_000


def _bodies(rng: random.Random) -> Iterator[tuple[str, str]]:
    """(Markdown, HTML) bodies of 12-30 words, COMMON in COMMON_SHARE of them."""
    while True:
        words = rng.choices(VOCABULARY, k=rng.randint(12, 30))
        if rng.random() < COMMON_SHARE:
            words.insert(rng.randrange(len(words)), COMMON)
        text = " ".join(words).capitalize() + "."
        yield text, f"<p>{text}</p>"


def add_threads(
    database: Path, threads: int, posts_each: int, *, searchable: bool = False, seed: int = 1
) -> list[int]:
    """Append `threads` threads of `posts_each` posts (opening post included) by the first
    member, in category 1; returns their ids. `searchable` also indexes every post."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    rng = random.Random(seed)
    bodies = _bodies(rng)
    db = sqlite3.connect(database, timeout=60, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous=OFF")  # a generator's speed; the service keeps FULL
        db.execute("BEGIN IMMEDIATE")
        (author,) = db.execute("SELECT min(id) FROM members").fetchone()
        (first_thread,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM threads").fetchone()
        (first_post,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM posts").fetchone()
        ids = list(range(first_thread, first_thread + threads))
        db.executemany(
            "INSERT INTO threads (id, category_id, author_id, title, created_at, last_post_at, first_post_id)"
            " VALUES (?, 1, ?, ?, ?, ?, ?)",
            [
                (thread, author, f"Bulk thread {thread}", now, now, first_post + n * posts_each)
                for n, thread in enumerate(ids)
            ],
        )
        post_id = first_post
        for thread in ids:
            opening = post_id
            for start in range(0, posts_each, BATCH):
                count = min(BATCH, posts_each - start)
                rows = [(post_id + i, thread, *next(bodies)) for i in range(count)]
                post_id += count
                db.executemany(
                    "INSERT INTO posts (id, thread_id, author_id, body_md, body_html, status, created_at)"
                    f" VALUES (?, ?, {author}, ?, ?, 'visible', '{now}')",
                    rows,
                )
                db.executemany(
                    "INSERT INTO post_revisions (post_id, body_md, body_html, written_by, written_at)"
                    f" VALUES (?, ?, ?, {author}, '{now}')",
                    [(row[0], row[2], row[3]) for row in rows],
                )
                if searchable:
                    db.executemany(
                        "INSERT INTO post_search (rowid, title, body) VALUES (?, ?, ?)",
                        [
                            (row[0], f"Bulk thread {thread}" if row[0] == opening else "", row[2])
                            for row in rows
                        ],
                    )
        db.execute("COMMIT")
    finally:
        db.close()
    return ids
