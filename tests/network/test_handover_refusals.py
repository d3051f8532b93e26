"""Every refusal of a coordinator handover, as the member reads it: the status, the code,
the sentence and the field their form marks. A successor who is not an active member
(suspended, or still applying) answers like a member who does not exist."""

from datetime import timedelta

from .conftest import Network


def refusal(status: int, code: str, message: str, field: str | None = "successor_id") -> tuple[int, dict]:
    return status, {"error": {"code": code, "message": message, "field": field}}


NO_SUCH_MEMBER = refusal(404, "not_found", "No such member.")


def test_each_handover_refusal_says_what_to_fix(network: Network) -> None:
    at_mercy = {"facility": "Mercy Hospital", "state": "OH"}
    carla = network.add_member(name="Carla Coordinator", is_coordinator=True, **at_mercy)
    colleague = network.add_member(name="Cole Colleague", **at_mercy)
    suspended = network.add_member(name="Sid Suspended", **at_mercy)
    applicant = network.add_member(name="Amy Applicant", status="pending", **at_mercy)
    elsewhere = network.add_member(name="Eli Elsewhere", facility="Mercy Hospital", state="TX")
    runtime = network.app.state.runtime
    with runtime.store.write() as db:
        db.members.suspend(suspended.id, runtime.clock(), runtime.clock() + timedelta(days=7))
    coordinator = network.signed_in(carla)

    def hand_to(api, successor_id: int) -> tuple[int, dict]:
        answer = api.post("/account/handover", {"successor_id": successor_id})
        return answer.status_code, answer.json()

    assert hand_to(network.signed_in(colleague), carla.id) == refusal(
        409, "not_coordinator", "Only a sepsis coordinator can hand the role over.", None
    )
    assert hand_to(coordinator, 99_999) == NO_SUCH_MEMBER
    assert hand_to(coordinator, suspended.id) == NO_SUCH_MEMBER
    assert hand_to(coordinator, applicant.id) == NO_SUCH_MEMBER
    assert hand_to(coordinator, carla.id) == refusal(422, "invalid", "Choose another member to take over.")
    assert hand_to(coordinator, elsewhere.id) == refusal(
        422, "other_facility", "The successor must work at your facility."
    )
    # Nothing was handed over by any of them.
    assert hand_to(coordinator, colleague.id) == (200, {"followed_threads_passed": 0})
