"""Responses are compressed when the browser asks (the widget's files in Brotli or gzip,
compressed once; JSON gzipped as served), except the event stream.

The widget's modules are most of what a reader downloads for the forum; sent
uncompressed they weigh about three times as much. An event stream must never be compressed: a gzip
buffer would hold events back until it fills.
"""

import gzip
from pathlib import Path

import brotli
import httpx
import pytest
from harness import TEST_PASSWORD, ServiceProcess, seed_member

from .conftest import Api

STATIC = Path(__file__).resolve().parents[2] / "discussion_api" / "static"


def _raw(api: Api, path: str, accept_encoding: str | None) -> httpx.Response:
    """GET `path` with exactly this Accept-Encoding (None: no such header), body as on the wire."""
    request = api.client.build_request("GET", path)
    del request.headers["Accept-Encoding"]  # httpx sends "gzip, deflate" unless told otherwise
    if accept_encoding is not None:
        request.headers["Accept-Encoding"] = accept_encoding
    response = api.client.send(request, stream=True)
    response.wire = b"".join(response.iter_raw())  # type: ignore[attr-defined]
    response.close()
    return response


def test_widget_js_is_sent_in_brotli_to_a_browser_that_accepts_it(visitor: Api) -> None:
    """What Chromium sends (over plain http to 127.0.0.1 too): Brotli, the smaller."""
    response = _raw(visitor, "/widget.js", "gzip, deflate, br, zstd")
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "br"
    assert "accept-encoding" in response.headers["vary"].lower()
    source = (STATIC / "widget.js").read_bytes()
    assert brotli.decompress(response.wire) == source  # type: ignore[attr-defined]
    gzipped = _raw(visitor, "/widget.js", "gzip")
    assert gzipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(gzipped.wire) == source  # type: ignore[attr-defined]
    assert len(response.wire) < len(gzipped.wire) < len(source) / 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("accept_encoding", "sent"),
    [
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.4", "gzip"),
        ("*", "br"),
        ("*;q=0.1, br;q=0", "gzip"),
        ("identity", None),
        ("gzip;q=0, br;q=0", None),
        ("br;q=nonsense, gzip", "gzip"),
    ],
)
def test_the_browsers_preferences_decide_the_encoding(
    visitor: Api, accept_encoding: str, sent: str | None
) -> None:
    response = _raw(visitor, "/widget/core.js", accept_encoding)
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == sent
    source = (STATIC / "widget" / "core.js").read_bytes()
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[sent]
    assert decode(response.wire) == source  # type: ignore[attr-defined]


def test_a_module_the_browser_has_is_revalidated_without_its_body(visitor: Api) -> None:
    first = _raw(visitor, "/widget/thread.js", "br")
    etag = first.headers["etag"]
    again = visitor.client.get("/widget/thread.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert visitor.client.get("/widget/thread.js", headers={"If-None-Match": '"other"'}).status_code == 200
    assert visitor.client.get("/widget/core.js", headers={"If-None-Match": etag}).status_code == 200


def test_widget_js_is_sent_as_is_without_accept_encoding(visitor: Api) -> None:
    response = _raw(visitor, "/widget.js", None)
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert response.wire == (STATIC / "widget.js").read_bytes()  # type: ignore[attr-defined]


def test_json_is_gzipped_too(visitor: Api) -> None:
    response = _raw(visitor, "/api/v1/openapi.json", "gzip")
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(response.wire).startswith(b"{")  # type: ignore[attr-defined]


def test_the_event_stream_is_never_compressed(tmp_path: Path) -> None:
    """A real `scn serve`, as a browser's EventSource meets it (which sends Accept-Encoding)."""
    data_dir = tmp_path / "var"
    _, email = seed_member(data_dir / "network.sqlite3", "Alice")
    with (
        ServiceProcess(data_dir, SCN_SECRET_KEY="c" * 40) as service,
        httpx.Client(base_url=service.url, headers={"Origin": service.url}, timeout=10) as client,
    ):
        csrf = client.get("/api/v1/session").json()["csrf_token"]
        signed_in = client.post(
            "/api/v1/session",
            json={"email": email, "password": TEST_PASSWORD},
            headers={"X-CSRF-Token": csrf},
        )
        assert signed_in.status_code == 200, signed_in.text
        with client.stream(
            "GET",
            "/api/v1/events",
            params={"topics": "category:1"},
            headers={"Accept": "text/event-stream", "Accept-Encoding": "gzip, deflate, br"},
        ) as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            assert "content-encoding" not in stream.headers
            # The opening event arrives at once, as plain text on the wire.
            first = next(stream.iter_raw())
            assert b"stream.open" in first, first


def test_json_is_not_gzipped_for_a_client_that_refuses_gzip(visitor: Api) -> None:
    response = _raw(visitor, "/api/v1/openapi.json", "gzip;q=0, deflate")
    assert "content-encoding" not in response.headers
    assert response.wire.startswith(b"{")  # type: ignore[attr-defined]
