"""The one error shape every API answer uses: {"error": {"code", "message", "field"}}."""

import logging

from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..core.errors import Conflict, Forbidden, Invalid, NotFound, PatientInformation, Refusal

log = logging.getLogger("discussion_api")


class Finding(BaseModel):
    """Where the patient-information guard found what: never the text itself."""

    field: str
    kind: str
    start: int
    end: int


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None
    findings: list[Finding] | None = None  # patient_information only


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """A refusal the client can act on: an HTTP status, a stable code and a sentence."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        findings: list[Finding] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers or {}
        self.findings = findings


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"No such {what}.")


# The status each kind of the rules' refusals answers with.
_REFUSAL_STATUS: dict[type[Refusal], int] = {NotFound: 404, Forbidden: 403, Conflict: 409, Invalid: 422}


def error_response(error: ApiError) -> JSONResponse:
    detail = ErrorDetail(code=error.code, message=error.message, field=error.field, findings=error.findings)
    body = ErrorBody(error=detail).model_dump()
    if error.findings is None:
        del body["error"]["findings"]
    return JSONResponse(body, status_code=error.status, headers=error.headers)


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


def log_refusal(request: Request, status: int, code: str) -> None:
    """Authorisation failures go to the log (ASVS 16.3.2): who asked for what, and the
    refusal's code; never the body, the query or a cookie."""
    if status in (401, 403):
        member = getattr(request.state, "member_id", None)
        who = f"member {member}" if member else "a visitor"
        log.info("refused %s %s to %s: %s", request.method, request.url.path, who, code)


async def on_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    log_refusal(request, exc.status, exc.code)
    return error_response(exc)


async def on_refusal(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refusal)
    status = next(status for kind, status in _REFUSAL_STATUS.items() if isinstance(exc, kind))
    log_refusal(request, status, exc.code)
    findings = (
        [Finding.model_validate(finding) for finding in exc.findings]
        if isinstance(exc, PatientInformation)
        else None
    )
    return error_response(ApiError(status, exc.code, exc.message, exc.field, findings=findings))


async def on_http_exception(request: Request, exc: Exception) -> Response:
    """Routing misses (404, 405) in the same shape as every other error."""
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = {404: "Nothing here.", 405: "This method is not allowed here."}.get(
        exc.status_code, "The request was refused."
    )
    return error_response(ApiError(exc.status_code, code, message, headers=exc.headers))


EXCEPTION_HANDLERS = {
    ApiError: on_api_error,
    Refusal: on_refusal,
    HTTPException: on_http_exception,
}


class ServerErrorMiddleware:
    """Turn an unhandled exception into the JSON 500, inside the security middleware.

    Starlette answers unhandled exceptions in its outermost middleware, outside every
    middleware the app adds, so its 500s went out without the security headers; and it
    re-raised, so the server logged a second traceback. Here the failure is logged
    once and the 500 passes back out through SecurityMiddleware like any answer.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if started:  # too late for another answer: the server ends the connection
                raise
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            failure = ApiError(500, "internal_error", "Something went wrong on our side.")
            await error_response(failure)(scope, receive, send)
