"""The embeddable widget, served by the API: the entry module at /widget.js (a fixed
point), its view modules at /widget/<name>.js, /widget.css, and the stylesheet of the
pages other than the forum at /widget/pages.css (linked by the entry when needed)."""

import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .compression import file_response
from .errors import ApiError, error_response

STATIC = Path(__file__).parent.parent / "static"
MODULES = STATIC / "widget"
# Short, so a deployment's fix reaches readers within minutes; ETags make revalidation
# cheap (compression.py answers 304).
CACHE_CONTROL = "public, max-age=300"
JAVASCRIPT = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
# A file's name as the entry and the modules ask for it: only the folder's own files.
MODULE_NAME = re.compile(r"[a-z][a-z0-9-]*\.(js|css)")


def _file(request: Request, path: Path, media_type: str) -> Response:
    headers = {"Cache-Control": CACHE_CONTROL}
    if media_type == JAVASCRIPT:
        # A module script from another origin (a Library on a CDN, the API beside it) is
        # fetched with CORS; the code is public and sent without credentials.
        headers["Access-Control-Allow-Origin"] = "*"
    return file_response(request, path, media_type, headers)


def _asset(name: str, media_type: str) -> Route:
    async def serve(request: Request) -> Response:
        return _file(request, STATIC / name, media_type)

    return Route(f"/{name}", serve, methods=["GET", "HEAD"], name=name)


async def module(request: Request) -> Response:
    """One of the widget's ES modules or stylesheets; the name is checked, so no other
    file is reachable."""
    name = request.path_params["name"]
    found = MODULE_NAME.fullmatch(name)
    if not found or not (MODULES / name).is_file():
        return error_response(ApiError(404, "not_found", "The widget has no such module."))
    return _file(request, MODULES / name, JAVASCRIPT if found.group(1) == "js" else CSS)


routes = [
    _asset("widget.js", JAVASCRIPT),
    _asset("widget.css", CSS),
    Route("/widget/{name}", module, methods=["GET", "HEAD"], name="widget-module"),
]
