"""A Markdown preview: the post as it will read, rendered and sanitised exactly as a
posted one is, without storing anything."""

from pydantic import BaseModel

from ..core.rendering import render
from .endpoints import Access, Call, Endpoint
from .fields import STRICT_INPUT, Markdown


class PreviewIn(BaseModel):
    model_config = STRICT_INPUT
    body: Markdown


class PreviewOut(BaseModel):
    html: str


def preview(call: Call) -> PreviewOut:
    return PreviewOut(html=render(call.body.body))


routes = (
    Endpoint(
        "POST",
        "/preview",
        preview,
        Access.MEMBER,
        "Render Markdown as a post would be (sanitised HTML); nothing is stored.",
        body=PreviewIn,
        response=PreviewOut,
    ),
)
