"""After this process answers an unsafe API request, nudge the events follower and the
mail worker (a write may have enqueued notifications: bells ring sooner than its poll).

The handler's write transaction has committed before its response starts, so the
events it appended are readable; requests that wrote nothing cost one empty range
query.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..realtime.follower import EventFollower
from .sessions import API_PREFIX, UNSAFE_METHODS


class NudgeFollowerMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in UNSAFE_METHODS
            or not scope["path"].startswith(API_PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        runtime = scope["app"].state.runtime
        follower: EventFollower = runtime.follower

        async def send_and_nudge(message: Message) -> None:
            if message["type"] == "http.response.start":
                follower.notify()
                runtime.mail_worker.notify()
            await send(message)

        await self.app(scope, receive, send_and_nudge)
