"""The Network as tests meet it: a real `scn serve` process, a real SMTP server, seeded members."""

from __future__ import annotations

import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
from argon2 import PasswordHasher


class Mailbox:
    """Messages received by a real SMTP server (aiosmtpd) on loopback."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[attr-defined]
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def wait_for(self, to: str, subject_part: str, nth: int = 1, timeout: float = 10.0) -> EmailMessage:
        """The `nth` message to `to` whose subject contains `subject_part`, once it has arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages if to in str(m["To"]) and subject_part in str(m["Subject"])]
            if len(found) >= nth:
                return found[nth - 1]
            time.sleep(0.05)
        raise AssertionError(
            f"no mail to {to} about {subject_part!r}; got {[m['Subject'] for m in self.messages]}"
        )

    @staticmethod
    def link(message: EmailMessage) -> str:
        match = re.search(r"https?://\S+#\w+=[\w-]+", message.get_content())
        assert match, message.get_content()
        return match.group(0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Service:
    """The Network as an operator runs it (`scn serve`): a real process, a real SQLite file."""

    url: str
    database: Path
    mailbox: Mailbox
    relay_port: int  # an extra allowed origin, for a relay in front of the service
    console: Path  # what `scn serve` printed

    def add_member(
        self,
        name: str,
        *,
        role: str = "member",
        status: str = "approved",
        second_factor: bool = True,
        **profile: Any,
    ) -> str:
        """Insert a member straight into the database; returns their email. Moderators and
        admins get the test authenticator app unless `second_factor` is False."""
        return seed_member(
            self.database, name, role=role, status=status, second_factor=second_factor, **profile
        )[1]


TEST_PASSWORD = "a long enough passphrase"
# Seeded moderators and admins have this authenticator-app secret: moderation needs a
# two-factor session (core/policy.py), so their sign-in helpers send its current code.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(at: datetime | None = None) -> str:
    """The seeded secret's code at `at` (a test app's clock), or now."""
    import pyotp

    return pyotp.TOTP(TEST_TOTP_SECRET).at(at or datetime.now(UTC))


def enroll_second_factor(db: Any, member_id: int, now: datetime) -> None:
    """Give a seeded member the test authenticator app, inside the caller's write transaction."""
    db.second_factors.start_totp(member_id, TEST_TOTP_SECRET, now)
    db.second_factors.confirm_totp(member_id, now)


# Cheap argon2id for seeded accounts only; the service verifies with the hash's own parameters.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
TEST_HASH = FAST_HASHER.hash(TEST_PASSWORD)


def member_fields(name: str, email: str | None = None, **profile: Any) -> dict[str, Any]:
    """A complete application for a test member; `profile` overrides any field."""
    return {
        "name": name,
        "email": email or name.lower().replace(" ", ".") + "@hospital.example",
        "professional_role": "rn",
        "facility": "General Hospital",
        "state": "OH",
        "is_coordinator": False,
        **profile,
    }


def seed_member(
    database: Path,
    name: str,
    *,
    status: str = "approved",
    role: str = "member",
    second_factor: bool = True,
    **profile: Any,
) -> tuple[int, str]:
    """Insert a member straight into the database (migrating it first); returns (id, email).

    `database` is the SQLite path the app's settings name, or one behind_the_app has
    registered as standing for a PostgreSQL database."""
    from behind_the_app import postgres_url

    from discussion_api.storage.interfaces import Store
    from discussion_api.storage.postgres.database import PgStore
    from discussion_api.storage.sqlite.database import SqliteStore

    url = postgres_url(database)
    store: Store = PgStore(url) if url else SqliteStore(database)
    try:
        store.migrate()
        fields = member_fields(name, **profile)
        with store.write() as db:
            member_id = db.members.create(fields, TEST_HASH, datetime.now(UTC), status=status, role=role)
            if role != "member" and second_factor:
                enroll_second_factor(db, member_id, datetime.now(UTC))
        return member_id, fields["email"]
    finally:
        store.close()


class ServiceProcess:
    """`scn serve` in a child process, as an operator runs it.

    Its console goes to a file, not a pipe: nobody drains a pipe while tests run,
    and a full one would block the server.
    """

    def __init__(self, data_dir: Path, port: int | None = None, workers: int = 1, **env: str) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "SCN_HOST": "127.0.0.1",
            "SCN_PORT": str(self.port),
            "SCN_DATA_DIR": str(data_dir),
            "SCN_PUBLIC_URL": self.url,
            "SCN_SITE_DIR": str(data_dir / "no-site"),
            **env,
        }
        data_dir.mkdir(parents=True, exist_ok=True)
        self.console = data_dir / f"console-{self.port}.log"
        with self.console.open("wb") as output:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).with_name("scn")), "serve", "--workers", str(workers)],
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def __enter__(self) -> ServiceProcess:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"scn serve did not start:\n{self.output()}")
            time.sleep(0.05)

    def output(self) -> str:
        return self.console.read_text()

    def stop(self, timeout: float = 10) -> int:
        """SIGTERM, as an operator's supervisor sends; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def running_service(
    site: Path, data_dir: Path, mailbox: Mailbox, relay_port: int, port: int | None = None, **env: str
) -> Iterator[Service]:
    """The Network serving `site` on a loopback port (a free one by default)."""
    port = port or free_port()
    env.setdefault("SCN_ALLOWED_ORIGINS", f"http://127.0.0.1:{port},http://127.0.0.1:{relay_port}")
    with ServiceProcess(data_dir, port, SCN_SITE_DIR=str(site), **env) as process:
        yield Service(process.url, data_dir / "network.sqlite3", mailbox, relay_port, process.console)
