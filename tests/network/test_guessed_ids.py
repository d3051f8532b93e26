"""Guessing ids reaches nothing (ASVS 8.2.2): for every route that takes an id, a member
who tries the id of something they may not see (a hidden thread or post, a post held for
review, a thread of an archived category, an applicant, a flag) gets exactly the answer
an id that never existed gets, and nothing is written."""

import re
from typing import Any

import httpx

from discussion_api.app import ENDPOINTS
from discussion_api.http.endpoints import Endpoint

from .conftest import PASSWORD, Network
from .forum_helpers import reply, start_thread
from .route_table import case_for, fill

NEVER = 987_654
HELD_TEXT = "Call her daughter on 312-555-0147 tonight"  # a phone number: held for review


def secrets_of(network: Network) -> tuple[dict[str, list[int]], dict[str, Any]]:
    """Objects a member (Bob) must not reach, by the id parameter that names them, and
    ids of visible ones to fill the rest of a request with."""
    alice = network.signed_in(network.add_member(name="Alice"))
    mo = network.signed_in(network.add_member(role="moderator"))
    admin = network.signed_in(network.add_member(role="admin"))

    visible = start_thread(alice, title="Visible thread", body="Visible first post")
    hidden_thread = start_thread(alice, title="Hidden thread", body="Hidden first post")
    assert mo.post(f"/mod/posts/{hidden_thread['posts'][0]['id']}/hide", {"reason": "x"}).status_code == 200
    hidden_post = reply(alice, visible["thread"]["id"], "A reply a moderator hides")
    assert mo.post(f"/mod/posts/{hidden_post['id']}/hide", {"reason": "x"}).status_code == 200
    held = reply(alice, visible["thread"]["id"], HELD_TEXT, confirm_identifiers=True)
    archived_category = admin.post("/categories", {"slug": "ems", "name": "EMS"}).json()["id"]
    closed_thread = alice.post(
        "/threads", {"category_id": archived_category, "title": "Closed", "body": "In a closed category"}
    ).json()
    assert admin.patch(f"/categories/{archived_category}", {"archived": True}).status_code == 200
    flag = alice.post(f"/posts/{visible['posts'][0]['id']}/flags", {"reason": "Off topic"}).json()
    applicant = network.add_member(status="pending", name="Pending Applicant")

    secrets = {
        "thread_id": [hidden_thread["thread"]["id"], closed_thread["thread"]["id"]],
        "post_id": [
            hidden_thread["posts"][0]["id"],
            hidden_post["id"],
            held["id"],
            closed_thread["posts"][0]["id"],
        ],
        "category_id": [archived_category],
        "member_id": [applicant.id],
        "flag_id": [flag["id"]],
    }
    filler = {"post": visible["posts"][0]["id"], "password": PASSWORD, "name": "ems", "limited_group": NEVER}
    return secrets, filler


def send(api: Any, endpoint: Endpoint, parameter: str, target: int, filler: dict[str, Any]) -> httpx.Response:
    case = case_for(endpoint.method, "/api/v1" + endpoint.path)
    assert case is not None, endpoint.path
    ids = {**filler, "post": target if parameter == "post_id" else filler["post"]}
    path = re.sub(r"\{" + parameter + r":int\}", str(target), endpoint.path)
    path = re.sub(r"\{\w+:int\}", str(NEVER), path)  # a second id (a group's member): never used
    kwargs: dict[str, Any] = {"params": fill(case.query, ids)}
    if case.body is not None:
        kwargs["json"] = fill(case.body, ids)
    return api.request(endpoint.method, path, **kwargs)


def test_a_guessed_id_answers_as_one_that_never_existed(network: Network) -> None:
    secrets, filler = secrets_of(network)
    bob = network.signed_in(network.add_member(name="Bob"))
    filler["member_email"] = "bob@nowhere.example"
    tried = 0
    for endpoint in ENDPOINTS:
        parameters = re.findall(r"\{(\w+):int\}", endpoint.path)
        if endpoint.method == "HEAD" or not parameters:
            continue
        for parameter in parameters:
            never = send(bob, endpoint, parameter, NEVER, filler)
            assert never.status_code in (403, 404), (endpoint.method, endpoint.path, never.text)
            for target in secrets.get(parameter, []):
                before = network.row_counts()
                guessed = send(bob, endpoint, parameter, target, filler)
                label = f"{endpoint.method} {endpoint.path} with {parameter}={target}"
                assert (guessed.status_code, guessed.json()) == (never.status_code, never.json()), label
                assert network.row_counts() == before, f"{label} wrote rows"
                tried += 1
    assert tried >= 40, tried
