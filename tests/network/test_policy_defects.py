"""What members may see and do, where a reviewer found the app too generous.

The rules: a post's earlier versions are its author's and the moderators' business;
an archived category is closed (its threads cannot be read, answered, found, listed,
started or moved into) except to moderators, who may still read it; and members cannot
learn that hidden threads exist. What is hidden from a member answers exactly as what
does not exist. Tests whose docstring says "Defect" fail on the app as it is.
"""

from typing import Any

import httpx
import pytest

from .conftest import Api, Network
from .forum_helpers import SCREENING, reply, start_thread
from .test_security import assert_error

MISSING = 999_999


@pytest.fixture
def people(network: Network) -> dict[str, Api]:
    return {
        "alice": network.signed_in(network.add_member(name="Alice")),
        "bob": network.signed_in(network.add_member(name="Bob")),
        "moderator": network.signed_in(network.add_member(name="Mo", role="moderator")),
        "admin": network.signed_in(network.add_member(name="Ada", role="admin")),
    }


def answers_like_missing(response: httpx.Response, missing: httpx.Response) -> None:
    """The same status and the same body as for an id that names nothing."""
    assert missing.status_code == 404
    assert (response.status_code, response.json()) == (missing.status_code, missing.json())


# Earlier versions of a post


@pytest.fixture
def edited(people: dict[str, Api]) -> dict[str, Any]:
    """Alice's reply, edited to take out a patient's name."""
    thread = start_thread(people["alice"])["thread"]
    post = reply(people["alice"], thread["id"], "The Quartermaine family's son in bed 4 was septic.")
    edit = people["alice"].patch(f"/posts/{post['id']}", {"body": "A patient in bed 4 was septic."})
    assert edit.status_code == 200
    return {"thread": thread["id"], "post": post["id"]}


def test_the_author_and_moderators_read_every_version(people: dict[str, Api], edited: dict[str, Any]) -> None:
    for reader in ("alice", "moderator"):
        response = people[reader].get(f"/posts/{edited['post']}/revisions")
        assert response.status_code == 200, reader
        assert ["Quartermaine" in version["html"] for version in response.json()["revisions"]] == [
            True,
            False,
        ]


def test_other_members_cannot_read_earlier_versions(people: dict[str, Api], edited: dict[str, Any]) -> None:
    """Defect: today any member reads every earlier version."""
    bob = people["bob"]
    answers_like_missing(
        bob.get(f"/posts/{edited['post']}/revisions"), bob.get(f"/posts/{MISSING}/revisions")
    )


def test_other_members_see_that_a_post_was_edited_but_not_what_it_said(
    people: dict[str, Api], edited: dict[str, Any]
) -> None:
    bob = people["bob"]
    page = bob.get(f"/threads/{edited['thread']}")
    post = next(p for p in page.json()["posts"] if p["id"] == edited["post"])
    assert post["edited_at"] is not None
    assert post["html"] == "<p>A patient in bed 4 was septic.</p>\n"
    assert "Quartermaine" not in page.text
    assert bob.get("/search", params={"q": "Quartermaine"}).json()["results"] == []


# Archived categories


@pytest.fixture
def archived(people: dict[str, Api]) -> dict[str, Any]:
    """A thread with a reply in a category the admins then archive."""
    category = people["admin"].post("/categories", {"slug": "ems", "name": "EMS"}).json()["id"]
    page = people["alice"].post(
        "/threads",
        {"category_id": category, "title": "Prehospital alerts", "body": "Xylophonist protocol?"},
    )
    assert page.status_code == 201
    thread = page.json()["thread"]["id"]
    reply(people["bob"], thread, "Ours is on paper.")
    closed = people["admin"].patch(f"/categories/{category}", {"archived": True})
    assert closed.json()["archived"] is True
    return {"category": category, "thread": thread}


def test_members_cannot_read_a_thread_of_an_archived_category(
    people: dict[str, Api], archived: dict[str, Any]
) -> None:
    """Defect: today the thread is served (200) to any member who knows its id."""
    bob = people["bob"]
    answers_like_missing(bob.get(f"/threads/{archived['thread']}"), bob.get(f"/threads/{MISSING}"))


def test_members_cannot_reply_in_an_archived_category(
    network: Network, people: dict[str, Api], archived: dict[str, Any]
) -> None:
    """Defect: today the reply is accepted (201)."""
    bob, before = people["bob"], network.row_counts()
    refused = bob.post(f"/threads/{archived['thread']}/posts", {"body": "Still here?"})
    answers_like_missing(refused, bob.post(f"/threads/{MISSING}/posts", {"body": "Still here?"}))
    assert network.row_counts() == before


def test_search_finds_nothing_in_an_archived_category(
    people: dict[str, Api], archived: dict[str, Any]
) -> None:
    """Defect: today members find the archived thread's posts."""
    assert people["bob"].get("/search", params={"q": "Xylophonist"}).json()["results"] == []


def test_an_archived_category_is_not_listed_and_takes_no_new_threads(
    network: Network, people: dict[str, Api], archived: dict[str, Any]
) -> None:
    bob, before = people["bob"], network.row_counts()
    listed = [category["id"] for category in bob.get("/categories").json()["categories"]]
    assert archived["category"] not in listed
    answers_like_missing(
        bob.get(f"/categories/{archived['category']}/threads"), bob.get(f"/categories/{MISSING}/threads")
    )
    started = bob.post("/threads", {"category_id": archived["category"], "title": "New", "body": "Hello"})
    assert_error(started, 422, "invalid")
    assert started.json()["error"]["field"] == "category_id"
    assert network.row_counts() == before


def test_moderators_cannot_move_a_thread_into_an_archived_category(
    people: dict[str, Api], archived: dict[str, Any]
) -> None:
    """Defect: today the move succeeds (200) and the thread vanishes into the archive."""
    moderator = people["moderator"]
    thread = start_thread(people["alice"], title="Stays where it is")["thread"]
    moved = moderator.patch(
        f"/mod/threads/{thread['id']}", {"category_id": archived["category"], "reason": "Tidy"}
    )
    assert_error(moved, 422, "invalid")
    assert moved.json()["error"]["field"] == "category_id"
    assert people["alice"].get(f"/threads/{thread['id']}").json()["thread"]["category_id"] == SCREENING


def test_moderators_still_read_archived_threads(people: dict[str, Api], archived: dict[str, Any]) -> None:
    moderator = people["moderator"]
    page = moderator.get(f"/threads/{archived['thread']}")
    assert page.status_code == 200
    assert len(page.json()["posts"]) == 2
    listed = [category["id"] for category in moderator.get("/categories").json()["categories"]]
    assert archived["category"] in listed
    assert (
        moderator.get(f"/categories/{archived['category']}/threads").json()["threads"][0]["id"]
        == (archived["thread"])
    )


# Hidden threads


def test_thread_counts_count_only_the_threads_the_viewer_can_see(people: dict[str, Api]) -> None:
    """Defect: today members' counts include threads whose first post is hidden or deleted."""
    alice, moderator = people["alice"], people["moderator"]
    start_thread(alice, title="Visible")
    hidden = start_thread(alice, title="Hidden by a moderator")["posts"][0]["id"]
    deleted = start_thread(alice, title="Deleted by its author")["posts"][0]["id"]
    assert moderator.post(f"/mod/posts/{hidden}/hide", {"reason": "PHI"}).status_code == 200
    assert alice.delete(f"/posts/{deleted}").status_code == 204

    for viewer, expected in (("bob", 1), ("moderator", 3)):
        api = people[viewer]
        listing = api.get(f"/categories/{SCREENING}/threads").json()["threads"]
        assert len(listing) == expected, viewer
        counts = {
            category["id"]: category["thread_count"]
            for category in api.get("/categories").json()["categories"]
        }
        assert counts[SCREENING] == expected, viewer
