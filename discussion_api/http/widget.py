"""The embeddable widget, served by the API at fixed paths (/widget.js, /widget.css)."""

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

STATIC = Path(__file__).parent.parent / "static"
# Short, so a deployment's fix reaches readers within minutes; ETags make revalidation cheap.
CACHE_CONTROL = "public, max-age=300"


def _asset(name: str, media_type: str) -> Route:
    async def serve(request: Request) -> Response:
        return FileResponse(STATIC / name, media_type=media_type, headers={"Cache-Control": CACHE_CONTROL})

    return Route(f"/{name}", serve, methods=["GET", "HEAD"], name=name)


routes = [
    _asset("widget.js", "text/javascript; charset=utf-8"),
    _asset("widget.css", "text/css; charset=utf-8"),
]
