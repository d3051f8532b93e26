"""POST /account/handover: a coordinator passes their role and followed threads to a
successor at the same facility (core/handover.py)."""

from pydantic import BaseModel

from ..core.handover import hand_over
from .endpoints import Access, Call, Endpoint
from .fields import STRICT_INPUT, Id


class HandoverIn(BaseModel):
    model_config = STRICT_INPUT
    successor_id: Id


class HandoverOut(BaseModel):
    followed_threads_passed: int


def handover(call: Call) -> HandoverOut:
    passed = hand_over(call.runtime.store, call.viewer, call.body.successor_id, call.now)
    return HandoverOut(followed_threads_passed=passed)


routes = (
    Endpoint(
        "POST",
        "/account/handover",
        handover,
        Access.MEMBER,
        "Hand your sepsis coordinator role and the threads you follow to a member at your facility "
        "(threads they may not see stay behind).",
        body=HandoverIn,
        response=HandoverOut,
        errors=(404, 409, 422),
    ),
)
