"""What members, visitors and moderators see and do in the widget, in Debian's Chromium,
against the real Network service (`scn serve`, a real SQLite file, a real SMTP server)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import TEST_PASSWORD, Mailbox, free_port, running_service
from playwright.sync_api import expect

from bench.library_build import copy_project
from sitegen.cli import main as sitegen_main

RESOURCE = "/resources/hour-1-bundle/"
SECRET = "SECRET-FORUM-TEXT"


def thread_widget(page: Any) -> Any:
    return page.locator('[data-scn="thread"]')


def test_visitor_sees_the_members_only_panel_and_receives_no_content(
    service: Any, member_api: Any, open_page: Any, serious_violations: Any
) -> None:
    alice = member_api(service.add_member("Alice Adams"))
    alice.start_thread("A thread about " + SECRET, "Body " + SECRET, page_key="resource/hour-1-bundle")
    page = open_page()
    bodies: list[str] = []
    page.on("response", lambda r: bodies.append(r.text()) if "/api/" in r.url else None)
    for path in (RESOURCE, "/forum/", "/members/", "/moderation/"):
        page.goto(path)
        moderation = path == "/moderation/"
        panel = page.get_by_role("region", name="For moderators" if moderation else "Members only")
        expect(panel).to_be_visible()
        if not moderation:
            expect(panel.get_by_role("link", name="Join the Network")).to_be_visible()
        assert serious_violations(page) == []
    assert bodies, "the widget asked the API who is signed in"
    assert not any(SECRET in body or "Alice" in body for body in bodies)
    assert page.errors == []


def test_a_reply_appears_for_another_member_within_two_seconds(
    service: Any, member_api: Any, open_page: Any
) -> None:
    alice_email, bob_email = service.add_member("Alice Adams"), service.add_member("Bob Brown")
    member_api(alice_email).start_thread(
        "Screening every shift", "How do you screen every shift?", page_key="resource/hour-1-bundle"
    )
    alice, bob = open_page(alice_email), open_page(bob_email)
    for page in (alice, bob):
        page.goto(RESOURCE)
        expect(thread_widget(page).get_by_text("Live: new posts appear")).to_be_visible()
    bob.get_by_label("Your reply").fill("We use NEWS2 on every ward round.")
    bob.get_by_role("button", name="Post reply").click()
    expect(thread_widget(alice).get_by_text("We use NEWS2 on every ward round.")).to_be_visible(timeout=2000)
    expect(thread_widget(bob).get_by_text("We use NEWS2 on every ward round.")).to_have_count(1)
    assert alice.errors == [] and bob.errors == []


def test_posts_made_while_disconnected_appear_exactly_once(
    service: Any, proxy: Any, member_api: Any, open_page: Any
) -> None:
    alice_email, bob_email = service.add_member("Alice Adams"), service.add_member("Bob Brown")
    thread = member_api(alice_email).start_thread(
        "Lactate redraws", "When do you redraw?", page_key="resource/hour-1-bundle"
    )
    bob_api = member_api(bob_email)
    alice = open_page(alice_email, base_url=proxy.url)
    alice.goto(RESOURCE)
    widget = thread_widget(alice)
    expect(widget.get_by_text("Live: new posts appear")).to_be_visible()

    proxy.cut()
    expect(widget.get_by_text("Reconnecting")).to_be_visible(timeout=5000)
    bob_api.reply(thread["id"], "Missed reply one")
    bob_api.reply(thread["id"], "Missed reply two")
    proxy.restore()

    expect(widget.get_by_text("Live: new posts appear")).to_be_visible(timeout=20000)
    for text in ("Missed reply one", "Missed reply two"):
        expect(widget.get_by_text(text)).to_have_count(1)
    bob_api.reply(thread["id"], "After the reconnect")
    expect(widget.get_by_text("After the reconnect")).to_have_count(1, timeout=2000)
    expect(widget.locator("li.scn-post")).to_have_count(4)
    assert alice.errors == []


def test_a_draft_survives_a_reload(service: Any, member_api: Any, open_page: Any) -> None:
    email = service.add_member("Alice Adams")
    member_api(email).start_thread("Sepsis committee", "Who chairs yours?", page_key="resource/hour-1-bundle")
    page = open_page(email)
    page.goto(RESOURCE)
    page.get_by_label("Your reply").fill("Our CMO chairs it; half-written thought")
    page.reload()
    expect(page.get_by_label("Your reply")).to_have_value("Our CMO chairs it; half-written thought")


def test_first_post_on_a_page_starts_its_thread(service: Any, open_page: Any) -> None:
    page = open_page(service.add_member("Alice Adams"))
    page.goto("/resources/qsofa/")
    widget = thread_widget(page)
    expect(widget.get_by_text("Nobody has discussed this page yet.")).to_be_visible()
    widget.get_by_label("Your question or comment").fill("Does anyone still use qSOFA at triage?")
    widget.get_by_role("button", name="Start the discussion").click()
    expect(widget.get_by_role("heading", level=2)).to_contain_text("qSOFA")
    expect(widget.get_by_text("Does anyone still use qSOFA at triage?")).to_be_visible()


def test_moderator_hides_a_harmful_post_from_the_page(service: Any, member_api: Any, open_page: Any) -> None:
    member_email, mod_email = (
        service.add_member("Alice Adams"),
        service.add_member("Mo Derator", role="moderator"),
    )
    alice = member_api(member_email)
    thread = alice.start_thread(
        "Alert fatigue", "Our alert fires constantly.", page_key="resource/hour-1-bundle"
    )
    # Recognisable without any identifier the guard knows: only a moderator can catch this.
    alice.reply(thread["id"], "The regular with the falcon tattoo is back in bed 4")
    reader, moderator = open_page(member_email), open_page(mod_email)
    for page in (reader, moderator):
        page.goto(RESOURCE)
        expect(thread_widget(page).get_by_text("falcon tattoo")).to_be_visible()
    post = thread_widget(moderator).locator("li.scn-post", has_text="falcon tattoo")
    post.get_by_role("button", name="Hide (moderator)").click()
    post.get_by_label("Reason (kept in the audit log)").fill("Patient-identifying information")
    post.get_by_role("button", name="Hide post").click()
    expect(thread_widget(moderator).get_by_text("Hidden by a moderator")).to_be_visible()
    expect(thread_widget(reader).get_by_text("falcon tattoo")).to_have_count(0, timeout=3000)


def test_a_nurse_joins_is_approved_asks_and_sees_the_answer_live(
    service: Any, member_api: Any, open_page: Any
) -> None:
    admin_email = service.add_member("Ada Admin", role="admin")
    nurse = open_page()
    nurse.goto("/join/")
    form = nurse.get_by_role("form", name="Apply to join")
    form.get_by_label("Full name").fill("Nora Nurse")
    form.get_by_label("Work email").fill("nora@hospital.example")
    form.get_by_label("Password (at least 8 characters").fill("sepsis screening every shift")
    form.get_by_label("Professional role").select_option("rn")
    form.get_by_label("Facility", exact=True).fill("Lakeside Community Hospital")
    form.get_by_label("State or territory").select_option("MN")
    form.get_by_label("I coordinate a sepsis programme").check()
    form.get_by_label("I agree to the community rules").check()
    form.get_by_role("button", name="Apply to join").click()
    expect(nurse.get_by_text("Check your email for a link")).to_be_visible()

    first_link = service.mailbox.link(service.mailbox.wait_for("nora@hospital.example", "Confirm"))
    nurse.goto("/account/")  # lost the email: sign in and ask for another link
    signin = nurse.get_by_role("form", name="Sign in")
    signin.get_by_label("Email").fill("nora@hospital.example")
    signin.get_by_label("Password").fill("sepsis screening every shift")
    signin.get_by_role("button", name="Sign in").click()
    nurse.get_by_role("button", name="Email me a new confirmation link").click()
    expect(nurse.get_by_text("A new link is on its way")).to_be_visible()
    link = service.mailbox.link(service.mailbox.wait_for("nora@hospital.example", "Confirm", nth=2))
    assert link != first_link
    nurse.goto(link.replace(service.url, ""))
    expect(
        nurse.locator(".scn-notice").get_by_text("A moderator will review your application")
    ).to_be_visible()

    admin = open_page(admin_email)
    admin.goto("/moderation/")
    application = admin.get_by_role("list", name="Applications").locator("li", has_text="Nora Nurse")
    application.get_by_text("Decide").click()
    application.get_by_role("button", name="Approve").click()
    expect(admin.get_by_text("No applications are waiting.")).to_be_visible()
    expect(admin.locator("table")).to_contain_text("approve member")

    nurse.goto("/account/")  # still signed in from asking for the new link
    expect(nurse.get_by_text("You are a member of the Network.")).to_be_visible()

    nurse.goto("/forum/")
    nurse.get_by_role("link", name=re.compile("Building a sepsis programme", re.I)).click()
    nurse.get_by_label("Title").fill("How did you get your administration to fund a sepsis team?")
    nurse.get_by_label("Your question or topic").fill(
        "We have no coordinator yet. What data convinced your leaders?"
    )
    nurse.get_by_role("button", name="Start thread").click()
    expect(nurse.get_by_role("heading", name=re.compile("fund a sepsis team"))).to_be_visible()
    thread_id = int(re.search(r"#/t/(\d+)", nurse.url).group(1))

    member_api(admin_email).reply(thread_id, "Our SEP-1 failures and length-of-stay data did it.")
    expect(nurse.get_by_text("Our SEP-1 failures and length-of-stay data did it.")).to_be_visible(
        timeout=2000
    )


# Every view's accessibility, reached by clicking: tests/widget/test_accessibility.py.


@pytest.fixture
def site_at_its_own_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Material navigates instantly only to URLs of its sitemap, port included: build the
    Library for the address the service will have, as `make serve` does."""
    port = free_port()
    monkeypatch.setenv("SCN_SITE_URL", f"http://127.0.0.1:{port}/")
    root = copy_project(tmp_path / "project")
    assert sitegen_main(["--root", str(root), "build"]) == 0
    with running_service(
        root / "build" / "site", tmp_path / "var", Mailbox(), relay_port=free_port(), port=port
    ) as running:
        yield running


def test_the_widget_mounts_after_materials_instant_navigation(
    site_at_its_own_address: Any, browser: Any
) -> None:
    service = site_at_its_own_address
    email = service.add_member("Alice Adams")
    page = browser.new_page(base_url=service.url)
    csrf = page.request.get("/api/v1/session").json()["csrf_token"]
    page.request.post(
        "/api/v1/session",
        data={"email": email, "password": TEST_PASSWORD},
        headers={"X-CSRF-Token": csrf, "Origin": service.url},
    )
    # Material intercepts links once it has read the sitemap, a moment after load.
    with page.expect_response("**/sitemap.xml"):
        page.goto("/")
    page.wait_for_load_state("networkidle")  # the home page opens no event stream
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="Hour-1 bundle").first.click()
    page.wait_for_url("**/resources/hour-1-bundle/")
    expect(thread_widget(page).get_by_text("Nobody has discussed this page yet.")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True, "Material swapped the page without reloading it"
    page.close()


def test_a_reader_mid_page_is_told_how_many_replies_arrived(
    service: Any, member_api: Any, open_page: Any
) -> None:
    alice_email = service.add_member("Alice Adams")
    thread = member_api(alice_email).start_thread(
        "Fluids in heart failure", "How do you adapt 30 mL/kg?", page_key="resource/hour-1-bundle"
    )
    bob = member_api(service.add_member("Bob Brown"))
    page = open_page(alice_email)
    page.goto(RESOURCE)
    widget = thread_widget(page)
    expect(widget.get_by_text("Live: new posts appear")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    bob.reply(thread["id"], "We reassess after every 500 mL.")
    bob.reply(thread["id"], "Bedside ultrasound helps us.")
    button = widget.get_by_role("button", name="2 new replies")
    expect(button).to_be_visible(timeout=3000)
    button.click()
    expect(widget.get_by_text("We reassess after every 500 mL.")).to_be_in_viewport()
    expect(page.get_by_role("status").filter(has_text="New reply from Bob Brown")).to_have_count(1)


def test_a_member_can_reply_with_the_keyboard_alone(service: Any, member_api: Any, open_page: Any) -> None:
    email = service.add_member("Alice Adams")
    member_api(email).start_thread("Screening tools", "SIRS or NEWS2?", page_key="resource/hour-1-bundle")
    page = open_page(email)
    page.goto(RESOURCE)
    reply = page.get_by_label("Your reply")
    expect(reply).to_be_visible()
    reply.focus()
    page.keyboard.type("NEWS2 on the wards, SIRS in the ED.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post reply")).to_be_focused()
    page.keyboard.press("Enter")
    expect(thread_widget(page).locator("li.scn-post", has_text="NEWS2 on the wards")).to_have_count(1)
    expect(reply).to_have_value("")


def test_moderator_moves_a_thread_and_an_admin_manages_domains_and_categories(
    service: Any, member_api: Any, open_page: Any
) -> None:
    admin_email = service.add_member("Ada Admin", role="admin")
    thread = member_api(admin_email).start_thread("Alerts firing all night", "Is this normal?")
    page = open_page(admin_email)
    page.goto("/forum/")
    page.get_by_role("link", name="Latest").click()
    page.get_by_role("link", name=thread["title"]).click()
    page.get_by_text("Moderator tools").click()
    page.get_by_label("Change").select_option(label="Move to Predictive tools and EHR alerts")
    page.get_by_label("Reason (kept in the audit log)").fill("Belongs with EHR alerts")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name="All categories").click()
    page.get_by_role("link", name="Predictive tools and EHR alerts").click()
    expect(page.get_by_role("link", name="Alerts firing all night")).to_be_visible()

    page.locator(".scn-who").click()
    page.locator('[data-scn="account"]').get_by_role("link", name="Moderation").click()
    page.get_by_label("Domain (e.g. hospital.example.org)").fill("lakeside.example.org")
    page.get_by_role("button", name="Add domain").click()
    expect(page.get_by_role("list", name="Auto-approved domains")).to_contain_text("lakeside.example.org")
    page.get_by_label("Name", exact=True).fill("Antimicrobial stewardship")
    page.get_by_label("Short name for links").fill("stewardship")
    page.get_by_role("button", name="Add category").click()
    expect(page.get_by_role("button", name="Archive Antimicrobial stewardship")).to_be_visible()
    expect(page.locator("table")).to_contain_text("add auto approve domain")
    assert page.errors == []


def test_a_long_thread_shows_every_post_once_and_none_as_new(
    service: Any, member_api: Any, open_page: Any
) -> None:
    email = service.add_member("Alice Adams")
    api = member_api(email)
    thread = api.start_thread("Daily huddle notes", "Post 0", page_key="resource/hour-1-bundle")
    for n in range(1, 60):
        api.reply(thread["id"], f"Post {n}")
    page = open_page(email)
    page.goto(RESOURCE)
    widget = thread_widget(page)
    expect(widget.get_by_text("Live: new posts appear")).to_be_visible()
    expect(widget.locator("li.scn-post")).to_have_count(60)
    expect(widget.locator("li.scn-post--new")).to_have_count(0)
    expect(widget.get_by_role("button", name=re.compile("new repl"))).to_be_hidden()


def test_the_composer_shows_identifiers_found_and_can_send_them_for_review(
    service: Any, member_api: Any, open_page: Any, serious_violations: Any
) -> None:
    alice_email, bob_email = service.add_member("Alice Adams"), service.add_member("Bob Brown")
    member_api(alice_email).start_thread(
        "Family calls", "Who calls families?", page_key="resource/hour-1-bundle"
    )
    alice, bob = open_page(alice_email), open_page(bob_email)
    for page in (alice, bob):
        page.goto(RESOURCE)
        expect(thread_widget(page).get_by_text("Live: new posts appear")).to_be_visible()
    text = "Her daughter asked us to call 312-555-0147 after rounds."
    bob.get_by_label("Your reply").fill(text)
    bob.get_by_role("button", name="Post reply").click()
    warning = thread_widget(bob).get_by_role("alert")
    expect(warning).to_contain_text("may identify a patient")
    expect(warning.get_by_role("button", name="312-555-0147")).to_be_visible()
    assert serious_violations(bob) == []
    warning.get_by_role("button", name="312-555-0147").click()
    assert (
        bob.evaluate(
            "() => document.activeElement.value.slice(document.activeElement.selectionStart, document.activeElement.selectionEnd)"
        )
        == "312-555-0147"
    )

    warning.get_by_role("button", name="Send for a moderator's review").click()
    held = thread_widget(bob).locator(".scn-post", has_text="312-555-0147")
    expect(held.get_by_text("Waiting for a moderator")).to_be_visible()
    expect(bob.get_by_label("Your reply")).to_have_value("")
    alice.reload()
    expect(thread_widget(alice).get_by_text("Who calls families?")).to_be_visible()
    expect(thread_widget(alice).get_by_text("312-555-0147")).to_have_count(0)

    moderator = open_page(service.add_member("Mo Derator", role="moderator"))
    moderator.goto("/moderation/")
    queue = moderator.get_by_role("list", name="Held posts")
    expect(queue.get_by_text("312-555-0147")).to_be_visible()
    assert serious_violations(moderator) == []
    queue.get_by_label("Reason (kept in the audit log)").first.fill("Fictional number")
    queue.get_by_role("button", name="Approve post").click()
    expect(moderator.get_by_text("No posts are waiting.")).to_be_visible()
    expect(thread_widget(alice).get_by_text("312-555-0147")).to_be_visible(timeout=3000)
    assert alice.errors == [] and bob.errors == [] and moderator.errors == []
