"""A CSRF token is bound to the one session (or visitor seed) it was issued for.

A token that is valid somewhere else (another member's session, the visit before
signing in, a session since ended) is refused with 403 csrf_failed, and the refused
request changes nothing.
"""

from .conftest import JOIN, PASSWORD, Api, Network
from .forum_helpers import start_thread
from .test_security import assert_error


def test_a_member_cannot_use_another_members_token(network: Network) -> None:
    alice = network.signed_in(network.add_member(name="Alice"))
    bob = network.signed_in(network.add_member(name="Bob"))
    thread = start_thread(alice)["thread"]
    assert alice.csrf != bob.csrf
    before = network.row_counts()

    with_bobs_token = {"X-CSRF-Token": bob.csrf}
    reply = alice.post(f"/threads/{thread['id']}/posts", {"body": "forged"}, headers=with_bobs_token)
    assert_error(reply, 403, "csrf_failed")
    profile = alice.patch("/profile", {"city": "Forged City"}, headers=with_bobs_token)
    assert_error(profile, 403, "csrf_failed")
    sign_out = alice.delete("/session", headers=with_bobs_token)
    assert_error(sign_out, 403, "csrf_failed")

    assert network.row_counts() == before
    assert alice.get("/profile").json()["city"] != "Forged City"
    assert alice.get("/session").json()["member"]["name"] == "Alice"  # still signed in
    # Each token still works for its own session.
    assert alice.patch("/profile", {"city": "Dayton"}).status_code == 200
    assert bob.patch("/profile", {"city": "Akron"}).status_code == 200


def test_the_visitor_token_stops_working_at_sign_in(network: Network) -> None:
    member = network.add_member()
    api = network.client()
    api.refresh()
    visitor_token = api.csrf
    assert api.post("/session", {"email": member.email, "password": PASSWORD}).status_code == 200
    before = network.row_counts()

    stale = api.patch("/profile", {"city": "Forged City"}, headers={"X-CSRF-Token": visitor_token})
    assert_error(stale, 403, "csrf_failed")
    assert network.row_counts() == before
    assert api.get("/profile").json()["city"] != "Forged City"
    assert api.get("/session").json()["csrf_token"] != visitor_token


def test_a_signed_out_sessions_token_no_longer_works(network: Network) -> None:
    member = network.add_member()
    api = network.signed_in(member)
    old_token = api.csrf
    assert api.delete("/session").status_code == 204
    before = network.row_counts()

    # As the visitor it now is: the old session's token opens no public form...
    assert_error(api.post("/join", JOIN, headers={"X-CSRF-Token": old_token}), 403, "csrf_failed")
    assert network.row_counts() == before
    assert network.mails() == []
    # ...and after signing in again, the new session does not accept it either.
    assert api.sign_in(member.email).status_code == 200
    assert api.csrf != old_token
    refused = api.patch("/profile", {"city": "Forged City"}, headers={"X-CSRF-Token": old_token})
    assert_error(refused, 403, "csrf_failed")
    assert api.get("/profile").json()["city"] != "Forged City"


def test_a_token_is_not_accepted_without_the_cookie_it_belongs_to(network: Network, visitor: Api) -> None:
    """A stolen token alone is useless: the request must carry the session it was issued for."""
    alice = network.signed_in(network.add_member())
    before = network.row_counts()
    forged = visitor.post(
        "/threads", {"category_id": 1, "title": "x", "body": "y"}, headers={"X-CSRF-Token": alice.csrf}
    )
    assert_error(forged, 403, "csrf_failed")
    assert network.row_counts() == before
