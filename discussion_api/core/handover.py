"""Coordinator handover: a sepsis coordinator who leaves passes their followed threads
and their facility's coordinator role to a successor at the same facility.

Only threads the successor may see are passed (a category limited to groups the
successor is not in stays behind); the leaver stops following all of them.
"""

from datetime import datetime

from ..storage.interfaces import Store
from . import policy
from .policy import Viewer, forum_scope, viewer_of

# More than anyone follows: the whole list in one read.
_ALL = 100_000


def hand_over(store: Store, coordinator: Viewer, successor_id: int, now: datetime) -> int:
    """Returns how many followed threads were passed on."""
    with store.write() as db:
        profile = db.members.profile(coordinator.id)
        assert profile is not None
        member = db.members.get(successor_id)
        successor = viewer_of(member, now) if member else policy.NOBODY
        policy.check_may_hand_over(
            coordinator, profile, successor, db.members.profile(successor_id) if member else None
        )
        followed = db.threads.across("following", forum_scope(coordinator), _ALL, 0)
        passed = 0
        for thread in followed:
            if db.threads.get(thread["id"], forum_scope(successor)) is not None:
                db.threads.follow(successor_id, thread["id"])
                passed += 1
            db.threads.unfollow(coordinator.id, thread["id"])
        db.members.update_profile(successor_id, {"is_coordinator": True})
        db.members.update_profile(coordinator.id, {"is_coordinator": False})
        db.audit.record(coordinator.id, "hand_over_coordinator", "member", successor_id, "", now)
    return passed
