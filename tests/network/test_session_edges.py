"""Sessions at their edges: the idle timeout to the microsecond, an expired session
leaves the database the first time it is presented, and the refusal of a request
without its CSRF token says how to get one."""

from datetime import timedelta

import behind_the_app

from .conftest import MovableClock, Network

TICK = timedelta(microseconds=1)


def stored_sessions(network: Network) -> int:
    return behind_the_app.rows(network.settings.database, "SELECT count(*) FROM sessions")[0][0]


def test_a_session_idle_for_exactly_the_limit_still_works_and_a_microsecond_more_ends_it(
    network: Network, clock: MovableClock
) -> None:
    api = network.signed_in(network.add_member())
    idle = network.settings.session_idle
    clock.now += idle
    assert api.get("/profile").status_code == 200
    assert stored_sessions(network) == 1
    clock.now += idle + TICK
    assert api.get("/profile").status_code == 401
    # The expired session is gone from the database, not just refused.
    assert stored_sessions(network) == 0


def test_a_request_without_its_csrf_token_is_told_where_to_get_one(network: Network) -> None:
    api = network.signed_in(network.add_member())
    refused = api.post(
        "/threads", {"category_id": 1, "title": "No token", "body": "x"}, headers={"X-CSRF-Token": ""}
    )
    assert (refused.status_code, refused.json()) == (
        403,
        {
            "error": {
                "code": "csrf_failed",
                "message": "Missing or stale X-CSRF-Token header; get a fresh one from GET /api/v1/session.",
                "field": None,
            }
        },
    )


def test_once_a_suspension_lapses_the_member_signs_in_and_takes_part_again(
    network: Network, clock: MovableClock
) -> None:
    sam = network.add_member()
    moderator = network.signed_in(network.add_member(role="moderator"))
    until = clock.now + timedelta(days=7)
    suspended = moderator.post(
        f"/mod/members/{sam.id}/suspend", {"reason": "Cooling off", "until": until.isoformat()}
    )
    assert suspended.status_code == 200, suspended.text
    clock.now = until + TICK
    api = network.signed_in(sam)
    assert api.get("/profile").status_code == 200
    started = api.post("/threads", {"category_id": 1, "title": "Back again", "body": "Lactate at two hours."})
    assert started.status_code == 201, started.text
