"""Ending open event streams, in every process, when a session ends or a member is suspended.

A cut-off is a control row in the events log, appended in the same transaction
that deletes the session or suspends the member, so it cannot be lost or run
ahead of the change. Each process's follower reads it like any other event and
ends the matching streams of its broker. Control topics cannot be subscribed to,
so they are never replayed to a client.
"""

from datetime import datetime

from ..storage.interfaces import Repositories

CONTROL_PREFIX = "control:"
CUT_OFF = "streams.cut_off"


def end_member_streams(db: Repositories, member_id: int, now: datetime) -> None:
    """Close every stream of the member (suspension, password reset, role change)."""
    db.events.append([f"{CONTROL_PREFIX}member:{member_id}"], CUT_OFF, {"member_id": member_id}, now)


def end_session_streams(db: Repositories, session_id: int, now: datetime) -> None:
    """Close the streams opened with this session (sign-out)."""
    db.events.append([f"{CONTROL_PREFIX}session:{session_id}"], CUT_OFF, {"session_id": session_id}, now)
