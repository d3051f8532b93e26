"""The events-log follower: hands every new row to the broker in id order, control rows
end streams, and stopping leaves no task behind."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from harness import TEST_HASH, member_fields

from discussion_api.core.clock import iso
from discussion_api.core.cutoff import end_member_streams, end_session_streams
from discussion_api.core.policy import Audience, Rank, Viewer
from discussion_api.realtime.broker import Broker, Event, Subscription
from discussion_api.realtime.follower import PollingEventFollower
from discussion_api.storage.interfaces import Member, Repositories
from discussion_api.storage.sqlite.database import SqliteStore

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def member(member_id: int) -> Viewer:
    return Viewer(
        Member(member_id, f"m{member_id}@example.org", "M", "member", "approved", None, None), Rank.MEMBER
    )


def test_following_hands_over_new_rows_and_cut_offs_and_stops_cleanly(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "follow.sqlite3")
    store.migrate()
    with store.write() as db:
        db.events.append(["category:1"], "category.changed", {"category_id": 1}, NOW)  # before start
    broker = Broker(streams_per_member=5)
    follower = PollingEventFollower(store, broker, interval=0.01)

    async def scenario() -> list[int]:
        await follower.start()
        assert follower.last_id == 1  # what was there before starting is history, not news
        # Running now, so the check that stopping leaves none behind can fail.
        assert [t for t in asyncio.all_tasks() if t.get_name() == "events-follower"]
        watching = broker.subscribe(member(1), 10, frozenset({"category:1"}))
        phone = broker.subscribe(member(2), 20, frozenset({"category:1"}))
        laptop = broker.subscribe(member(3), 30, frozenset({"category:1"}))
        with store.write() as db:
            for _ in range(3):
                db.events.append(["category:1"], "category.changed", {"category_id": 1}, NOW)
            end_member_streams(db, 2, NOW)
            end_session_streams(db, 30, NOW)
        follower.notify()
        received = []
        while len(received) < 3:
            event = await watching.next(2)
            assert event is not None
            assert (event.type, event.created_at) == ("category.changed", iso(NOW))
            received.append(event.id)
        await asyncio.sleep(0.05)
        assert (phone.ended, laptop.ended, watching.ended) == ("access_ended", "signed_out", None)
        await follower.stop()
        await follower.stop()  # stopping twice is harmless
        assert not [t for t in asyncio.all_tasks() if t.get_name() == "events-follower"]
        return received

    assert asyncio.run(scenario()) == [2, 3, 4]
    assert follower.last_id == 6
    store.close()


def hidden_reply(db: Repositories) -> tuple[int, int]:
    """A thread in category 1 and a reply to it that a moderator hid: (thread, reply)."""
    author = db.members.create(member_fields("Author"), TEST_HASH, NOW, status="approved")
    thread = db.threads.create(1, author, "A thread", None, NOW)
    first = db.posts.create(thread, author, "first", "<p>first</p>", None, NOW, title="A thread")
    db.threads.update(thread, {"first_post_id": first})
    reply = db.posts.create(thread, author, "reply", "<p>reply</p>", None, NOW)
    db.posts.set_status(reply, "hidden")
    return thread, reply


def test_a_removal_reaches_members_though_the_post_is_hidden(tmp_path: Path) -> None:
    """The follower decides each event's audience from its type too: a hidden post's
    "post.hidden" goes to members (so it leaves their screens), its "post.created" does not."""
    store = SqliteStore(tmp_path / "removal.sqlite3")
    store.migrate()
    with store.write() as db:
        thread, reply = hidden_reply(db)
        row = {"id": thread, "category_id": 1}
        db.events.post_changed("post.created", row, reply, NOW, in_category=False)
        db.events.post_changed("post.hidden", row, reply, NOW, in_category=False)
    broker = Broker(streams_per_member=5)
    broker.subscribe(member(9), 90, frozenset({f"thread:{thread}"}))
    follower = PollingEventFollower(store, broker, interval=1)
    events, _ = follower._read_new()
    audiences = {event.type: event.audience for event in events}
    assert audiences == {"post.created": Audience.MODERATORS, "post.hidden": Audience.MEMBERS}
    store.close()


def delivered_to_a_late_stream(follower: PollingEventFollower, broker: Broker, topic: str) -> Event | None:
    """One poll in which a stream subscribes to `topic` after the batch is read and before
    it is handed over; what that stream then receives within a second."""
    read_new = follower._read_new
    late: list[Subscription] = []

    def read_then_subscribe() -> tuple[list[Event], bool]:
        batch = read_new()
        if not late:
            late.append(broker.subscribe(member(2), 20, frozenset({topic})))
        return batch

    follower._read_new = read_then_subscribe  # type: ignore[method-assign]

    async def scenario() -> Event | None:
        await follower.poll()
        return await late[0].next(1)

    return asyncio.run(scenario())


def test_audiences_are_decided_for_topics_a_stream_here_listens_to_even_one_that_subscribes_mid_read(
    tmp_path: Path,
) -> None:
    """Every process reads every event; deciding an audience reads what the event names, so
    it is done only for topics a stream of this process listens to. A stream that subscribes
    while a batch is being read still gets its events, their audience decided."""
    store = SqliteStore(tmp_path / "listening.sqlite3")
    store.migrate()
    broker = Broker(streams_per_member=5)
    follower = PollingEventFollower(store, broker, interval=1)
    with store.write() as db:
        db.events.append(["category:1"], "category.changed", {"category_id": 1}, NOW)
        # A removal names a post members no longer see, yet it reaches them (so it leaves
        # their screens): an audience decided from the event's type as well as its objects.
        thread, reply = hidden_reply(db)
        db.events.post_changed("post.hidden", {"id": thread, "category_id": 1}, reply, NOW, in_category=False)
    broker.subscribe(member(1), 10, frozenset({"category:1"}))
    events, _ = follower._read_new()
    assert {event.topic: event.audience for event in events} == {
        "category:1": Audience.MEMBERS,
        f"thread:{thread}": None,
    }

    event = delivered_to_a_late_stream(follower, broker, f"thread:{thread}")
    assert event is not None
    assert (event.topic, event.type, event.audience) == (f"thread:{thread}", "post.hidden", Audience.MEMBERS)
    store.close()


def test_a_batch_whose_only_event_gains_a_listener_mid_read_is_decided_before_hand_over(
    tmp_path: Path,
) -> None:
    """The same late subscription when no event of the batch was decided at first: the
    re-check before hand-over must look for undecided events, not decided ones."""
    store = SqliteStore(tmp_path / "late.sqlite3")
    store.migrate()
    broker = Broker(streams_per_member=5)
    follower = PollingEventFollower(store, broker, interval=1)
    with store.write() as db:
        thread, reply = hidden_reply(db)
        db.events.post_changed("post.hidden", {"id": thread, "category_id": 1}, reply, NOW, in_category=False)
    event = delivered_to_a_late_stream(follower, broker, f"thread:{thread}")
    assert event is not None
    assert (event.type, event.audience) == ("post.hidden", Audience.MEMBERS)
    store.close()
