"""Issue 12 over the events stream: held posts reach moderators only, live and on
replay, until approved; anonymous posts' events name nobody; a redaction reaches open
screens as an event, and no replayed event holds the redacted text."""

import json

from .conftest import Forum

PHONE_POST = "Her daughter asked us to call 312-555-0147 after rounds."


def test_a_held_post_reaches_moderators_only_until_approved(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    moderator = forum.member("Mo", role="moderator")
    thread = alice.start_thread()["thread"]
    topic = f"thread:{thread['id']}"
    member_live, moderator_live = bob.stream(topic), moderator.stream(topic)

    body = {"body": PHONE_POST, "confirm_identifiers": True}
    held = alice.post(f"/threads/{thread['id']}/posts", body).json()
    moderator_live.wait_for_type("post.created")
    assert moderator.post(f"/mod/held/{held['id']}/approve", {"reason": "Fictional"}).status_code == 200
    member_live.wait_for_type("post.approved")
    assert member_live.types() == ["stream.open", "post.approved"]
    member_live.close()
    moderator_live.close()


def test_before_approval_a_member_replays_nothing_of_a_held_post(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    thread = alice.start_thread()["thread"]
    topic = f"thread:{thread['id']}"
    start = bob.stream(topic).messages[0].id
    alice.post(f"/threads/{thread['id']}/posts", {"body": PHONE_POST, "confirm_identifiers": True})
    visible = alice.reply(thread["id"], "A later reply everyone sees")
    member_view = bob.stream(topic, since=start)
    member_view.wait_for(lambda m: m.data.get("payload", {}).get("post_id") == visible["id"])
    assert [m.data["payload"]["post_id"] for m in member_view.events()] == [visible["id"]]
    member_view.close()


def test_a_redaction_updates_open_screens_and_no_event_holds_the_text(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    thread = alice.start_thread()["thread"]
    topic = f"thread:{thread['id']}"
    start = bob.stream(topic).messages[0].id
    post = alice.reply(thread["id"], "The visitor with the falcon tattoo is back.")
    live = bob.stream(topic)
    body = "The visitor with the falcon tattoo is back."
    start_at = body.index("falcon")
    response = alice.post(
        f"/posts/{post['id']}/redactions", {"reason": "Recognisable", "start": start_at, "end": start_at + 13}
    )
    assert response.status_code == 200
    live.wait_for_type("post.redacted")
    replay = bob.stream(topic, since=start)
    replay.wait_for_type("post.redacted")
    assert "falcon" not in json.dumps([m.data for m in replay.messages + live.messages])
    live.close()
    replay.close()
