"""`scn serve` as a newcomer meets it: the Library, the API and the widget on one origin."""

from __future__ import annotations

from typing import Any

import httpx


def test_first_run_serves_everything_and_says_how_to_create_the_first_admin(service: Any) -> None:
    assert "No admin yet. Create one with:" in service.console.read_text()
    assert "admin create --email" in service.console.read_text()
    # Followed as printed, the hint creates the admin in this service's database.
    hint = next(line for line in service.console.read_text().splitlines() if "admin create" in line)
    assert f"SCN_DATA_DIR={service.database.parent} " in hint
    with httpx.Client(base_url=service.url) as client:
        assert client.get("/api/v1/health").json() == {"status": "ok"}
        home = client.get("/")
        assert home.status_code == 200 and "Sepsis Coordinator Network" in home.text
        assert client.get("/resources/hour-1-bundle/").status_code == 200
        widget = client.get("/widget.js")
        assert widget.headers["content-type"].startswith("text/javascript")
        assert "data-scn" in widget.text
        assert client.get("/api/v1/openapi.json").json()["paths"]


def test_the_console_keeps_no_query_string_that_carries_a_token_or_a_search(service: Any) -> None:
    """An unsubscribe link's token and the words a member searched for (which may name a
    patient) never reach the server's console, as an access log would write them."""
    token, words = "Tk-0b1ivious-Unsubscribe-Token", "Zymurgy Quillfeather MRN"
    with httpx.Client(base_url=service.url) as client:
        assert (
            client.get("/unsubscribe", params={"member": 1, "kind": "mention", "token": token}).status_code
            < 500
        )
        assert client.get("/api/v1/search", params={"q": words}).status_code == 401
        assert client.get("/api/v1/health").status_code == 200
    console = service.console.read_text()
    assert token not in console and "Zymurgy" not in console
