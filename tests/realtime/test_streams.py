"""GET /api/v1/events over real HTTP: live delivery, replay, and cutting streams off."""

import time

from .conftest import Forum
from .harness import Member


def post_created(post_id: int):
    return lambda m: m.data["type"] == "post.created" and m.data["payload"]["post_id"] == post_id


def test_a_reply_reaches_a_member_watching_the_thread(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    thread = alice.start_thread()["thread"]
    stream = alice.stream(f"thread:{thread['id']}")
    assert stream.status == 200
    assert stream.headers is not None
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert stream.headers["cache-control"] == "no-store"
    assert stream.headers["x-accel-buffering"] == "no"
    assert stream.types() == ["stream.open"]

    post = bob.reply(thread["id"], "Redraw at 2 hours if above 2 mmol/L.")
    message = stream.wait_for(post_created(post["id"]))
    assert message.data == {
        "id": message.id,
        "topic": f"thread:{thread['id']}",
        "type": "post.created",
        "created_at": message.data["created_at"],
        "payload": {"thread_id": thread["id"], "post_id": post["id"]},
    }
    assert "Redraw" not in str(stream.messages)  # ids only; content comes from the API
    stream.wait_for_heartbeat()  # SCN_STREAM_HEARTBEAT_SECONDS=1 here
    stream.close()


def test_reconnecting_replays_exactly_the_missed_events_once(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    thread = alice.start_thread()["thread"]
    topic = f"thread:{thread['id']}"
    first = alice.stream(topic)
    seen = first.wait_for(post_created(bob.reply(thread["id"], "one")["id"]))
    first.close()

    missed = [bob.reply(thread["id"], f"missed {n}")["id"] for n in range(3)]
    for resume in ({"last_event_id": seen.id}, {"since": seen.id}):
        again = alice.stream(topic, **resume)
        assert [m.data["payload"]["post_id"] for m in again.events()] == missed
        assert again.types()[-1] == "stream.open"
        live = bob.reply(thread["id"], "live")["id"]
        again.wait_for(post_created(live))
        time.sleep(0.2)
        assert [m.data["payload"]["post_id"] for m in again.events()] == [*missed, live]
        missed.append(live)
        again.close()


def test_stream_open_carries_the_position_to_resume_from(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    thread = alice.start_thread()["thread"]
    first = alice.stream(f"thread:{thread['id']}")
    position = first.messages[0].id
    assert position is not None and position > 0
    first.close()
    missed = bob.reply(thread["id"], "while away")["id"]
    again = alice.stream(f"thread:{thread['id']}", since=position)
    assert [m.data["payload"]["post_id"] for m in again.events()] == [missed]
    again.close()


def test_replay_and_fan_out_show_members_only_what_they_may_see_now(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    moderator = forum.member("Mo", role="moderator")
    thread = alice.start_thread()["thread"]
    topic = f"thread:{thread['id']}"
    start = alice.stream(topic).messages[0].id
    post = bob.reply(thread["id"], "A post a moderator will hide")["id"]
    assert moderator.post(f"/mod/posts/{post}/hide", {"reason": "PHI"}).status_code == 200

    member_view = alice.stream(topic, since=start)
    moderator_view = moderator.stream(topic, since=start)
    assert member_view.types() == ["post.hidden", "stream.open"]  # the removal, not the post
    assert moderator_view.types() == ["post.created", "post.hidden", "stream.open"]

    assert moderator.request("PUT", f"/posts/{post}/helpful").status_code == 200
    moderator_view.wait_for_type("post.reacted")
    visible = bob.reply(thread["id"], "Redacted version")["id"]
    member_view.wait_for(post_created(visible))
    assert "post.reacted" not in member_view.types()
    member_view.close()
    moderator_view.close()


def test_signing_out_ends_the_stream_at_once(forum: Forum) -> None:
    alice = forum.member("Alice")
    thread = alice.start_thread()["thread"]
    stream = alice.stream(f"thread:{thread['id']}")
    cookies = dict(alice.client.cookies)
    assert alice.request("DELETE", "/session").status_code == 204
    ended = stream.wait_for_type("stream.ended", timeout=1)
    assert ended.data["payload"] == {"reason": "signed_out"}
    assert stream.ended.wait(1)

    alice.client.cookies.update(cookies)  # the old cookie, replayed
    again = alice.stream(f"thread:{thread['id']}")
    assert again.status == 401
    assert again.body.startswith(b'{"error"')


def test_suspension_ends_every_stream_of_the_member(forum: Forum) -> None:
    alice = forum.member("Alice")
    moderator = forum.member("Mo", role="moderator")
    thread = alice.start_thread()["thread"]
    streams = [alice.stream(f"thread:{thread['id']}"), alice.stream("category:1")]
    member_id = alice.get("/profile").json()["id"]
    response = moderator.post(f"/mod/members/{member_id}/suspend", {"reason": "Spam"})
    assert response.status_code == 200
    for stream in streams:
        assert stream.wait_for_type("stream.ended", timeout=1).data["payload"] == {"reason": "access_ended"}
    assert alice.stream("category:1").status == 401


def test_an_expired_session_is_cut_off_at_the_next_heartbeat(forum: Forum) -> None:
    alice = forum.member("Alice")
    stream = alice.stream("category:1")
    forum.clock.advance(days=3)  # past the two-day idle limit
    ended = stream.wait_for_type("stream.ended", timeout=2.5)
    assert ended.data["payload"] == {"reason": "session_ended"}


def test_topics_are_checked_when_subscribing(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    moderator = forum.member("Mo", role="moderator")
    page = alice.start_thread(title="Removed")
    thread_id = page["thread"]["id"]
    moderator.post(f"/mod/posts/{page['posts'][0]['id']}/hide", {"reason": "spam"})
    bob_id = bob.get("/profile").json()["id"]
    alice_id = alice.get("/profile").json()["id"]

    refusals = {
        f"member:{bob_id}": (403, "not_your_topic"),
        f"thread:{thread_id}": (404, "not_found"),
        "thread:999999": (404, "not_found"),
        "category:999": (404, "not_found"),
        "forum": (422, "invalid"),
        "thread:1,,": (404, "not_found"),
        ",".join(f"thread:{n}" for n in range(1, 22)): (422, "invalid"),
    }
    for topics, (status, code) in refusals.items():
        response = alice.get("/events", topics=topics)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), topics
    bad_header = alice.client.get(
        "/api/v1/events", params={"topics": "category:1"}, headers={"Last-Event-ID": "yesterday"}
    )
    assert bad_header.json()["error"]["field"] == "Last-Event-ID"

    own = alice.stream(f"member:{alice_id},category:1")
    assert own.status == 200
    moderators_view = moderator.stream(f"thread:{thread_id}")
    assert moderators_view.status == 200
    own.close()
    moderators_view.close()


def test_streams_per_member_are_capped(forum: Forum) -> None:
    alice = forum.member("Alice")
    held = [alice.stream("category:1") for _ in range(3)]  # SCN_STREAMS_PER_MEMBER=3 here
    refused = alice.stream("category:1")
    assert refused.status == 429
    assert refused.headers is not None and refused.headers["retry-after"]
    held.pop().close()
    time.sleep(0.1)
    replacement = alice.stream("category:1")
    assert replacement.status == 200
    for stream in [*held, replacement]:
        stream.close()


def test_open_streams_end_cleanly_when_the_server_stops(forum: Forum) -> None:
    alice: Member = forum.member("Alice")
    stream = alice.stream("category:1")
    forum.server.stop()
    assert stream.wait_for_type("stream.ended", timeout=2).data["payload"] == {"reason": "server_shutdown"}
    assert stream.ended.wait(2)


def test_a_mention_rings_the_members_bell_live(forum: Forum) -> None:
    """The mail worker turns the mention into a notification and rings the bell on the
    member's own topic: the event names nothing, the bell asks what is new."""
    alice, bob = forum.member("Alice"), forum.member("Bob")
    alice_id = alice.get("/profile").json()["id"]
    bell = alice.stream(f"member:{alice_id}")
    bob.start_thread(title="Screening every shift", body="@Alice how does your unit do it?")
    rung = bell.wait_for_type("notification.created")
    assert rung.data["topic"] == f"member:{alice_id}"
    assert rung.data["payload"] == {}
    assert alice.get("/notifications").json()["unread"] == 1
    bell.close()
