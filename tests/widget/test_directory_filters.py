"""Finding peers in similar hospitals (issue 8), by clicking as a member does, with
Material's instant navigation on: the profile's facility type starts at "Choose…", and
the directory filters by facility type and bed-size band and shows both in each result."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def test_a_member_gives_her_facility_type_then_finds_peers_by_type_and_bed_count(
    instant_service: Any, person: Any
) -> None:
    instant_service.add_member(
        "Kit Critical", facility="Prairie Hospital", facility_type="critical-access", bed_count=25
    )
    instant_service.add_member(
        "Ada Academic", facility="City University Hospital", facility_type="academic", bed_count=20
    )
    instant_service.add_member("Cole Nocount", facility_type="critical-access")
    alice = person(instant_service.add_member("Alice Adams", facility="Lone Pine Hospital"))
    page = alice.open("/")
    page.get_by_role("link", name="Your account: signed in as Alice Adams").click()
    page.wait_for_url("**/account/")

    profile = page.get_by_role("form", name="Your profile")
    facility_type = profile.get_by_label("Facility type")
    expect(facility_type).to_have_value("")
    expect(facility_type.locator("option").first).to_have_text("Choose…")
    facility_type.select_option(label="Critical access hospital")
    profile.get_by_label("Facility bed count").fill("24")
    profile.get_by_role("button", name="Save profile").click()
    expect(profile.get_by_role("status")).to_have_text("Profile saved.")

    page.locator('[data-scn="account"]').get_by_role("link", name="Member directory").click()
    page.wait_for_url("**/members/")
    directory = page.locator('[data-scn="members"]')
    expect(directory.get_by_text("4 members found.")).to_be_visible()
    search = directory.get_by_role("form", name="Search the directory")
    expect(search.get_by_label("Facility type")).to_have_value("")
    expect(search.get_by_label("Bed count")).to_have_value("")
    search.get_by_label("Facility type").select_option(label="Critical access hospital")
    search.get_by_label("Bed count").select_option(label="Under 25 beds")
    search.get_by_role("button", name="Search").click()
    expect(directory.get_by_text("1 member found.")).to_be_visible()
    results = directory.get_by_role("list", name="Members")
    expect(results.get_by_role("listitem")).to_have_count(1)
    expect(results).to_contain_text("Alice Adams")
    expect(results).to_contain_text("Lone Pine Hospital · Critical access hospital · 24 beds")

    search.get_by_label("Bed count").select_option(label="25\u201399 beds")
    search.get_by_role("button", name="Search").click()
    expect(results.get_by_role("listitem")).to_have_count(1)
    expect(results).to_contain_text("Kit Critical")
    expect(results).to_contain_text("Prairie Hospital · Critical access hospital · 25 beds")
    assert alice.problems == []
    assert alice.still_same_document(), "the clicks stayed in Material's instant navigation"
