"""Serving the Network in this process for stream tests, and an SSE client that records what arrives.

`ThreadedServer` runs uvicorn in a thread, so the app can take an injected clock and
settings; tests/harness.py's `ServiceProcess` runs `scn serve` in a child process, as
production does (two of them on one SQLite file are the two-worker deployment).
"""

import asyncio
import concurrent.futures
import json
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import behind_the_app
import httpx
import uvicorn
from harness import TEST_PASSWORD, ServiceProcess, free_port, totp_code
from starlette.applications import Starlette

SECRET_KEY = "r" * 40
T = TypeVar("T")


class Member:
    """A signed-in browser: its cookies, its CSRF token, and the origin it posts from."""

    def __init__(self, base_url: str, cookies: httpx.Cookies, csrf: str):
        self.base_url, self.csrf = base_url, csrf
        self.client = httpx.Client(
            base_url=base_url, headers={"Origin": base_url}, timeout=10, cookies=cookies
        )

    @classmethod
    def sign_in(cls, base_url: str, email: str) -> "Member":
        member = cls(base_url, httpx.Cookies(), "")
        member.csrf = member.get("/session").json()["csrf_token"]
        response = member.post("/session", {"email": email, "password": TEST_PASSWORD})
        if response.status_code == 401 and response.json()["error"]["code"] == "two_factor_required":
            response = member.post(
                "/session", {"email": email, "password": TEST_PASSWORD, "code": totp_code()}
            )
        assert response.status_code == 200, response.text
        member.csrf = response.json()["csrf_token"]
        return member

    def at(self, base_url: str) -> "Member":
        """The same browser session talking to another server process."""
        return Member(base_url, self.client.cookies, self.csrf)

    def request(self, method: str, path: str, json: Any = None) -> httpx.Response:
        return self.client.request(method, "/api/v1" + path, json=json, headers={"X-CSRF-Token": self.csrf})

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.client.get("/api/v1" + path, params=params)

    def post(self, path: str, json: Any = None) -> httpx.Response:
        return self.request("POST", path, json)

    def start_thread(
        self, title: str = "Lactate timing", body: str = "When do you redraw?"
    ) -> dict[str, Any]:
        response = self.post("/threads", {"category_id": 1, "title": title, "body": body})
        assert response.status_code == 201, response.text
        return response.json()

    def reply(self, thread_id: int, body: str) -> dict[str, Any]:
        response = self.post(f"/threads/{thread_id}/posts", {"body": body})
        assert response.status_code == 201, response.text
        return response.json()

    def stream(self, topics: str, **options: Any) -> "EventReader":
        return EventReader(self.base_url, self.client.cookies, topics, **options)

    def close(self) -> None:
        self.client.close()


@dataclass
class Message:
    data: dict[str, Any]
    id: int | None
    received_at: float


@dataclass
class EventReader:
    """An EventSource-like client on its own thread, recording every message and heartbeat."""

    base_url: str
    cookies: httpx.Cookies
    topics: str
    since: int | None = None
    last_event_id: int | None = None
    messages: list[Message] = field(default_factory=list)
    heartbeats: int = 0
    status: int | None = None
    headers: httpx.Headers | None = None
    body: bytes = b""
    ended: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            base_url=self.base_url, cookies=self.cookies, timeout=httpx.Timeout(10, read=30)
        )
        threading.Thread(target=self._read, daemon=True).start()
        assert self.opened.wait(10), "the stream did not open"

    def _read(self) -> None:
        params = {"topics": self.topics}
        if self.since is not None:
            params["since"] = str(self.since)
        headers = {} if self.last_event_id is None else {"Last-Event-ID": str(self.last_event_id)}
        try:
            with self._client.stream("GET", "/api/v1/events", params=params, headers=headers) as response:
                self.status, self.headers = response.status_code, response.headers
                if response.status_code != 200:
                    self.body = response.read()
                    return
                frame: dict[str, str] = {}
                for line in response.iter_lines():
                    if line.startswith(":"):
                        self.heartbeats += 1
                    elif line:
                        name, _, value = line.partition(": ")
                        frame[name] = value
                    elif "data" in frame:
                        event_id = int(frame["id"]) if "id" in frame else None
                        message = Message(json.loads(frame["data"]), event_id, time.monotonic())
                        self.messages.append(message)
                        if message.data["type"] == "stream.open":
                            self.opened.set()
                        frame = {}
        except (httpx.HTTPError, RuntimeError):
            pass  # closed by the test
        finally:
            self.opened.set()
            self.ended.set()

    def types(self) -> list[str]:
        return [message.data["type"] for message in self.messages]

    def events(self) -> list[Message]:
        """Events-log entries only (not stream.open and the like)."""
        return [message for message in self.messages if message.data.get("topic")]

    def wait_for(self, predicate: Callable[[Message], bool], timeout: float = 5) -> Message:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.messages):
                if predicate(message):
                    return message
            time.sleep(0.01)
        raise AssertionError(f"no such message within {timeout}s; got {self.types()}")

    def wait_for_type(self, message_type: str, timeout: float = 5) -> Message:
        return self.wait_for(lambda message: message.data["type"] == message_type, timeout)

    def wait_for_heartbeat(self, timeout: float = 10) -> None:
        """Until a heartbeat comes (how soon is for the benchmarks, not the tests)."""
        deadline = time.monotonic() + timeout
        while self.heartbeats == 0:
            assert time.monotonic() < deadline, f"no heartbeat within {timeout}s"
            time.sleep(0.01)

    def close(self) -> None:
        self._client.close()
        self.ended.wait(5)


class ThreadedServer:
    """uvicorn serving `app` from a thread of this process, on a loopback port."""

    def __init__(self, app: Starlette, port: int):
        self.app = app
        self.url = f"http://127.0.0.1:{port}"
        self._server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        async def serve() -> None:
            self._loop = asyncio.get_running_loop()
            await self._server.serve()

        asyncio.run(serve())

    def __enter__(self) -> "ThreadedServer":
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            assert time.monotonic() < deadline and self._thread.is_alive(), "server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> "concurrent.futures.Future[T]":
        """Run a coroutine on the server's event loop (where its thread limiters live)."""
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        # In a thread uvicorn installs no signal handler for shutdown.py to watch.
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self.app.state.runtime.broker.close, "server_shutdown")
        self._server.should_exit = True
        self._thread.join(10)
        assert not self._thread.is_alive(), "server did not stop"


@contextmanager
def processes_on_postgres(
    postgres: Any, data_root: Path, count: int = 3, **env: str
) -> Iterator[tuple[Path, list[ServiceProcess]]]:
    """`count` `scn serve` processes (think: two machines) on one fresh PostgreSQL database.

    Yields the path seed_member takes for that database, and the processes; `env`
    adds settings to each."""
    url = postgres.database()
    seeds = data_root / "seeds"  # names the PostgreSQL database for seed_member
    behind_the_app.register_postgres(seeds, url)
    ports = [free_port() for _ in range(count)]
    settings = {
        "SCN_DATABASE_URL": url,
        "SCN_ALLOWED_ORIGINS": ",".join(f"http://127.0.0.1:{port}" for port in ports),
        "SCN_STREAM_HEARTBEAT_SECONDS": "1",
        "SCN_SECRET_KEY": SECRET_KEY,
        **env,
    }
    try:
        with ExitStack() as stack:
            yield (
                seeds,
                [
                    stack.enter_context(ServiceProcess(data_root / f"machine{n}", port, **settings))
                    for n, port in enumerate(ports)
                ],
            )
    finally:
        postgres.drop(url)
