"""The `scn` command: admin creation, database maintenance, one-line errors."""

import os
import subprocess
import sys
from pathlib import Path

import behind_the_app
import pytest
from starlette.testclient import TestClient

from discussion_api.app import create_app
from discussion_api.core.vocabulary import BED_RANGES
from discussion_api.demo import MEMBERS, THREADS
from discussion_api.storage.sqlite.database import connect

from .conftest import ORIGIN, Api, test_settings

SCN = [sys.executable, "-c", "import sys; from discussion_api.cli import main; sys.exit(main())"]


def scn(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SCN_DATA_DIR": str(tmp_path / "var"), **env}
    environment.pop("SCN_ADMIN_PASSWORD", None) if "SCN_ADMIN_PASSWORD" not in env else None
    return subprocess.run(
        [*SCN, *args],
        capture_output=True,
        text=True,
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("scn: error:") and words in lines[0], lines[0]


def test_admin_create(tmp_path: Path) -> None:
    result = scn(
        tmp_path,
        "admin",
        "create",
        "--email",
        "Boss@Example.org",
        SCN_ADMIN_PASSWORD="a fine admin passphrase",
    )
    assert result.returncode == 0, result.stderr
    db = connect(tmp_path / "var" / "network.sqlite3")
    (row,) = db.query("SELECT email, role, status, password_hash FROM members")
    assert (row["email"], row["role"], row["status"]) == ("boss@example.org", "admin", "approved")
    assert row["password_hash"].startswith("$argon2id$")
    again = scn(
        tmp_path,
        "admin",
        "create",
        "--email",
        "boss@example.org",
        SCN_ADMIN_PASSWORD="a fine admin passphrase",
    )
    assert_one_line_error(again, "already exists")


def test_admin_create_bad_input(tmp_path: Path) -> None:
    assert_one_line_error(
        scn(
            tmp_path,
            "admin",
            "create",
            "--email",
            "not-an-email",
            SCN_ADMIN_PASSWORD="a fine admin passphrase",
        ),
        "--email",
    )
    assert_one_line_error(
        scn(tmp_path, "admin", "create", "--email", "a@b.example", SCN_ADMIN_PASSWORD="password"), "password"
    )
    # no terminal and no SCN_ADMIN_PASSWORD: says how to give one
    assert_one_line_error(scn(tmp_path, "admin", "create", "--email", "a@b.example"), "SCN_ADMIN_PASSWORD")
    assert_one_line_error(scn(tmp_path, "db", "migrate", SCN_PORT="http"), "SCN_PORT")


def test_migrate_backup_restore(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    """On SQLite (VACUUM INTO, the backup API) and PostgreSQL (pg_dump, pg_restore)."""
    database = tmp_path / "var" / "network.sqlite3"
    env = {}
    if backend == "postgres":
        server = request.getfixturevalue("postgres")
        url = server.empty_database()
        request.addfinalizer(lambda: server.drop(url))
        behind_the_app.register_postgres(database, url)
        env = {"SCN_DATABASE_URL": url}
    assert "Applied" in scn(tmp_path, "db", "migrate", **env).stdout
    assert "up to date" in scn(tmp_path, "db", "migrate", **env).stdout
    scn(
        tmp_path,
        "admin",
        "create",
        "--email",
        "boss@example.org",
        SCN_ADMIN_PASSWORD="a fine admin passphrase",
        **env,
    )
    backup = tmp_path / "backup.db"
    assert scn(tmp_path, "db", "backup", str(backup), **env).returncode == 0
    assert_one_line_error(scn(tmp_path, "db", "backup", str(backup), **env), "already exists")

    with behind_the_app.database(database) as db:
        db.execute("DELETE FROM members")
    restored = scn(tmp_path, "db", "restore", str(backup), **env)
    assert restored.returncode == 0, restored.stderr
    assert behind_the_app.rows(database, "SELECT count(*) FROM members") == [(1,)]

    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert_one_line_error(scn(tmp_path, "db", "restore", str(junk), **env), "database")
    assert_one_line_error(scn(tmp_path, "db", "restore", str(tmp_path / "none"), **env), "no backup")


def test_copy_bad_input(tmp_path: Path) -> None:
    target = "postgresql://scn:secret@127.0.0.1:1/network"
    assert_one_line_error(scn(tmp_path, "db", "copy", "--from", "mysql://x/y", "--to", target), "--from")
    assert_one_line_error(
        scn(tmp_path, "db", "copy", "--from", "sqlite:///var/x.sqlite3", "--to", "sqlite:///y"), "--to"
    )
    missing = scn(tmp_path, "db", "copy", "--from", f"sqlite:///{tmp_path}/none.sqlite3", "--to", target)
    assert_one_line_error(missing, "no SQLite database")
    assert "secret" not in missing.stderr


def band(beds: int) -> str:
    (found,) = [band for band, bounds in BED_RANGES.items() if bounds.fewest <= beds <= (bounds.most or beds)]
    return found


def test_demo_seeds_a_fictional_forum_members_can_sign_in_to(tmp_path: Path) -> None:
    seeded = scn(tmp_path, "demo", "seed", SCN_DEMO_PASSWORD="a demo passphrase to share")
    assert seeded.returncode == 0, seeded.stderr
    assert "Password (all demo accounts): a demo passphrase to share" in seeded.stdout
    with TestClient(
        create_app(test_settings(tmp_path)), base_url=ORIGIN, headers={"Origin": ORIGIN}
    ) as client:
        member = Api(client)
        assert member.sign_in(MEMBERS[2].email, "a demo passphrase to share").status_code == 200
        latest = member.get("/lists/latest").json()["threads"]
        assert {t["title"] for t in latest} == {title for _, _, title, _, _ in THREADS}
        answered = next(t for t in latest if t["title"] == THREADS[0][2])
        assert answered["post_count"] == 1 + len(THREADS[0][4]) and answered["accepted_post_id"]
        # The directory's filters find someone: every facility type and band the demo gives.
        for person in MEMBERS:
            if person.facility_type and person.bed_count is not None:
                found = member.get(
                    "/members",
                    params={"facility_type": person.facility_type, "bed_band": band(person.bed_count)},
                ).json()["members"]
                assert person.name in [entry["name"] for entry in found]
    again = scn(tmp_path, "demo", "seed", SCN_DEMO_PASSWORD="a demo passphrase to share")
    assert_one_line_error(again, "already has members")
    production = scn(tmp_path / "prod", "demo", "seed", SCN_ENV="production", SCN_SECRET_KEY="k" * 40)
    assert_one_line_error(production, "production")
