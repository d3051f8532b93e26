"""A real app over a real database (a SQLite file, or PostgreSQL), served by uvicorn on loopback, with a movable clock."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import behind_the_app
import pytest
from harness import FAST_HASHER, free_port, seed_member

from discussion_api.app import create_app
from discussion_api.config import load_settings

from .harness import SECRET_KEY, Member, ThreadedServer


class MovableClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Forum:
    """The served app and ways to add people to it."""

    url: str
    database: Path
    clock: MovableClock
    server: ThreadedServer

    def member(self, name: str, *, role: str = "member") -> Member:
        _, email = seed_member(self.database, name, role=role)
        return Member.sign_in(self.url, email)

    def add(self, name: str, **kwargs: str) -> tuple[int, str]:
        return seed_member(self.database, name, **kwargs)


@contextmanager
def served(tmp_path: Path, database: dict[str, str], **env: str) -> Iterator[Forum]:
    """The app on `database` (the root conftest's fixture) with settings `env`, served on loopback."""
    port = free_port()
    settings = load_settings(
        {
            "SCN_DATA_DIR": str(tmp_path / "var"),
            "SCN_SITE_DIR": str(tmp_path / "no-site"),
            "SCN_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "SCN_SECRET_KEY": SECRET_KEY,
            **env,
            **database,
        }
    )
    if settings.database_url:
        behind_the_app.register_postgres(settings.database, settings.database_url)
    clock = MovableClock()
    app = create_app(settings, clock=clock, password_hasher=FAST_HASHER)
    with ThreadedServer(app, port) as server:
        yield Forum(server.url, settings.database, clock, server)


@pytest.fixture
def forum(tmp_path: Path, database: dict[str, str]) -> Iterator[Forum]:
    """On each storage engine, with a heartbeat a second and three streams a member."""
    with served(tmp_path, database, SCN_STREAM_HEARTBEAT_SECONDS="1", SCN_STREAMS_PER_MEMBER="3") as forum:
        yield forum
