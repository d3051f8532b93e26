"""Fixtures shared by the whole suite: the project's root and a real Chromium."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from harness import Mailbox, Service, free_port, running_service

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("SCN_CHROMIUM", "/usr/bin/chromium"))
# As root, and without reaching for the closed network (see shared/TESTING.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium is marked `browser`, so `make test` can run them apart."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build of the Library, once per test process, in a private copy of the project."""
    from bench.library_build import copy_project
    from sitegen.cli import main as sitegen_main

    root = copy_project(tmp_path_factory.mktemp("library"))
    assert sitegen_main(["--root", str(root), "build"]) == 0
    return root


@pytest.fixture(scope="session")
def site(built_project: Path) -> Path:
    return built_project / "build" / "site"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; never a downloaded browser.

    Skips with the reason when Chromium is missing locally; under CI=true a
    missing browser is a failure, so CI can never pass without running these.
    """
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium, or set SCN_CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def serious_violations() -> Callable[[object], list[str]]:
    """A check returning axe-core's serious and critical violations on a page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: object) -> list[str]:
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, mailbox
    controller.stop()


@pytest.fixture
def service(site: Path, tmp_path: Path, smtp_server: tuple[int, Mailbox]) -> Iterator[Service]:
    """The Network serving the built Library, sending mail to a real SMTP server."""
    smtp_port, mailbox = smtp_server
    # Tests seed whole threads through the API faster than a person posts; the per-member
    # posting limit has its own tests (tests/network/test_member_rate_limits.py).
    env = {
        "SCN_SMTP_HOST": "127.0.0.1",
        "SCN_SMTP_PORT": str(smtp_port),
        "SCN_POST_LIMIT_MEMBER": "10000/minute",
    }
    with running_service(site, tmp_path / "var", mailbox, relay_port=free_port(), **env) as running:
        yield running


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    """A PostgreSQL server of this test process's own (bench/postgres_server.py).

    Skips with the reason when PostgreSQL's server programs are missing; under CI=true
    that is a failure, so CI can never pass without running the PostgreSQL tests.
    """
    from bench.postgres_server import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        reason = "no PostgreSQL server programs (initdb, pg_ctl, postgres): apt-get install postgresql"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    server = PostgresServer(bindir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """The storage engine: tests that take it (the API, policy and stream tests) run on both."""
    return request.param


@pytest.fixture
def database(backend: str, request: pytest.FixtureRequest) -> dict[str, str]:
    """Settings overrides that put this test's app on `backend` (postgres_server.database_env)."""
    from postgres_server import database_env

    return database_env(backend, request)
