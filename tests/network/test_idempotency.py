"""A create retried with the same Idempotency-Key (the widget resending a draft after a
lost answer) returns the first result and never makes a second post."""

from .conftest import Network
from .forum_helpers import SCREENING, start_thread


def test_a_retried_reply_is_created_once(network: Network) -> None:
    api = network.signed_in(network.add_member())
    thread = start_thread(api)["thread"]
    headers = {"Idempotency-Key": "draft-7f3a9c2e"}
    first = api.post(f"/threads/{thread['id']}/posts", {"body": "Redraw at 2 hours."}, headers=headers)
    again = api.post(f"/threads/{thread['id']}/posts", {"body": "Redraw at 2 hours."}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    posts = api.get(f"/threads/{thread['id']}").json()["posts"]
    assert [p["id"] for p in posts].count(first.json()["id"]) == 1
    assert len(posts) == 2


def test_a_retried_thread_is_created_once(network: Network) -> None:
    api = network.signed_in(network.add_member())
    body = {"category_id": SCREENING, "title": "Screening tools", "body": "Which one?"}
    headers = {"Idempotency-Key": "new-thread-0001"}
    first = api.post("/threads", body, headers=headers)
    again = api.post("/threads", body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["thread"]["id"] == first.json()["thread"]["id"]
    assert network.row_counts()["threads"] == 1


def test_keys_belong_to_one_member_and_one_thread(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    bob = network.signed_in(network.add_member())
    one, two = start_thread(alice)["thread"], start_thread(alice, title="Another one")["thread"]
    headers = {"Idempotency-Key": "shared-key-123"}
    mine = alice.post(f"/threads/{one['id']}/posts", {"body": "Alice's reply"}, headers=headers)
    theirs = bob.post(f"/threads/{one['id']}/posts", {"body": "Bob's reply"}, headers=headers)
    assert theirs.json()["id"] != mine.json()["id"]
    reused = alice.post(f"/threads/{two['id']}/posts", {"body": "Elsewhere"}, headers=headers)
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"


def test_a_malformed_key_is_refused_and_nothing_is_written(network: Network) -> None:
    api = network.signed_in(network.add_member())
    thread = start_thread(api)["thread"]
    before = network.row_counts()
    response = api.post(
        f"/threads/{thread['id']}/posts", {"body": "x"}, headers={"Idempotency-Key": "no spaces!"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "Idempotency-Key"
    assert network.row_counts() == before
