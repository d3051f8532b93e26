"""Every route x every role: the status, and no member content in any refusal."""

import httpx

from discussion_api.http.openapi import API_ROOT

from .route_table import TABLE, Case, case_for, fill
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


def test_authorisation_matrix(tmp_path) -> None:
    failures = []
    with build_world(tmp_path) as world:
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
                    if world.network.row_counts() != before:
                        failures.append(f"{label}: a refused request wrote to the database")
    assert not failures, "\n".join(failures)


def test_get_never_changes_state(tmp_path) -> None:
    """Every GET, as every role, leaves every table as it was (sessions' last-seen aside)."""
    with build_world(tmp_path) as world:
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
    from discussion_api.storage.sqlite.database import connect

    db = connect(world.network.settings.database)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'post_search%' AND name != 'sessions'"
            )
        ]
        return {name: db.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall() for name in tables}
    finally:
        db.close()
