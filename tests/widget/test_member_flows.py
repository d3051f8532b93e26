"""The defects a new member met, each reached by clicking as a person does, with
Material's instant navigation on (the Library built for its own address)."""

from __future__ import annotations

import re
from typing import Any

from harness import TEST_PASSWORD
from playwright.sync_api import expect

RESOURCE = "/resources/hour-1-bundle/"


def widget(page: Any, kind: str) -> Any:
    return page.locator(f'[data-scn="{kind}"]')


def test_hiding_a_flagged_post_from_the_moderation_page_clears_its_flag(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    alice = member_api(instant_service.add_member("Alice Adams"))
    bob = member_api(instant_service.add_member("Bob Brown"))
    thread = alice.start_thread("Sepsis huddles", "How long are yours?")
    post = bob.reply(thread["id"], "Buy SUPPLEMENT-X99 online, it cures sepsis overnight")
    alice.call("POST", f"/posts/{post['id']}/flags", {"reason": "Advertising a false cure"})
    mo = person(instant_service.add_member("Mo Derator", role="moderator"))
    page = mo.open("/moderation/")
    flags = page.get_by_role("list", name="Flagged posts")
    expect(flags).to_contain_text("SUPPLEMENT-X99")
    flags.get_by_label("Reason for hiding").fill("Advertising a false cure")
    flags.get_by_role("button", name="Hide post").click()
    expect(page.get_by_text("No open flags.")).to_be_visible()
    expect(page.get_by_text("No such open flag.")).to_have_count(0)
    expect(page.locator("table")).to_contain_text("hide post")
    assert mo.problems == []


def test_a_reply_too_long_is_refused_before_sending_and_kept(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    email = instant_service.add_member("Alice Adams")
    api = member_api(email)
    thread = api.start_thread("Long protocols", "Paste yours?", page_key="resource/hour-1-bundle")
    alice = person(email)
    page = alice.open(RESOURCE)
    reply = page.get_by_label("Your reply")
    text = "Our protocol, section by section. " * 3000  # about 100 KB
    reply.fill(text)
    expect(widget(page, "thread").get_by_text(re.compile(r"of 20,000 characters: too long"))).to_be_visible()
    page.get_by_role("button", name="Post reply").click()
    expect(widget(page, "thread").get_by_role("alert")).to_contain_text("Keep it under 20,000 characters")
    assert len(reply.input_value()) == len(text), "nothing the member wrote is cut"
    assert len(api.call("GET", f"/threads/{thread['id']}")["posts"]) == 1, "nothing was sent"
    assert alice.problems == []


def test_the_join_form_asks_for_role_and_state_without_guessing(instant_service: Any, person: Any) -> None:
    visitor = person()
    page = visitor.open("/join/")
    form = page.get_by_role("form", name="Apply to join")
    for field in ("Professional role", "State or territory", "Facility type"):
        expect(form.get_by_label(field)).to_have_value("")
        expect(form.get_by_label(field).locator("option").first).to_have_text("Choose…")
    # The lists are the server's vocabulary, labels included.
    expect(
        form.get_by_label("State or territory").locator("option", has_text="Outside the US")
    ).to_have_count(1)
    assert visitor.problems == []


def test_moderation_says_who_it_is_for_and_only_moderators_see_its_menu_item(
    instant_service: Any, person: Any
) -> None:
    visitor = person()
    page = visitor.open("/")
    expect(page.get_by_role("link", name="Sign in to the Network")).to_be_visible()
    page.get_by_role("tab", name="Network").or_(
        page.get_by_role("link", name="Network", exact=True)
    ).first.click()
    page.wait_for_url("**/join/")
    expect(page.locator(".md-nav").get_by_role("link", name="Moderation")).to_be_hidden()
    page.locator(".md-nav").get_by_role("link", name="Forum").click()
    expect(widget(page, "forum").get_by_text("is for approved members")).to_be_visible()

    member = person(instant_service.add_member("Alice Adams"))
    page = member.open("/")
    expect(page.get_by_role("link", name="Your account: signed in as Alice Adams")).to_be_visible()
    network_tab = page.locator(".md-tabs__link", has_text="Network")
    network_tab.click()
    page.wait_for_url("**/forum/")
    expect(widget(page, "forum").get_by_role("link", name="All categories")).to_be_visible()
    expect(page.locator(".md-nav").get_by_role("link", name="Moderation")).to_be_hidden()
    page.locator(".md-nav").get_by_role("link", name="Members").click()
    page.wait_for_url("**/members/")
    expect(widget(page, "members").get_by_text(re.compile("members? found"))).to_be_visible()

    mo = person(instant_service.add_member("Mo Derator", role="moderator"))
    page = mo.open("/forum/")
    page.locator(".md-nav").get_by_role("link", name="Moderation").click()
    page.wait_for_url("**/moderation/")
    expect(widget(page, "moderation").get_by_role("heading", name="Audit log")).to_be_visible()
    assert visitor.problems == [] and member.problems == [] and mo.problems == []


def test_a_member_typing_the_moderation_address_is_told_it_is_for_moderators(
    instant_service: Any, person: Any
) -> None:
    member = person(instant_service.add_member("Alice Adams"))
    page = member.open("/moderation/")
    panel = page.get_by_role("region", name="For moderators")
    expect(panel).to_contain_text("You are signed in as a member")
    expect(panel).not_to_contain_text("not active yet")
    visitor = person()
    page = visitor.open("/moderation/")
    expect(page.get_by_role("region", name="For moderators")).to_contain_text("Sign in to continue")
    assert member.problems == [] and visitor.problems == []


def test_account_page_confirms_saving_and_reads_in_sentence_case(instant_service: Any, person: Any) -> None:
    alice = person(instant_service.add_member("Alice Adams"))
    page = alice.open("/account/")
    status = page.locator(".scn-account-status")
    expect(status).to_contain_text("Signed in as")
    assert status.evaluate("el => getComputedStyle(el).textTransform") == "none"
    profile = page.get_by_role("form", name="Your profile")
    profile.get_by_label("Job title").fill("Sepsis coordinator")
    profile.get_by_role("button", name="Save profile").click()
    expect(profile.get_by_role("status")).to_have_text("Profile saved.")
    assert alice.problems == []


def test_confirming_an_email_then_a_used_link_say_what_comes_next(instant_service: Any, person: Any) -> None:
    nurse = person()
    page = nurse.open("/join/")
    form = page.get_by_role("form", name="Apply to join")
    form.get_by_label("Full name").fill("Nora Nurse")
    form.get_by_label("Work email").fill("nora@hospital.example")
    form.get_by_label("Password (at least 8 characters").fill("sepsis screening every shift")
    form.get_by_label("Professional role").select_option("rn")
    form.get_by_label("Facility", exact=True).fill("Lakeside Community Hospital")
    form.get_by_label("State or territory").select_option("MN")
    form.get_by_label("I agree to the community rules").check()
    form.get_by_role("button", name="Apply to join").click()
    expect(page.get_by_text("Check your email for a link")).to_be_visible()
    link = instant_service.mailbox.link(instant_service.mailbox.wait_for("nora@hospital.example", "Confirm"))

    reader = person()  # the link opens in the mail reader's new tab
    page = reader.open(link.replace(instant_service.url, ""))
    expect(
        page.locator(".scn-notice").get_by_text("A moderator will review your application")
    ).to_be_visible()
    expect(page.get_by_role("form", name="Apply to join")).to_have_count(0)
    expect(page.get_by_role("form", name="Sign in")).to_be_visible()

    again = person()
    page = again.open(link.replace(instant_service.url, ""))
    expect(page.get_by_text("This link has expired or was used already.")).to_be_visible()
    expect(page.get_by_text("If you confirmed your address already, just sign in.")).to_be_visible()
    signin = page.get_by_role("form", name="Sign in")
    signin.get_by_label("Email").fill("nora@hospital.example")
    signin.get_by_label("Password").fill("sepsis screening every shift")
    signin.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("A moderator is reviewing your application")).to_be_visible()
    assert nurse.problems == [] and reader.problems == []
    # The used link's refusal is the one answer expected to be an HTTP error (400).
    assert [p for p in again.problems if "status of 400" not in p] == []


def test_a_new_thread_draft_keeps_its_title_across_a_reload(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    email = instant_service.add_member("Alice Adams")
    category = member_api(email).call("GET", "/categories")["categories"][0]["name"]
    alice = person(email)
    page = alice.open("/forum/")
    widget(page, "forum").get_by_role("link", name=category).click()
    widget(page, "forum").get_by_label("Title").fill("Time zero in the ED")
    widget(page, "forum").get_by_label("Your question or topic").fill("When does your clock start?")
    page.reload()
    expect(widget(page, "forum").get_by_label("Title")).to_have_value("Time zero in the ED")
    expect(widget(page, "forum").get_by_label("Your question or topic")).to_have_value(
        "When does your clock start?"
    )


def test_the_moderation_page_names_people_shows_times_and_tells_reject_from_approve(
    instant_service: Any, person: Any
) -> None:
    instant_service.add_member("Pending Person", status="pending")
    admin = person(instant_service.add_member("Ada Admin", role="admin"))
    page = admin.open("/moderation/")
    application = page.get_by_role("list", name="Applications").locator("li", has_text="Pending Person")
    application.get_by_text("Decide").click()
    approve = application.get_by_role("button", name="Approve")
    reject = application.get_by_role("button", name="Reject")
    style = (
        "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.color, s.borderColor].join() }"
    )
    assert approve.evaluate(style) != reject.evaluate(style)
    approve.click()
    expect(page.get_by_text("No applications are waiting.")).to_be_visible()
    row = page.locator("table tbody tr").first
    expect(row).to_contain_text("Pending Person")
    expect(row.locator("td").nth(3)).to_have_text("Pending Person")
    expect(row.locator("td").first).to_have_text(re.compile(r"\d{1,2}:\d\d"))
    assert admin.problems == []


def test_a_page_nobody_has_discussed_logs_no_error(instant_service: Any, person: Any) -> None:
    alice = person(instant_service.add_member("Alice Adams"))
    page = alice.open("/")
    page.get_by_role("link", name="Hour-1 bundle").first.click()
    page.wait_for_url("**" + RESOURCE)
    expect(widget(page, "thread").get_by_text("Nobody has discussed this page yet.")).to_be_visible()
    assert alice.still_same_document()
    assert alice.problems == []


def test_the_new_replies_button_stands_out_from_the_posts(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    email = instant_service.add_member("Alice Adams")
    thread = member_api(email).start_thread("Fluids", "30 mL/kg?", page_key="resource/hour-1-bundle")
    bob = member_api(instant_service.add_member("Bob Brown"))
    alice = person(email)
    page = alice.open(RESOURCE)
    expect(widget(page, "thread").get_by_text("Live: new posts appear")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    bob.reply(thread["id"], "We reassess after every 500 mL.")
    button = widget(page, "thread").get_by_role("button", name="1 new reply")
    expect(button).to_be_visible(timeout=3000)
    background = button.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    assert TEST_PASSWORD  # seeded members sign in with the shared test password


def test_a_member_changes_their_password_while_signed_in(instant_service: Any, person: Any) -> None:
    email = instant_service.add_member("Alice Adams")
    alice = person(email)
    page = alice.open("/")
    page.locator(".scn-who").click()
    page.wait_for_url("**/account/")
    change = page.get_by_role("form", name="Change your password")
    change.get_by_label("Current password").fill(TEST_PASSWORD)
    change.get_by_label("New password").fill("a brand new sepsis passphrase")
    change.get_by_role("button", name="Change password").click()
    expect(change.get_by_role("status")).to_contain_text("Your password is changed.")
    page.locator(".md-nav").get_by_role("link", name="Forum").click()
    expect(widget(page, "forum").get_by_role("link", name="All categories")).to_be_visible()
    assert alice.problems == []


def test_a_member_previews_markdown_before_posting(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    email = instant_service.add_member("Alice Adams")
    member_api(email).start_thread("Formatting", "How?", page_key="resource/hour-1-bundle")
    alice = person(email)
    page = alice.open(RESOURCE)
    thread = widget(page, "thread")
    thread.get_by_label("Your reply").fill("We use **NEWS2** <script>x</script>")
    thread.get_by_role("button", name="Preview").click()
    preview = thread.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("NEWS2")
    expect(preview.locator("script")).to_have_count(0)
    assert alice.problems == []


def test_a_member_requests_a_resource_reached_from_the_forum(
    instant_service: Any, member_api: Any, person: Any
) -> None:
    alice = member_api(instant_service.add_member("Alice Adams"))
    alice.call("POST", "/requests", {"title": "A maternal sepsis screening card", "details": None})
    bob = person(instant_service.add_member("Bob Brown"))
    page = bob.open("/forum/")
    page.get_by_role("article").get_by_role("link", name="Request a resource").click()
    requests = widget(page, "requests")
    expect(requests.get_by_role("list", name="Resource requests")).to_contain_text("1 member asked")
    requests.get_by_role("button", name="I need this too").click()
    expect(requests.get_by_role("list", name="Resource requests")).to_contain_text("2 members asked")
    requests.get_by_label("What resource do you need?").fill("An EMS screening card")
    requests.get_by_role("button", name="Send request").click()
    expect(requests.get_by_role("list", name="Resource requests")).to_contain_text("An EMS screening card")
    assert bob.still_same_document() and bob.problems == []
