"""The widget's ES modules as a browser loads them: a forum page downloads the entry,
the shared core and the forum's own modules, never the account, security, members or
moderation code or the other pages' stylesheet; the rest loads where it is used (the
bell's list on opening it, the account's modules and pages.css on the account page, a
moderator's thread tools for moderators)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

NEVER_ON_THE_FORUM = {
    "account.js",
    "security.js",
    "signin.js",
    "members.js",
    "moderation.js",
    "standing.js",
    "rights.js",
    "stats.js",
    "threadmod.js",
    "notifications.js",
    "pages.css",
}


def widget_modules(page: Any) -> list[str]:
    """Record the widget modules the page downloads, by file name."""
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url.rsplit("/", 1)[1]) if "/widget/" in r.url else None)
    return loaded


def widget_encodings(page: Any) -> dict[str, str]:
    """Record the Content-Encoding each widget file arrived in, as Chromium asked for it."""
    encodings: dict[str, str] = {}

    def seen(response: Any) -> None:
        if "/widget" in response.url and response.status == 200:
            encodings[response.url.rsplit("/", 1)[1]] = response.headers.get("content-encoding", "identity")

    page.on("response", seen)
    return encodings


def test_a_forum_page_loads_only_what_the_forum_needs(service: Any, member_api: Any, open_page: Any) -> None:
    email = service.add_member("Alice Adams")
    member_api(email).start_thread("Lactate at triage", "Who draws it?", page_key="resource/hour-1-bundle")
    page = open_page(email)
    loaded = widget_modules(page)
    encodings = widget_encodings(page)
    page.goto("/forum/")
    forum = page.locator('[data-scn="forum"]')
    forum.get_by_role("link", name="Latest").click()
    forum.get_by_role("link", name="Lactate at triage").click()
    expect(forum.get_by_role("heading", name="Lactate at triage")).to_be_visible()
    assert {"core.js", "forum.js", "thread.js", "composer.js", "live.js", "bell.js"} <= set(loaded)
    assert NEVER_ON_THE_FORUM.isdisjoint(loaded), loaded
    # What bench/widget_size counts is what Chromium gets: every file in Brotli.
    assert {"widget.js", "widget.css", "core.js", "thread.js"} <= set(encodings), encodings
    assert set(encodings.values()) == {"br"}, encodings

    page.get_by_role("button", name="Notifications: 0 unread").click()
    expect(page.get_by_role("region", name="Notifications")).to_contain_text("Nothing yet")
    assert "notifications.js" in loaded

    page.locator(".scn-who").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    assert {"account.js", "security.js", "pages.css"} <= set(loaded)
    assert "moderation.js" not in loaded
    # The account page's own styles (pages.css) apply: its sections sit in a grid.
    grid = page.locator(".scn-account").first.evaluate("el => getComputedStyle(el).display")
    assert grid == "grid"
    assert page.errors == []


def test_a_moderators_thread_loads_the_moderator_tools(service: Any, member_api: Any, open_page: Any) -> None:
    email = service.add_member("Mona Moderator", role="moderator")
    member_api(email).start_thread("Lactate at triage", "Who draws it?", page_key="resource/hour-1-bundle")
    page = open_page(email)
    loaded = widget_modules(page)
    page.goto("/resources/hour-1-bundle/")
    expect(page.get_by_text("Moderator tools")).to_be_visible()
    assert "threadmod.js" in loaded
    assert page.errors == []
