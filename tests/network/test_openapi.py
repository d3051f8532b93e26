"""The OpenAPI document describes every route the app serves."""

from starlette.routing import Mount, Route

from discussion_api.http.openapi import API_ROOT, openapi_path

from .conftest import Api


def api_routes(app) -> list[tuple[str, str]]:
    (api,) = [route for route in app.routes if isinstance(route, Mount) and route.path == API_ROOT]
    return [
        (method, API_ROOT + route.path)
        for route in api.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    ]


def test_every_route_is_documented(network, visitor: Api) -> None:
    document = visitor.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    for method, path in api_routes(network.app):
        operation = document["paths"][openapi_path(path[len(API_ROOT) :])][method.lower()]
        assert operation["summary"]
        assert operation["responses"]
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorBody"
                }


def test_schemas_resolve(visitor: Api) -> None:
    document = visitor.get("/openapi.json").json()
    text = str(document)
    import re

    for name in set(re.findall(r"#/components/schemas/(\w+)", text)):
        assert name in document["components"]["schemas"], name
