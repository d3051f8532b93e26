"""GET /api/v1/events for every role over real HTTP: who gets a stream, and no content otherwise.

(tests/network/test_authorisation.py covers the route through a TestClient, which cannot
read an endless stream; here the allowed roles really receive one.)
"""

import json

import behind_the_app
import httpx

from .conftest import Forum
from .harness import EventReader, Member

ROLES = {  # role: (member status, role, expected status)
    "anonymous": None,
    "unverified": ("unverified", "member", 403),
    "pending": ("pending", "member", 403),
    "info_requested": ("info_requested", "member", 403),
    "rejected": ("rejected", "member", 403),
    "member": ("approved", "member", 200),
    "moderator": ("approved", "moderator", 200),
    "admin": ("approved", "admin", 200),
}
SENTINEL = "SENTINEL-REPLY"


def test_only_approved_members_get_a_stream(forum: Forum) -> None:
    author = forum.member("Author")
    thread = author.start_thread()["thread"]
    topic = f"thread:{thread['id']}"
    streams = {"anonymous": EventReader(forum.url, httpx.Cookies(), topic, since=0)}
    for role, spec in ROLES.items():
        if spec is not None:
            status, member_role, _ = spec
            _, email = forum.add(f"{role} person", status=status, role=member_role)
            streams[role] = Member.sign_in(forum.url, email).stream(topic, since=0)
    author.reply(thread["id"], SENTINEL)

    for role, stream in streams.items():
        expected = 401 if ROLES[role] is None else ROLES[role][2]  # type: ignore[index]
        assert stream.status == expected, role
        if expected == 200:
            stream.wait_for_type("post.created")
            assert "thread.created" in stream.types()  # replayed from since=0
        else:
            assert set(json.loads(stream.body)["error"]) == {"code", "message", "field"}
            assert SENTINEL.encode() not in stream.body and b"thread" not in stream.body
        stream.close()


def test_a_suspended_member_gets_no_stream(forum: Forum) -> None:
    """Suspended behind the app's back, with the session still open: 401, and no content."""
    alice = forum.member("Alice")
    member_id = alice.get("/profile").json()["id"]
    thread = alice.start_thread(title=SENTINEL)["thread"]
    behind_the_app.suspend(forum.database, member_id)
    assert behind_the_app.session_count(forum.database, member_id) == 1

    refused = alice.stream(f"category:1,thread:{thread['id']}", since=0)
    assert refused.status == 401
    assert json.loads(refused.body)["error"]["code"] == "sign_in_required"
    assert SENTINEL.encode() not in refused.body and b"thread" not in refused.body
    assert behind_the_app.session_count(forum.database, member_id) == 0
