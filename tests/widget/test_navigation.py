"""A member reaches every forum view by clicking, as a person does, with Material's instant
navigation on (the Library built for its own address, as `make serve` builds it)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect


def forum(page: Any) -> Any:
    return page.locator('[data-scn="forum"]')


def test_every_forum_link_works_after_coming_from_the_account_page(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    email = instant_service.add_member("Alice Adams")
    api = member_api(email)
    api.start_thread("Audit of screening times", "Who audits time zero?")
    category = api.call("GET", "/categories")["categories"][0]["name"]
    alice = person(email)
    page = alice.open("/account/")
    page.get_by_role("link", name="Go to the forum").click()
    page.wait_for_url("**/forum/")
    forum(page).get_by_role("link", name=category).click()
    expect(forum(page).get_by_role("heading", name=category)).to_be_visible()
    expect(forum(page).get_by_role("button", name="Start thread")).to_be_visible()
    forum(page).get_by_role("link", name="Audit of screening times").click()
    expect(forum(page).get_by_role("heading", name="Audit of screening times")).to_be_visible()
    expect(forum(page).get_by_text("Who audits time zero?")).to_be_visible()

    forum(page).get_by_role("link", name="All categories").click()
    expect(forum(page).get_by_role("list", name="Categories")).to_be_visible()
    forum(page).get_by_label("Search posts").fill("audi")  # the start of a word is enough
    forum(page).get_by_label("In", exact=True).select_option(label=category)
    forum(page).get_by_role("button", name="Search").click()
    expect(forum(page).get_by_text("1 post matches.")).to_be_visible()
    forum(page).get_by_role("link", name="Audit of screening times").click()
    expect(forum(page).get_by_text("Who audits time zero?")).to_be_visible()

    page.go_back()  # the search results again
    expect(forum(page).get_by_text("1 post matches.")).to_be_visible()
    page.go_back()  # all categories
    expect(forum(page).get_by_role("list", name="Categories")).to_be_visible()
    page.go_forward()
    expect(forum(page).get_by_text("1 post matches.")).to_be_visible()
    assert alice.still_same_document(), "Material swapped pages without reloading"
    assert alice.problems == []


def test_a_thread_link_on_another_page_opens_the_thread(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    email = instant_service.add_member("Mo Derator", role="moderator")
    thread = member_api(email).start_thread("Alerts at night", "Our alert fires at 3am.")
    alice = member_api(instant_service.add_member("Alice Adams"))
    post = alice.call("GET", f"/threads/{thread['id']}")["posts"][0]
    alice.call("POST", f"/posts/{post['id']}/flags", {"reason": "Off topic"})
    mo = person(email)
    page = mo.open("/moderation/")
    page.get_by_role("link", name="Open the thread").click()
    page.wait_for_url(re.compile(r"/forum/#/t/\d+$"))
    expect(forum(page).get_by_role("heading", name="Alerts at night")).to_be_visible()
    forum(page).get_by_role("link", name="All categories").click()
    expect(forum(page).get_by_role("list", name="Categories")).to_be_visible()
    page.go_back()
    expect(forum(page).get_by_role("heading", name="Alerts at night")).to_be_visible()
    assert mo.still_same_document()
    assert mo.problems == []
