"""Sessions you can see: where you are signed in (device, last seen), signing one out,
and signing out everywhere else."""

from .conftest import Network

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1"
)


def test_a_member_sees_their_sessions_and_signs_one_out(network: Network, clock) -> None:
    person = network.add_member()
    laptop = network.client()
    laptop.client.headers["User-Agent"] = FIREFOX
    assert laptop.sign_in(person.email).status_code == 200
    clock.advance(minutes=5)
    phone = network.client()
    phone.client.headers["User-Agent"] = SAFARI
    assert phone.sign_in(person.email).status_code == 200
    stranger = network.signed_in(network.add_member())

    listed = laptop.get("/account/sessions").json()["sessions"]
    assert [(s["device"], s["current"]) for s in listed] == [
        ("Safari on iPhone", False),
        ("Firefox on Windows", True),
    ]
    phone_session = listed[0]["id"]

    # Nobody ends another member's session, and nobody learns it exists.
    assert stranger.delete(f"/account/sessions/{phone_session}").status_code == 404
    assert phone.get("/profile").status_code == 200

    assert laptop.delete(f"/account/sessions/{phone_session}").status_code == 204
    assert phone.get("/profile").status_code == 401
    assert laptop.get("/profile").status_code == 200


def test_signing_out_everywhere_else_keeps_this_session(network: Network) -> None:
    person = network.add_member()
    here = network.signed_in(person)
    elsewhere = [network.signed_in(person) for _ in range(2)]
    assert here.delete("/account/sessions").status_code == 204
    assert [api.get("/profile").status_code for api in elsewhere] == [401, 401]
    assert [s["current"] for s in here.get("/account/sessions").json()["sessions"]] == [True]
