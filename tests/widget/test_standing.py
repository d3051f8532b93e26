"""Professional standing and data rights on the account and moderation pages, reached by
clicking: a member gives their licence, a moderator verifies it from the queue, the
member sees the badge, shows their own data, and hands the coordinator role over."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def test_licence_verification_own_data_and_handover_by_clicking(instant_service: Any, person: Any) -> None:
    cara = person(
        instant_service.add_member(
            "Cara Coordinator", facility="Riverbend Hospital", state="OH", is_coordinator=True
        )
    )
    instant_service.add_member("Sam Successor", facility="Riverbend Hospital", state="OH")
    page = cara.open("/")
    page.locator(".scn-who").click()
    page.wait_for_url("**/account/")
    licence = page.get_by_role("form", name="Your licence")
    licence.get_by_label("Licence number").fill("RN-44821")
    licence.get_by_label("Licensing state").select_option("OH")
    licence.get_by_role("button", name="Save licence details").click()
    expect(licence.get_by_role("status")).to_contain_text("A moderator will verify it.")

    mo = person(instant_service.add_member("Mo Derator", role="moderator"))
    mod_page = mo.open("/")
    mod_page.locator(".scn-who").click()
    mod_page.wait_for_url("**/account/")
    mod_page.locator('[data-scn="account"]').get_by_role("link", name="Moderation").click()
    queue = mod_page.get_by_role("list", name="Members to verify")
    expect(queue).to_contain_text("RN-44821")
    queue.get_by_label("How you verified").select_option("state_board")
    queue.get_by_role("button", name="Record verification").click()
    expect(mod_page.locator("table")).to_contain_text("Cara Coordinator")  # the audit log names her

    page.reload()
    expect(page.get_by_role("region", name="Professional verification")).to_contain_text(
        "Verified (State board look-up)"
    )
    page.get_by_role("button", name="Show it on this page").click()
    expect(page.locator('[data-scn="account"]')).to_contain_text("RN-44821")
    handover = page.get_by_role("form", name="Hand over the coordinator role")
    handover.get_by_label("Successor").select_option(label="Sam Successor")
    handover.get_by_role("button", name="Hand over").click()
    expect(handover.get_by_role("status")).to_contain_text("Handed over")
    assert cara.problems == [] and mo.problems == []
