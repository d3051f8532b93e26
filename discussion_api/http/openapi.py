"""/api/v1/openapi.json, generated from the endpoint declarations and their pydantic models."""

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, RootModel

from .endpoints import IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY, Access, Call, Endpoint
from .errors import ErrorBody

API_ROOT = "/api/v1"
_ERROR_TEXT = {
    400: "Malformed JSON, or a body where none is taken.",
    401: "Not signed in.",
    403: "Not allowed: wrong role, application not approved, bad Origin or CSRF token.",
    404: "No such object, or not visible to you.",
    409: "Conflicts with the object's current state.",
    413: "Body too large.",
    415: "Body is not JSON.",
    422: "A field is missing, of the wrong type, or out of range.",
    429: "Too many attempts; see Retry-After.",
    503: "Shutting down; retry shortly (see Retry-After).",
}


class OpenApiDocument(RootModel[dict[str, Any]]):
    pass


def openapi_path(path: str) -> str:
    """Starlette's `{id:int}` becomes OpenAPI's `{id}`."""
    return API_ROOT + re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", path)


class _Schemas:
    def __init__(self) -> None:
        self.components: dict[str, Any] = {}

    def ref(self, model: type[BaseModel]) -> dict[str, str]:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, component in {**schema.pop("$defs", {}), model.__name__: schema}.items():
            self._add(name, component)
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    def _add(self, name: str, component: dict[str, Any]) -> None:
        """Components are named by class: two different models with one name would
        make every $ref to it describe whichever came last (two `Decision`s did)."""
        if self.components.setdefault(name, component) != component:
            raise ValueError(f"two different models are both named {name}; rename one")


def _parameters(endpoint: Endpoint) -> list[dict[str, Any]]:
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1} if kind == ":int" else {"type": "string"},
        }
        for name, kind in re.findall(r"\{(\w+)(:\w+)?\}", endpoint.path)
    ]
    if endpoint.query is not None:
        schema = endpoint.query.model_json_schema()
        required = set(schema.get("required", ()))
        parameters += [
            {"name": name, "in": "query", "required": name in required, "schema": prop}
            for name, prop in schema["properties"].items()
        ]
    if endpoint.idempotent:
        parameters.append(
            {
                "name": IDEMPOTENCY_HEADER,
                "in": "header",
                "required": False,
                "description": "A client-chosen key; repeating the request with it returns the first "
                "result instead of creating a second one.",
                "schema": {"type": "string", "pattern": f"^{IDEMPOTENCY_KEY.pattern}$"},
            }
        )
    return parameters


def _error_statuses(endpoint: Endpoint) -> set[int]:
    statuses = set(endpoint.errors)
    if endpoint.method != "GET":
        statuses |= {400, 403, 413}
    if endpoint.body is not None:
        statuses |= {415, 422}
    if endpoint.query is not None:
        statuses.add(422)
    if endpoint.access is not Access.PUBLIC:
        statuses |= {401, 403}
    if "{" in endpoint.path:
        statuses.add(404)
    return statuses


def build_document(endpoints: Sequence[Endpoint], extra_paths: Sequence[str]) -> dict[str, Any]:
    schemas = _Schemas()
    error_ref = schemas.ref(ErrorBody)
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        success: dict[str, Any] = {"description": "Success."}
        if endpoint.response is not None:
            success["content"] = {endpoint.media_type: {"schema": schemas.ref(endpoint.response)}}
        responses = {str(endpoint.status): success}
        for status in sorted(_error_statuses(endpoint)):
            responses[str(status)] = {
                "description": _ERROR_TEXT[status],
                "content": {"application/json": {"schema": error_ref}},
            }
        operation: dict[str, Any] = {
            "summary": endpoint.summary,
            "operationId": f"{endpoint.method.lower()}_{endpoint.path}",
            "x-access": endpoint.access.value,
            "parameters": _parameters(endpoint),
            "responses": responses,
        }
        if endpoint.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": schemas.ref(endpoint.body)}},
            }
        paths.setdefault(openapi_path(endpoint.path), {})[endpoint.method.lower()] = operation
    for path in extra_paths:
        paths.setdefault(openapi_path(path), {})["get"] = {
            "summary": "This document.",
            "x-access": "public",
            "responses": {"200": {"description": "OpenAPI 3.1 document."}},
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Network API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": schemas.components,
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "scn_session",
                    "description": "`__Host-scn_session` when served over https.",
                },
                "csrf": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-CSRF-Token",
                    "description": "From GET /api/v1/session; required on unsafe methods.",
                },
            },
        },
    }


def openapi_endpoint(endpoints: Sequence[Endpoint]) -> Endpoint:
    """The endpoint serving the document that describes `endpoints` and itself."""
    path = "/openapi.json"

    async def serve_document(call: Call) -> OpenApiDocument:
        return OpenApiDocument(build_document(endpoints, [path]))

    return Endpoint(
        "GET", path, serve_document, Access.PUBLIC, "This OpenAPI document.", response=OpenApiDocument
    )
