"""The Network as benchmarks meet it: `scn serve` in a child process, driven over HTTP.

Nothing here imports `discussion_api`: its modules move between layers, while its
command line (`scn serve`, `scn admin create`), its HTTP API and its SQLite file
are what an operator and a browser rely on, so they are what benchmarks use too.
The same code can serve another checkout of the project (an older commit, for a
side-by-side comparison) with this venv's Python: see `Service(source=...)`.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-" + "k" * 40
ADMIN_PASSWORD = "a benchmark passphrase, long enough"
SESSION_COOKIE = "scn_session"  # the name over plain http (https adds the __Host- prefix)
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scn_command(source: Path | None) -> list[str]:
    """How to run `scn` from `source` (a checkout), or this venv's installed `scn` for None.

    For a checkout the entry point is read from its own pyproject.toml, so a commit
    whose `scn` lives in another module still starts the way its operators start it.
    """
    if source is None:
        return [str(Path(sys.executable).with_name("scn"))]
    scripts = tomllib.loads((source / "pyproject.toml").read_text())["project"]["scripts"]
    module, _, function = scripts["scn"].partition(":")
    return [sys.executable, "-c", f"import sys; from {module} import {function}; sys.exit({function}())"]


def scn_environment(source: Path | None, **env: str) -> dict[str, str]:
    """This process's environment without any SCN_* setting of the shell, plus `env`.

    A checkout is put first on PYTHONPATH, ahead of the venv's editable install of
    this worktree, so its own `discussion_api` is the one imported.
    """
    base = {name: value for name, value in os.environ.items() if not name.startswith("SCN_")}
    base.pop("PYTHONPATH", None)
    if source is not None:
        base["PYTHONPATH"] = str(source)
    return {**base, **env}


def imported_from(source: Path | None) -> Path:
    """Where `discussion_api` is imported from in the environment a service of `source` gets."""
    result = subprocess.run(
        [sys.executable, "-c", "import discussion_api; print(discussion_api.__file__)"],
        cwd=source or ROOT,
        env=scn_environment(source),
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(result.stdout.strip()).resolve()


class Service:
    """`scn serve` on a loopback port over its own data folder, stopped on leaving the block.

    Its console goes to a file, not a pipe: nobody drains a pipe while a benchmark
    runs, and a full one would block the server.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        source: Path | None = None,
        cpus: set[int] | None = None,
        workers: int = 1,
        **env: str,
    ) -> None:
        self.data_dir = data_dir
        self.source = source
        self.cpus = cpus  # CPUs the service may run on (all by default)
        self.workers = workers  # `scn serve --workers N`
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = scn_environment(
            source,
            SCN_HOST="127.0.0.1",
            SCN_PORT=str(self.port),
            SCN_DATA_DIR=str(data_dir),
            SCN_PUBLIC_URL=self.url,
            SCN_ALLOWED_ORIGINS=self.url,
            SCN_SECRET_KEY=SECRET_KEY,
            SCN_SITE_DIR=str(data_dir / "no-site"),  # the API and the widget only
            # Benchmarks post at full rate on purpose; the per-member posting limit that
            # stops a person doing so has its own tests.
            SCN_POST_LIMIT_MEMBER="1000000/minute",
            SCN_SEARCH_LIMIT_MEMBER="1000000/minute",
            **env,
        )
        self.console = data_dir / f"console-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def database(self) -> Path:
        return self.data_dir / "network.sqlite3"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def scn(self, *args: str, **env: str) -> str:
        """Run this service's `scn` command line with its settings; returns what it printed."""
        result = subprocess.run(
            [*scn_command(self.source), *args],
            cwd=self.source or ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"scn {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def __enter__(self) -> Service:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        cpus = self.cpus
        with self.console.open("wb") as output:
            self.process = subprocess.Popen(
                [*scn_command(self.source), "serve", "--workers", str(self.workers)],
                cwd=self.source or ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                # Set in the child before it runs anything, so every thread it starts keeps to them.
                preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus is not None else None,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"scn serve did not start:\n{self.console.read_text()[-2000:]}")
            time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """SIGTERM, as an operator's supervisor sends; SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def admin(self, email: str = "admin@bench.example") -> Browser:
        """An admin created with `scn admin create`, signed in through the API."""
        self.scn("admin", "create", "--email", email, SCN_ADMIN_PASSWORD=ADMIN_PASSWORD)
        return Browser.sign_in(self.url, email, ADMIN_PASSWORD)


class Browser:
    """What the widget does in a browser: cookies, the CSRF token, Origin on every request."""

    def __init__(self, url: str, timeout: float = 30) -> None:
        self.url = url
        self.client = httpx.Client(base_url=url, headers={"Origin": url}, timeout=timeout)
        self.csrf = ""

    @classmethod
    def sign_in(cls, url: str, email: str, password: str) -> Browser:
        browser = cls(url)
        browser.csrf = browser.get("/session").json()["csrf_token"]
        response = browser.post("/session", {"email": email, "password": password})
        if response.status_code != 200:
            raise RuntimeError(f"sign-in of {email} failed: {response.status_code} {response.text}")
        browser.csrf = response.json()["csrf_token"]
        return browser

    @classmethod
    def with_session(cls, url: str, token: str) -> Browser:
        """A browser holding a session cookie made in the database (see `seed_members`)."""
        browser = cls(url)
        browser.client.cookies.set(SESSION_COOKIE, token)
        browser.csrf = browser.get("/session").json()["csrf_token"]
        return browser

    @property
    def session_token(self) -> str:
        return self.client.cookies[SESSION_COOKIE]

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.client.get("/api/v1" + path, params=params)

    def post(self, path: str, json: Any) -> httpx.Response:
        return self.client.post("/api/v1" + path, json=json, headers={"X-CSRF-Token": self.csrf})

    def start_thread(self, title: str, body: str = "Opening post.", category_id: int = 1) -> int:
        response = self.post("/threads", {"category_id": category_id, "title": title, "body": body})
        if response.status_code != 201:
            raise RuntimeError(f"starting a thread failed: {response.status_code} {response.text}")
        return int(response.json()["thread"]["id"])

    def reply(self, thread_id: int, body: str) -> httpx.Response:
        """POST a reply; the caller checks the status (benchmarks time the whole request)."""
        return self.post(f"/threads/{thread_id}/posts", {"body": body})

    def thread_with_posts(self, title: str, posts: int) -> int:
        """A thread of `posts` posts in all (its opening post and replies)."""
        thread_id = self.start_thread(title, "The opening post of a long thread.")
        for n in range(posts - 1):
            response = self.reply(thread_id, f"Reply {n + 1}: a paragraph of **Markdown**, as members write.")
            if response.status_code != 201:
                raise RuntimeError(f"replying failed: {response.status_code} {response.text}")
        return thread_id

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def seed_members(database: Path, count: int) -> list[str]:
    """`count` approved members, each with a session; returns their session cookies' values.

    Written with plain sqlite3 into a database the service has already migrated:
    signing a thousand people in through the API would mostly time argon2. Only the
    SHA-256 of a session token is stored, as the service stores it.
    """
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    tokens = [secrets.token_urlsafe(32) for _ in range(count)]
    db = sqlite3.connect(database, timeout=30)
    try:
        with db:
            (first,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM members").fetchone()
            for n, token in enumerate(tokens, start=first):
                member_id = db.execute(
                    "INSERT INTO members (email, password_hash, name, professional_role, state, status,"
                    " role, agreed_rules_at, created_at)"
                    " VALUES (?, 'unused', ?, 'rn', 'OH', 'approved', 'member', ?, ?)",
                    (f"reader{n}@bench.example", f"Reader {n}", now, now),
                ).lastrowid
                db.execute(
                    "INSERT INTO sessions (token_hash, member_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                    (hashlib.sha256(token.encode()).hexdigest(), member_id, now, now),
                )
    finally:
        db.close()
    return tokens
