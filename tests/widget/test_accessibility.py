"""axe-core finds no serious or critical issue in any widget view, reached by clicking as
a person does, in light and dark, on a desktop and a phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_view_is_accessible(
    instant_service: Any,
    member_api: Any,
    person: Any,
    serious_violations: Any,
    scheme: str,
    viewport: dict[str, int],
) -> None:
    admin_email = instant_service.add_member("Ada Admin", role="admin")
    instant_service.add_member("Pending Person", status="pending")
    alice = member_api(instant_service.add_member("Alice Adams"))
    thread = alice.start_thread("Pediatric screening", "Who uses Phoenix?", page_key="resource/hour-1-bundle")
    first = alice.call("GET", f"/threads/{thread['id']}")["posts"][0]
    member_api(admin_email).call("PUT", f"/threads/{thread['id']}/read", {"post_id": first["id"]})
    alice.call(
        "POST",
        f"/threads/{thread['id']}/posts",
        {"body": "We do, since **2024**.", "quote_post_id": first["id"]},
    )
    checked: list[str] = []

    def check(what: str) -> None:
        page.wait_for_function("() => !document.querySelector('[data-scn][aria-busy]')")
        # Checked at rest: the pointer off the controls (a hovered button is mid-transition).
        page.mouse.move(viewport["width"] - 2, viewport["height"] - 2)
        page.wait_for_timeout(300)
        assert serious_violations(page) == [], what
        checked.append(what)

    visitor = person(viewport=viewport, color_scheme=scheme)
    page = visitor.open("/")
    expect(page.locator('[data-scn="stats"] dl')).to_be_visible()  # the network in numbers
    check("home, with the network in numbers")
    page = visitor.open("/join/")
    expect(page.get_by_role("form", name="Apply to join")).to_be_visible()
    check("join form")
    page.get_by_role("link", name="Sign in to the Network").click()
    page.wait_for_url("**/account/")
    check("account, signed out")

    admin = person(admin_email, viewport=viewport, color_scheme=scheme)
    page = admin.open("/")
    page.get_by_role("link", name="Hour-1 bundle").first.click()
    thread_widget = page.locator('[data-scn="thread"]')
    expect(thread_widget.locator("li.scn-post--unread")).to_have_count(1)
    thread_widget.get_by_label("Your reply").fill("A **preview**")
    thread_widget.get_by_role("button", name="Preview").click()
    expect(thread_widget.get_by_role("region", name="Preview")).to_be_visible()
    thread_widget.get_by_text("Moderator tools").click()
    check("thread on a resource page, with preview and moderator tools")

    page.locator(".scn-who").click()
    page.wait_for_url("**/account/")
    expect(page.get_by_role("form", name="Your profile")).to_be_visible()
    check("account, signed in")
    page.get_by_role("link", name="Go to the forum").click()
    forum = page.locator('[data-scn="forum"]')
    expect(forum.get_by_role("list", name="Categories")).to_be_visible()
    check("categories")
    forum.get_by_role("link", name="Screening and early recognition").click()
    expect(forum.get_by_role("button", name="Start thread")).to_be_visible()
    check("category")
    for name in ("Latest", "Unanswered", "Unread", "Following"):
        forum.get_by_role("link", name=name, exact=True).click()
        expect(forum.get_by_role("heading", name=name)).to_be_visible()
        check(f"list {name}")
    forum.get_by_role("link", name="Latest", exact=True).click()
    forum.get_by_role("link", name="Pediatric screening").click()
    expect(forum.locator("li.scn-post")).to_have_count(2)
    check("thread in the forum")
    forum.get_by_role("link", name="All categories").click()
    forum.get_by_label("Search posts").fill("phoen")
    forum.get_by_role("button", name="Search").click()
    expect(forum.get_by_text("1 post matches.")).to_be_visible()
    check("search results")

    page.locator(".scn-who").click()
    page.wait_for_url("**/account/")
    page.get_by_role("link", name="Member directory").click()
    expect(page.get_by_text("members found")).to_be_visible()
    check("member directory")
    page.locator(".scn-who").click()
    page.wait_for_url("**/account/")
    page.locator('[data-scn="account"]').get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    page.get_by_text("Decide").click()
    check("moderation, with an application open")
    assert admin.problems == [] and visitor.problems == []
    assert len(checked) == 15
