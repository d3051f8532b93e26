"""Compression as the browser asks for it (RFC 9110 content negotiation, q=0 refusing).

The widget's files are compressed once at the best level, sent in the encoding the
browser prefers and revalidated by ETag; every other answer (JSON, the Library's
pages) is gzipped as it goes out by `GZipMiddleware`, at a level cheap enough for
JSON, and never the event stream. The widget's files change only with a deployment and are downloaded by
every reader, so here each is compressed once (Brotli at quality 11, gzip at level 9)
when first asked for, and kept until its file changes. Brotli is about a sixth
smaller than gzip for these modules, and browsers ask for it (Chromium sends
"gzip, deflate, br, zstd", over plain http to 127.0.0.1 as well).
"""

import gzip
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import brotli
from starlette.datastructures import Headers
from starlette.middleware import gzip as starlette_gzip
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

# Encodings offered, best first; identity is always acceptable unless refused.
OFFERED = ("br", "gzip")


@dataclass(frozen=True)
class _Encoded:
    version: tuple[int, int]  # the file's (mtime_ns, size) when encoded
    etag: str
    bodies: dict[str, bytes]  # by Content-Encoding, "identity" included


_cache: dict[Path, _Encoded] = {}
_lock = threading.Lock()


def _encoded(path: Path) -> _Encoded:
    stat = path.stat()
    version = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        known = _cache.get(path)
        if known is not None and known.version == version:
            return known
    data = path.read_bytes()
    encoded = _Encoded(
        version,
        '"' + hashlib.sha256(data).hexdigest()[:32] + '"',
        {"identity": data, "br": brotli.compress(data, quality=11), "gzip": gzip.compress(data, 9, mtime=0)},
    )
    with _lock:
        _cache[path] = encoded
    return encoded


def preferred_encoding(accept_encoding: str, offered: tuple[str, ...] = OFFERED) -> str:
    """The best of `offered` that an Accept-Encoding header accepts (RFC 9110 12.5.3:
    q=0 refuses, "*" stands for any encoding not named), else "identity"."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, parameters = item.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            key, _, value = parameter.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name.strip():
            weights[name.strip().lower()] = quality
    best, best_quality = "identity", 0.0
    for encoding in offered:
        quality = weights.get(encoding, weights.get("*", 0.0))
        if quality > best_quality:
            best, best_quality = encoding, quality
    return best


def file_response(request: Request, path: Path, media_type: str, headers: dict[str, str]) -> Response:
    """`path` in the encoding the request prefers; 304 when its If-None-Match names it."""
    encoded = _encoded(path)
    encoding = preferred_encoding(request.headers.get("accept-encoding", ""))
    headers = {**headers, "ETag": encoded.etag, "Vary": "Accept-Encoding"}
    if encoded.etag in (tag.strip() for tag in request.headers.get("if-none-match", "").split(",")):
        return Response(status_code=304, headers=headers)
    if encoding != "identity":
        headers["Content-Encoding"] = encoding
    # Whole for HEAD too: uvicorn sends the headers (Content-Length included) and no body.
    return Response(encoded.bodies[encoding], media_type=media_type, headers=headers)


class GZipMiddleware(starlette_gzip.GZipMiddleware):
    """Starlette's, except that it asks `preferred_encoding` whether gzip is accepted:
    Starlette looks for the word "gzip" in Accept-Encoding, so "gzip;q=0" got gzip."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            accept_encoding = Headers(scope=scope).get("accept-encoding", "")
            if preferred_encoding(accept_encoding, ("gzip",)) != "gzip":
                await self.app(scope, receive, send)
                return
        await super().__call__(scope, receive, send)
