"""What's new at a glance: Latest, Unanswered, Unread and Following, across categories."""

from ..core import forum
from .endpoints import Access, Call, Endpoint, Shown
from .threads import ListQuery, ThreadList, thread_view


def thread_list(call: Call) -> Shown:
    kind = call.request.path_params["kind"]
    rows = forum.thread_list(call.read(), call.viewer, kind, call.query.limit, call.query.offset)
    return {"threads": [thread_view(call, row) for row in rows]}


routes = (
    Endpoint(
        "GET",
        "/lists/{kind:str}",
        thread_list,
        Access.MEMBER,
        "Threads across categories: `latest` (most recently active), `unanswered` (no reply"
        " and no accepted answer), `unread` (posts after your read position) or `following`.",
        query=ListQuery,
        response=ThreadList,
        errors=(404,),
    ),
)
