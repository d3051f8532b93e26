"""Categories limited to groups, through every route and role.

The world (world.py) holds a category limited to a group whose one member is the
"grouped" role; "member" is an approved member outside it. Every route is aimed at
that category's objects (route_table.LIMITED) or named as touching no forum content
(route_table.NO_FORUM_CONTENT); each answers each role with its status, and nobody
outside the group (moderators and admins see every category) ever receives the
category's text, whatever the status.
"""

import httpx

from .route_table import LIMITED, NO_FORUM_CONTENT, TABLE, fill
from .test_authorisation import send
from .world import LIMITED_ROLES, LIMITED_SENTINEL, World, app_routes, build_world

# Who may see the limited category: its group's member, and moderators and admins.
ENTITLED = frozenset({"grouped", "moderator", "admin"})


def route_of(key: tuple[str, str]) -> tuple[str, str]:
    """A LIMITED key without its "#variant" (two cases for one route)."""
    method, path = key
    return method, path.split("#")[0]


def test_every_route_is_aimed_at_a_limited_category_or_touches_no_forum_content(tmp_path) -> None:
    with build_world(tmp_path) as world:
        routes = {
            ("GET" if method == "HEAD" else method, path) for method, path in app_routes(world.network.app)
        }
    limited = {route_of(key) for key in LIMITED}
    assert limited <= set(TABLE)
    assert not limited & NO_FORUM_CONTENT, "a route is both in LIMITED and NO_FORUM_CONTENT"
    missing = routes - limited - NO_FORUM_CONTENT
    assert not missing, f"add these routes to route_table.LIMITED (or NO_FORUM_CONTENT): {missing}"
    assert not NO_FORUM_CONTENT - routes, "NO_FORUM_CONTENT names routes the app no longer has"


def limited_request(world: World, role: str, key: tuple[str, str]) -> httpx.Response:
    method, path = route_of(key)
    return send(world, role, method, path, LIMITED[key])


def test_limited_category_matrix(tmp_path, database) -> None:
    failures = []
    with build_world(tmp_path, database) as world:
        for key, case in LIMITED.items():
            for role, expected in zip(LIMITED_ROLES, case.statuses(), strict=True):
                if expected is None:
                    continue
                response = limited_request(world, role, key)
                label = f"{key[0]} {fill(case.path, world.ids)} as {role}"
                if response.status_code != expected:
                    failures.append(f"{label}: {response.status_code} != {expected} {response.text[:200]}")
                    continue
                shown = LIMITED_SENTINEL.lower() in response.text.lower()
                if shown and role not in ENTITLED:
                    failures.append(f"{label}: an outsider receives the limited category")
                if case.shows and role in ENTITLED and expected < 300 and not shown:
                    failures.append(f"{label}: the limited category is missing for an entitled role")
    assert not failures, "\n".join(failures)


def test_grouped_member_answers_like_member_where_no_forum_content_is_named(tmp_path) -> None:
    """Being in a group changes nothing outside the forum: "grouped" gets "member"'s
    statuses on routes that touch no forum content (the member's own author routes aside)."""
    failures = []
    with build_world(tmp_path) as world:
        member_column = 3  # ROLES' order: anonymous, unverified, pending, member, ...
        for method, path in sorted(NO_FORUM_CONTENT):
            case = TABLE[(method, path)]
            if "{applicant}" in str(case.body) or (method == "POST" and path.endswith("/session")):
                continue  # signing in as someone else's address says nothing about groups
            expected = case.statuses()[member_column]
            response = send(world, "grouped", method, path, case)
            if response.status_code != expected:
                failures.append(f"{method} {path}: {response.status_code} != {expected}")
    assert not failures, "\n".join(failures)
