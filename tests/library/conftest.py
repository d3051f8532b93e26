"""The built Library served as a plain static site (no Network service behind it)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.library_build import copy_project

# What sitegen reads beyond bench's copy_project parts: the reviewers and the claim records.
REVIEW_PARTS = ("reviewers.yml", "claims")


def _library_copy(target: Path, root: Path) -> Path:
    copy_project(target)
    for part in REVIEW_PARTS:
        if (root / part).is_dir():
            shutil.copytree(root / part, target / part)
        else:
            shutil.copy(root / part, target / part)
    return target


@pytest.fixture(scope="session")
def copy_library(project_root: Path) -> Callable[[Path], Path]:
    """Copies everything a Library build reads into a folder of its own."""
    return lambda target: _library_copy(target, project_root)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory, copy_library: Callable[[Path], Path]) -> Path:
    """A real build of the Library, once per test process, in a private copy of the project."""
    from sitegen.cli import main as sitegen_main

    root = copy_library(tmp_path_factory.mktemp("library"))
    assert sitegen_main(["--root", str(root), "build"]) == 0
    return root


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site over real HTTP on loopback."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
