"""Notification fan-out: 10,000 members, 500 following a thread, one reply notifies them all.

The service runs as an operator runs it (`scn serve`, its mail worker inside, a real
SQLite file). The members, and the 500 follows of one thread, are written into its
migrated database with plain sqlite3 (see `service.seed_members`). Replies alternate
between that thread and one nobody else follows, one at a time: the reply's own
response time must grow by less than 10 ms with 500 followers (its transaction
enqueues one job; the worker expands it), and every follower's notification must be
stored within 1 s of the reply's response. After each reply the benchmark waits for
the server to settle (a followed reply's fan-out included), so each reply is timed
on a server at rest; which of the two goes first alternates.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from .figures import Figure, informational, percentile
from .service import Browser, Service, seed_members

MEMBERS = 10_000
FOLLOWERS = 500
WARM_UP = 5
ROUNDS = 30
FAN_OUT_TARGET_MS = 1000.0
GROWTH_TARGET_MS = 10.0
TIME_LIMIT = 90.0
SETTLE = 0.3  # seconds after each reply, so the next is timed on a server at rest


def _follow(database: Path, thread_id: int, count: int) -> None:
    db = sqlite3.connect(database, timeout=30)
    try:
        with db:
            members = [
                row[0] for row in db.execute("SELECT id FROM members WHERE role = 'member' LIMIT ?", (count,))
            ]
            db.executemany(
                "INSERT INTO follows (member_id, thread_id) VALUES (?, ?)", [(m, thread_id) for m in members]
            )
    finally:
        db.close()


def _notified(db: sqlite3.Connection, post_id: int) -> int:
    (count,) = db.execute("SELECT count(*) FROM notifications WHERE post_id = ?", (post_id,)).fetchone()
    return int(count)


def _timed_reply(browser: Browser, thread_id: int) -> tuple[float, int, float]:
    """(milliseconds the reply took, its post id, when its response was read)."""
    started = time.perf_counter()
    response = browser.reply(thread_id, "A reply, timed.")
    answered = time.perf_counter()
    if response.status_code != 201:
        raise RuntimeError(f"replying failed: {response.status_code} {response.text[:200]}")
    return (answered - started) * 1000, int(response.json()["id"]), answered


def _fan_out(db: sqlite3.Connection, post_id: int, since: float) -> float:
    """Milliseconds from `since` (the reply's response) until every follower's notification is stored."""
    deadline = time.perf_counter() + 30
    while _notified(db, post_id) < FOLLOWERS:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"only {_notified(db, post_id)} of {FOLLOWERS} notifications after 30 s")
        time.sleep(0.005)
    return (time.perf_counter() - since) * 1000


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="scn-notify-bench-") as folder, Service(Path(folder)) as service:
        browser = service.admin()
        seed_members(service.database, MEMBERS - 1)
        followed = browser.start_thread("Followed by 500 members")
        quiet = browser.start_thread("Followed by its author only")
        _follow(service.database, followed, FOLLOWERS)
        db = sqlite3.connect(service.database, timeout=30)
        quiet_times: list[float] = []
        followed_times: list[float] = []
        fan_outs: list[float] = []
        deadline = time.monotonic() + TIME_LIMIT
        try:
            for n in range(WARM_UP + ROUNDS):
                if n % 2:  # alternate which goes first
                    quiet_ms, _, _ = _timed_reply(browser, quiet)
                    time.sleep(SETTLE)
                followed_ms, post_id, answered = _timed_reply(browser, followed)
                fan_out_ms = _fan_out(db, post_id, answered)
                time.sleep(SETTLE)  # the bells' 500 events reach the event follower too
                if not n % 2:
                    quiet_ms, _, _ = _timed_reply(browser, quiet)
                    time.sleep(SETTLE)
                if n >= WARM_UP:
                    quiet_times.append(quiet_ms)
                    followed_times.append(followed_ms)
                    fan_outs.append(fan_out_ms)
                if time.monotonic() > deadline:
                    print(f"  time limit reached after {n + 1} rounds")
                    break
        finally:
            db.close()
            browser.close()
    growth = percentile(followed_times, 50) - percentile(quiet_times, 50)
    slowest = max(fan_outs)
    return [
        informational(
            f"reply, no other followers, p50 ({len(quiet_times)})", percentile(quiet_times, 50), "ms"
        ),
        informational(
            f"reply, {FOLLOWERS} followers, p50 ({len(followed_times)})", percentile(followed_times, 50), "ms"
        ),
        Figure(
            f"reply response time growth with {FOLLOWERS} followers (p50)",
            growth,
            "ms",
            f"< {GROWTH_TARGET_MS:.0f} ms",
            growth < GROWTH_TARGET_MS,
            f"{MEMBERS:,} members",
        ),
        Figure(
            f"all {FOLLOWERS} notifications stored after the reply, slowest",
            slowest,
            "ms",
            f"<= {FAN_OUT_TARGET_MS:.0f} ms",
            slowest <= FAN_OUT_TARGET_MS,
            f"p50 {percentile(fan_outs, 50):.0f} ms",
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
