"""An API endpoint is a handler plus what it takes, what it returns and who may call it.

The same declarations build the Starlette routes, check access and input, and
generate /api/v1/openapi.json, so the document cannot drift from the code.
"""

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .errors import ApiError
from .runtime import Runtime
from .sessions import Viewer
from .storage.members import Member

LARGEST_ID = 2**62
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{8,100}")


class Access(StrEnum):
    """Who may call an endpoint; each level includes the ones below it."""

    PUBLIC = "public"  # anyone
    ACCOUNT = "account"  # signed in, whatever the application's state
    MEMBER = "member"  # approved and not suspended
    MODERATOR = "moderator"
    ADMIN = "admin"


@dataclass
class Call:
    """One request as a handler sees it: checked input and the viewer."""

    request: Request
    runtime: Runtime
    viewer: Viewer
    body: Any
    query: Any
    now: datetime
    response: Response = field(default_factory=Response)

    @property
    def member(self) -> Member:
        """The signed-in member (endpoints above PUBLIC only)."""
        assert self.viewer.member is not None
        return self.viewer.member

    def id(self, name: str) -> int:
        return int(self.request.path_params[name])

    @property
    def idempotency_key(self) -> str | None:
        """The client's Idempotency-Key header: a retried create returns the first result."""
        key = self.request.headers.get(IDEMPOTENCY_HEADER)
        if key is not None and not IDEMPOTENCY_KEY.fullmatch(key):
            raise ApiError(
                422,
                "invalid",
                "Idempotency-Key must be 8-100 letters, digits, '-' or '_'.",
                IDEMPOTENCY_HEADER,
            )
        return key

    @property
    def client_ip(self) -> str:
        return self.request.client.host if self.request.client else "unknown"


# A handler returns its own Response only for media types other than JSON (streams).
Handler = Callable[[Call], Awaitable[BaseModel | Response | None]]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Handler
    access: Access
    summary: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    media_type: str = "application/json"
    idempotent: bool = False  # honours an Idempotency-Key header

    def route(self) -> Route:
        async def endpoint(request: Request) -> Response:
            return await self.run(request)

        return Route(self.path, endpoint, methods=[self.method], name=f"{self.method} {self.path}")

    async def run(self, request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        viewer: Viewer = request.state.viewer
        now = runtime.clock()
        _check_access(self.access, viewer, now)
        if any(int(value) > LARGEST_ID for value in request.path_params.values() if isinstance(value, int)):
            raise ApiError(404, "not_found", "No such object.")
        call = Call(request, runtime, viewer, await self._body(request), self._query(request), now)
        result = await self.handler(call)
        if result is None:
            response: Response = Response(status_code=204)
        elif isinstance(result, Response):
            response = result
        else:
            response = JSONResponse(result.model_dump(mode="json"), status_code=self.status)
        for header, value in call.response.headers.items():
            if header.lower() == "set-cookie":
                response.headers.append(header, value)
        return response

    async def _body(self, request: Request) -> BaseModel | None:
        raw = await request.body()
        if self.body is None:
            if raw.strip():
                raise ApiError(400, "unexpected_body", "This request takes no body.")
            return None
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise ApiError(
                415, "unsupported_media_type", "Send a JSON body with Content-Type: application/json."
            )
        try:
            return self.body.model_validate_json(raw, strict=True)
        except ValidationError as error:
            raise _invalid(error) from None

    def _query(self, request: Request) -> BaseModel | None:
        if self.query is None:
            if request.query_params:
                raise ApiError(422, "unexpected_query", "This request takes no query parameters.")
            return None
        try:
            return self.query.model_validate(dict(request.query_params))
        except ValidationError as error:
            raise _invalid(error) from None


def _check_access(access: Access, viewer: Viewer, now: datetime) -> None:
    if access is Access.PUBLIC:
        return
    member = viewer.member
    if member is None:
        raise ApiError(401, "sign_in_required", "Sign in first.")
    if access is Access.ACCOUNT:
        return
    if member.status != "approved" or member.is_suspended(now):
        raise ApiError(403, "members_only", "This is open to approved members only.")
    if access is Access.MODERATOR and not member.is_moderator:
        raise ApiError(403, "moderators_only", "This is for moderators.")
    if access is Access.ADMIN and member.role != "admin":
        raise ApiError(403, "admins_only", "This is for admins.")


def _invalid(error: ValidationError) -> ApiError:
    first = error.errors(include_url=False, include_input=False)[0]
    if first["type"] == "json_invalid":
        return ApiError(400, "malformed_json", "The body is not valid JSON.")
    location = ".".join(str(part) for part in first["loc"]) or None
    message = re.sub(r"\s+", " ", first["msg"])
    return ApiError(422, "invalid", message, location)
