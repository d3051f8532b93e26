"""What's new at a glance, by clicking: the header's unread count, the lists across
categories (nothing hidden ever listed), unread markers, jumping to the first unread
post, and quotes that say who wrote them and lead to the quoted post."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def forum(page: Any) -> Any:
    return page.locator('[data-scn="forum"]')


def test_a_member_finds_what_is_new_and_jumps_to_it(
    instant_service: Any, member_api: Any, person: Any, serious_violations: Any
) -> None:
    alice = member_api(instant_service.add_member("Alice Adams"))
    bob_email = instant_service.add_member("Bob Brown")
    bob = member_api(bob_email)
    moderator = member_api(instant_service.add_member("Mo Derator", role="moderator"))
    a = alice.start_thread("Thread with news", "The first post.")
    first = alice.call("GET", f"/threads/{a['id']}")["posts"][0]
    bob.call("PUT", f"/threads/{a['id']}/read", {"post_id": first["id"]})
    alice.reply(a["id"], "News one since Bob read.")
    alice.call(
        "POST", f"/threads/{a['id']}/posts", {"body": "News two, quoting.", "quote_post_id": first["id"]}
    )
    alice.start_thread("Nobody answered yet", "Anyone?")
    secret = alice.start_thread("SECRET hidden thread", "PHI here")
    secret_post = alice.call("GET", f"/threads/{secret['id']}")["posts"][0]
    moderator.call("POST", f"/mod/posts/{secret_post['id']}/hide", {"reason": "PHI"})

    reader = person(bob_email)
    page = reader.open("/")
    count = page.locator(".scn-unread-count")
    expect(count).to_have_text("2 unread")
    count.click()
    page.wait_for_url("**/forum/#/list/unread")
    listed = forum(page).get_by_role("list", name="Unread threads")
    expect(listed).to_contain_text("Thread with news")
    expect(listed).to_contain_text("Nobody answered yet")
    assert serious_violations(page) == []
    for name, shown in (
        ("Unanswered", "Nobody answered yet"),
        ("Latest", "Thread with news"),
        ("Following", None),
    ):
        forum(page).get_by_role("link", name=name, exact=True).click()
        if shown:
            expect(forum(page).get_by_role("list", name=f"{name} threads")).to_contain_text(shown)
        else:
            expect(forum(page).get_by_text("You follow no threads yet.")).to_be_visible()
        expect(forum(page)).not_to_contain_text("SECRET")
    forum(page).get_by_role("link", name="Latest", exact=True).click()
    forum(page).get_by_role("link", name="Thread with news").click()
    posts = forum(page).locator("li.scn-post")
    expect(posts).to_have_count(3)
    expect(forum(page).locator("li.scn-post--unread")).to_have_count(2)
    forum(page).get_by_role("button", name="Jump to the first unread post (2)").click()
    expect(posts.nth(1)).to_be_focused()
    forum(page).get_by_role("link", name="Alice Adams wrote:").click()
    expect(posts.nth(0)).to_be_focused()
    # Material fades its tabs out while the page is scrolled: check the page at rest, on top.
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("!document.querySelector('.md-tabs[hidden]')")
    page.wait_for_timeout(600)
    assert serious_violations(page) == []
    assert reader.still_same_document()
    assert reader.problems == []
