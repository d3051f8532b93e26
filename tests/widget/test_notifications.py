"""The bell, as members meet it: B mentions A (choosing A's name from the composer's
suggestions); A's bell count rises without a reload, and clicking the notification
opens the post."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

RESOURCE = "/resources/hour-1-bundle/"


def test_a_mention_rings_the_bell_live_and_opens_the_post(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    ann_email = instant_service.add_member("Ann Adams")
    bea_email = instant_service.add_member("Bea Brown")
    instant_service.add_member("Andy Applicant", status="pending")
    thread = member_api(bea_email).start_thread(
        "Fluids at triage", "What volume do you start with?", page_key="resource/hour-1-bundle"
    )

    ann = person(ann_email)
    ann_page = ann.open("/forum/")
    expect(ann_page.get_by_role("button", name="Notifications: 0 unread")).to_be_visible()
    # Moving between the forum's views keeps the bell live (they stop only their own streams).
    forum = ann_page.locator('[data-scn="forum"]')
    forum.get_by_role("list", name="Categories").get_by_role("link").first.click()
    expect(forum.get_by_role("button", name="Start thread")).to_be_visible()

    bea = person(bea_email)
    bea_page = bea.open(RESOURCE)
    reply = bea_page.get_by_label("Your reply")
    reply.press_sequentially("@An")
    suggestions = bea_page.get_by_role("listbox", name="Members to mention")
    # Only members who can see the thread are offered: not the pending applicant.
    expect(suggestions.get_by_role("option")).to_have_text(["Ann Adams"])
    suggestions.get_by_role("option", name="Ann Adams").click()
    reply.press_sequentially("could you share your triage protocol?")
    expect(reply).to_have_value("@Ann Adams could you share your triage protocol?")
    bea_page.get_by_role("button", name="Post reply").click()
    expect(bea_page.get_by_text("Reply posted.")).to_be_attached()

    # The bound: the bell rings within 2 s of the reply, over the live stream.
    expect(ann_page.get_by_role("button", name="Notifications: 1 unread")).to_be_visible(timeout=2000)
    assert ann.still_same_document(), "the count rose without a reload"

    ann_page.get_by_role("button", name="Notifications: 1 unread").click()
    panel = ann_page.get_by_role("region", name="Notifications")
    panel.get_by_role("link", name="Bea Brown mentioned you in “Fluids at triage”").click()
    target = ann_page.locator(".scn-post--target")
    expect(target).to_contain_text("could you share your triage protocol?")
    expect(target).to_be_focused()
    assert f"#/t/{thread['id']}/p/" in ann_page.url
    expect(ann_page.get_by_role("button", name="Notifications: 0 unread")).to_be_visible()
    assert ann.problems == [] and bea.problems == []


def test_a_member_asks_for_a_webinar_reminder_and_chooses_email(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    email = instant_service.add_member("Ann Adams")
    ann = person(email)
    page = ann.open("/webinars/")
    page.get_by_role("link", name="SEP-1 Abstraction Questions: Time Zero and Exclusions").first.click()
    page.get_by_role("button", name="Email me a reminder").click()
    expect(page.get_by_role("button", name="Cancel my reminder")).to_be_visible()
    reminders = member_api(email).call("GET", "/webinars/reminders")["reminders"]
    assert [r["webinar"] for r in reminders] == ["sep-1-abstraction-questions"]

    page.get_by_role("link", name="Your account: signed in as Ann Adams").click()
    choices = page.get_by_role("form", name="Email notifications")
    choices.get_by_label("Replies in threads you follow").select_option(label="Daily digest")
    choices.get_by_role("button", name="Save email choices").click()
    expect(choices.get_by_text("Email choices saved.")).to_be_visible()
    preferences = member_api(email).call("GET", "/notifications/preferences")["preferences"]
    assert {p["kind"]: p["mode"] for p in preferences}["followed"] == "daily"
    assert ann.problems == []


def test_notifications_are_marked_read_one_at_a_time_or_all_at_once(
    instant_service: Any, member_api: Any, person: Any, serious_violations: Any
) -> None:
    ann_email = instant_service.add_member("Ann Adams")
    bea = member_api(instant_service.add_member("Bea Brown"))
    first = bea.start_thread("Lactate redraw", "@Ann Adams when do you redraw?")
    bea.start_thread("Fluid volume", "@Ann Adams how much at triage?")
    ann = person(ann_email)
    page = ann.open("/")
    page.get_by_role("button", name="Notifications: 2 unread").click()
    panel = page.get_by_role("region", name="Notifications")
    expect(panel.get_by_role("listitem")).to_have_count(2)
    page.mouse.move(0, 0)
    assert serious_violations(page) == []
    panel.get_by_role("button", name=f"Mark read: Bea Brown mentioned you in “{first['title']}”").click()
    expect(page.get_by_role("button", name="Notifications: 1 unread")).to_be_visible()
    panel.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_role("button", name="Notifications: 0 unread")).to_be_visible()
    expect(panel.get_by_role("button", name="Mark all read")).to_have_count(0)
    assert ann.problems == []
