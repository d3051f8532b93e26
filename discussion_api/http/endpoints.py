"""An API endpoint is a handler plus what it takes, what it returns and who may call it.

The same declarations build the Starlette routes, check access and input, and
generate /api/v1/openapi.json, so the document cannot drift from the code.

Handlers are plain functions run on a worker thread, so the event loop never waits
on the database; only handlers that hand back a stream (coroutines) run on the loop.
"""

import inspect
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import anyio
from pydantic import BaseModel, ValidationError
from pydantic_core import to_json
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..core.policy import ROLE_RANKS, ForumScope, Rank, Viewer, forum_scope
from ..core.posting import Retry
from ..storage.interfaces import Member, Repositories
from .errors import ApiError
from .messages import sentence
from .ratelimit import Limit
from .runtime import Runtime
from .sessions import CSRF_HEADER, UNSAFE_METHODS, Caller, check_csrf, resolve_caller

LARGEST_ID = 2**62
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{8,100}")


class Access(StrEnum):
    """Who may call an endpoint: the policy's rank it needs (and every rank above)."""

    PUBLIC = "public"  # anyone
    ACCOUNT = "account"  # signed in, whatever the application's state
    MEMBER = "member"  # approved and not suspended
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def rank(self) -> Rank:
        return Rank[{"public": "VISITOR"}.get(self.value, self.value.upper())]


# What a caller below an endpoint's rank is told (a visitor: sign in first).
_REFUSALS = {
    Rank.ACCOUNT: ApiError(401, "sign_in_required", "Sign in first."),
    Rank.MEMBER: ApiError(403, "members_only", "This is open to approved members only."),
    Rank.MODERATOR: ApiError(403, "moderators_only", "This is for moderators."),
    Rank.ADMIN: ApiError(403, "admins_only", "This is for admins."),
}


@dataclass
class Call:
    """One request as a handler sees it: checked input and the viewer."""

    request: Request
    runtime: Runtime
    caller: Caller
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

    @property
    def scope(self) -> ForumScope:
        """What of the forum this viewer's queries may return (the policy decides)."""
        return forum_scope(self.viewer)

    def read(self) -> Repositories:
        return self.runtime.store.read()

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
    def retry(self) -> Retry | None:
        """The Idempotency-Key with the request it names (method and path), so a retry
        can be told from a reuse of the key for another create.

        The body is left out on purpose: the widget resends a draft under the same key
        after a lost answer, and the member may have edited it meanwhile; what was
        stored first is the answer.
        """
        key = self.idempotency_key
        return None if key is None else Retry(key, f"{self.request.method} {self.request.url.path}")

    def throttle(self, limit: Limit) -> None:
        """Count one of the signed-in member's uses of `limit`: 429 once it is used up."""
        self.runtime.limits.spend(limit, f"member:{self.member.id}")

    @property
    def client_ip(self) -> str:
        return self.request.client.host if self.request.client else "unknown"


# An answer built from our own rows, in the shape of its endpoint's response model, is
# serialised as it is, without building (and so validating) a model per object: a
# thread page is a hundred posts. The fuzzer checks every answer against the document.
Shown = dict[str, Any]
# A handler returns its own Response only for media types other than JSON (streams).
Result = BaseModel | Shown | Response | None
Handler = Callable[[Call], Result] | Callable[[Call], Awaitable[Result]]


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

    async def run(self, request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        raw = await request.body()

        def prepare() -> Call:
            """Who is calling, whether they may, and what they sent: one trip to a worker
            thread with the handler itself, since the session lives in the database."""
            caller = resolve_caller(runtime, request.cookies)
            request.state.member_id = caller.member.id if caller.member else None  # for errors.log_refusal
            check_csrf(request.method, request.headers.get(CSRF_HEADER, ""), caller)
            now = runtime.clock()
            viewer = caller.viewer(now)
            if viewer.rank < self.access.rank:
                raise _refusal(self.access.rank, viewer)
            if any(int(v) > LARGEST_ID for v in request.path_params.values() if isinstance(v, int)):
                raise ApiError(404, "not_found", "No such object.")
            return Call(request, runtime, caller, viewer, self._body(request, raw), self._query(request), now)

        def prepare_and_handle() -> tuple[Call, Result]:
            call = prepare()
            return call, self.handler(call)  # type: ignore[return-value]

        if inspect.iscoroutinefunction(self.handler):
            call = await run_in_threadpool(prepare)
            result = await self.handler(call)
        else:
            writes = request.method in UNSAFE_METHODS
            limiter = runtime.write_limiter if writes else None  # None: the request threads
            call, result = await anyio.to_thread.run_sync(prepare_and_handle, limiter=limiter)
        if result is None:
            response: Response = Response(status_code=204)
        elif isinstance(result, Response):
            response = result
        elif isinstance(result, dict):
            response = Response(to_json(result), status_code=self.status, media_type="application/json")
        else:
            # Serialised once, by pydantic's own encoder, straight to bytes.
            response = Response(
                result.model_dump_json(), status_code=self.status, media_type="application/json"
            )
        for header, value in call.response.headers.items():
            if header.lower() == "set-cookie":
                response.headers.append(header, value)
        return response

    def _body(self, request: Request, raw: bytes) -> BaseModel | None:
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


def _refusal(needed: Rank, viewer: Viewer) -> ApiError:
    """Sign in (401) if nobody is signed in; else the first rank the viewer lacks (403)."""
    if viewer.member is None:
        return _REFUSALS[Rank.ACCOUNT]
    if viewer.needs_two_factor and Rank.MODERATOR <= needed <= ROLE_RANKS[viewer.member.role]:
        return ApiError(
            403,
            "two_factor_required",
            "Moderation needs two-factor sign-in. Set up an authenticator app or a passkey in "
            "your account's Security section, then sign in again with it.",
        )
    return _REFUSALS[min(needed, Rank.MEMBER) if viewer.rank < Rank.MEMBER else needed]


def _invalid(error: ValidationError) -> ApiError:
    first = error.errors(include_url=False, include_input=False)[0]
    if first["type"] == "json_invalid":
        return ApiError(400, "malformed_json", "The body is not valid JSON.")
    location = ".".join(str(part) for part in first["loc"]) or None
    return ApiError(422, "invalid", sentence(first), location)


def api_routes(endpoints: Sequence[Endpoint]) -> list[Route]:
    """One route per path, dispatching on the method: a method the path does not take
    gets a 405 whose Allow header names every method it does (one route per endpoint
    named only the first one's)."""
    by_path: dict[str, dict[str, Endpoint]] = {}
    for endpoint in endpoints:
        by_path.setdefault(endpoint.path, {})[endpoint.method] = endpoint
    return [_route(path, methods) for path, methods in by_path.items()]


def _route(path: str, methods: dict[str, Endpoint]) -> Route:
    async def dispatch(request: Request) -> Response:
        return await methods["GET" if request.method == "HEAD" else request.method].run(request)

    return Route(path, dispatch, methods=list(methods), name=path)
