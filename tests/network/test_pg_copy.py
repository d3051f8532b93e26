"""`scn db copy`: a populated SQLite Network copied into PostgreSQL answers every GET of
the API the same, for every kind of member, and a bad copy is refused."""

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from harness import FAST_HASHER
from starlette.testclient import TestClient

from discussion_api.app import create_app
from discussion_api.cli import main
from discussion_api.http.openapi import API_ROOT
from discussion_api.storage.engines import copy_sqlite_to_postgres
from discussion_api.storage.interfaces import StorageError
from discussion_api.storage.postgres import tables as pg_tables
from discussion_api.storage.transfer import Table

from .conftest import ORIGIN, MovableClock, test_settings
from .route_table import case_for, fill
from .world import ROLES, app_routes, build_world

pytestmark = pytest.mark.postgres


@pytest.fixture
def empty_url(postgres: Any) -> Any:
    url = postgres.empty_database()
    yield url
    postgres.drop(url)


def test_a_copied_network_answers_every_member_the_same(
    tmp_path: Path, empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with build_world(tmp_path / "sqlite") as world:
        world.reset()
        source = world.network.settings.database
        assert main(["db", "copy", "--from", f"sqlite:///{source}", "--to", empty_url]) == 0
        report = capsys.readouterr().out
        assert "members: 9 rows, sha256 " in report and "Copied and verified" in report

        settings = dataclasses.replace(
            test_settings(tmp_path / "pg", SCN_DATABASE_URL=empty_url),
            oidc_providers=world.network.settings.oidc_providers,  # the same hospital sign-in
        )
        settings.site_dir.mkdir(parents=True)
        (settings.site_dir / "index.html").write_text("<h1>Library home</h1>")
        copied = create_app(settings, clock=MovableClock(), password_hasher=FAST_HASHER)
        with TestClient(
            copied, base_url=ORIGIN, headers={"Origin": ORIGIN}, follow_redirects=False
        ) as running:
            compared = 0
            for method, path in app_routes(world.network.app):
                case = case_for(method, path)
                if method != "GET" or case is None or path == f"{API_ROOT}/openapi.json":
                    continue
                for role in ROLES:
                    url = fill(case.path, world.ids)
                    params = fill(case.query, world.ids)
                    if path.startswith(API_ROOT):
                        before = world.request(role, method, url, params=params)
                    else:
                        before = world.request(role, method, "!" + url)
                    after = _as(running, world.clients[role], method, path, url, params)
                    assert (after.status_code, _body(after)) == (before.status_code, _body(before)), (
                        f"{method} {url} as {role}"
                    )
                    compared += 1
            assert compared > 50


def _as(client: TestClient, api: Any, method: str, path: str, url: str, params: dict[str, str]) -> Any:
    """The same request, with the same role's session cookie and CSRF token, to the copy."""
    client.cookies = api.client.cookies
    target = API_ROOT + url if path.startswith(API_ROOT) else url
    return client.request(method, target, params=params, headers={"X-CSRF-Token": api.csrf})


def _body(response: Any) -> Any:
    """The answer; for search, which posts matched (ranking and snippet wording are each
    engine's own: bm25 and snippet() in SQLite, ts_rank and ts_headline in PostgreSQL)."""
    if "json" not in response.headers.get("content-type", ""):
        return response.text
    body = response.json()
    if isinstance(body, dict) and "results" in body and response.status_code == 200:
        for result in body["results"]:
            assert "<mark>" in result.pop("snippet")
        return sorted(body["results"], key=lambda result: result["post_id"])
    return body


def test_a_copy_that_does_not_match_its_source_is_not_committed(
    tmp_path: Path, empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with build_world(tmp_path) as world:
        source = world.network.settings.database

    real_copy = pg_tables._copy

    def lose_a_row(conn: Any, table: str, columns: list[str], rows: list[Any]) -> None:
        real_copy(conn, table, columns, rows[:-1] if table == "events" else rows)

    monkeypatch.setattr(pg_tables, "_copy", lose_a_row)
    with pytest.raises(StorageError, match=r"events: \d+ rows in the source"):
        copy_sqlite_to_postgres(source, empty_url)
    monkeypatch.undo()
    # Nothing was committed: the copy can simply be run again.
    lines = copy_sqlite_to_postgres(source, empty_url)
    assert any(line.startswith("posts: ") for line in lines)
    with pytest.raises(StorageError, match="already holds members"):
        copy_sqlite_to_postgres(source, empty_url)


def test_checksums_catch_a_changed_value() -> None:
    from discussion_api.storage.transfer import verify

    source = Table("members", ["id", "name"], [(1, "Ana"), (2, "Ben")])
    assert verify(source, ["id"], [(2, "Ben"), (1, "Ana")]).startswith("members: 2 rows")
    with pytest.raises(StorageError, match="checksum"):
        verify(source, ["id"], [(1, "Ana"), (2, "Bem")])
