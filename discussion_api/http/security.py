"""Browser protections for every response: Origin check, CORS, security headers, body size.

CSRF tokens are checked per request once the caller is known (sessions.check_csrf).
"""

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import Settings
from .endpoints import IDEMPOTENCY_HEADER
from .errors import ApiError, error_response
from .sessions import API_PREFIX, CSRF_HEADER, UNSAFE_METHODS

API_CSP = "default-src 'none'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# No page of ours uses these browser features; a script injected despite everything gets none.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# The Library pages served beside the API: Material for MkDocs needs its small inline
# scripts and styles; everything else, the widget and its API calls included, is same-origin.
SITE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HSTS = "max-age=31536000; includeSubDomains"


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        is_api = scope["path"].startswith(API_PREFIX)
        origin = headers.get("origin")
        allowed_origin = origin if origin in self.settings.allowed_origins else None
        send = self._with_headers(send, is_api, allowed_origin)

        if is_api and scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(allowed_origin)(scope, receive, send)
            return
        refusal = self._refusal(scope, headers, is_api, allowed_origin)
        if refusal:
            await error_response(refusal)(scope, receive, send)
            return
        await self.app(scope, self._limited(receive), send)

    def _refusal(
        self, scope: Scope, headers: Headers, is_api: bool, allowed_origin: str | None
    ) -> ApiError | None:
        if is_api and scope["method"] in UNSAFE_METHODS and allowed_origin is None:
            return ApiError(403, "origin_refused", "This request must come from one of the site's own pages.")
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.settings.max_body_bytes):
            return self._too_large()
        return None

    def _too_large(self) -> ApiError:
        return ApiError(
            413, "body_too_large", f"Request bodies are limited to {self.settings.max_body_bytes} bytes."
        )

    def _preflight(self, allowed_origin: str | None) -> Response:
        if allowed_origin is None:
            return error_response(ApiError(403, "origin_refused", "This origin may not call the API."))
        return Response(
            status_code=204,
            headers={
                "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE",
                "Access-Control-Allow-Headers": f"Content-Type, {CSRF_HEADER}, Last-Event-ID, {IDEMPOTENCY_HEADER}",
                "Access-Control-Max-Age": "600",
            },
        )

    def _limited(self, receive: Receive) -> Receive:
        """Count streamed body bytes too: Content-Length may be absent (chunked)."""
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.settings.max_body_bytes:
                    raise self._too_large()
            return message

        return limited_receive

    def _with_headers(self, send: Send, is_api: bool, allowed_origin: str | None) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Permissions-Policy"] = PERMISSIONS_POLICY
                if self.settings.secure:
                    headers["Strict-Transport-Security"] = HSTS
                if is_api:
                    headers["Referrer-Policy"] = "no-referrer"
                    headers["Content-Security-Policy"] = API_CSP
                    headers["Cache-Control"] = "no-store"
                    headers["Vary"] = "Origin, Cookie"
                else:
                    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
                    headers["Content-Security-Policy"] = SITE_CSP
                if is_api and allowed_origin:
                    headers["Access-Control-Allow-Origin"] = allowed_origin
                    headers["Access-Control-Allow-Credentials"] = "true"
            await send(message)

        return send_with_headers
