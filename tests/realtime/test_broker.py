"""The in-process broker: fan-out by topic and audience, slow subscribers dropped, the cap."""

import asyncio

import pytest

from discussion_api.core.policy import Audience, Rank, Viewer
from discussion_api.realtime.broker import Broker, Event, StreamEnded, TooManyStreams
from discussion_api.storage.interfaces import Member


def viewer(member_id: int, moderator: bool = False) -> Viewer:
    role = "moderator" if moderator else "member"
    member = Member(member_id, f"m{member_id}@example.org", f"M{member_id}", role, "approved", None, None)
    return Viewer(member, Rank.MODERATOR if moderator else Rank.MEMBER)


def event(event_id: int, topic: str = "thread:1", audience: Audience = Audience.MEMBERS) -> Event:
    return Event(
        event_id,
        topic,
        "post.created",
        {"thread_id": 1, "post_id": event_id},
        "2026-03-01T09:00:00+00:00",
        audience,
    )


def drain(subscription) -> list[int]:
    async def take() -> list[int]:
        ids = []
        while (next_event := await subscription.next(0.01)) is not None:
            ids.append(next_event.id)
        return ids

    return asyncio.run(take())


def test_events_reach_the_subscribers_of_their_topic_only() -> None:
    broker = Broker(streams_per_member=5)
    on_thread = broker.subscribe(viewer(1), 10, frozenset({"thread:1"}))
    on_both = broker.subscribe(viewer(2), 20, frozenset({"thread:1", "category:1"}))
    elsewhere = broker.subscribe(viewer(3), 30, frozenset({"thread:2"}))
    broker.publish(event(1))
    broker.publish(event(2, "category:1"))
    assert (drain(on_thread), drain(on_both), drain(elsewhere)) == ([1], [1, 2], [])


def test_moderator_only_events_skip_members() -> None:
    broker = Broker(streams_per_member=5)
    member = broker.subscribe(viewer(1), 10, frozenset({"thread:1"}))
    moderator = broker.subscribe(viewer(2, moderator=True), 20, frozenset({"thread:1"}))
    broker.publish(event(1, audience=Audience.MODERATORS))
    broker.publish(event(2))
    assert (drain(member), drain(moderator)) == ([2], [1, 2])


def test_a_subscriber_holds_exactly_its_queue_limit() -> None:
    broker = Broker(streams_per_member=5, queue_limit=3)
    full = broker.subscribe(viewer(1), 10, frozenset({"thread:1"}))
    for event_id in (1, 2, 3):
        broker.publish(event(event_id))
    assert full.ended is None and drain(full) == [1, 2, 3]
    for event_id in (4, 5, 6, 7):
        broker.publish(event(event_id))
    assert full.ended == "too_slow"


def test_ending_the_streams_of_a_member_who_has_none_is_harmless() -> None:
    broker = Broker(streams_per_member=5)
    other = broker.subscribe(viewer(2), 20, frozenset({"thread:1"}))
    broker.end_member(1, "access_ended")
    broker.end_session(99, "signed_out")
    assert other.ended is None and broker.stream_count() == 1


def test_a_slow_subscriber_is_dropped_and_the_others_keep_receiving() -> None:
    broker = Broker(streams_per_member=5, queue_limit=3)
    slow = broker.subscribe(viewer(1), 10, frozenset({"thread:1"}))
    keeping_up = broker.subscribe(viewer(2), 20, frozenset({"thread:1"}))
    received = []
    for event_id in range(1, 6):
        broker.publish(event(event_id))
        received += drain(keeping_up)
    assert received == [1, 2, 3, 4, 5]
    assert slow.ended == "too_slow"
    assert broker.stream_count() == 1
    with pytest.raises(StreamEnded, match="too_slow"):
        drain(slow)


def test_streams_per_member_are_capped_and_freed_on_unsubscribe() -> None:
    broker = Broker(streams_per_member=2)
    first = broker.subscribe(viewer(1), 10, frozenset({"thread:1"}))
    broker.subscribe(viewer(1), 11, frozenset({"thread:1"}))
    with pytest.raises(TooManyStreams):
        broker.subscribe(viewer(1), 12, frozenset({"thread:1"}))
    broker.subscribe(viewer(2), 20, frozenset({"thread:1"}))  # another member
    broker.unsubscribe(first)
    broker.subscribe(viewer(1), 12, frozenset({"thread:1"}))


def test_ending_by_member_by_session_and_closing() -> None:
    broker = Broker(streams_per_member=5)
    alice_phone = broker.subscribe(viewer(1), 10, frozenset({"thread:1"}))
    alice_laptop = broker.subscribe(viewer(1), 11, frozenset({"thread:1"}))
    bob = broker.subscribe(viewer(2), 20, frozenset({"thread:1"}))
    broker.end_session(10, "signed_out")
    assert (alice_phone.ended, alice_laptop.ended) == ("signed_out", None)
    broker.end_member(1, "access_ended")
    assert (alice_laptop.ended, bob.ended) == ("access_ended", None)
    broker.close("server_shutdown")
    assert bob.ended == "server_shutdown"
    assert broker.stream_count() == 0
    with pytest.raises(StreamEnded, match="server_shutdown"):
        broker.subscribe(viewer(3), 30, frozenset({"thread:1"}))


def test_an_ended_subscription_wakes_its_waiting_stream() -> None:
    async def scenario() -> str:
        broker = Broker(streams_per_member=5)
        subscription = broker.subscribe(viewer(1), 10, frozenset({"thread:1"}))
        waiting = asyncio.create_task(subscription.next(timeout=30))
        await asyncio.sleep(0)
        broker.end_member(1, "access_ended")
        try:
            await asyncio.wait_for(waiting, 1)
        except StreamEnded as ended:
            return ended.reason
        return "not ended"

    assert asyncio.run(scenario()) == "access_ended"


def test_the_frame_is_one_sse_message_with_the_log_id() -> None:
    frame = event(7).frame.decode()
    assert frame.startswith("id: 7\ndata: {")
    assert frame.endswith("}\n\n") and frame.count("\n") == 3


def test_unsubscribing_ends_the_subscription_and_forgets_its_topics() -> None:
    broker = Broker(streams_per_member=5)
    leaving = broker.subscribe(viewer(1), 10, frozenset({"thread:1", "category:1"}))
    staying = broker.subscribe(viewer(2), 20, frozenset({"thread:1"}))
    broker.unsubscribe(leaving)
    assert leaving.ended == "closed" and staying.ended is None
    # The topic index keeps no trace of it (a long-running server would otherwise grow).
    assert broker._by_topic == {"thread:1": {staying}}
    broker.publish(event(1))
    assert drain(staying) == [1]
