"""Lists across categories (Latest, Unanswered, Unread, Following), read through the
policy's ForumScope: what a member may not see is never listed."""

from .conftest import MovableClock, Network
from .forum_helpers import reply, start_thread

KINDS = ("latest", "unanswered", "unread", "following")


def titles(api, kind: str) -> list[str]:
    response = api.get(f"/lists/{kind}")
    assert response.status_code == 200, response.text
    return [t["title"] for t in response.json()["threads"]]


def test_each_list_holds_what_its_name_says(network: Network, clock: MovableClock) -> None:
    alice = network.signed_in(network.add_member())
    bob = network.signed_in(network.add_member())
    answered = start_thread(alice, title="Answered one")["thread"]
    clock.advance(minutes=1)
    start_thread(alice, title="Nobody replied")
    clock.advance(minutes=1)
    reply(bob, answered["id"], "Here is an answer")
    assert titles(bob, "latest") == ["Answered one", "Nobody replied"]
    assert titles(bob, "unanswered") == ["Nobody replied"]
    assert titles(bob, "unread") == ["Nobody replied"]  # replying read the thread
    bob.put(f"/threads/{answered['id']}/follow")
    assert titles(bob, "following") == ["Answered one"]
    carol = network.signed_in(network.add_member())
    assert titles(carol, "unread") == ["Answered one", "Nobody replied"]
    last = carol.get(f"/threads/{answered['id']}").json()["posts"][-1]["id"]
    carol.put(f"/threads/{answered['id']}/read", {"post_id": last})
    assert titles(carol, "unread") == ["Nobody replied"]
    assert bob.get("/lists/popular").status_code == 404


def test_a_hidden_thread_never_appears_in_any_list(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    reader = network.signed_in(network.add_member())
    moderator = network.signed_in(network.add_member(role="moderator"))
    admin = network.signed_in(network.add_member(role="admin"))
    hidden = start_thread(alice, title="SECRET hidden thread")
    first_post = hidden["posts"][0]["id"]
    reader.put(f"/threads/{hidden['thread']['id']}/follow")
    assert moderator.post(f"/mod/posts/{first_post}/hide", {"reason": "PHI"}).status_code == 200
    archived = admin.post("/categories", {"slug": "old", "name": "Old things"}).json()
    in_archive = alice.post(
        "/threads", {"category_id": archived["id"], "title": "SECRET archived thread", "body": "x"}
    )
    assert in_archive.status_code == 201
    reader.put(f"/threads/{in_archive.json()['thread']['id']}/follow")
    assert admin.patch(f"/categories/{archived['id']}", {"archived": True}).status_code == 200
    start_thread(alice, title="Visible thread")
    for kind in KINDS:
        listed = reader.get(f"/lists/{kind}?limit=100").text
        assert "SECRET" not in listed, kind
    assert "Visible thread" in reader.get("/lists/latest").text
