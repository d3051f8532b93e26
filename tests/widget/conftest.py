"""Browser sessions against the real Network: a signed-in page per member, and an API client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

TEST_PASSWORD = "a long enough passphrase"


class MemberApi:
    """A member talking to the API over HTTP, as the widget does (cookie + CSRF + Origin)."""

    def __init__(self, url: str, email: str) -> None:
        self.client = httpx.Client(base_url=url + "/api/v1", headers={"Origin": url}, timeout=10)
        csrf = self.client.get("/session").json()["csrf_token"]
        signed = self.client.post(
            "/session", json={"email": email, "password": TEST_PASSWORD}, headers={"X-CSRF-Token": csrf}
        )
        assert signed.status_code == 200, signed.text
        self.client.headers["X-CSRF-Token"] = signed.json()["csrf_token"]

    def call(self, method: str, path: str, json: Any = None) -> Any:
        response = self.client.request(method, path, json=json)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def start_thread(self, title: str, body: str, page_key: str | None = None) -> dict[str, Any]:
        category = self.call("GET", "/categories")["categories"][0]["id"]
        payload = {"category_id": category, "title": title, "body": body}
        if page_key:
            payload["page_key"] = page_key
        return self.call("POST", "/threads", payload)["thread"]

    def reply(self, thread_id: int, body: str) -> dict[str, Any]:
        return self.call("POST", f"/threads/{thread_id}/posts", {"body": body})


@pytest.fixture
def member_api(service: Any) -> Iterator[Callable[[str], MemberApi]]:
    made: list[MemberApi] = []

    def make(email: str) -> MemberApi:
        made.append(MemberApi(service.url, email))
        return made[-1]

    yield make
    for api in made:
        api.client.close()


@pytest.fixture
def open_page(browser: Any, service: Any) -> Iterator[Callable[..., Any]]:
    """A new browser context (its own cookies) with a page, signed in as `email` if given."""
    contexts = []

    def make(email: str | None = None, color_scheme: str = "light") -> Any:
        context = browser.new_context(base_url=service.url, color_scheme=color_scheme)
        contexts.append(context)
        if email:
            csrf = context.request.get("/api/v1/session").json()["csrf_token"]
            signed = context.request.post(
                "/api/v1/session",
                data={"email": email, "password": TEST_PASSWORD},
                headers={"X-CSRF-Token": csrf, "Origin": service.url},
            )
            assert signed.ok, signed.text()
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
