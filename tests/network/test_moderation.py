"""Moderation: flags, the queue, hide/restore, lock/pin/move, suspension, roles, audit."""

from .conftest import PASSWORD, MovableClock, Network
from .forum_helpers import SCREENING, reply, start_thread


def test_flag_hide_restore_with_audit(network: Network) -> None:
    alice = network.signed_in(network.add_member(name="Alice"))
    bob = network.signed_in(network.add_member(name="Bob"))
    moderator = network.signed_in(network.add_member(role="moderator", name="Mo"))
    thread = start_thread(alice)["thread"]
    post = reply(bob, thread["id"], "Off-topic advert: SPAMCO supplements, cheap")
    flag = alice.post(f"/posts/{post['id']}/flags", {"reason": "Advertising"})
    assert flag.status_code == 201
    assert alice.post(f"/posts/{post['id']}/flags", {"reason": "again"}).status_code == 409
    assert alice.get("/mod/flags").status_code == 403

    (queued,) = moderator.get("/mod/flags").json()["flags"]
    assert (queued["reason"], queued["post"]["id"], queued["reporter"]["name"]) == (
        "Advertising",
        post["id"],
        "Alice",
    )
    hidden = moderator.post(f"/mod/posts/{post['id']}/hide", {"reason": "Spam"})
    assert hidden.json()["status"] == "hidden"
    assert moderator.get("/mod/flags").json()["flags"] == []
    assert "SPAMCO" not in alice.get(f"/threads/{thread['id']}").text
    assert "SPAMCO" not in bob.get(f"/threads/{thread['id']}").text
    assert "SPAMCO" in moderator.get(f"/threads/{thread['id']}").text
    assert bob.patch(f"/posts/{post['id']}", {"body": "edit"}).status_code == 404
    assert moderator.post(f"/mod/posts/{post['id']}/hide", {"reason": "x"}).status_code == 409

    restored = moderator.post(f"/mod/posts/{post['id']}/restore", {"reason": "Redacted"})
    assert restored.json()["status"] == "visible"
    assert "SPAMCO" in alice.get(f"/threads/{thread['id']}").text

    second = alice.post(f"/posts/{post['id']}/flags", {"reason": "still"}).json()
    assert (
        moderator.post(f"/mod/flags/{second['id']}/dismiss", {"reason": "fine"}).json()["status"]
        == "dismissed"
    )
    assert moderator.post(f"/mod/flags/{second['id']}/dismiss", {"reason": "fine"}).status_code == 404

    entries = moderator.get("/mod/audit").json()["entries"]
    assert [(e["action"], e["actor_name"], e["reason"]) for e in entries[:3]] == [
        ("dismiss_flag", "Mo", "fine"),
        ("restore_post", "Mo", "Redacted"),
        ("hide_post", "Mo", "Spam"),
    ]
    # A moderator reads who or what each action was about, not "post 4".
    assert entries[2]["target_name"] == f"post by Bob in {thread['title']}"
    assert entries[0]["target_name"] == f"flag on a post by Bob in {thread['title']}"
    older = moderator.get("/mod/audit", params={"before": entries[1]["id"]}).json()["entries"]
    assert older[0]["action"] == "hide_post"


def test_hiding_the_first_post_hides_the_thread(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    moderator = network.signed_in(network.add_member(role="moderator"))
    page = start_thread(alice, title="Bad title")
    moderator.post(f"/mod/posts/{page['posts'][0]['id']}/hide", {"reason": "spam"})
    assert alice.get(f"/threads/{page['thread']['id']}").status_code == 404
    assert alice.get(f"/categories/{SCREENING}/threads").json()["threads"] == []
    assert "Bad title" not in alice.get("/search", params={"q": "title"}).text
    assert moderator.get(f"/threads/{page['thread']['id']}").status_code == 200


def test_lock_pin_move(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    moderator = network.signed_in(network.add_member(role="moderator"))
    older = start_thread(alice, title="Older")["thread"]
    newer = start_thread(alice, title="Newer")["thread"]
    locked = moderator.patch(
        f"/mod/threads/{older['id']}", {"locked": True, "pinned": True, "reason": "Settled"}
    )
    assert (locked.json()["locked"], locked.json()["pinned"]) == (True, True)
    refused = alice.post(f"/threads/{older['id']}/posts", {"body": "one more"})
    assert refused.json()["error"]["code"] == "thread_locked"
    assert reply(moderator, older["id"], "Locked by moderators")["id"]
    listed = alice.get(f"/categories/{SCREENING}/threads").json()["threads"]
    assert [t["title"] for t in listed] == ["Older", "Newer"]

    moved = moderator.patch(f"/mod/threads/{newer['id']}", {"category_id": 2, "reason": "Fits"})
    assert moved.json()["category_id"] == 2
    assert (
        moderator.patch(f"/mod/threads/{newer['id']}", {"category_id": 9999, "reason": "x"}).status_code
        == 422
    )
    assert moderator.patch(f"/mod/threads/{newer['id']}", {"reason": "nothing"}).status_code == 422
    assert alice.patch(f"/mod/threads/{newer['id']}", {"locked": True, "reason": "x"}).status_code == 403


def test_suspension_ends_sessions_and_sign_in(network: Network, clock: MovableClock) -> None:
    sam = network.add_member()
    sams_phone, sams_laptop = network.signed_in(sam), network.signed_in(sam)
    moderator = network.signed_in(network.add_member(role="moderator"))
    until = (clock.now.replace(microsecond=0)).isoformat().replace("+00:00", "Z")
    assert (
        moderator.post(f"/mod/members/{sam.id}/suspend", {"reason": "x", "until": until}).status_code == 422
    )
    suspended = moderator.post(
        f"/mod/members/{sam.id}/suspend", {"reason": "Cooling off", "until": "2026-03-08T09:00:00Z"}
    )
    assert suspended.json()["suspended"] is True
    assert sams_phone.get("/profile").status_code == 401
    assert sams_laptop.get("/categories").status_code == 401
    again = network.client().sign_in(sam.email, PASSWORD)
    assert again.status_code == 403 and again.json()["error"]["code"] == "suspended"

    clock.advance(days=7, seconds=1)
    assert network.client().sign_in(sam.email, PASSWORD).status_code == 200


def test_who_may_act_on_whom(network: Network) -> None:
    member = network.add_member()
    other_moderator = network.add_member(role="moderator")
    admin_person = network.add_member(role="admin")
    moderator = network.signed_in(network.add_member(role="moderator"))
    admin = network.signed_in(admin_person)
    for target in (other_moderator, admin_person):
        assert moderator.post(f"/mod/members/{target.id}/suspend", {"reason": "x"}).status_code == 403
    assert admin.post(f"/mod/members/{admin_person.id}/suspend", {"reason": "x"}).status_code == 403
    assert (
        admin.post(f"/mod/members/{other_moderator.id}/suspend", {"reason": "x"}).json()["suspended"] is True
    )
    assert moderator.post(f"/mod/members/{member.id}/suspend", {"reason": "x"}).status_code == 200
    assert (
        moderator.post(f"/mod/members/{member.id}/unsuspend", {"reason": "ok"}).json()["suspended"] is False
    )

    promoted = admin.put(f"/admin/members/{member.id}/role", {"role": "moderator", "reason": "Trusted"})
    assert promoted.json()["role"] == "moderator"
    assert (
        admin.put(f"/admin/members/{admin_person.id}/role", {"role": "member", "reason": "x"}).status_code
        == 403
    )
    assert (
        moderator.put(f"/admin/members/{member.id}/role", {"role": "admin", "reason": "x"}).status_code == 403
    )
    actions = [e["action"] for e in admin.get("/mod/audit").json()["entries"]]
    assert actions[:4] == ["set_role:moderator", "unsuspend_member", "suspend_member", "suspend_member"]
