"""Browser protections the security checklist names that other modules leave unproven:
HSTS over https (ASVS 3.4.1), 405 for a GET to a route that only changes state (3.5.3),
and no secret in any URL the API takes (14.2.1)."""

import re
from pathlib import Path

from starlette.testclient import TestClient

from discussion_api.app import ENDPOINTS, create_app
from discussion_api.http.openapi import API_ROOT

from .conftest import FAST_HASHER, MovableClock, Network, test_settings
from .test_security import assert_error

SITE = "https://network.example"
YEAR = 365 * 24 * 3600
# Query or path parameters that would put a secret in a URL (and so in logs and Referer).
SECRET_NAMES = re.compile(r"token|password|passphrase|secret|session|csrf|credential|otp|code", re.I)
# Named like secrets, and not: a session's row number (its token is never sent back), and
# the OpenID Connect callback's code and state, which the protocol puts in the query: the
# code is single-use and short-lived, exchanged once with PKCE, and the state is a nonce.
NOT_SECRETS = {
    ("/api/v1/account/sessions/{session_id}", "path", "session_id"),
    ("/api/v1/sso/{provider}/callback", "query", "code"),
    ("/api/v1/sso/{provider}/callback", "query", "session_state"),
}


def test_https_answers_carry_a_year_of_hsts_for_every_subdomain(tmp_path: Path, clock: MovableClock) -> None:
    settings = test_settings(tmp_path, SCN_PUBLIC_URL=SITE, SCN_ALLOWED_ORIGINS=SITE)
    settings.site_dir.mkdir(parents=True)
    (settings.site_dir / "index.html").write_text("<h1>Library home</h1>")
    app = create_app(settings, clock=clock, password_hasher=FAST_HASHER)
    with TestClient(app, base_url=SITE, headers={"Origin": SITE}) as client:
        answers = [
            client.get("/api/v1/health"),
            client.get("/api/v1/categories"),  # a refusal: 401
            client.get("/api/v1/no-such-thing"),
            client.get("/"),  # a Library page
        ]
    for answer in answers:
        directives = [part.strip().lower() for part in answer.headers["strict-transport-security"].split(";")]
        max_age = next(int(part.split("=", 1)[1]) for part in directives if part.startswith("max-age="))
        assert max_age >= YEAR, (answer.url, directives)
        assert "includesubdomains" in directives, (answer.url, directives)


def concrete(path: str) -> str:
    """A route pattern with each parameter filled: /posts/{post_id:int} -> /posts/1."""
    return re.sub(r"\{(\w+)(?::(\w+))?\}", lambda m: "1" if m.group(2) == "int" else "x.example", path)


def test_a_get_to_a_write_only_route_is_405_and_changes_nothing(network: Network) -> None:
    admin = network.signed_in(network.add_member(role="admin"))
    # From the endpoints the app declares, not the routes it built: a route that also
    # answered GET would otherwise drop out of the list instead of failing.
    methods: dict[str, set[str]] = {}
    for endpoint in ENDPOINTS:
        methods.setdefault(endpoint.path, set()).add(endpoint.method)
    write_only = sorted(path for path, taken in methods.items() if "GET" not in taken)
    assert len(write_only) >= 20, write_only
    before = network.row_counts()
    for path in write_only:
        response = admin.client.get(API_ROOT + concrete(path))
        assert_error(response, 405, "method_not_allowed")
        assert "GET" not in response.headers["allow"], path
    assert network.row_counts() == before


def test_no_route_takes_a_secret_in_its_url(network: Network) -> None:
    """Session and CSRF tokens travel in a cookie and a header; emailed links carry theirs
    after `#`, which browsers never send, and the page posts it in a JSON body."""
    document = network.client().get("/openapi.json").json()
    parameters = [
        (path, parameter["in"], parameter["name"])
        for path, operations in document["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    ]
    assert any(where == "query" for _, where, _ in parameters), "the document lists no query parameters"
    in_urls = [
        found for found in parameters if found[1] in ("path", "query") and SECRET_NAMES.search(found[2])
    ]
    assert set(in_urls) <= NOT_SECRETS, sorted(set(in_urls) - NOT_SECRETS)


def test_an_emailed_link_carries_its_token_after_the_hash(network: Network) -> None:
    member = network.add_member()
    visitor = network.client()
    visitor.refresh()
    assert visitor.post("/password-reset", {"email": member.email}).status_code == 202
    body = network.mails()[-1].get_content()
    links = re.findall(r"https?://\S+", body)
    assert links, body
    for link in links:
        assert not re.search(r"[A-Za-z0-9_-]{32,}", link.partition("#")[0]), link  # no token before '#'
    assert any(link.partition("#")[2].startswith("reset=") for link in links), links
