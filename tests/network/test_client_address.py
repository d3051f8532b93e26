"""Who the client is, as a real `scn serve` process decides it: X-Forwarded-For counts
only from the proxies in SCN_TRUSTED_PROXIES, so a client cannot spoof its way past a
rate limit; and the process names no server software in its answers."""

from pathlib import Path

from harness import ServiceProcess

from .served import browser


def failed_sign_ins(url: str, forwarded_for: list[str]) -> list[int]:
    """One wrong password per spoofed address, each for a different account."""
    statuses = []
    with browser(url) as client:
        csrf = client.get("/api/v1/session").json()["csrf_token"]
        for number, address in enumerate(forwarded_for):
            response = client.post(
                "/api/v1/session",
                json={"email": f"nobody{number}@hospital.example", "password": "wrong password"},
                headers={"X-CSRF-Token": csrf, "X-Forwarded-For": address},
            )
            statuses.append(response.status_code)
    return statuses


SPOOFED = [f"203.0.113.{n}" for n in range(1, 6)]
LIMITS = {"SCN_SIGNIN_LIMIT_IP": "3/hour"}


def test_a_spoofed_forwarded_for_does_not_change_the_rate_limit_key(tmp_path: Path) -> None:
    with ServiceProcess(tmp_path / "var", **LIMITS) as service:
        statuses = failed_sign_ins(service.url, SPOOFED)
    assert statuses == [401, 401, 401, 429, 429]


def test_a_listed_proxy_is_believed(tmp_path: Path) -> None:
    with ServiceProcess(tmp_path / "var", SCN_TRUSTED_PROXIES="127.0.0.1", **LIMITS) as service:
        statuses = failed_sign_ins(service.url, SPOOFED)
    assert statuses == [401] * 5  # five clients behind the proxy, one failure each


def test_answers_name_no_server_and_carry_the_security_headers(tmp_path: Path) -> None:
    with ServiceProcess(tmp_path / "var") as service, browser(service.url) as client:
        responses = [client.get("/api/v1/health"), client.get("/api/v1/nothing"), client.get("/")]
    for response in responses:
        assert "server" not in response.headers, response.headers
        assert "object-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["permissions-policy"]
    assert responses[0].headers["cache-control"] == "no-store"
