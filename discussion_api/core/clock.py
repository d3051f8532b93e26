"""Time as a dependency: the app takes a clock so tests can move it (session expiry)."""

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, always timezone-aware UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """The one text form timestamps are stored in; it sorts in time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text)
