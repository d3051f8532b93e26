"""`make edit` for editors: `sitegen generate`, then `mkdocs serve`, whose thin hook
regenerates the content before each rebuild."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from harness import free_port

from sitegen.cli import main as sitegen_main


def test_mkdocs_serve_builds_the_generated_pages(
    tmp_path: Path, copy_library: Callable[[Path], Path]
) -> None:
    root = copy_library(tmp_path / "project")
    assert sitegen_main(["--root", str(root), "generate"]) == 0
    (root / "build" / "docs" / "resources" / "hour-1-bundle.md").unlink()  # the hook must write it again
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/resources/hour-1-bundle/", timeout=1)
                if page.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (
                "mkdocs serve did not serve the page"
            )
            time.sleep(0.2)
        assert 'data-scn-key="resource/hour-1-bundle"' in page.text
        assert (root / "build" / "docs" / "resources" / "hour-1-bundle.md").is_file()
    finally:
        server.terminate()
        server.wait(timeout=10)
