"""Fuzzing the API against its own OpenAPI document (schemathesis), as anonymous, member,
moderator and admin: no 5xx, and every answer conforms to /api/v1/openapi.json.

Each generated request runs against the same seeded world (World.reset restores the
database first), signed in as the role with its CSRF token, so a sign-out, a role
change or a suspension by one example does not change what the next one meets.
Schemathesis generates schema-valid requests and requests that break the schema; all
must get documented answers, and schema-valid ones must be accepted unless a business
rule (listed below, with why) refuses them. Generation is derandomized: every run sends
the same requests (about 600 as admin, 110 as each other role; under a minute),
so a failure is a finding to fix, never a flake.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.openapi.checks import RejectedPositiveData

from discussion_api.app import ENDPOINTS
from discussion_api.http.openapi import build_document

from .conftest import ORIGIN
from .world import World, build_world

EXAMPLES = 2  # random ones per operation and role, after the explicit and boundary cases
# A successful subscription to the event stream never ends, so it cannot be fuzzed
# this way (tests/realtime covers it).
STREAM = {"method": "GET", "path": "/api/v1/events"}
# Schema-valid requests the rules refuse, whatever the document could say: an unknown
# or used link token, a password on the common-passwords list, a reference to an
# object that exists but does not fit (a post of another thread), a change that
# changes nothing. Keyed by the error code, or for the generic "invalid" the message.
BUSINESS_RULES = {
    "invalid_link": "a well-formed token that was never issued (or is used up)",
    "password_too_common": "the common-passwords list cannot be a pattern",
    "Choose a reply in this thread.": "a post id of another thread",
    "Choose a post in this thread.": "a post id of another thread",
    "Quote a post of the same thread.": "a post id of another thread",
    "Give pinned, locked or category_id to change.": "every value given is the current one",
    "No such category.": "a category id nobody created",
    "Choose a time in the future.": "a suspension that would already be over",
    "Name the resource page (its slug) that answers this request.": "publishing needs the slug",
    "A planned request needs the public title and summary editors start from.": "planning needs them",
    "Give both start and end, or neither to redact the whole post.": "the two go together",
    "Choose a span of the post's current text.": "a span past the end of the post",
    "patient_information": "generated text that looks like a record number, phone or date (core/phi.py)",
    "moderators_only": "a member choosing how to get the moderators' email",
}

requests_sent: Counter[str] = Counter()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with build_world(tmp_path_factory.mktemp("fuzz")) as built:
        limits = built.network.app.state.runtime.limits
        # Room for every generated write: the limits have their own tests.
        for name in ("post_member", "search_member", "signin_pair", "signin_account", "signin_link"):
            limit = getattr(limits, name)
            setattr(limits, name, replace(limit, rate=type(limit.rate)(10**9)))
        yield built


def send(world: World, role: str, case: schemathesis.Case) -> httpx.Response:
    """The case as the role's browser sends it, from the seeded starting state."""
    world.reset()
    api = world.clients[role]
    request = case.as_transport_kwargs(base_url=ORIGIN)
    request.pop("cookies", None)  # the role's own cookies go with it
    request["headers"] = {**request.get("headers", {}), "X-CSRF-Token": api.csrf, "Origin": ORIGIN}
    saved = httpx.Cookies(api.client.cookies)
    try:
        return api.client.request(**request)
    finally:
        api.client.cookies = saved  # a sign-in or sign-out must not carry over


def findings(case: schemathesis.Case, response: httpx.Response) -> list[str]:
    try:
        case.validate_response(response)
    except FailureGroup as group:
        failures: list[Failure] = list(group.exceptions)
    else:
        return []
    return [
        f"{case.method} {case.path} -> {response.status_code} {failure.title}: {response.text[:300]}"
        for failure in failures
        if not (isinstance(failure, RejectedPositiveData) and _business_rule(response))
    ]


def _business_rule(response: httpx.Response) -> bool:
    error = response.json().get("error", {})
    return error.get("code") in BUSINESS_RULES or error.get("message") in BUSINESS_RULES


DOCUMENT = build_document(ENDPOINTS, ["/openapi.json"])
# Every phase (explicit examples, the coverage phase's schema-valid boundary values, then
# random generation) as the admin, who gets past every role check to the checks of
# bodies and queries; random generation alone as each other role.
EVERY_PHASE = schemathesis.openapi.from_dict(
    DOCUMENT, config=SchemathesisConfig.from_str('[phases.coverage.generation]\nmode = "positive"\n')
)
FUZZING_ONLY = schemathesis.openapi.from_dict(
    DOCUMENT, config=SchemathesisConfig.from_str("[phases.coverage]\nenabled = false\n")
)


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    print("\nfuzzing requests per role:", dict(requests_sent))


def test_the_fuzzed_document_is_the_served_one(world: World) -> None:
    assert world.clients["anonymous"].get("/openapi.json").json() == DOCUMENT


def check(world: World, role: str, case: schemathesis.Case) -> None:
    response = send(world, role, case)
    requests_sent[role] += 1
    assert findings(case, response) == []


@EVERY_PHASE.exclude(**STREAM).parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_matches_its_document_as_admin(world: World, case: schemathesis.Case) -> None:
    check(world, "admin", case)


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator"])
@FUZZING_ONLY.exclude(**STREAM).parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_matches_its_document_as(world: World, role: str, case: schemathesis.Case) -> None:
    check(world, role, case)
