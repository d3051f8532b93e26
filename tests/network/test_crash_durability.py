"""A post the service acknowledged survives the process being killed: SIGKILL `scn serve`
in the middle of a burst of concurrent replies, start it again on the same database
(the SQLite file, or the PostgreSQL database), and every reply that got a 2xx is there
exactly once (and none is there twice)."""

import threading
import time
from collections import Counter
from pathlib import Path

import behind_the_app
import httpx
from harness import ServiceProcess, seed_member

from .served import browser, sign_in

WRITERS = 4
# Room for the burst: the posting limit has its own tests.
ENV = {"SCN_POST_LIMIT_MEMBER": "100000/minute"}


def all_bodies(client: httpx.Client, thread_id: int) -> list[str]:
    bodies: list[str] = []
    after = 0
    while True:
        page = client.get(f"/api/v1/threads/{thread_id}", params={"after": after, "limit": 100}).json()
        if not page["posts"]:
            return bodies
        bodies += [post["markdown"] for post in page["posts"]]
        after = page["posts"][-1]["id"]


def test_every_acknowledged_post_survives_a_sigkill_exactly_once(
    tmp_path: Path, database: dict[str, str]
) -> None:
    data_dir = tmp_path / "var"
    if "SCN_DATABASE_URL" in database:
        behind_the_app.register_postgres(data_dir / "network.sqlite3", database["SCN_DATABASE_URL"])
    env = {**ENV, **database}
    emails = [seed_member(data_dir / "network.sqlite3", f"Writer {n}")[1] for n in range(WRITERS)]
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    with ServiceProcess(data_dir, **env) as service:
        clients = [browser(service.url) for _ in emails]
        for client, email in zip(clients, emails, strict=True):
            assert sign_in(client, email).status_code == 200
        started = clients[0].post(
            "/api/v1/threads", json={"category_id": 1, "title": "Burst", "body": "Reply below."}
        )
        thread_id = started.json()["thread"]["id"]

        def write(writer: int, client: httpx.Client) -> None:
            for n in range(10_000):
                if stop.is_set():
                    return
                body = f"writer {writer} post {n}"
                try:
                    response = client.post(f"/api/v1/threads/{thread_id}/posts", json={"body": body})
                except httpx.TransportError:
                    return  # the server died mid-request: not acknowledged
                if response.is_success:
                    with lock:
                        acknowledged.append(body)

        writers = [threading.Thread(target=write, args=(n, client)) for n, client in enumerate(clients)]
        for thread in writers:
            thread.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
        service.process.kill()  # SIGKILL: no shutdown, no flush, mid-transaction
        service.process.wait()
        stop.set()
        for thread in writers:
            thread.join(timeout=30)
        for client in clients:
            client.close()

    assert len(acknowledged) >= 40, "the burst never got going"
    with ServiceProcess(data_dir, **env) as service, browser(service.url) as reader:
        assert sign_in(reader, emails[0]).status_code == 200
        stored = Counter(all_bodies(reader, thread_id))
    assert [body for body, count in stored.items() if count > 1] == []
    assert [body for body in acknowledged if stored[body] != 1] == []
