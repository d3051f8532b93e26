"""A populated network with one signed-in client per role, and a snapshot to reset it.

The authorisation matrix and the bad-input test replay many requests against the
same starting state: `World.reset()` restores the database between requests.
"""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import behind_the_app
import httpx
from starlette.routing import Mount, Route

from discussion_api.app import create_app
from discussion_api.http.openapi import API_ROOT

from .conftest import FAST_HASHER, PASSWORD, Api, MovableClock, Network, test_settings
from .forum_helpers import reply, start_thread
from .oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider

# "suspended" is signed in and then suspended: a live session of a suspended member.
ROLES = ("anonymous", "unverified", "pending", "member", "suspended", "moderator", "admin")
# Seeded content no denied response may contain.
SENTINELS = ("SENTINEL-THREAD", "SENTINEL-POST", "SENTINEL-NAME", "SENTINEL-FACILITY", "sentinel-mail")


@dataclass
class World:
    network: Network
    clients: dict[str, Api]
    ids: dict[str, Any]
    snapshot: Path
    suspended_id: int

    def reset(self) -> None:
        behind_the_app.copy_database(self.snapshot, self.network.settings.database)

    def request(self, role: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """`path` under /api/v1 unless it starts with "!"; the role's cookies survive it."""
        api = self.clients[role]
        saved_cookies, saved_csrf = httpx.Cookies(api.client.cookies), api.csrf
        try:
            # A redirect (single sign-on) is the answer under test, not a page to follow.
            if path.startswith("!"):
                return api.client.request(method, path[1:], follow_redirects=False, **kwargs)
            return api.request(method, path, follow_redirects=False, **kwargs)
        finally:
            # sign-in rotates and sign-out clears cookies; each request starts as the role did
            api.client.cookies = saved_cookies
            api.csrf = saved_csrf


def app_routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) for every route of the app, the static mount included."""
    found = []
    for route in app.routes:
        if isinstance(route, Mount) and route.path == API_ROOT:
            for inner in route.routes:
                assert isinstance(inner, Route)
                found += [(method, API_ROOT + inner.path) for method in sorted(inner.methods or ())]
        elif isinstance(route, Mount):
            found += [("GET", "/"), ("HEAD", "/")]
        else:
            assert isinstance(route, Route), route
            found += [(method, route.path) for method in sorted(route.methods or ())]
    return found


@contextmanager
def build_world(tmp_path: Path, database: dict[str, str] | None = None) -> Iterator[World]:
    """`database`: the conftest `database` fixture's settings (SQLite when empty)."""
    with ExitStack() as stack:
        provider = stack.enter_context(running_provider())
        settings = test_settings(
            tmp_path,
            SCN_EMAIL_LIMIT_IP="100000/hour",
            SCN_SIGNIN_LIMIT_IP="100000/hour",
            SCN_OIDC_PROVIDERS="mercy",
            SCN_OIDC_MERCY_DISCOVERY_URL=provider.discovery_url,
            SCN_OIDC_MERCY_CLIENT_ID=CLIENT_ID,
            SCN_OIDC_MERCY_CLIENT_SECRET=CLIENT_SECRET,
            **(database or {}),
        )
        settings.site_dir.mkdir(parents=True)
        (settings.site_dir / "index.html").write_text("<h1>Library home</h1>")
        app = create_app(settings, clock=MovableClock(), password_hasher=FAST_HASHER)
        network = Network(app, settings, stack)
        people = {
            "unverified": network.add_member(status="unverified"),
            "pending": network.add_member(status="pending"),
            "member": network.add_member(name="SENTINEL-NAME member", facility="SENTINEL-FACILITY"),
            "suspended": network.add_member(),
            "moderator": network.add_member(role="moderator"),
            "admin": network.add_member(role="admin"),
        }
        clients = {role: network.signed_in(person) for role, person in people.items()}
        clients["anonymous"] = network.client()
        clients["anonymous"].refresh()
        other = network.signed_in(network.add_member(name="SENTINEL-NAME other", show_email=True))
        target = network.add_member(name="SENTINEL-NAME target")
        applicant = network.add_member(status="pending", name="SENTINEL-NAME applicant")
        page = start_thread(
            clients["member"],
            title="SENTINEL-THREAD title",
            body="SENTINEL-POST first",
            page_key="resource/sentinel",
        )
        thread_id = page["thread"]["id"]
        own_reply = reply(clients["member"], thread_id, "SENTINEL-POST reply")
        hidden = reply(other, thread_id, "SENTINEL-POST hidden")
        clients["moderator"].post(f"/mod/posts/{hidden['id']}/hide", {"reason": "seed"})
        held = reply(other, thread_id, "SENTINEL-POST held, call 312-555-0147", confirm_identifiers=True)
        anonymous = reply(other, thread_id, "SENTINEL-POST anonymous", anonymous=True)
        flag = other.post(f"/posts/{own_reply['id']}/flags", {"reason": "SENTINEL-POST flag"})
        clients["admin"].post("/admin/domains", {"domain": "sentinel-mail.example"})
        request = other.post("/requests", {"title": "SENTINEL-POST request", "details": "SENTINEL-POST why"})
        clients["moderator"].patch(
            f"/mod/requests/{request.json()['id']}",
            {
                "status": "planned",
                "public_title": "A screening card for EMS partners",
                "public_summary": "A pocket screening card for the ambulance crews who bring patients in.",
            },
        )
        # Suspended behind the app's back, as another process or a race would: the session
        # stays, so every request of the matrix reaches the app with a suspended member's cookie.
        behind_the_app.suspend(settings.database, people["suspended"].id)
        snapshot = tmp_path / "snapshot.sqlite3"
        behind_the_app.copy_database(settings.database, snapshot)
        yield World(
            network,
            clients,
            {
                "thread": thread_id,
                "post": own_reply["id"],
                "hidden_post": hidden["id"],
                "held_post": held["id"],
                "anonymous_post": anonymous["id"],
                "flag": flag.json()["id"],
                "request": request.json()["id"],
                "applicant": applicant.id,
                "target": target.id,
                "member_email": people["member"].email,
                "password": PASSWORD,
            },
            snapshot,
            people["suspended"].id,
        )
