"""Browser protections: Origin, CSRF, CORS, security headers, body size, error shape."""

from .conftest import JOIN, ORIGIN, Api, Network


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}
    assert response.json()["error"]["code"] == code
    assert set(response.json()["error"]) == {"code", "message", "field"}


def test_unsafe_requests_need_an_allowed_origin(network: Network, visitor: Api) -> None:
    before = network.row_counts()
    foreign = visitor.post("/join", JOIN, headers={"Origin": "https://evil.example"})
    assert_error(foreign, 403, "origin_refused")
    visitor.client.headers.pop("Origin")
    assert_error(visitor.post("/join", JOIN), 403, "origin_refused")
    assert network.row_counts() == before


def test_unsafe_requests_need_the_csrf_token(network: Network, visitor: Api) -> None:
    api = network.signed_in(network.add_member())
    before = network.row_counts()
    assert_error(visitor.post("/join", JOIN, headers={"X-CSRF-Token": "guess"}), 403, "csrf_failed")
    fresh = network.client()  # never fetched /session, so holds no CSRF seed
    assert_error(fresh.post("/join", JOIN), 403, "csrf_failed")
    assert_error(api.delete("/session", headers={"X-CSRF-Token": visitor.csrf}), 403, "csrf_failed")
    assert network.row_counts() == before


def test_form_and_text_posts_are_refused(network: Network, visitor: Api) -> None:
    before = network.row_counts()
    for cross_site in (
        {"data": {"email": "a@b.example"}},
        {"content": b"{}", "headers": {"Content-Type": "text/plain"}},
    ):
        headers = {"Origin": "https://evil.example", **cross_site.pop("headers", {})}
        refused = visitor.post("/join", None, headers=headers, **cross_site)
        assert_error(refused, 403, "origin_refused")
    form = visitor.post("/join", None, data={"email": "a@b.example"})
    assert_error(form, 415, "unsupported_media_type")
    text = visitor.post(
        "/join", None, content=b'{"email": "a@b.example"}', headers={"Content-Type": "text/plain"}
    )
    assert_error(text, 415, "unsupported_media_type")
    assert network.row_counts() == before


def test_oversize_bodies_are_refused(network: Network, visitor: Api) -> None:
    big = b'{"name": "' + b"x" * 70000 + b'"}'
    response = visitor.post("/join", None, content=big, headers={"Content-Type": "application/json"})
    assert_error(response, 413, "body_too_large")

    def chunks():
        yield b'{"name": "'
        for _ in range(20):
            yield b"x" * 4096
        yield b'"}'

    streamed = visitor.post("/join", None, content=chunks(), headers={"Content-Type": "application/json"})
    assert_error(streamed, 413, "body_too_large")


def test_security_headers_and_cors(visitor: Api) -> None:
    response = visitor.get("/health")
    assert response.json() == {"status": "ok"}
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"
    assert headers["access-control-allow-origin"] == ORIGIN
    assert headers["access-control-allow-credentials"] == "true"
    assert "strict-transport-security" not in headers  # plain http on localhost

    other = visitor.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers

    preflight = visitor.request(
        "OPTIONS",
        "/join",
        headers={"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-csrf-token"},
    )
    assert preflight.status_code == 204
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert "x-csrf-token" in allowed and "idempotency-key" in allowed
    denied = visitor.request(
        "OPTIONS",
        "/join",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert_error(denied, 403, "origin_refused")
    assert "access-control-allow-origin" not in denied.headers


def test_routing_misses_use_the_error_shape(visitor: Api) -> None:
    assert_error(visitor.get("/no-such-thing"), 404, "not_found")
    assert_error(visitor.put("/health"), 405, "method_not_allowed")
    assert_error(visitor.get("/health?debug=1"), 422, "unexpected_query")


def test_static_site_is_served_at_the_root(visitor: Api) -> None:
    home = visitor.client.get("/")
    assert home.status_code == 200
    assert "Library home" in home.text
    assert home.headers["x-content-type-options"] == "nosniff"
    policy = home.headers["content-security-policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "connect-src 'self'"):
        assert directive in policy
    missing = visitor.client.get("/no/such/page/")
    assert missing.status_code == 404
    assert "Not in the Library" in missing.text
