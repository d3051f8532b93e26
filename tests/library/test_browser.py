"""What a person sees and clicks in the Library, in Debian's Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from sitegen.generate import PAGE_SIZE
from sitegen.library import Library, Resource, load_library


@pytest.fixture
def page(browser: object, site_url: str) -> Iterator[object]:
    context = browser.new_context(base_url=site_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture(scope="module")
def library(built_project: object) -> Library:
    return load_library(built_project)[0]


def searchable_text(r: Resource, library: Library) -> str:
    """What a reader expects the catalogue search to read: the whole page and its labels."""
    meta, label = r.meta, library.taxonomy.label
    labels = [label("types", meta.type), *(label("topics", t) for t in meta.topics)]
    labels += [label("audiences", a) for a in meta.audience]
    labels += [label("settings", s) for s in meta.settings]
    return " ".join([meta.title, meta.summary, meta.publisher, r.body, *labels]).lower()


def test_home_reaches_the_hour_1_bundle_in_one_click(page, serious_violations: Callable) -> None:
    page.goto("")
    assert "Sepsis Coordinator Network" in page.title()
    page.get_by_role("link", name="Hour-1 bundle").first.click()
    page.wait_for_url("**/resources/hour-1-bundle/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hour-1 Bundle")
    page.goto("")
    assert serious_violations(page) == []


def test_catalogue_filter_narrows_the_list(page, library: Library, serious_violations: Callable) -> None:
    page.goto("resources/")
    results = page.locator("li.scn-result:visible")
    assert results.count() == min(PAGE_SIZE, len(library.resources))  # the first catalogue page
    page.get_by_label("Topic").select_option("pediatrics")
    pediatric = [r for r in library.resources if "pediatrics" in r.meta.topics]
    expect(results).to_have_count(len(pediatric))  # once the full catalogue has loaded
    assert (
        page.locator(".scn-count").inner_text()
        == f"{len(pediatric)} of {len(library.resources)} resources match."
    )
    assert "topics=pediatrics" in page.url
    page.get_by_label("Search resources").fill("phoenix")
    phoenix = [r for r in pediatric if "phoenix" in searchable_text(r, library)]
    expect(results).to_have_count(len(phoenix))
    assert {a.inner_text() for a in results.locator("a").all()} == {r.meta.title for r in phoenix}
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function(
        f"document.querySelectorAll('li.scn-result:not([hidden])').length === {len(library.resources)}"
    )
    assert serious_violations(page) == []


@pytest.mark.parametrize("word", ["lactate", "pediatric"])
def test_catalogue_search_reads_each_resources_whole_text_and_topics(
    page, library: Library, word: str
) -> None:
    expected = {r.meta.title for r in library.resources if word in searchable_text(r, library)}
    beyond_summaries = expected - {
        r.meta.title for r in library.resources if word in f"{r.meta.title} {r.meta.summary}".lower()
    }
    assert beyond_summaries, f"no resource mentions {word!r} only in its text or topics"
    page.goto("resources/")
    page.get_by_label("Search resources").fill(word)
    results = page.locator("li.scn-result:visible")
    expect(results).to_have_count(len(expected))
    assert {a.inner_text() for a in results.locator("a").all()} == expected


def site_search(page, words: str):
    """Type `words` into the Library's search box as a person does; returns the result links."""
    page.goto("")
    search = page.get_by_role("textbox", name="Search")
    search.click()
    # Material builds its index in a web worker; a person sees this line before typing.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    search.press_sequentially(words)
    return page.locator(".md-search-result__link")


def test_site_search_puts_a_resource_first(page) -> None:
    first = site_search(page, "lactate").first
    expect(first).to_be_visible()
    assert re.search(r"/resources/(?!topics/)[a-z0-9-]+/", first.get_attribute("href"))


def test_catalogue_filters_from_a_shared_link(page, library: Library) -> None:
    page.goto("resources/?type=template")
    templates = [r for r in library.resources if r.meta.type == "template"]
    # The catalogue applies the link's filter once its script has read catalog.json.
    expect(page.locator("li.scn-result:visible")).to_have_count(len(templates))
    assert page.get_by_label("Type").input_value() == "template"


def test_resource_page(page, serious_violations: Callable) -> None:
    page.goto("resources/sep-1/")
    assert page.locator('[data-scn="thread"][data-scn-key="resource/sep-1"]').count() == 1
    assert page.get_by_role("heading", name="Citation").is_visible()
    assert not page.locator(".scn-review-overdue").is_visible()
    assert serious_violations(page) == []


def test_review_banner_appears_once_the_review_is_due(page, library: Library) -> None:
    due = library.resource("sep-1").meta.review_due
    page.clock.install(time=datetime(due.year, due.month, due.day) + timedelta(days=2))
    page.goto("resources/sep-1/")
    assert page.locator(".scn-review-overdue").is_visible()


def test_webinar_moves_to_past_when_the_clock_passes_its_end(
    page, library: Library, serious_violations: Callable
) -> None:
    upcoming = [w for w in library.webinars if w.meta.start > datetime.now(w.meta.start.tzinfo)]
    assert upcoming, "the shipped content should have an upcoming webinar"
    first = upcoming[0]
    page.goto("webinars/")
    upcoming_list = page.locator('[data-list="upcoming"]')
    past_list = page.locator('[data-list="past"]')
    assert upcoming_list.get_by_role("link", name=first.meta.title).count() == 1
    assert serious_violations(page) == []

    page.clock.install(time=first.meta.end + timedelta(minutes=1))
    page.goto("webinars/")
    assert upcoming_list.get_by_role("link", name=first.meta.title).count() == 0
    assert past_list.locator("li").first.get_by_role("link").inner_text() == first.meta.title
    assert page.locator(".scn-local-time").first.inner_text().startswith(" (your time:")

    page.get_by_role("link", name=first.meta.title).click()
    page.wait_for_url(f"**/webinars/{first.slug}/")
    assert page.locator("[data-status]").text_content() == "Past session"
    calendar_link = page.get_by_role("link", name="Add to calendar").evaluate("a => a.href")
    ics = page.request.get(calendar_link)
    assert ics.ok and f"UID:webinar-{first.slug}@" in ics.text()


def test_dark_palette_is_accessible_too(page, serious_violations: Callable) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto("resources/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert serious_violations(page) == []


def test_search_finds_a_resource(page) -> None:
    expect(site_search(page, "Phoenix").first).to_contain_text("Phoenix")


def test_a_protocol_prints_without_navigation_or_widget_and_with_link_targets(page) -> None:
    page.goto("resources/screening-every-shift-protocol/")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.md-header', '.md-sidebar--primary', '.md-footer', '[data-scn]']
              .map(s => getComputedStyle(document.querySelector(s)).display)"""
    )
    assert hidden == ["none"] * 4
    shown = page.evaluate(
        """() => getComputedStyle(document.querySelector('.md-typeset a[href^="https"]'), '::after').content"""
    )
    assert shown.startswith('" <https://')
