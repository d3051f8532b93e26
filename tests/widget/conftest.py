"""Browser sessions against the real Network: a signed-in page per member, and an API client."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import TEST_PASSWORD, Mailbox, Service, free_port, running_service, totp_code


class MemberApi:
    """A member talking to the API over HTTP, as the widget does (cookie + CSRF + Origin)."""

    def __init__(self, url: str, email: str) -> None:
        self.client = httpx.Client(base_url=url + "/api/v1", headers={"Origin": url}, timeout=10)
        csrf = self.client.get("/session").json()["csrf_token"]
        credentials = {"email": email, "password": TEST_PASSWORD}
        signed = self.client.post("/session", json=credentials, headers={"X-CSRF-Token": csrf})
        if signed.status_code == 401 and signed.json()["error"]["code"] == "two_factor_required":
            credentials["code"] = totp_code()  # a seeded moderator or admin
            signed = self.client.post("/session", json=credentials, headers={"X-CSRF-Token": csrf})
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


def sign_in_context(context: Any, base_url: str, email: str) -> None:
    """Sign a browser context in through the API (with the test authenticator app's code
    for seeded moderators and admins)."""
    csrf = context.request.get("/api/v1/session").json()["csrf_token"]
    credentials = {"email": email, "password": TEST_PASSWORD}
    headers = {"X-CSRF-Token": csrf, "Origin": base_url}
    signed = context.request.post("/api/v1/session", data=credentials, headers=headers)
    if signed.status == 401 and signed.json()["error"]["code"] == "two_factor_required":
        signed = context.request.post(
            "/api/v1/session", data={**credentials, "code": totp_code()}, headers=headers
        )
    assert signed.ok, signed.text()


@pytest.fixture
def open_page(browser: Any, service: Any) -> Iterator[Callable[..., Any]]:
    """A new browser context (its own cookies) with a page, signed in as `email` if given."""
    contexts = []

    def make(email: str | None = None, color_scheme: str = "light", base_url: str | None = None) -> Any:
        base_url = base_url or service.url
        context = browser.new_context(base_url=base_url, color_scheme=color_scheme)
        contexts.append(context)
        if email:
            sign_in_context(context, base_url, email)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()


class CuttableProxy:
    """A TCP relay on loopback in front of the service whose connections can be cut.

    `cut()` drops every open connection (an SSE stream included) and refuses new
    ones until `restore()`: a real network failure, seen from the browser.
    """

    def __init__(self, listen_port: int, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", listen_port))
        self.port = self.listener.getsockname()[1]
        self.refusing = False
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.refusing:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                self.open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.refusing = True
        with self.lock:
            for end in self.open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
            self.open.clear()

    def restore(self) -> None:
        self.refusing = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def proxy(service: Any) -> Iterator[CuttableProxy]:
    """A cuttable relay in front of the service, on the port its allowed origins include."""
    relay = CuttableProxy(service.relay_port, int(service.url.rsplit(":", 1)[1]))
    yield relay
    relay.close()


@pytest.fixture(scope="session")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    """The Library built for the address its service will have, once per test process.

    Material navigates instantly (and takes over same-origin link clicks) only for
    URLs of its sitemap, port included: as `make serve` builds it, so a reader meets it.
    """
    import os

    from bench.library_build import copy_project
    from sitegen.cli import main as sitegen_main

    port = free_port()
    previous = os.environ.get("SCN_SITE_URL")
    os.environ["SCN_SITE_URL"] = f"http://127.0.0.1:{port}/"
    try:
        root = copy_project(tmp_path_factory.mktemp("instant"))
        assert sitegen_main(["--root", str(root), "build"]) == 0
    finally:
        if previous is None:
            os.environ.pop("SCN_SITE_URL", None)
        else:
            os.environ["SCN_SITE_URL"] = previous
    return port, root / "build" / "site"


@pytest.fixture
def instant_service(
    instant_site: tuple[int, Path], tmp_path: Path, smtp_server: tuple[int, Mailbox]
) -> Iterator[Service]:
    """The Network serving the Library at the address its sitemap names: instant navigation on.

    Each test takes a free port and the sitemap (the one thing Material checks, port
    included) is rewritten for it: a fixed port could be taken between tests.
    """
    _, site = instant_site
    port = free_port()
    sitemap = site / "sitemap.xml"
    sitemap.write_text(re.sub(r"http://127\.0\.0\.1:\d+/", f"http://127.0.0.1:{port}/", sitemap.read_text()))
    (site / "sitemap.xml.gz").unlink(missing_ok=True)
    smtp_port, mailbox = smtp_server
    # Tests seed whole threads through the API faster than a person posts; the per-member
    # posting limit has its own tests (tests/network/test_member_rate_limits.py).
    env = {
        "SCN_SMTP_HOST": "127.0.0.1",
        "SCN_SMTP_PORT": str(smtp_port),
        "SCN_POST_LIMIT_MEMBER": "10000/minute",
    }
    with running_service(
        site, tmp_path / "var", mailbox, relay_port=free_port(), port=port, **env
    ) as running:
        yield running


class Person:
    """A browser page used as a person uses it: the console and unhandled failures are recorded."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught: {exc}"))
        page.on(
            "console",
            lambda msg: (
                self.problems.append(f"console {msg.type}: {msg.text}")
                if msg.type in ("error", "warning") and "favicon" not in msg.text
                else None
            ),
        )
        # Unhandled promise rejections reach `pageerror` in Chromium; record them twice over.
        page.add_init_script(
            "window.addEventListener('unhandledrejection', (e) => console.error('unhandled rejection: ' + (e.reason && e.reason.message || e.reason)))"
        )

    def open(self, path: str) -> Any:
        """The first page load, waiting until Material has read its sitemap (from then on it
        intercepts link clicks, as it does for a reader)."""
        with self.page.expect_response("**/sitemap.xml"):
            self.page.goto(path)
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("window.scnSameDocument = true")
        return self.page

    def still_same_document(self) -> bool:
        """True while every navigation so far was Material's instant one (no full reload)."""
        return bool(self.page.evaluate("window.scnSameDocument === true"))


@pytest.fixture
def person(browser: Any, instant_service: Service) -> Iterator[Callable[..., Person]]:
    """A person at the instant-navigation Library, signed in as `email` if given."""
    contexts = []

    def make(
        email: str | None = None, *, viewport: dict[str, int] | None = None, color_scheme: str = "light"
    ) -> Person:
        url = instant_service.url
        options: dict[str, Any] = {"base_url": url, "color_scheme": color_scheme}
        if viewport:
            options.update(
                viewport=viewport, is_mobile=viewport["width"] < 600, has_touch=viewport["width"] < 600
            )
        context = browser.new_context(**options)
        contexts.append(context)
        if email:
            sign_in_context(context, url, email)
        return Person(context.new_page(), url)

    yield make
    for context in contexts:
        context.close()
