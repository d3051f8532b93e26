"""The whole journey over real HTTP: uvicorn on loopback, a real SQLite file and a real
SMTP server (aiosmtpd) reading the mails the service sends."""

import socket
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
import uvicorn
from aiosmtpd.controller import Controller

from discussion_api.app import create_app
from discussion_api.cli import main as scn

from .conftest import FAST_HASHER, JOIN, PASSWORD, link_token, parse_mail, test_settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = free_port()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(parse_mail(envelope.original_content or envelope.content))
        return "250 Message accepted"

    def mail_to(self, address: str) -> EmailMessage:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for message in reversed(self.messages):
                if message["To"] == address:
                    return message
            time.sleep(0.02)
        raise AssertionError(f"no mail to {address}")


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def service(tmp_path: Path, inbox: Inbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The service on a free loopback port, with an admin made by `scn admin create`."""
    port = free_port()
    env = {
        "SCN_DATA_DIR": str(tmp_path / "var"),
        "SCN_SITE_DIR": str(tmp_path / "site"),
        "SCN_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SCN_SECRET_KEY": "e" * 40,
        "SCN_SMTP_HOST": "127.0.0.1",
        "SCN_SMTP_PORT": str(inbox.port),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SCN_ADMIN_PASSWORD", PASSWORD)
    assert scn(["admin", "create", "--email", "mod@network.example", "--name", "Mo"]) == 0
    app = create_app(test_settings(tmp_path, **env), password_hasher=FAST_HASHER)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


class Browser:
    """An httpx client that behaves like the widget: Origin, cookies, CSRF header."""

    def __init__(self, base_url: str):
        self.http = httpx.Client(base_url=base_url + "/api/v1", headers={"Origin": base_url}, timeout=10)
        self.csrf = self.http.get("/session").json()["csrf_token"]

    def call(self, method: str, path: str, expect: int, **kwargs: Any) -> Any:
        response = self.http.request(method, path, headers={"X-CSRF-Token": self.csrf}, **kwargs)
        assert response.status_code == expect, (method, path, response.text)
        return response.json() if response.content else None

    def sign_in(self, email: str) -> None:
        session = self.call("POST", "/session", 200, json={"email": email, "password": PASSWORD})
        self.csrf = session["csrf_token"]

    def set_up_two_factor(self) -> None:
        """What a new admin does before moderating: an authenticator app (the session it is
        confirmed in becomes a two-factor one)."""
        secret = self.call("POST", "/account/totp", 200)["secret"]
        confirmed = self.call("POST", "/account/totp/confirm", 200, json={"code": pyotp.TOTP(secret).now()})
        self.csrf = confirmed["csrf_token"]


def join_and_get_approved(base_url: str, inbox: Inbox, moderator: Browser, **profile: Any) -> Browser:
    applicant = Browser(base_url)
    request = {**JOIN, **profile}
    applicant.call("POST", "/join", 202, json=request)
    token = link_token(inbox.mail_to(request["email"]), "verify")
    assert applicant.call("POST", "/join/verify", 200, json={"token": token}) == {"status": "pending"}
    queue = moderator.call("GET", "/mod/applications", 200)["applications"]
    (application,) = [a for a in queue if a["email"] == request["email"]]
    moderator.call("POST", f"/mod/applications/{application['id']}/approve", 200, json={})
    applicant.sign_in(request["email"])
    return applicant


def test_join_to_moderation_over_http(service: str, inbox: Inbox) -> None:
    moderator = Browser(service)
    moderator.sign_in("mod@network.example")
    moderator.set_up_two_factor()
    dana = join_and_get_approved(service, inbox, moderator)
    eli = join_and_get_approved(service, inbox, moderator, name="Eli Stone", email="eli@mercy.example")

    page = dana.call(
        "POST",
        "/threads",
        201,
        json={"category_id": 1, "title": "Repeat lactate", "body": "When do you redraw lactate?"},
    )
    thread_id = page["thread"]["id"]
    answer = eli.call(
        "POST",
        f"/threads/{thread_id}/posts",
        201,
        json={"body": "We redraw within two hours when above 2 mmol/L."},
    )

    hits = dana.call("GET", "/search", 200, params={"q": "mmol"})["results"]
    assert [hit["post_id"] for hit in hits] == [answer["id"]]
    assert "<mark>mmol</mark>" in hits[0]["snippet"]

    dana.call("POST", f"/posts/{answer['id']}/flags", 201, json={"reason": "Check this dose"})
    (flag,) = moderator.call("GET", "/mod/flags", 200)["flags"]
    assert flag["post"]["id"] == answer["id"]
    moderator.call("POST", f"/mod/posts/{answer['id']}/hide", 200, json={"reason": "Unsafe"})

    for member in (dana, eli):
        posts = member.call("GET", f"/threads/{thread_id}", 200)["posts"]
        assert [p["id"] for p in posts] == [page["posts"][0]["id"]]
        assert member.call("GET", "/search", 200, params={"q": "mmol"})["results"] == []
    kept = moderator.call("GET", f"/threads/{thread_id}", 200)["posts"]
    assert [(p["id"], p["status"]) for p in kept][-1] == (answer["id"], "hidden")
    audit = moderator.call("GET", "/mod/audit", 200)["entries"]
    assert (audit[0]["action"], audit[0]["reason"]) == ("hide_post", "Unsafe")

    # every email was link-only: no post text ever left the service
    assert inbox.messages
    for message in inbox.messages:
        assert "lactate" not in message.get_content().lower()
