"""Issue 12 in the browser, each view reached by clicking from the home page with
Material's instant navigation on: the patient-information warning before sending,
anonymous posting through the composer's toggle, the case discussion form, and the
community rules (the join form's link, and the reminder on a member's first post)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

MRN = "MRN 40417733"
GUARD_REFUSAL = (
    "console error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
)


def forum(page: Any) -> Any:
    return page.locator('[data-scn="forum"]')


def go_to_forum(page: Any) -> None:
    """Home, then the Network tab (a member's leads to the forum)."""
    page.locator(".md-tabs").get_by_role("link", name="Network").click()
    expect(page).to_have_url(re.compile(r"/forum/$"))
    expect(forum(page).get_by_role("list", name="Categories")).to_be_visible()


def go_to_thread(page: Any, category: str, title: str) -> Any:
    go_to_forum(page)
    forum(page).get_by_role("link", name=category).click()
    forum(page).get_by_role("link", name=title).click()
    expect(forum(page).get_by_role("heading", name=title)).to_be_visible()
    expect(forum(page).get_by_text("Live: new posts appear")).to_be_visible()
    return forum(page)


def first_category(api: Any) -> str:
    return api.call("GET", "/categories")["categories"][0]["name"]


def alice_and_bobs_thread(
    instant_service: Any, member_api: Any, title: str, body: str
) -> tuple[str, str, Any, int, str]:
    """Members Alice and Bob, and a thread of Bob's: (alice, bob, bob's api, thread id, category)."""
    alice_email = instant_service.add_member("Alice Adams")
    bob_email = instant_service.add_member("Bob Brown")
    bob_api = member_api(bob_email)
    thread_id = bob_api.start_thread(title, body)["id"]
    return alice_email, bob_email, bob_api, thread_id, first_category(bob_api)


def test_a_record_number_is_warned_about_before_sending_and_confirming_holds_it(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    alice_email, _, bob_api, thread_id, category = alice_and_bobs_thread(
        instant_service, member_api, "Repeat lactates", "Who owns the redraw?"
    )
    alice = person(alice_email)
    page = alice.open("/")
    thread = go_to_thread(page, category, "Repeat lactates")

    thread.get_by_label("Your reply").fill(f"Redraw missed again for {MRN}, third time this month.")
    thread.get_by_role("button", name="Post reply").click()
    warning = thread.get_by_role("alert")
    expect(warning).to_contain_text("record number")
    expect(warning.get_by_role("button", name=re.compile("40417733"))).to_be_visible()
    assert len(member_api(alice_email).call("GET", f"/threads/{thread_id}")["posts"]) == 1, "not sent"

    warning.get_by_role("button", name="Send for a moderator's review").click()
    held = thread.locator(".scn-post", has_text="40417733")
    expect(held.get_by_text("Waiting for a moderator")).to_be_visible()
    assert "40417733" not in str(bob_api.call("GET", f"/threads/{thread_id}")), "not in the thread for others"

    moderator = person(instant_service.add_member("Mo Derator", role="moderator"))
    mod_page = moderator.open("/")
    go_to_forum(mod_page)
    mod_page.locator(".md-sidebar--primary").get_by_role("link", name="Moderation", exact=True).click()
    expect(mod_page.get_by_role("list", name="Held posts")).to_contain_text("40417733")
    # The guard's answer is a 422, which Chromium logs as a failed load: nothing else.
    assert set(alice.problems) <= {GUARD_REFUSAL} and moderator.problems == []


def test_a_member_posts_anonymously_and_others_see_nothing_of_them(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    alice_email, bob_email, _, _, category = alice_and_bobs_thread(
        instant_service, member_api, "Funding a sepsis team", "How did you make the case?"
    )

    bob = person(bob_email)
    seen: list[str] = []
    bob.page.on(
        "response",
        lambda r: seen.append(r.text()) if "/api/v1/" in r.url and "/events" not in r.url else None,
    )
    bob_page = bob.open("/")
    bob_thread = go_to_thread(bob_page, category, "Funding a sepsis team")

    alice = person(alice_email)
    page = alice.open("/")
    thread = go_to_thread(page, category, "Funding a sepsis team")
    thread.get_by_label("Post as Anonymous member").check()
    thread.get_by_label("Your reply").fill("My administration will not fund a team at all.")
    thread.get_by_role("button", name="Post reply").click()
    mine = thread.locator(".scn-post", has_text="will not fund a team")
    expect(mine.get_by_text("Posted anonymously")).to_be_visible()
    expect(mine.locator("header strong")).to_have_text("Alice Adams")  # the author sees it is theirs
    expect(thread.get_by_label("Post as Anonymous member")).not_to_be_checked()

    theirs = bob_thread.locator(".scn-post", has_text="will not fund a team")
    expect(theirs.locator("header strong")).to_have_text("Anonymous member")  # live, over the stream
    bob_page.reload()
    bob_thread = forum(bob_page)
    theirs = bob_thread.locator(".scn-post", has_text="will not fund a team")
    expect(theirs.locator("header strong")).to_have_text("Anonymous member")
    bob_thread.get_by_role("link", name="Latest", exact=True).click()
    expect(bob_thread.get_by_role("list", name="Latest threads")).to_contain_text("Funding a sepsis team")
    bob_thread.get_by_role("link", name="All categories").click()
    bob_thread.get_by_label("Search posts").fill("administration")
    bob_thread.get_by_role("button", name="Search").click()
    expect(bob_thread.get_by_text("1 post matches.")).to_be_visible()
    expect(bob_thread.get_by_role("list", name="Search results")).to_contain_text("Anonymous member")
    for text in [bob_page.content(), *seen]:
        assert "Alice" not in text and alice_email not in text
    assert alice.problems == [] and bob.problems == []


def test_a_member_starts_a_case_discussion_and_the_thread_shows_the_case(
    instant_service: Any, member_api: Any, person: Any, serious_violations: Any
) -> None:
    email = instant_service.add_member("Alice Adams")
    category = first_category(member_api(email))
    alice = person(email)
    page = alice.open("/")
    go_to_forum(page)
    forum(page).get_by_role("link", name=category).click()
    start = forum(page).get_by_role("form", name="Start thread")
    start.get_by_label("Title").fill("Antibiotics waited for pharmacy")
    start.get_by_label("Your question or topic").fill("A ward case from last quarter.")
    start.get_by_label("Case discussion: describe a case with structured fields").check()
    start.get_by_label("Age band").select_option(label="65-89")
    start.get_by_label("Care setting").select_option(label="General ward")
    start.get_by_label("Lactate measured").fill("20")
    start.get_by_label("Blood cultures drawn").fill("50")
    start.get_by_label("Antibiotics given").fill("185")
    obstacles = start.get_by_label("What got in the way")
    obstacles.fill("Admitted 3/14; the antibiotic needed pharmacy verification overnight.")
    start.get_by_label("Your question about the case").fill(
        "Who verifies first doses at night where you work?"
    )
    assert serious_violations(page) == []
    page.reload()  # the draft keeps the case's fields too
    expect(start.get_by_label("Lactate measured")).to_have_value("20")
    expect(obstacles).to_have_value(re.compile("^Admitted 3/14"))
    expect(start.get_by_label("Age band")).to_have_value("65-89")

    start.get_by_role("button", name="Start thread").click()
    warning = start.get_by_role("alert")
    expect(warning).to_contain_text("date")
    warning.get_by_role("button", name="3/14").click()  # selects it in the field it is in
    assert page.evaluate(
        "() => [document.activeElement.name, document.activeElement.value.slice("
        "document.activeElement.selectionStart, document.activeElement.selectionEnd)]"
    ) == ["case.obstacles", "3/14"]
    obstacles.fill("The antibiotic needed pharmacy verification overnight.")
    start.get_by_role("button", name="Start thread").click()

    expect(forum(page).get_by_role("heading", name="Antibiotics waited for pharmacy")).to_be_visible()
    post = forum(page).locator(".scn-post").first
    for shown in (
        "Age band: 65-89",
        "Setting: general ward",
        "Lactate measured: T+20 min",
        "Blood cultures drawn: T+50 min",
        "Antibiotics given: T+185 min",
        "What got in the way",
        "pharmacy verification overnight",
        "Who verifies first doses at night",
        "A ward case from last quarter.",
    ):
        expect(post).to_contain_text(shown)
    expect(post).not_to_contain_text("Vasopressors")  # not done: left out
    assert set(alice.problems) <= {GUARD_REFUSAL}


def test_the_rules_reminder_shows_on_a_first_post_only(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    bob_email = instant_service.add_member("Bob Brown")
    bob_api = member_api(bob_email)
    bob_api.start_thread("Screening tools", "Which one do you use?")
    category = first_category(bob_api)
    visitor = person()
    join = visitor.open("/")
    join.locator(".md-tabs").get_by_role("link", name="Network").click()
    join.get_by_role("form", name="Apply to join").get_by_role("link", name="community rules").click()
    expect(join.get_by_role("heading", name="Community rules", level=1)).to_be_visible()
    expect(join.get_by_role("heading", name="Anonymous posts")).to_be_visible()

    carol = person(instant_service.add_member("Carol Chen"))
    page = carol.open("/")
    thread = go_to_thread(page, category, "Screening tools")
    reminder = thread.get_by_role("note", name="Community rules")
    expect(reminder).to_be_visible()
    expect(reminder).to_contain_text("no patient identifiers")
    thread.get_by_label("Your reply").fill("We use a nurse-driven screen every shift.")
    thread.get_by_role("button", name="Post reply").click()
    expect(thread.locator(".scn-post", has_text="nurse-driven screen")).to_be_visible()
    expect(reminder).to_be_hidden()

    thread.get_by_role("link", name="All categories").click()
    thread.get_by_role("link", name=category).click()
    expect(thread.get_by_role("button", name="Start thread")).to_be_visible()
    expect(thread.get_by_role("note", name="Community rules")).to_have_count(0)
    page.reload()
    expect(forum(page).get_by_role("button", name="Start thread")).to_be_visible()
    expect(forum(page).get_by_role("note", name="Community rules")).to_be_hidden()

    bob = person(bob_email)  # he has posted: no reminder
    bob_thread = go_to_thread(bob.open("/"), category, "Screening tools")
    expect(bob_thread.get_by_role("button", name="Post reply")).to_be_visible()
    expect(bob_thread.get_by_role("note", name="Community rules")).to_have_count(0)
    assert carol.problems == [] and visitor.problems == [] and bob.problems == []
