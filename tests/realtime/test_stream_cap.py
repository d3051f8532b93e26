"""The cap on a member's live streams across app servers (realtime/stream_cap.py), over
an in-test `StreamLeases` that keeps its leases in a dict: what the PostgreSQL table
does for one process, and can be told to fail as a database restarting would.
tests/realtime/test_pg_shared_limits.py tests the PostgreSQL leases themselves.

What an operator relies on: a member gets as many streams as the cap and no more,
other members are not counted against them, a closed stream frees its place, leases
are renewed while the process runs (a failed renewal is logged and retried), and
stopping ends renewing and gives every lease back, or logs why it could not.
"""

import asyncio
import itertools
import logging
import time
from collections.abc import Callable

import pytest

from discussion_api.realtime import stream_cap
from discussion_api.realtime.broker import TooManyStreams
from discussion_api.realtime.stream_cap import StreamCap

RENEWING_TASK = "stream-leases"  # how the renewing task shows in a task dump
RENEW_FAILED = "renewing stream leases failed; retrying"
CLOSE_FAILED = "releasing this process's stream leases failed"


class DictLeases:
    """`StreamLeases` in a dict (lease id -> member id); while `failing` is set, renewing
    and closing raise it."""

    def __init__(self) -> None:
        self.held: dict[int, int] = {}
        self.renewals = 0
        self.closed = False
        self.failing: Exception | None = None
        self._ids = itertools.count(1)

    def claim(self, member_id: int, cap: int) -> int | None:
        if list(self.held.values()).count(member_id) >= cap:
            return None
        lease = next(self._ids)
        self.held[lease] = member_id
        return lease

    def release(self, lease_id: int) -> None:
        del self.held[lease_id]  # a lease released twice, or never claimed, fails here

    def renew(self) -> None:
        if self.failing:
            raise self.failing
        self.renewals += 1

    def close(self) -> None:
        if self.failing:
            raise self.failing
        self.held.clear()
        self.closed = True


@pytest.fixture(autouse=True)
def quick_renewals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream_cap, "RENEW_SECONDS", 0.001)


async def until(condition: Callable[[], bool]) -> None:
    """Wait for `condition` (it should hold within milliseconds; ten seconds is a hang)."""
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.001)


def running_tasks() -> set[str]:
    return {task.get_name() for task in asyncio.all_tasks()}


def test_a_member_holds_streams_up_to_the_cap_and_other_members_are_not_counted() -> None:
    async def scenario() -> None:
        leases = DictLeases()
        cap = StreamCap(leases, streams_per_member=2)
        first, second = await cap.claim(1), await cap.claim(1)
        assert first is not None and second is not None and first != second
        assert leases.held == {first: 1, second: 1}
        with pytest.raises(TooManyStreams):
            await cap.claim(1)
        other = await cap.claim(2)
        assert leases.held == {first: 1, second: 1, other: 2}

    asyncio.run(scenario())


def test_a_closed_stream_frees_its_place() -> None:
    async def scenario() -> None:
        leases = DictLeases()
        cap = StreamCap(leases, streams_per_member=1)
        lease = await cap.claim(1)
        await cap.release(lease)
        assert leases.held == {}
        again = await cap.claim(1)
        assert leases.held == {again: 1}

    asyncio.run(scenario())


def test_leases_are_renewed_while_running_and_given_back_at_stop() -> None:
    async def scenario() -> None:
        leases = DictLeases()
        cap = StreamCap(leases, streams_per_member=2)
        await cap.claim(1)
        await cap.start()
        assert RENEWING_TASK in running_tasks()
        await until(lambda: leases.renewals >= 3)
        await cap.stop()
        assert RENEWING_TASK not in running_tasks()
        assert leases.closed and leases.held == {}
        renewed = leases.renewals
        await asyncio.sleep(0.05)
        assert leases.renewals == renewed  # stopped means stopped

    asyncio.run(scenario())


def test_a_failed_renewal_is_logged_and_renewing_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    restarting = OSError("the database is restarting")

    def failures() -> list[logging.LogRecord]:
        return [record for record in caplog.records if record.getMessage() == RENEW_FAILED]

    async def scenario() -> None:
        leases = DictLeases()
        leases.failing = restarting
        cap = StreamCap(leases, streams_per_member=2)
        await cap.start()
        await until(lambda: len(failures()) >= 2)
        leases.failing = None
        await until(lambda: leases.renewals >= 2)
        await cap.stop()

    asyncio.run(scenario())
    logged = failures()[0]
    assert (logged.name, logged.levelno) == ("discussion_api", logging.ERROR)
    assert logged.exc_info is not None and logged.exc_info[1] is restarting


def test_stopping_while_the_database_is_gone_logs_it_and_shutdown_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gone = OSError("the database is gone")

    async def scenario() -> None:
        leases = DictLeases()
        cap = StreamCap(leases, streams_per_member=2)
        await cap.claim(1)
        await cap.start()
        leases.failing = gone
        await cap.stop()  # does not raise
        assert RENEWING_TASK not in running_tasks()

    asyncio.run(scenario())
    logged = [record for record in caplog.records if record.getMessage() == CLOSE_FAILED]
    assert len(logged) == 1 and logged[0].exc_info is not None and logged[0].exc_info[1] is gone


def test_stopping_a_cap_that_never_started_gives_the_leases_back() -> None:
    """Shutdown after a start-up that failed before the cap started."""

    async def scenario() -> None:
        leases = DictLeases()
        cap = StreamCap(leases, streams_per_member=2)
        await cap.claim(1)
        await cap.stop()
        assert leases.closed and leases.held == {}

    asyncio.run(scenario())


def test_without_shared_leases_the_cap_leaves_counting_to_the_broker() -> None:
    """On SQLite (one machine) each stream takes no lease, and nothing runs in the background."""

    async def scenario() -> None:
        cap = StreamCap(None, streams_per_member=1)
        await cap.start()
        assert RENEWING_TASK not in running_tasks()
        assert [await cap.claim(1) for _ in range(3)] == [None, None, None]
        await cap.release(None)
        await cap.stop()

    asyncio.run(scenario())
