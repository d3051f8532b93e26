"""Server-side sessions: rotation, revocation, idle and absolute expiry, cookie flags."""

import hashlib

import behind_the_app
from harness import seed_member

from discussion_api.app import create_app

from .conftest import FAST_HASHER, PASSWORD, MovableClock, Network, test_settings


def session_cookie(api) -> str:
    return api.client.cookies["scn_session"]


def test_sign_in_rotates_and_sign_out_revokes(network: Network) -> None:
    member = network.add_member()
    api = network.signed_in(member)
    first = session_cookie(api)
    assert len(first) >= 43  # 256 bits, URL-safe base64
    api.sign_in(member.email)
    second = session_cookie(api)
    assert second != first
    stolen = network.client()
    stolen.client.cookies.set("scn_session", first)
    assert stolen.get("/profile").status_code == 401

    stored = [
        row[0] for row in behind_the_app.rows(network.settings.database, "SELECT token_hash FROM sessions")
    ]
    assert stored == [hashlib.sha256(second.encode()).hexdigest()]

    replay = network.client()
    replay.client.cookies.set("scn_session", second)
    replay.csrf = api.csrf
    assert api.delete("/session").status_code == 204
    assert replay.get("/profile").status_code == 401


def test_idle_and_absolute_expiry(network: Network, clock: MovableClock) -> None:
    member = network.add_member()
    api = network.signed_in(member)
    idle = network.settings.session_idle
    clock.advance(seconds=idle.total_seconds() - 60)
    assert api.get("/profile").status_code == 200  # use keeps it alive
    clock.advance(seconds=idle.total_seconds() - 60)
    assert api.get("/profile").status_code == 200
    clock.advance(seconds=idle.total_seconds() + 1)
    assert api.get("/profile").status_code == 401

    api.sign_in(member.email)
    absolute = network.settings.session_absolute
    step = idle.total_seconds() / 2
    elapsed = 0.0
    while elapsed + step <= absolute.total_seconds():
        clock.advance(seconds=step)
        elapsed += step
        assert api.get("/profile").status_code == 200
    clock.advance(seconds=step)
    assert api.get("/profile").status_code == 401


def test_cookie_attributes_over_https(tmp_path, clock) -> None:
    settings = test_settings(
        tmp_path, SCN_PUBLIC_URL="https://network.example", SCN_ALLOWED_ORIGINS="https://network.example"
    )
    app = create_app(settings, clock=clock, password_hasher=FAST_HASHER)
    from starlette.testclient import TestClient

    with TestClient(
        app, base_url="https://network.example", headers={"Origin": "https://network.example"}
    ) as client:
        visit = client.get("/api/v1/session")
        cookie = visit.headers["set-cookie"]
        assert cookie.startswith("__Host-scn_csrf=")
        assert "Max-Age=86400" in cookie  # a visitor's seed lasts a day
        for flag in ("HttpOnly", "Secure", "Path=/", "SameSite=lax"):
            assert flag in cookie
        assert "Domain" not in cookie
        assert visit.headers["strict-transport-security"].startswith("max-age=31536000")

        # Signing out clears the session cookie with the same attributes it was set with
        # (a cookie deleted with another Path or without Secure stays in the browser).
        email = seed_member(settings.database, "Https Member")[1]
        headers = {"X-CSRF-Token": visit.json()["csrf_token"]}
        signed = client.post("/api/v1/session", json={"email": email, "password": PASSWORD}, headers=headers)
        assert signed.status_code == 200
        set_at_sign_in = signed.headers["set-cookie"]
        out = client.delete("/api/v1/session", headers={"X-CSRF-Token": signed.json()["csrf_token"]})
        assert out.status_code == 204
        cleared = out.headers["set-cookie"]
        assert cleared.startswith("__Host-scn_session=") and "Max-Age=0" in cleared
        for flag in ("HttpOnly", "Secure", "Path=/;", "SameSite=lax"):
            assert flag in set_at_sign_in and flag in cleared, (flag, cleared)


def test_every_visitor_gets_a_token_of_their_own(network: Network) -> None:
    """A visitor's CSRF token is bound to a random seed of their own, so one visitor's
    token is no use to another (or to a page that read it from somewhere)."""
    first, second = network.client(), network.client()
    tokens = {api.client.get("/api/v1/session").json()["csrf_token"] for api in (first, second)}
    assert len(tokens) == 2
