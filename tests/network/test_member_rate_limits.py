"""Each member's posting (threads, replies, edits) and searching is throttled: past the
limit a 429 JSON error with Retry-After, for that member only, and nothing written."""

from pathlib import Path

import pytest

from discussion_api.config import Settings

from .conftest import Network, test_settings
from .forum_helpers import SCREENING, reply, start_thread


@pytest.fixture
def settings(tmp_path: Path, database: dict[str, str]) -> Settings:
    return test_settings(
        tmp_path, **database, SCN_POST_LIMIT_MEMBER="4/minute", SCN_SEARCH_LIMIT_MEMBER="3/minute"
    )


def assert_throttled(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) > 0


def test_posting_is_throttled_per_member(network: Network) -> None:
    author = network.signed_in(network.add_member())
    colleague = network.signed_in(network.add_member())
    thread_id = start_thread(author)["thread"]["id"]
    post_id = reply(author, thread_id, "First reply")["id"]
    assert author.patch(f"/posts/{post_id}", {"body": "First reply, edited"}).status_code == 200
    reply(author, thread_id, "Second reply")  # the fourth write this minute
    before = network.row_counts()
    assert_throttled(author.post(f"/threads/{thread_id}/posts", {"body": "One too many"}))
    assert_throttled(author.post("/threads", {"category_id": SCREENING, "title": "Again", "body": "More"}))
    assert_throttled(author.patch(f"/posts/{post_id}", {"body": "Edited again"}))
    assert network.row_counts() == before
    reply(colleague, thread_id, "Others still post")


def test_search_is_throttled_per_member(network: Network) -> None:
    searcher = network.signed_in(network.add_member())
    colleague = network.signed_in(network.add_member())
    for _ in range(3):
        assert searcher.get("/search", params={"q": "lactate"}).status_code == 200
    assert_throttled(searcher.get("/search", params={"q": "lactate"}))
    assert colleague.get("/search", params={"q": "lactate"}).status_code == 200
