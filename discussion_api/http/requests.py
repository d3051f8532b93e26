"""Resource requests: members ask for what the Library lacks; moderators plan, publish
or decline; the public sees only a planned or published request's public face."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from ..core import requests
from .endpoints import Access, Call, Endpoint
from .fields import STRICT_INPUT, Reason, Title

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,99}$")]


class RequestOut(BaseModel):
    id: int
    title: str
    details: str
    status: str
    asked_count: int
    asked_by_me: bool
    public_title: str | None
    public_summary: str | None
    resource_slug: str | None
    created_at: str


class RequestList(BaseModel):
    requests: list[RequestOut]


class NewRequest(BaseModel):
    model_config = STRICT_INPUT
    title: Title
    details: Reason | None = None


class RequestDecision(BaseModel):
    model_config = STRICT_INPUT
    status: Literal["open", "planned", "published", "declined"]
    public_title: Title | None = None
    public_summary: Annotated[str, StringConstraints(min_length=20, max_length=300)] | None = None
    resource_slug: Slug | None = None


class PublicRequest(BaseModel):
    id: int
    status: str
    title: str = Field(description="The staff-written title editors start from.")
    summary: str
    asked_count: int
    resource_slug: str | None


def _view(call: Call, request_id: int) -> RequestOut:
    row = call.read().requests.get(request_id, call.viewer.id)
    assert row is not None
    return RequestOut.model_validate({**row, "asked_by_me": bool(row["asked_by_me"])})


def list_requests(call: Call) -> RequestList:
    rows = call.read().requests.all_requests(call.viewer.id)
    return RequestList(
        requests=[RequestOut.model_validate({**r, "asked_by_me": bool(r["asked_by_me"])}) for r in rows]
    )


def ask(call: Call) -> RequestOut:
    body: NewRequest = call.body
    return _view(
        call, requests.ask(call.runtime.store, call.viewer, body.title, body.details or "", call.now)
    )


def join(call: Call) -> RequestOut:
    requests.set_asking(call.runtime.store, call.viewer, call.id("request_id"), True, call.now)
    return _view(call, call.id("request_id"))


def withdraw(call: Call) -> RequestOut:
    requests.set_asking(call.runtime.store, call.viewer, call.id("request_id"), False, call.now)
    return _view(call, call.id("request_id"))


def decide(call: Call) -> RequestOut:
    body: RequestDecision = call.body
    request_id = call.id("request_id")
    to_tell = requests.decide(
        call.runtime.store,
        call.viewer,
        request_id,
        body.status,
        call.now,
        public_title=body.public_title,
        public_summary=body.public_summary,
        resource_slug=body.resource_slug,
    )
    site = call.runtime.settings.public_url
    if body.status == "published":
        subject, text = (
            "The resource you asked for is in the Library",
            f"A resource you asked for has been published:\n{site}/resources/{body.resource_slug}/\n",
        )
    else:
        subject, text = (
            "News about a resource you asked for",
            f"There is news about a resource you asked for. Sign in to read it:\n{site}/forum/#/requests\n",
        )
    for email in to_tell:  # link-only: nothing a member wrote goes into the mail
        call.runtime.mailer.deliver(email, subject, text)
    return _view(call, request_id)


def public_request(call: Call) -> PublicRequest:
    row = requests.public_request(call.read(), call.id("request_id"))
    return PublicRequest(
        id=row["id"],
        status=row["status"],
        title=row["public_title"],
        summary=row["public_summary"],
        asked_count=row["asked_count"],
        resource_slug=row["resource_slug"],
    )


routes = (
    Endpoint(
        "GET",
        "/requests",
        list_requests,
        Access.MEMBER,
        "Resource requests, open and planned first.",
        response=RequestList,
    ),
    Endpoint(
        "POST",
        "/requests",
        ask,
        Access.MEMBER,
        "Ask for a resource the Library lacks.",
        body=NewRequest,
        response=RequestOut,
        status=201,
    ),
    Endpoint(
        "PUT",
        "/requests/{request_id:int}/asking",
        join,
        Access.MEMBER,
        "Add your name to a request (I need this too).",
        response=RequestOut,
        errors=(409,),
    ),
    Endpoint(
        "DELETE",
        "/requests/{request_id:int}/asking",
        withdraw,
        Access.MEMBER,
        "Take your name off a request.",
        response=RequestOut,
        errors=(409,),
    ),
    Endpoint(
        "PATCH",
        "/mod/requests/{request_id:int}",
        decide,
        Access.MODERATOR,
        "Plan (with a public title and summary), publish (with the resource's slug) or decline a "
        "request; the members who asked are told of a publication or a decline.",
        body=RequestDecision,
        response=RequestOut,
        errors=(409,),
    ),
    Endpoint(
        "GET",
        "/requests/{request_id:int}/public",
        public_request,
        Access.PUBLIC,
        "A planned or published request's public face: the draft editors start from, and how "
        "many members asked.",
        response=PublicRequest,
        errors=(404,),
    ),
)
