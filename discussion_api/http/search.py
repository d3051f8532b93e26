"""Full-text search over the posts the viewer may see, with highlighted snippets."""

from pydantic import BaseModel, ConfigDict, Field

from ..core.authors import AuthorOut, author_view
from .endpoints import Access, Call, Endpoint


class SearchQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    q: str = Field(min_length=1, max_length=200)
    limit: int = Field(default=20, ge=1, le=50)
    category_id: int | None = Field(default=None, ge=1, le=2**62, description="Only this category.")


class SearchHit(BaseModel):
    post_id: int
    thread_id: int
    thread_title: str
    created_at: str
    author: AuthorOut
    snippet: str = Field(description="HTML: escaped text with matches in <mark> elements.")


class SearchResults(BaseModel):
    results: list[SearchHit]


def search_posts(call: Call) -> SearchResults:
    call.throttle(call.runtime.limits.search_member)
    rows = call.read().search.search(call.query.q, call.scope, call.query.limit, call.query.category_id)
    return SearchResults(
        results=[SearchHit.model_validate({**row, "author": author_view(call.viewer, row)}) for row in rows]
    )


routes = (
    Endpoint(
        "GET",
        "/search",
        search_posts,
        Access.MEMBER,
        'Search posts: every word, as a word prefix ("audi" finds "audit"), optionally in one category.',
        query=SearchQuery,
        response=SearchResults,
        errors=(429,),
    ),
)
