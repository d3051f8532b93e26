"""Every API route with bad input: only 4xx in the error shape, and nothing written."""

import json
import re
from typing import Any

import httpx
import pytest
from postgres_server import database_env

from discussion_api.app import ENDPOINTS
from discussion_api.http.endpoints import Endpoint
from discussion_api.http.openapi import API_ROOT

from .route_table import Case, case_for, fill
from .world import ROLES, World, build_world
from .xss import assert_safe

XSS_SAMPLE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '"><svg/onload=alert(1)>',
    "{{7*7}}${7*7}' OR 1=1 --",
)


def wrong_type(value: Any) -> Any:
    return "not the right type" if isinstance(value, bool | int) else 12345


@pytest.fixture(scope="module")
def world(tmp_path_factory, backend, request):
    with build_world(tmp_path_factory.mktemp("bad-input"), database_env(backend, request)) as built:
        yield built


def endpoints_by_route() -> dict[tuple[str, str], Endpoint]:
    from discussion_api.http.openapi import openapi_endpoint

    every = (*ENDPOINTS, openapi_endpoint(ENDPOINTS))
    return {(e.method, API_ROOT + e.path): e for e in every}


def api_cases() -> list[tuple[str, str]]:
    return sorted(endpoints_by_route())


class Checker:
    """Sends one request as the route's actor and checks the answer is a clean refusal."""

    def __init__(self, world: World, method: str, path: str):
        self.world, self.method, self.path = world, method, path
        case = case_for(method, path)
        assert case is not None
        self.case: Case = case
        self.actor = next(
            role for role, status in zip(ROLES, case.statuses(), strict=True) if status not in (401, 403)
        )
        self.before = world.network.row_counts()

    def url(self, ids: dict[str, Any] | None = None) -> str:
        return fill(self.case.path, ids or self.world.ids)

    def send(self, url: str | None = None, **kwargs: Any) -> httpx.Response:
        kwargs.setdefault("params", fill(self.case.query, self.world.ids))
        response = self.world.request(self.actor, self.method, url or self.url(), **kwargs)
        assert response.status_code < 500, (self.method, self.path, response.text)
        if response.status_code < 300:
            self.world.reset()  # a valid request may write; start the next from the snapshot
        return response

    def refused(self, status: int | tuple[int, ...], field: str | None = "", **kwargs: Any) -> None:
        response = self.send(**kwargs)
        label = f"{self.method} {self.path} {kwargs}"[:300]
        statuses = status if isinstance(status, tuple) else (status,)
        assert response.status_code in statuses, (label, response.status_code, response.text)
        error = response.json()["error"]
        assert set(error) == {"code", "message", "field"}, label
        if field != "":
            assert error["field"] == field, (label, error)
        assert self.world.network.row_counts() == self.before, f"{label} wrote rows"

    def valid_body(self) -> dict[str, Any]:
        assert self.case.body is not None
        return fill(self.case.body, self.world.ids)


@pytest.mark.parametrize(("method", "path"), api_cases())
def test_bad_input(world: World, method: str, path: str) -> None:
    endpoint = endpoints_by_route()[(method, path)]
    check = Checker(world, method, path)
    json_type = {"Content-Type": "application/json"}

    body = {"json": check.valid_body()} if endpoint.body else {}
    query = fill(check.case.query, world.ids)

    check.refused(400, content=b'{"a": [1, 2', headers=json_type)
    check.refused(413, content=b'{"a": "' + b"x" * 70_000 + b'"}', headers=json_type)
    check.refused(422, params={**query, "surprise": "1"}, **body)
    if endpoint.query is not None:
        for name, schema in endpoint.query.model_json_schema()["properties"].items():
            if schema.get("type") == "integer":
                check.refused(422, field=name, params={**query, name: "many"}, **body)

    for bad_url in (
        re.sub(r"/\d+(?=/|$)", "/999999", check.url()),
        re.sub(r"/\d+(?=/|$)", f"/{2**63}", check.url()),
        check.url().replace("sentinel-mail.example", "nowhere.example"),
    ):
        if bad_url != check.url():
            check.refused(404, url=bad_url, **body)

    if endpoint.body is None:
        check.refused(400, json={"anything": 1})
        return

    valid = check.valid_body()
    required = endpoint.body.model_json_schema().get("required", ())
    check.refused(415, content=json.dumps(valid).encode(), headers={"Content-Type": "text/plain"})
    check.refused(415, data={key: str(value) for key, value in valid.items()})
    check.refused(422, json=[valid])
    check.refused(422, field="surprise", json={**valid, "surprise": 1})
    for name in required:
        check.refused(422, field=name, json={k: v for k, v in valid.items() if k != name})
        check.refused(422, field=name, json={**valid, name: None})
    for name, value in valid.items():
        check.refused(422, field=name, json={**valid, name: wrong_type(value)})

    for name, value in valid.items():
        if not isinstance(value, str):
            continue
        for hostile in XSS_SAMPLE:
            response = check.send(json={**valid, name: hostile})
            if response.status_code >= 400:
                assert set(response.json()["error"]) == {"code", "message", "field"}
                assert world.network.row_counts() == check.before
            else:
                for html in re.findall(r'"html":\s*("(?:[^"\\]|\\.)*")', response.text):
                    assert_safe(json.loads(html))
