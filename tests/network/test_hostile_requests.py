"""Requests an attacker crafts and faults the app meets: each gets a clean answer
with every security header, and at most one logged traceback, never a bare 500."""

import logging
import sqlite3

import pytest
from starlette.testclient import TestClient

from .conftest import ORIGIN, Api, Network


def assert_security_headers(headers: object, *, api: bool = True) -> None:
    """What every response carries, errors included (ASVS 3.4.3-3.4.6, 14.3.2)."""
    policy = headers["content-security-policy"]  # type: ignore[index]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy, policy
    assert headers["x-content-type-options"] == "nosniff"  # type: ignore[index]
    assert headers["referrer-policy"]  # type: ignore[index]
    assert "camera=()" in headers["permissions-policy"]  # type: ignore[index]
    if api:
        assert headers["cache-control"] == "no-store"  # type: ignore[index]


# Raw header bytes >= 0x80: UTF-8 text, a lone high byte, a token-length run.
@pytest.mark.parametrize("token", ["é".encode(), "\u2603".encode(), b"ok\xff", b"\x80" * 64])
def test_a_non_ascii_csrf_header_is_a_plain_refusal(
    network: Network, token: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    api = network.signed_in(network.add_member())
    with caplog.at_level(logging.ERROR):
        response = api.post("/threads/1/posts", {"body": "hello"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "csrf_failed"
    assert_security_headers(response.headers)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_a_server_fault_answers_json_with_every_security_header(
    network: Network, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = network.add_member()
    api = network.signed_in(member)
    # A client that sees the 500 as a browser would, instead of the test re-raising it.
    browser = TestClient(network.app, base_url=ORIGIN, raise_server_exceptions=False)
    browser.portal = network._running.portal
    browser.cookies = api.client.cookies

    def broken_disk(*args: object) -> object:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(network.app.state.runtime.store, "read", broken_disk)
    with caplog.at_level(logging.ERROR):
        for path in ("/api/v1/categories", "/api/v1/health"):
            response = browser.get(path, headers={"Origin": ORIGIN})
            assert response.status_code == 500, response.text
            assert response.json() == {
                "error": {
                    "code": "internal_error",
                    "message": "Something went wrong on our side.",
                    "field": None,
                }
            }
            assert "disk I/O" not in response.text
            assert_security_headers(response.headers)
            assert response.headers["access-control-allow-origin"] == ORIGIN
    # One logged traceback per failed request (the events follower, reading the same
    # broken store in the background, may log its own).
    failures = [r for r in caplog.records if r.exc_info and r.getMessage().startswith("unhandled error")]
    assert len(failures) == 2


def test_refusals_carry_every_security_header(network: Network, visitor: Api) -> None:
    for response in (
        visitor.get("/no-such-thing"),
        visitor.get("/categories"),
        visitor.post("/join", {}, headers={"Origin": "https://evil.example"}),
        visitor.post("/join", {}, headers={"X-CSRF-Token": "guess"}),
    ):
        assert response.status_code in (401, 403, 404), response.text
        assert_security_headers(response.headers)
    assert_security_headers(visitor.client.get("/no/such/page/").headers, api=False)


def test_a_wrong_method_is_told_every_method_the_path_takes(visitor: Api) -> None:
    # One route per endpoint answered with the first endpoint's method only (the fuzzer).
    response = visitor.put("/session")
    assert response.status_code == 405
    allowed = sorted(method.strip() for method in response.headers["allow"].split(","))
    assert allowed == ["DELETE", "GET", "HEAD", "POST"]
