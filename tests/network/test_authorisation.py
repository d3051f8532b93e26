"""Every route x every role: the status, and no member content in any refusal."""

import behind_the_app
import httpx

from discussion_api.http.openapi import API_ROOT

from .conftest import Network, tables
from .route_table import TABLE, Case, case_for, fill
from .test_security import assert_error
from .world import ROLES, SENTINELS, World, app_routes, build_world


def send(world: World, role: str, method: str, path: str, case: Case) -> httpx.Response:
    world.reset()
    url = fill(case.path, world.ids)
    if not path.startswith(API_ROOT):
        return world.request(role, method, "!" + url)
    kwargs: dict = {"params": fill(case.query, world.ids)}
    if case.body is not None:
        kwargs["json"] = fill(case.body, world.ids)
    return world.request(role, method, url, **kwargs)


def test_every_route_has_a_row_and_no_row_is_stale(tmp_path) -> None:
    with build_world(tmp_path) as world:
        routes = app_routes(world.network.app)
    missing = [route for route in routes if case_for(*route) is None]
    assert not missing, f"add these routes to route_table.TABLE: {missing}"
    stale = set(TABLE) - set(routes)
    assert not stale, f"rows for routes the app no longer has: {stale}"


def test_authorisation_matrix(tmp_path, database) -> None:
    failures = []
    with build_world(tmp_path, database) as world:
        before = world.network.row_counts()
        for method, path in app_routes(world.network.app):
            case = case_for(method, path)
            assert case is not None, (method, path)
            for role, expected in zip(ROLES, case.statuses(), strict=True):
                response = send(world, role, method, path, case)
                label = f"{method} {path} as {role}"
                if response.status_code != expected:
                    failures.append(f"{label}: {response.status_code} != {expected} {response.text[:200]}")
                    continue
                if expected in (401, 403):
                    leaked = [s for s in SENTINELS if s.lower() in response.text.lower()]
                    if leaked:
                        failures.append(f"{label}: refusal leaks {leaked}")
                    if method != "HEAD" and path.startswith(API_ROOT):
                        assert set(response.json()["error"]) == {"code", "message", "field"}
                    if world.network.row_counts() != counts_after_refusal(before, role):
                        failures.append(f"{label}: a refused request wrote to the database")
    assert not failures, "\n".join(failures)


def counts_after_refusal(before: dict[str, int], role: str) -> dict[str, int]:
    """A refusal writes nothing, except that a suspended member's request ends their session."""
    if role == "suspended":
        return {**before, "sessions": before["sessions"] - 1}
    return before


def test_a_suspended_members_session_ends_at_their_next_request(network: Network) -> None:
    """Suspension ends sessions: one left open (another process, a race) is treated as signed out."""
    person = network.add_member()
    api = network.signed_in(person)
    database = network.settings.database
    behind_the_app.suspend(database, person.id)
    assert behind_the_app.session_count(database, person.id) == 1

    assert_error(api.get("/categories"), 401, "sign_in_required")
    assert behind_the_app.session_count(database, person.id) == 0
    assert_error(api.patch("/profile", {"city": "Dayton"}), 403, "csrf_failed")
    assert api.get("/session").json()["member"] is None
    again = api.sign_in(person.email)
    assert_error(again, 403, "suspended")
    assert behind_the_app.session_count(database, person.id) == 0


def test_get_never_changes_state(tmp_path, database) -> None:
    """Every GET, as every role, leaves every table as it was (sessions' last-seen aside)."""
    with build_world(tmp_path, database) as world:
        world.reset()
        before = dump(world)
        for method, path in app_routes(world.network.app):
            if method not in ("GET", "HEAD"):
                continue
            case = case_for(method, path)
            assert case is not None
            for role in ROLES:
                url = fill(case.path, world.ids)
                if not path.startswith(API_ROOT):
                    world.request(role, method, "!" + url)
                else:
                    world.request(role, method, url, params=fill(case.query, world.ids))
                assert dump(world) == before, f"{method} {path} as {role} changed state"


def dump(world: World) -> dict[str, list]:
    database = world.network.settings.database
    compared = [
        name for name in tables(database) if not name.startswith("post_search") and name != "sessions"
    ]
    with behind_the_app.database(database) as db:
        # Every column in order: the same rows in any order of storage (PostgreSQL has no rowid).
        return {name: sorted(db.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in compared}
