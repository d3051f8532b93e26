"""Changing the Network's database behind the app's back, with plain sqlite3.

What another server process, an operator or a race would do: the app learns of it
only by reading the database again. Only the schema is assumed here, never the
app's own storage code, so these helpers survive any reorganisation of the app.
"""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@contextmanager
def database(path: Path) -> Iterator[sqlite3.Connection]:
    """One transaction on the app's database file, committed on leaving the block."""
    with closing(sqlite3.connect(path, timeout=10)) as db, db:
        yield db


def suspend(path: Path, member_id: int) -> None:
    """Suspend a member, indefinitely, leaving their sessions and streams open."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    with database(path) as db:
        db.execute(
            "UPDATE members SET suspended_at = ?, suspended_until = NULL WHERE id = ?", [now, member_id]
        )


def set_status(path: Path, member_id: int, status: str) -> None:
    with database(path) as db:
        db.execute("UPDATE members SET status = ? WHERE id = ?", [status, member_id])


def set_role(path: Path, member_id: int, role: str) -> None:
    with database(path) as db:
        db.execute("UPDATE members SET role = ? WHERE id = ?", [role, member_id])


def session_count(path: Path, member_id: int) -> int:
    with database(path) as db:
        return db.execute("SELECT count(*) FROM sessions WHERE member_id = ?", [member_id]).fetchone()[0]


def append_events(path: Path, topic: str, event_type: str, payload: dict[str, Any], count: int) -> list[int]:
    """Append `count` identical events to the events log; returns their ids."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    row = [topic, event_type, json.dumps(payload, sort_keys=True), now]
    with database(path) as db:
        return [
            db.execute(
                "INSERT INTO events (topic, type, payload, created_at) VALUES (?, ?, ?, ?)", row
            ).lastrowid
            for _ in range(count)
        ]


def copy_database(source: Path, destination: Path) -> None:
    """Copy the whole database, sessions included, with SQLite's online backup API.

    For resetting a test's world to a snapshot: the product's `scn db restore` has
    an operator's semantics (it may end sessions), which a reset must not have.
    """
    with (
        closing(sqlite3.connect(source, timeout=10)) as src,
        closing(sqlite3.connect(destination, timeout=10)) as dst,
    ):
        src.backup(dst)
