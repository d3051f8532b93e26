"""A real, throwaway PostgreSQL server: initdb in a temporary directory. The test session
starts one per test process (tests/conftest.py), and so does the backends benchmark.

`initdb` refuses to run as root, and the suite runs as root in CI, so there the
server runs as the `postgres` user in a directory it owns. It listens on loopback
and on a Unix socket in its own directory, with durability off (its databases
are thrown away). Each test gets a fresh database copied from a migrated template,
which takes milliseconds.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from discussion_api.storage.postgres.database import PgStore, connect
from discussion_api.storage.postgres.tools import bin_dirs

from .service import free_port

TEMPLATE = "scn_template"


def find_bindir() -> Path | None:
    """The directory with initdb, pg_ctl and postgres, if this machine has one."""
    initdb = shutil.which("initdb")
    candidates = [Path(initdb).parent] if initdb else []
    for directory in [*candidates, *bin_dirs()]:
        if all((directory / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return directory
    return None


class PostgresServer:
    """A throwaway cluster; `database()` hands out fresh migrated databases."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="scn-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.url_base = f"postgresql://postgres@127.0.0.1:{self.port}"
        self._names = itertools.count(1)
        self._user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self._user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str) -> None:
        result = subprocess.run([*self._user, *command], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> PostgresServer:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = (
            f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.root / "server.log"), "-w", "start",
        )  # fmt: skip
        with connect(self.url("postgres")) as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        store = PgStore(self.url(TEMPLATE))
        store.migrate()
        store.close()
        return self

    def url(self, name: str) -> str:
        return f"{self.url_base}/{name}"

    def database(self) -> str:
        """A new database with the whole schema; returns its URL."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        with connect(self.url("postgres")) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop a test's database, ending any connection the test left open."""
        with connect(self.url("postgres")) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def empty_database(self) -> str:
        """A new database without a schema (for migrations and copies)."""
        name = f"empty_{os.getpid()}_{next(self._names)}"
        with connect(self.url("postgres")) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
