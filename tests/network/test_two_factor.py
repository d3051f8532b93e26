"""Two-factor: an authenticator app (TOTP) with one-time recovery codes, optional for
members and required for moderators and admins before they can use moderation."""

import pyotp
from harness import TEST_TOTP_SECRET

from .conftest import PASSWORD, Api, MovableClock, Network, Person, row_counts


def moderator_without_two_factor(network: Network) -> Person:
    person = network.add_member()
    with network.app.state.runtime.store.write() as db:
        db.members.set_role(person.id, "moderator")
    return person


def sign_in_with(api: Api, person: Person, code: str | None = None) -> dict:
    api.refresh()
    body = {"email": person.email, "password": PASSWORD} | ({"code": code} if code else {})
    response = api.post("/session", body)
    if response.status_code == 200:
        api.csrf = response.json()["csrf_token"]
    return response.json() | {"status": response.status_code}


def test_a_moderator_without_two_factor_cannot_reach_moderation(
    network: Network, clock: MovableClock
) -> None:
    person = moderator_without_two_factor(network)
    moderator = network.client()
    assert sign_in_with(moderator, person)["status"] == 200
    for path in ("/mod/applications", "/mod/flags", "/mod/audit", "/mod/held"):
        refused = moderator.get(path)
        assert refused.status_code == 403, path
        assert refused.json()["error"]["code"] == "two_factor_required"
    assert moderator.get("/categories").status_code == 200  # still a member of the forum

    # Setting up an authenticator app makes this session a two-factor one.
    setup = moderator.post("/account/totp").json()
    assert setup["uri"].startswith("otpauth://totp/") and setup["secret"] in setup["uri"]
    wrong = moderator.post("/account/totp/confirm", {"code": "000000"})
    assert wrong.status_code == 422
    confirmed = moderator.post("/account/totp/confirm", {"code": pyotp.TOTP(setup["secret"]).at(clock.now)})
    assert confirmed.status_code == 200, confirmed.text
    assert len(confirmed.json()["recovery_codes"]) == 10
    moderator.csrf = confirmed.json()["csrf_token"]
    assert moderator.get("/mod/applications").status_code == 200

    # A later password-only sign-in is asked for the code.
    later = network.client()
    assert sign_in_with(later, person)["error"]["code"] == "two_factor_required"
    assert later.get("/session").json()["member"] is None


def test_a_recovery_code_works_once(network: Network, clock: MovableClock) -> None:
    person = network.add_member(role="moderator")
    moderator = network.signed_in(person)
    codes = moderator.post("/account/recovery-codes").json()["recovery_codes"]
    assert len(set(codes)) == 10

    first = network.client()
    assert sign_in_with(first, person, codes[0])["status"] == 200
    assert first.get("/mod/applications").status_code == 200
    assert first.get("/account/security").json()["recovery_codes_left"] == 9

    sessions = row_counts(network.settings.database)["sessions"]
    second = network.client()
    replay = sign_in_with(second, person, codes[0])
    assert replay["status"] == 401 and replay["error"]["code"] == "invalid_code"
    assert row_counts(network.settings.database)["sessions"] == sessions
    assert sign_in_with(network.client(), person, codes[1])["status"] == 200


def test_a_wrong_code_opens_no_session(network: Network) -> None:
    person = network.add_member(role="admin")
    api = network.client()
    refused = sign_in_with(
        api, person, "123456" if pyotp.TOTP(TEST_TOTP_SECRET).now() != "123456" else "654321"
    )
    assert refused["status"] == 401 and refused["error"]["code"] == "invalid_code"
    assert api.get("/session").json()["member"] is None


def test_turning_two_factor_off_needs_a_two_factor_session(network: Network) -> None:
    member = network.add_member()
    api = network.signed_in(member)
    assert api.delete("/account/totp").json()["error"]["code"] == "two_factor_required"
    moderator = network.signed_in(network.add_member(role="moderator"))
    assert moderator.get("/account/security").json()["two_factor_session"] is True
    assert moderator.delete("/account/totp").status_code == 204
    assert moderator.get("/account/security").json()["totp"] is False
