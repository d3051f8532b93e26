"""An open event stream keeps to the access policy for its whole life, and a client that
missed too much is told to reload instead of being replayed an unbounded backlog.

Changes here are made behind the app's back (plain sqlite3), as another process would:
the stream learns of them only at its next heartbeat (1 s in these tests).
"""

import time

import behind_the_app

from .conftest import Forum
from .harness import EventReader, Member

REPLAY_LIMIT = 500  # the most missed events a reconnecting stream replays (streams.py)


def member_id(member: Member) -> int:
    return member.get("/profile").json()["id"]


def assert_cut_off(member: Member, stream: EventReader) -> None:
    ended = stream.wait_for_type("stream.ended", timeout=3)
    assert ended.data["payload"] == {"reason": "session_ended"}
    assert stream.ended.wait(2)
    assert member.stream("category:1").status == 401


def test_a_member_suspended_behind_the_apps_back_is_cut_off_at_the_next_heartbeat(forum: Forum) -> None:
    alice = forum.member("Alice")
    stream = alice.stream("category:1")
    behind_the_app.suspend(forum.database, member_id(alice))
    assert_cut_off(alice, stream)


def test_a_member_who_is_no_longer_approved_is_cut_off_at_the_next_heartbeat(forum: Forum) -> None:
    alice = forum.member("Alice")
    stream = alice.stream("category:1")
    behind_the_app.set_status(forum.database, member_id(alice), "rejected")
    ended = stream.wait_for_type("stream.ended", timeout=3)
    assert ended.data["payload"] == {"reason": "session_ended"}
    refused = alice.stream("category:1")
    assert refused.status == 403  # still signed in, no longer a member


def test_other_members_streams_carry_on(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    thread = bob.start_thread()["thread"]
    alices, bobs = alice.stream(f"thread:{thread['id']}"), bob.stream(f"thread:{thread['id']}")
    behind_the_app.suspend(forum.database, member_id(alice))
    alices.wait_for_type("stream.ended", timeout=3)
    post = bob.reply(thread["id"], "still here")
    bobs.wait_for(lambda m: m.data.get("payload", {}).get("post_id") == post["id"])
    assert "stream.ended" not in bobs.types()


def wait_for_heartbeats(stream: EventReader, count: int, timeout: float = 5) -> None:
    """Wait for `count` more heartbeats: the session is checked again before each one."""
    target, deadline = stream.heartbeats + count, time.monotonic() + timeout
    while stream.heartbeats < target:
        assert time.monotonic() < deadline, f"fewer than {count} heartbeats in {timeout}s"
        time.sleep(0.01)


def test_a_moderator_demoted_behind_the_apps_back_gets_only_members_events(forum: Forum) -> None:
    alice, moderator, other_moderator = (
        forum.member("Alice"),
        forum.member("Mo", role="moderator"),
        forum.member("Max", role="moderator"),
    )
    thread = alice.start_thread()["thread"]
    hidden = alice.reply(thread["id"], "Patient name here")["id"]
    assert other_moderator.post(f"/mod/posts/{hidden}/hide", {"reason": "PHI"}).status_code == 200
    stream = moderator.stream(f"thread:{thread['id']}")

    behind_the_app.set_role(forum.database, member_id(moderator), "member")
    wait_for_heartbeats(stream, 2)  # the first may have been checked just before the change
    # A reaction to a hidden post is for moderators only; the reply after it is for everyone.
    assert other_moderator.request("PUT", f"/posts/{hidden}/helpful").status_code == 200
    visible = alice.reply(thread["id"], "Redacted version")["id"]
    stream.wait_for(lambda m: m.data.get("payload", {}).get("post_id") == visible)
    assert "post.reacted" not in stream.types()
    stream.close()


def missed_events(forum: Forum, author: Member) -> tuple[str, list[int]]:
    """A thread whose topic then gets REPLAY_LIMIT + 1 events, once the server has read them all."""
    page = author.start_thread()
    thread_id, post_id = page["thread"]["id"], page["posts"][0]["id"]
    topic = f"thread:{thread_id}"
    ids = behind_the_app.append_events(
        forum.database,
        topic,
        "post.created",
        {"thread_id": thread_id, "post_id": post_id},
        REPLAY_LIMIT + 1,
    )
    # A new stream opens at the position the server has read up to: wait until it has them all
    # (a bound against hanging, not a latency target: on PostgreSQL the follower decides the
    # audience of 501 events, a few queries each, after its next safety poll).
    deadline = time.monotonic() + 60
    while read_up_to(author) < ids[-1]:
        assert time.monotonic() < deadline, "the server did not read the appended events"
    return topic, ids


def read_up_to(member: Member) -> int:
    probe = member.stream(f"member:{member_id(member)}")
    probe.close()
    return probe.messages[0].data["payload"]["last_event_id"]


def test_reconnecting_after_missing_more_than_the_replay_limit_says_reset(forum: Forum) -> None:
    alice, bob = forum.member("Alice"), forum.member("Bob")
    topic, ids = missed_events(forum, alice)
    thread_id = int(topic.split(":")[1])
    for resume in ({"last_event_id": ids[0] - 1}, {"since": ids[0] - 1}):
        stream = alice.stream(topic, **resume)
        assert stream.types() == ["stream.reset", "stream.open"]
        assert stream.messages[-1].data["payload"] == {"last_event_id": stream.messages[-1].id}
        assert stream.messages[-1].id >= ids[-1]
        # After the reset the stream carries on live.
        post = bob.reply(thread_id, "after the reset")
        stream.wait_for(lambda m, post_id=post["id"]: m.data.get("payload", {}).get("post_id") == post_id)
        stream.close()


def test_missing_exactly_the_replay_limit_replays_everything(forum: Forum) -> None:
    alice = forum.member("Alice")
    topic, ids = missed_events(forum, alice)
    stream = alice.stream(topic, since=ids[0])
    assert "stream.reset" not in stream.types()
    assert [message.id for message in stream.events()] == ids[1:]
    assert len(stream.events()) == REPLAY_LIMIT
    stream.close()
