"""Event streams keep a category limited to groups within them: live, at replay, and
when a category is limited (or a thread moved into one) while streams are open.

The authorisation matrix (tests/network/test_limited_categories.py) cannot open a
stream; these tests do, on a served app on both storage engines.
"""

from typing import Any

from .conftest import Forum
from .harness import EventReader, Member


def member_id(member: Member) -> int:
    return member.get("/profile").json()["id"]


def about_post(post_id: int):
    return lambda message: message.data.get("payload", {}).get("post_id") == post_id


def post_ids(stream: EventReader) -> set[Any]:
    return {message.data["payload"].get("post_id") for message in stream.events()}


def pediatrics(admin: Member, *members: Member) -> int:
    """A group holding `members`; returns its id."""
    group = admin.post("/admin/groups", {"slug": "pediatrics", "name": "Pediatrics"})
    assert group.status_code == 201, group.text
    for member in members:
        added = admin.request("PUT", f"/admin/groups/{group.json()['id']}/members/{member_id(member)}")
        assert added.status_code == 200, added.text
    return int(group.json()["id"])


def test_limiting_a_category_keeps_its_live_events_within_the_group(forum: Forum) -> None:
    admin, moderator = forum.member("Ada", role="admin"), forum.member("Mo", role="moderator")
    inside, outside = forum.member("Ines"), forum.member("Otto")
    group = pediatrics(admin, inside)
    thread = inside.start_thread()["thread"]
    other = outside.post("/threads", {"category_id": 2, "title": "Elsewhere", "body": "Open to all"})
    other_thread = other.json()["thread"]["id"]
    topics = f"thread:{thread['id']},category:1,thread:{other_thread}"
    streams = {
        who: member.stream(topics) for who, member in (("in", inside), ("out", outside), ("mod", moderator))
    }

    limited = admin.request("PUT", "/categories/1/groups", {"group_ids": [group]})
    assert limited.status_code == 200, limited.text
    secret = inside.reply(thread["id"], "Only for the pediatrics group")["id"]
    marker = outside.reply(other_thread, "Everyone hears this")["id"]

    for who in ("in", "mod"):
        streams[who].wait_for(about_post(secret))
        streams[who].wait_for(about_post(marker))
    # Events arrive in id order: once the later marker is in, the secret would have been.
    streams["out"].wait_for(about_post(marker))
    assert secret not in post_ids(streams["out"])
    assert "category.changed" not in streams["out"].types()
    assert "category.changed" in streams["in"].types()
    # Outside the group, the category and its thread are missing; the stream says so.
    assert outside.stream("category:1").status == 404
    assert outside.stream(f"thread:{thread['id']}").status == 404
    for stream in streams.values():
        stream.close()


def test_replay_leaves_out_events_of_a_thread_moved_into_a_limited_category(forum: Forum) -> None:
    admin, moderator = forum.member("Ada", role="admin"), forum.member("Mo", role="moderator")
    inside, outside = forum.member("Ines"), forum.member("Otto")
    group = pediatrics(admin, inside)
    peds = admin.post("/categories", {"slug": "peds", "name": "Pediatrics"}).json()["id"]
    assert admin.request("PUT", f"/categories/{peds}/groups", {"group_ids": [group]}).status_code == 200
    thread = inside.start_thread()["thread"]

    opened = outside.stream("category:1")
    since = opened.messages[-1].data["payload"]["last_event_id"]
    opened.close()
    secret = inside.reply(thread["id"], "A child's case, before the move")["id"]
    moved = moderator.request(
        "PATCH", f"/mod/threads/{thread['id']}", {"category_id": peds, "reason": "Peds"}
    )
    assert moved.status_code == 200, moved.text
    marker = outside.start_thread("Still open", "After the move")["posts"][0]["id"]

    replayed_out = outside.stream("category:1", since=since)
    replayed_out.wait_for(about_post(marker))
    assert secret not in post_ids(replayed_out)
    replayed_in = inside.stream("category:1", since=since)
    replayed_in.wait_for(about_post(marker))
    assert secret in post_ids(replayed_in)
    for stream in (replayed_out, replayed_in):
        stream.close()
