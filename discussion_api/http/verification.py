"""Professional verification: moderators record how they verified a member (it expires
after SCN_VERIFICATION_MONTHS); members give their licence for (re-)verification and
confirm their facility once a year (core/verification.py)."""

from typing import Literal

from pydantic import BaseModel, Field

from ..core import verification
from ..core.vocabulary import State
from .account import SelfOut, own_profile
from .endpoints import Access, Call, Endpoint
from .fields import STRICT_INPUT, OptionalReason, ShortText


class VerificationIn(BaseModel):
    model_config = STRICT_INPUT
    method: Literal["state_board", "employer_email", "reference"] = Field(
        description="How you verified: a state board look-up, an email from the employer, a reference."
    )
    note: OptionalReason = ""


class QueuedMember(BaseModel):
    id: int
    name: str
    licence_number: str | None
    licence_state: str | None
    verification_method: str | None
    verification_expires_at: str | None
    verified: bool


class VerificationQueue(BaseModel):
    members: list[QueuedMember]


class LicenceIn(BaseModel):
    model_config = STRICT_INPUT
    licence_number: ShortText
    licence_state: State | None = None


def verification_queue(call: Call) -> VerificationQueue:
    rows = verification.queue(call.read(), call.now)
    return VerificationQueue(members=[QueuedMember.model_validate(row) for row in rows])


def record_verification(call: Call) -> VerificationQueue:
    body = call.body
    months = call.runtime.settings.verification_months
    member_id = call.id("member_id")
    verification.record_verification(
        call.runtime.store, call.viewer, member_id, body.method, body.note, months, call.now
    )
    return verification_queue(call)


def give_licence(call: Call) -> SelfOut:
    state = call.body.licence_state.value if call.body.licence_state else None
    verification.update_licence(call.runtime.store, call.viewer, call.body.licence_number, state)
    return own_profile(call)


def confirm_facility(call: Call) -> SelfOut:
    verification.confirm_facility(call.runtime.store, call.viewer, call.now)
    return own_profile(call)


routes = (
    Endpoint(
        "GET",
        "/mod/verifications",
        verification_queue,
        Access.MODERATOR,
        "Members to verify: a licence given but not verified now, or a verification about to expire.",
        response=VerificationQueue,
    ),
    Endpoint(
        "POST",
        "/mod/members/{member_id:int}/verification",
        record_verification,
        Access.MODERATOR,
        "Record how you verified an approved member's professional standing (it expires after "
        "SCN_VERIFICATION_MONTHS); returns the queue.",
        body=VerificationIn,
        response=VerificationQueue,
        errors=(404,),
    ),
    Endpoint(
        "PUT",
        "/account/licence",
        give_licence,
        Access.MEMBER,
        "Give your licence number and state, for a moderator to verify (or re-verify) you.",
        body=LicenceIn,
        response=SelfOut,
    ),
    Endpoint(
        "POST",
        "/account/facility-confirmation",
        confirm_facility,
        Access.MEMBER,
        "Confirm that you still work at the facility your profile names (asked once a year).",
        response=SelfOut,
    ),
)
