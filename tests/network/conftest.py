"""Fixtures: a real app over a real SQLite file in tmp_path, a clock tests can move,
and helpers that sign people in and read the mail the app sent."""

import email
import email.policy
import functools
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import behind_the_app
import httpx
import pytest
from harness import FAST_HASHER, TEST_HASH, TEST_PASSWORD, enroll_second_factor, member_fields, totp_code
from starlette.applications import Starlette
from starlette.testclient import TestClient

from discussion_api.app import create_app
from discussion_api.config import Settings, load_settings

ORIGIN = "http://testserver"
DEFAULT_ADDRESS = ("testclient", 50000)  # Starlette's TestClient default client address
PASSWORD = TEST_PASSWORD
FAST_HASH = TEST_HASH


class MovableClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def test_settings(tmp_path: Path, **overrides: str) -> Settings:
    env = {
        "SCN_DATA_DIR": str(tmp_path / "var"),
        "SCN_SITE_DIR": str(tmp_path / "site"),
        "SCN_PUBLIC_URL": ORIGIN,
        "SCN_SECRET_KEY": "k" * 40,
        # Tests run the mail worker's rounds themselves (`run_worker`), so its writes
        # happen when a test says, not between two requests of the authorisation matrix.
        "SCN_MAIL_WORKER": "false",
        **overrides,
    }
    settings = load_settings(env)
    if settings.database_url:
        behind_the_app.register_postgres(settings.database, settings.database_url)
    return settings


test_settings.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def settings(tmp_path: Path, database: dict[str, str]) -> Settings:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>Library home</h1>")
    (site / "404.html").write_text("<h1>Not in the Library</h1>")
    return test_settings(tmp_path, **database)


@pytest.fixture
def app(settings: Settings, clock: MovableClock) -> Starlette:
    return create_app(settings, clock=clock, password_hasher=FAST_HASHER)


class Api:
    """A browser-like client: keeps cookies and sends the CSRF token it was given."""

    def __init__(self, client: httpx.Client):
        self.client = client
        self.csrf = ""

    def refresh(self) -> httpx.Response:
        response = self.get("/session")
        self.csrf = response.json()["csrf_token"]
        return response

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.client.request(method, "/api/v1" + path, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, json=json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def sign_in(self, email_address: str, password: str = PASSWORD) -> httpx.Response:
        """Sign in; an account with the test authenticator app (seeded moderators and
        admins) is sent its code at the app's clock."""
        self.refresh()
        response = self.post("/session", {"email": email_address, "password": password})
        if response.status_code == 401 and response.json()["error"]["code"] == "two_factor_required":
            now = self.client.app.state.runtime.clock()  # type: ignore[attr-defined]
            response = self.post(
                "/session", {"email": email_address, "password": password, "code": totp_code(now)}
            )
        if response.status_code == 200:
            self.csrf = response.json()["csrf_token"]
        return response


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str


class Network:
    """The app under test plus ways to populate it and act as different people."""

    def __init__(self, app: Starlette, settings: Settings, stack: ExitStack):
        self.app = app
        self.settings = settings
        self._stack = stack
        self._count = 0
        # One lifespan (migrations, the events follower) on one event loop, as in a real
        # process; every other client sends its requests through that loop's portal.
        self._running = self._stack.enter_context(self._new_client())

    def _new_client(self, address: tuple[str, int] = DEFAULT_ADDRESS) -> TestClient:
        return TestClient(self.app, base_url=ORIGIN, headers={"Origin": ORIGIN}, client=address)

    def client(self, address: tuple[str, int] = DEFAULT_ADDRESS) -> Api:
        """A new browser; `address` is the (host, port) the app sees it connect from."""
        client = self._new_client(address)
        client.portal = self._running.portal
        self._stack.callback(client.close)
        return Api(client)

    def add_member(
        self, *, status: str = "approved", role: str = "member", name: str | None = None, **profile: Any
    ) -> Person:
        self._count += 1
        name = name or f"Member {self._count}"
        address = f"member{self._count}@hospital.example"
        fields = member_fields(name, address, **profile)
        with self.app.state.runtime.store.write() as db:
            member_id = db.members.create(
                fields, FAST_HASH, self.app.state.runtime.clock(), status=status, role=role
            )
            if role != "member":  # moderation needs a two-factor session
                enroll_second_factor(db, member_id, self.app.state.runtime.clock())
        return Person(member_id, address, name)

    def signed_in(self, person: Person) -> Api:
        api = self.client()
        assert api.sign_in(person.email).status_code == 200
        return api

    def mails(self) -> list[EmailMessage]:
        folder = self.settings.mail_dir
        paths = sorted(folder.glob("*.eml")) if folder.exists() else []
        return [parse_mail(path.read_bytes()) for path in paths]

    def row_counts(self) -> dict[str, int]:
        return row_counts(self.settings.database)


def parse_mail(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def link_token(message: EmailMessage, purpose: str) -> str:
    body = message.get_content()
    match = re.search(rf"#{purpose}=([A-Za-z0-9_-]+)", body)
    assert match, body
    return match.group(1)


# PostgreSQL's shared counters (rate limits, open streams): what SQLite keeps in each
# process's memory, and a refused request may well count a use of a rate.
COUNTERS = frozenset({"rate_hits", "stream_leases"})


def row_counts(database: Path) -> dict[str, int]:
    """Rows per table, to prove that a refused request wrote nothing."""
    with behind_the_app.database(database) as db:
        return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables(database)}


@functools.cache
def tables(database: Path) -> list[str]:
    """Every table of the app's database but the counters, in name order (on either engine;
    a test's schema does not change, so asked once per database)."""
    if behind_the_app.postgres_url(database):
        query = (
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            " AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
    else:
        query = (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    return [name for (name,) in behind_the_app.rows(database, query) if name not in COUNTERS]


@pytest.fixture
def network(app: Starlette, settings: Settings) -> Iterator[Network]:
    with ExitStack() as stack:
        yield Network(app, settings, stack)


@pytest.fixture
def visitor(network: Network) -> Api:
    api = network.client()
    api.refresh()
    return api


JOIN = {
    "name": "Dana Reyes",
    "email": "dana@stmary.example",
    "password": PASSWORD,
    "professional_role": "rn",
    "credentials": "RN, BSN",
    "job_title": "Sepsis coordinator",
    "facility": "St Mary's",
    "city": "Columbus",
    "state": "OH",
    "bed_count": 320,
    "is_coordinator": True,
    "agrees_to_community_rules": True,
}
