"""A browser's way into a real `scn serve` process: cookies, the CSRF token, its Origin."""

import httpx
from harness import TEST_PASSWORD, totp_code


def browser(url: str, **headers: str) -> httpx.Client:
    """A client that holds cookies and sends the service's own Origin."""
    return httpx.Client(base_url=url, headers={"Origin": url, **headers}, timeout=10)


def sign_in(client: httpx.Client, email: str, password: str = TEST_PASSWORD) -> httpx.Response:
    """Fetch a CSRF token, then sign in; later requests carry the session's token."""
    csrf = client.get("/api/v1/session").json()["csrf_token"]
    response = client.post(
        "/api/v1/session", json={"email": email, "password": password}, headers={"X-CSRF-Token": csrf}
    )
    if response.status_code == 401 and response.json()["error"]["code"] == "two_factor_required":
        response = client.post(
            "/api/v1/session",
            json={"email": email, "password": password, "code": totp_code()},
            headers={"X-CSRF-Token": csrf},
        )
    if response.status_code == 200:
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return response
