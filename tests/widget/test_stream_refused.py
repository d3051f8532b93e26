"""A refused event stream ends for good, and the widget says so (the security checklist's
note on Server-Sent Events): a member signed out while their connection was down comes
back to a stream that answers 401, and is told to sign in again instead of the widget
reconnecting forever."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import expect

RESOURCE = "/resources/hour-1-bundle/"


def sign_out_behind_the_browsers_back(service: Any, session_cookie: str) -> None:
    """End the browser's session from elsewhere, as a sign-out on another device would."""
    with httpx.Client(base_url=service.url, headers={"Origin": service.url}, timeout=10) as other:
        other.cookies.set("scn_session", session_cookie)
        csrf = other.get("/api/v1/session").json()["csrf_token"]
        assert other.delete("/api/v1/session", headers={"X-CSRF-Token": csrf}).status_code == 204
        assert other.get("/api/v1/events", params={"topics": "category:1"}).status_code == 401


def test_signing_out_elsewhere_stops_live_updates_and_says_so(
    service: Any, proxy: Any, member_api: Any, open_page: Any
) -> None:
    email = service.add_member("Alice Adams")
    member_api(email).start_thread(
        "Lactate redraws", "When do you redraw?", page_key="resource/hour-1-bundle"
    )
    page = open_page(email, base_url=proxy.url)
    page.goto(RESOURCE)
    widget = page.locator('[data-scn="thread"]')
    expect(widget.get_by_text("Live: new posts appear")).to_be_visible()

    proxy.cut()
    expect(widget.get_by_text("Reconnecting")).to_be_visible(timeout=5000)
    (cookie,) = [c["value"] for c in page.context.cookies() if c["name"] == "scn_session"]
    sign_out_behind_the_browsers_back(service, cookie)
    proxy.restore()

    expect(widget.get_by_text("Live updates stopped: sign in again to continue.")).to_be_visible(
        timeout=20000
    )
    expect(widget.get_by_text("Reconnecting")).to_have_count(0)
