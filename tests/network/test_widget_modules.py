"""The widget's ES modules: /widget.js (the entry, a fixed point) and /widget/<name>.js.

Each module is served as JavaScript, as it is on disk, cacheable for a few minutes and
readable by a Library on another origin (module scripts are fetched with CORS). Only
the folder's own modules are reachable."""

from pathlib import Path

import pytest

from .conftest import Api
from .test_security import assert_error

STATIC = Path(__file__).resolve().parents[2] / "discussion_api" / "static"
MODULES = sorted((STATIC / "widget").glob("*.js"))


def test_the_widget_has_its_modules() -> None:
    names = {path.name for path in MODULES}
    assert {"core.js", "forum.js", "thread.js", "account.js", "moderation.js"} <= names


@pytest.mark.parametrize("path", ["/widget.js", *(f"/widget/{module.name}" for module in MODULES)])
def test_each_module_is_served_as_javascript_for_any_origin(visitor: Api, path: str) -> None:
    response = visitor.client.get(path, headers={"Origin": "https://library.example.org"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    assert response.content == (STATIC / path.lstrip("/")).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/widget/nothing.js",
        "/widget/Core.js",
        "/widget/core.py",
        "/widget/.core.js",
        "/widget/core.js.map",
        "/widget/nothing.css",
        "/widget/pages.css.js",
    ],
)
def test_only_the_widgets_own_modules_are_reachable(visitor: Api, path: str) -> None:
    assert_error(visitor.client.get(path), 404, "not_found")


def test_the_stylesheet_is_not_offered_to_other_origins(visitor: Api) -> None:
    response = visitor.client.get("/widget.css", headers={"Origin": "https://library.example.org"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_the_other_pages_stylesheet_is_served_as_css(visitor: Api) -> None:
    response = visitor.client.get("/widget/pages.css")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    assert response.content == (STATIC / "widget" / "pages.css").read_bytes()
