"""The forum: categories, threads, replies, quotes, revisions, reactions, answers,
page threads, unread counts, following, and the events each write appends."""

import behind_the_app

from .conftest import Network
from .forum_helpers import SCREENING, reply, start_thread


def events(network: Network) -> list[tuple[str, str]]:
    since = network.app.state.runtime.store.read().events.since
    topics = [
        topic
        for (topic,) in behind_the_app.rows(network.settings.database, "SELECT DISTINCT topic FROM events")
    ]
    return [(row["topic"], row["type"]) for row in since(topics, 0, 1000)]


def test_events_replay_in_order_with_ids_only(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    thread = start_thread(alice)["thread"]
    first_reply = reply(alice, thread["id"], "one")
    second_reply = reply(alice, thread["id"], "two")
    since = network.app.state.runtime.store.read().events.since
    log = since([f"thread:{thread['id']}"], 0, 100)
    assert [e["type"] for e in log] == ["thread.created", "post.created", "post.created"]
    assert [e["id"] for e in log] == sorted(e["id"] for e in log)
    replay = since([f"thread:{thread['id']}"], log[1]["id"], 100)
    assert [e["payload"] for e in replay] == [{"thread_id": thread["id"], "post_id": second_reply["id"]}]
    assert first_reply["id"] < second_reply["id"]


def test_seeded_categories_and_admin_management(network: Network) -> None:
    member = network.signed_in(network.add_member())
    names = [c["name"] for c in member.get("/categories").json()["categories"]]
    assert len(names) == 10
    assert names[0] == "Screening and early recognition"
    assert "Survivorship" in names

    admin = network.signed_in(network.add_member(role="admin"))
    created = admin.post("/categories", {"slug": "ems", "name": "EMS and prehospital"})
    assert created.status_code == 201
    category = created.json()
    assert admin.post("/categories", {"slug": "ems", "name": "Again"}).status_code == 409
    archived = admin.patch(f"/categories/{category['id']}", {"archived": True})
    assert archived.json()["archived"] is True
    assert "EMS and prehospital" not in str(member.get("/categories").json())
    assert member.get(f"/categories/{category['id']}/threads").status_code == 404
    assert member.post("/categories", {"slug": "x", "name": "X"}).status_code == 403
    assert ("category:11", "category.changed") in events(network)


def test_thread_reply_quote_edit_and_history(network: Network) -> None:
    alice = network.signed_in(network.add_member(name="Alice"))
    bob = network.signed_in(network.add_member(name="Bob"))
    page = start_thread(alice, body="Do you redraw lactate at **2 hours**?")
    thread = page["thread"]
    first = page["posts"][0]
    assert first["html"] == "<p>Do you redraw lactate at <strong>2 hours</strong>?</p>\n"
    assert thread["author"]["name"] == "Alice"
    assert thread["following"] is True

    answer = reply(bob, thread["id"], "Yes, if the first was > 2.", quote_post_id=first["id"])
    assert answer["quote"]["post_id"] == first["id"]
    assert answer["quote"]["author"]["name"] == "Alice"

    edited = bob.patch(f"/posts/{answer['id']}", {"body": "Yes, if the first was above 2."})
    assert edited.status_code == 200
    assert edited.json()["edited_at"] and edited.json()["revision_count"] == 2
    history = bob.get(f"/posts/{answer['id']}/revisions").json()["revisions"]
    assert ["&gt; 2" in r["html"] for r in history] == [True, False]
    # What an author edited out is theirs and the moderators' to see, no one else's.
    assert alice.get(f"/posts/{answer['id']}/revisions").status_code == 404
    assert alice.patch(f"/posts/{answer['id']}", {"body": "mine now"}).status_code == 403

    listed = alice.get(f"/categories/{SCREENING}/threads").json()["threads"]
    assert [(t["id"], t["post_count"]) for t in listed] == [(thread["id"], 2)]
    assert ("category:1", "thread.created") in events(network)
    assert (f"thread:{thread['id']}", "post.edited") in events(network)


def test_quotes_must_come_from_the_same_thread(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    one = start_thread(alice, title="One")
    two = start_thread(alice, title="Two")
    response = alice.post(
        f"/threads/{two['thread']['id']}/posts", {"body": "x", "quote_post_id": one["posts"][0]["id"]}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "quote_post_id"


def test_soft_delete_hides_from_members_not_moderators(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    bob = network.signed_in(network.add_member())
    moderator = network.signed_in(network.add_member(role="moderator"))
    thread = start_thread(alice)["thread"]
    post = reply(bob, thread["id"], "Regret this reply")
    assert alice.delete(f"/posts/{post['id']}").status_code == 403
    assert bob.delete(f"/posts/{post['id']}").status_code == 204
    assert bob.delete(f"/posts/{post['id']}").status_code == 404
    assert "Regret" not in alice.get(f"/threads/{thread['id']}").text
    seen = moderator.get(f"/threads/{thread['id']}").json()["posts"]
    assert [(p["id"], p["status"]) for p in seen][-1] == (post["id"], "deleted")
    assert alice.get(f"/posts/{post['id']}/revisions").status_code == 404


def test_helpful_and_accepted_answer(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    bob = network.signed_in(network.add_member())
    carol = network.signed_in(network.add_member())
    thread = start_thread(alice)["thread"]
    post = reply(bob, thread["id"], "Use the bundle checklist")
    assert bob.put(f"/posts/{post['id']}/helpful").status_code == 409
    marked = alice.put(f"/posts/{post['id']}/helpful").json()
    assert (marked["helpful_count"], marked["helpful_by_me"]) == (1, True)
    assert alice.put(f"/posts/{post['id']}/helpful").json()["helpful_count"] == 1
    assert alice.delete(f"/posts/{post['id']}/helpful").json()["helpful_count"] == 0

    assert carol.put(f"/threads/{thread['id']}/accepted", {"post_id": post["id"]}).status_code == 403
    accepted = alice.put(f"/threads/{thread['id']}/accepted", {"post_id": post["id"]})
    assert accepted.json()["accepted_post_id"] == post["id"]
    posts = carol.get(f"/threads/{thread['id']}").json()["posts"]
    assert [p["accepted"] for p in posts] == [False, True]
    first_post = posts[0]["id"]
    assert alice.put(f"/threads/{thread['id']}/accepted", {"post_id": first_post}).status_code == 422
    assert alice.delete(f"/threads/{thread['id']}/accepted").json()["accepted_post_id"] is None


def test_page_threads(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    missing = alice.get("/pages/thread", params={"key": "resource/qsofa-card"})
    assert missing.status_code == 200
    assert missing.json() == {"thread": None}
    page = start_thread(alice, title="qSOFA card", page_key="resource/qsofa-card")
    found = alice.get("/pages/thread", params={"key": "resource/qsofa-card"}).json()["thread"]
    assert found["id"] == page["thread"]["id"]
    again = alice.post(
        "/threads",
        {"category_id": SCREENING, "title": "Again", "body": "x", "page_key": "resource/qsofa-card"},
    )
    assert again.status_code == 409
    bad = alice.get("/pages/thread", params={"key": "../etc/passwd"})
    assert bad.status_code == 422


def test_unread_counts_and_following(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    bob = network.signed_in(network.add_member())
    thread = start_thread(alice)["thread"]

    def bobs_view() -> dict:
        return bob.get(f"/categories/{SCREENING}/threads").json()["threads"][0]

    assert (bobs_view()["unread_count"], bobs_view()["following"]) == (1, False)
    second = reply(alice, thread["id"], "Another thought")
    assert bobs_view()["unread_count"] == 2
    page = bob.get(f"/threads/{thread['id']}")  # reading is a GET: no state change
    assert page.json()["thread"]["unread_count"] == 2
    assert bob.put(f"/threads/{thread['id']}/read", {"post_id": second["id"]}).json()["unread_count"] == 0
    assert bob.put(f"/threads/{thread['id']}/follow").json()["following"] is True
    assert bob.delete(f"/threads/{thread['id']}/follow").json()["following"] is False
    assert alice.get(f"/categories/{SCREENING}/threads").json()["threads"][0]["unread_count"] == 0


def test_paging_a_thread(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    thread = start_thread(alice)["thread"]
    ids = [reply(alice, thread["id"], f"reply {n}")["id"] for n in range(4)]
    page = alice.get(f"/threads/{thread['id']}", params={"after": ids[0], "limit": 2}).json()
    assert [p["id"] for p in page["posts"]] == ids[1:3]


def test_a_failed_write_leaves_no_event(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    start_thread(alice, page_key="resource/lactate")
    before = network.row_counts()
    again = alice.post(
        "/threads", {"category_id": SCREENING, "title": "Again", "body": "x", "page_key": "resource/lactate"}
    )
    assert again.status_code == 409
    assert network.row_counts() == before
