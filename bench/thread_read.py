"""Thread reads under load: the Network beside a bare Starlette endpoint and Isso 0.14.

A 100-post thread is read by a signed-in member over 64 keep-alive connections (one
`scn serve` worker) for a fixed time, from a load generator in its own process
(bench/load.py). The comparators are measured in the same run, one after another,
with the same generator and settings:

- a bare Starlette endpoint (bench/bare_thread.py, under uvicorn like `scn serve`)
  serving the same JSON from the same SQLite file: what the framework alone costs,
  so the target says how much of it the Network keeps (at least 80%);
- Isso 0.14, a peer-class comment server, reading a thread of 100 comments from its
  own database, installed by this benchmark into its own virtualenv (at least 20x).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from .figures import Figure, informational
from .load import Load, Request, generate
from .service import ROOT, SESSION_COOKIE, Browser, Service, free_port, seed_members

POSTS = 100
CONNECTIONS = 64
WARM_UP, SECONDS = 2.0, 8.0
RATIO_BARE, RATIO_ISSO = 0.80, 20.0
ISSO = "isso==0.14.0"
ISSO_VENV = ROOT / ".bench" / "isso-0.14"  # kept between runs (ignored by git): installing takes a while


def _measure(port: int, request: Request) -> Load:
    return generate(port, [[request]] * CONNECTIONS, warm_up=WARM_UP, seconds=SECONDS)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"{url} did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.1)


@contextmanager
def _process(command: list[str], url: str, log: Path, **env: str) -> Iterator[None]:
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_up(url, process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _isso_python() -> Path:
    """Isso 0.14 in its own virtualenv, created (once) with this machine's Python and pip."""
    python = ISSO_VENV / "bin" / "python"
    marker = ISSO_VENV / ".installed"
    if not marker.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(ISSO_VENV)], check=True)
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", ISSO], capture_output=True, text=True
        )
        if result.returncode != 0:
            raise RuntimeError(f"pip install {ISSO} failed:\n{result.stderr[-2000:]}")
        marker.touch()
    return python


def _isso(folder: Path) -> Load:
    """Isso serving a thread of POSTS comments (posted through its own API), measured."""
    python = _isso_python()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = folder / "isso.cfg"
    config.write_text(
        f"[general]\ndbpath = {folder / 'isso.db'}\nhost = {url}/\n"
        f"[server]\nlisten = {url}/\n[guard]\nenabled = false\n[moderation]\nenabled = false\n"
    )
    isso = [str(python), "-c", "from isso import main; main()", "-c", str(config), "run"]
    with _process(isso, f"{url}/info", folder / "isso.log"):
        with httpx.Client(base_url=url, headers={"Origin": url, "Referer": f"{url}/"}) as client:
            for n in range(POSTS):
                response = client.post(
                    "/new",
                    params={"uri": "/thread"},
                    json={
                        "text": f"Comment {n + 1}: a paragraph of **Markdown**, as people write.",
                        "author": f"Reader {n}",
                        "title": "A thread of a hundred comments",
                    },
                )
                if response.status_code != 201:
                    raise RuntimeError(
                        f"isso refused a comment: {response.status_code} {response.text[:200]}"
                    )
            shown = client.get("/", params={"uri": "/thread"}).json()
            if shown["total_replies"] != POSTS:
                raise RuntimeError(f"isso shows {shown['total_replies']} comments, not {POSTS}")
        return _measure(port, Request("GET", "/?uri=%2Fthread"))


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="scn-thread-read-bench-") as name:
        folder = Path(name)
        with Service(folder / "scn") as service:
            with service.admin() as admin:
                thread_id = admin.thread_with_posts("A thread of a hundred posts", POSTS)
            (token,) = seed_members(service.database, 1)
            path = f"/api/v1/threads/{thread_id}?limit={POSTS}"
            with Browser.with_session(service.url, token) as reader:
                ours = reader.client.get(path).json()
            if len(ours["posts"]) != POSTS:
                raise RuntimeError(f"the thread shows {len(ours['posts'])} posts, not {POSTS}")
            scn = _measure(service.port, Request("GET", path, (("Cookie", f"{SESSION_COOKIE}={token}"),)))
            viewer = str(_member_id(service.database, token))
            port = free_port()
            bare_url = f"http://127.0.0.1:{port}"
            uvicorn = [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.bare_thread:app",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
            ]
            with _process(
                uvicorn,
                f"{bare_url}/threads/0",
                folder / "bare.log",
                BARE_THREAD_DATABASE=str(service.database),
                BARE_THREAD_VIEWER=viewer,
            ):
                theirs = httpx.get(f"{bare_url}/threads/{thread_id}").json()
                if theirs != ours:
                    raise RuntimeError("the bare endpoint does not serve the same JSON as the Network")
                bare = _measure(port, Request("GET", f"/threads/{thread_id}"))
        isso = _isso(folder)
    for name, load in (("scn", scn), ("bare Starlette", bare), ("isso", isso)):
        if load.errors(200):
            raise RuntimeError(f"{name}: {load.errors(200)} answers were not 200: {dict(load.statuses)}")
    ratio_bare, ratio_isso = scn.rate / bare.rate, scn.rate / isso.rate
    return [
        informational(
            f"thread read, {POSTS} posts, {CONNECTIONS} connections: rate",
            scn.rate,
            "/s",
            f"p50 {scn.p(50):.1f} ms, p99 {scn.p(99):.1f} ms",
        ),
        Figure(
            "  ... of a bare Starlette endpoint's rate",
            ratio_bare * 100,
            "%",
            f">= {RATIO_BARE * 100:.0f}%",
            ratio_bare >= RATIO_BARE,
            f"bare: {bare.rate:.0f}/s, p99 {bare.p(99):.1f} ms",
        ),
        Figure(
            "  ... times Isso 0.14's rate (100 comments)",
            ratio_isso,
            "x",
            f">= {RATIO_ISSO:.0f}x",
            ratio_isso >= RATIO_ISSO,
            f"isso: {isso.rate:.0f}/s, p99 {isso.p(99):.1f} ms",
        ),
    ]


def _member_id(database: Path, token: str) -> int:
    """The member a session cookie belongs to (the bare endpoint has no sessions)."""
    db = sqlite3.connect(database)
    try:
        (member_id,) = db.execute(
            "SELECT member_id FROM sessions WHERE token_hash = ?",
            [hashlib.sha256(token.encode()).hexdigest()],
        ).fetchone()
    finally:
        db.close()
    return int(member_id)


if __name__ == "__main__":
    for figure in run():
        print(figure)
