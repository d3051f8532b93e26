"""An Idempotency-Key names one create of one member: retrying it returns the first
result and writes nothing; using it for a different create is refused with 422
idempotency_key_reused and writes nothing; another member's same key is theirs alone.
"""

from typing import Any

import httpx

from .conftest import Api, Network
from .forum_helpers import SCREENING, start_thread
from .test_security import assert_error

KEY = "draft-5c1d9e7a"


def keyed(api: Api, path: str, body: dict[str, Any], key: str = KEY) -> httpx.Response:
    return api.post(path, body, headers={"Idempotency-Key": key})


def new_thread(title: str) -> dict[str, Any]:
    return {"category_id": SCREENING, "title": title, "body": "Which screening tool?"}


def test_a_retried_keyed_reply_returns_the_first_reply(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    thread = start_thread(alice)["thread"]
    first = keyed(alice, f"/threads/{thread['id']}/posts", {"body": "Redraw at 2 hours."})
    assert first.status_code == 201
    before = network.row_counts()

    # The retry of a draft the widget edited meanwhile still answers with what was stored.
    again = keyed(alice, f"/threads/{thread['id']}/posts", {"body": "Redraw at 2 hours!"})
    assert again.status_code == 201
    assert again.json() == first.json()
    assert network.row_counts() == before
    posts = alice.get(f"/threads/{thread['id']}").json()["posts"]
    assert [post["html"] for post in posts[1:]] == ["<p>Redraw at 2 hours.</p>\n"]


def test_a_reply_key_used_again_for_a_new_thread_is_refused(network: Network) -> None:
    """A key names one request: reused for another kind of post, it is refused (it once
    answered 201 with the reply's thread)."""
    alice = network.signed_in(network.add_member())
    thread = start_thread(alice)["thread"]
    assert keyed(alice, f"/threads/{thread['id']}/posts", {"body": "A reply"}).status_code == 201
    before = network.row_counts()

    reused = keyed(alice, "/threads", new_thread("A different question"))
    assert_error(reused, 422, "idempotency_key_reused")
    assert reused.json()["error"]["field"] == "Idempotency-Key"
    assert network.row_counts() == before


def test_a_new_thread_key_used_again_for_a_reply_in_that_thread_is_refused(network: Network) -> None:
    """A key names one request: reused for a reply, it is refused (it once answered 201
    with the thread's first post)."""
    alice = network.signed_in(network.add_member())
    created = keyed(alice, "/threads", new_thread("Lactate timing"))
    assert created.status_code == 201
    thread_id = created.json()["thread"]["id"]
    before = network.row_counts()

    reused = keyed(alice, f"/threads/{thread_id}/posts", {"body": "A reply"})
    assert_error(reused, 422, "idempotency_key_reused")
    assert network.row_counts() == before


def test_a_reply_key_used_again_in_another_thread_is_refused(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    one, two = start_thread(alice, title="One")["thread"], start_thread(alice, title="Two")["thread"]
    assert keyed(alice, f"/threads/{one['id']}/posts", {"body": "Here"}).status_code == 201
    before = network.row_counts()

    assert_error(
        keyed(alice, f"/threads/{two['id']}/posts", {"body": "There"}), 422, "idempotency_key_reused"
    )
    assert network.row_counts() == before


def test_the_same_key_from_two_members_makes_two_posts(network: Network) -> None:
    alice = network.signed_in(network.add_member(name="Alice"))
    bob = network.signed_in(network.add_member(name="Bob"))
    thread = start_thread(alice)["thread"]

    alices = keyed(alice, f"/threads/{thread['id']}/posts", {"body": "Alice's reply"})
    bobs = keyed(bob, f"/threads/{thread['id']}/posts", {"body": "Bob's reply"})
    assert alices.status_code == bobs.status_code == 201
    assert alices.json()["id"] != bobs.json()["id"]
    assert bobs.json()["author"]["name"] == "Bob"

    other_key = "draft-thread-0001"
    alices_thread = keyed(alice, "/threads", new_thread("Alice's question"), other_key)
    bobs_thread = keyed(bob, "/threads", new_thread("Bob's question"), other_key)
    assert alices_thread.status_code == bobs_thread.status_code == 201
    assert alices_thread.json()["thread"]["id"] != bobs_thread.json()["thread"]["id"]
    assert bobs_thread.json()["thread"]["title"] == "Bob's question"
