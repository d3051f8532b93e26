"""`scn db copy`: move a Network from SQLite to PostgreSQL, and prove nothing changed on the way.

Every table is read from the source in primary-key order and written to a freshly
migrated, empty PostgreSQL database in one transaction; then each table is read back
inside that transaction and its row count and SHA-256 over the rows (as JSON, sorted
by key in Python, so the engines' collations play no part) must equal the source's,
or nothing is committed.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .interfaces import StorageError

# Parents before children; each with the columns its rows are ordered by.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("members", ("id",)),
    ("sessions", ("id",)),
    ("email_tokens", ("token_hash",)),
    ("auto_approve_domains", ("domain",)),
    ("audit_log", ("id",)),
    ("categories", ("id",)),
    ("threads", ("id",)),
    ("posts", ("id",)),
    ("post_revisions", ("id",)),
    ("reactions", ("post_id", "member_id", "kind")),
    ("thread_reads", ("member_id", "thread_id")),
    ("follows", ("member_id", "thread_id")),
    ("flags", ("id",)),
    ("events", ("id",)),
    ("idempotency_keys", ("member_id", "key")),
    ("resource_requests", ("id",)),
    ("resource_request_askers", ("request_id", "member_id")),
    ("author_reveals", ("post_id",)),
    ("identities", ("issuer", "subject")),
    ("passkeys", ("id",)),
    ("totp_secrets", ("member_id",)),
    ("recovery_codes", ("member_id", "code_hash")),
    ("post_search", ("post_id",)),
    ("notification_jobs", ("id",)),
    ("notifications", ("id",)),
    ("notification_preferences", ("member_id", "kind")),
    ("outbox", ("id",)),
    ("mail_runs", ("name",)),
    ("webinar_reminders", ("member_id", "webinar")),
)


@dataclass(frozen=True)
class Table:
    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]]


def checksum(rows: Iterable[Sequence[Any]]) -> str:
    """The same digest for the same values on either engine (ints, text, NULL)."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(list(row), ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def verify(source: Table, key: Sequence[str], copied: list[tuple[Any, ...]]) -> str:
    """One line for the operator, or StorageError if the copy differs from the source."""
    if len(copied) != len(source.rows):
        raise StorageError(f"{source.name}: {len(source.rows)} rows in the source, {len(copied)} copied")
    at = [source.columns.index(column) for column in key]

    def in_key_order(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return sorted(rows, key=lambda row: [row[i] for i in at])

    expected, found = checksum(in_key_order(source.rows)), checksum(in_key_order(copied))
    if expected != found:
        raise StorageError(f"{source.name}: checksum {found[:12]} differs from the source's {expected[:12]}")
    return f"{source.name}: {len(copied)} rows, sha256 {found[:12]}"
