"""`scn serve --workers N` (discussion_api/workers.py): every worker takes its share of new
connections, a worker that dies is replaced, and SIGTERM stops them all."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from harness import ServiceProcess, free_port

CONNECTIONS = 32


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def workers_of(service: ServiceProcess) -> list[int]:
    """The server processes (the parent's children that hold sockets)."""
    return [pid for pid in children(service.process.pid) if sockets_of(pid)]


def sockets_of(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def on_port(port: int, state: str) -> set[int]:
    """Inodes of the sockets on local `port` in `state` (01 established, 0A listening)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
            inodes.add(int(fields[9]))
    return inodes


def wait_until_both_listen(service: ServiceProcess) -> list[int]:
    """The workers, once each listens (the first to start answers health checks alone)."""
    deadline = time.monotonic() + 20
    while True:
        pids = workers_of(service)
        listening = on_port(service.port, "0A")
        if len(pids) == 2 and all(sockets_of(pid) & listening for pid in pids):
            return pids
        assert time.monotonic() < deadline, "the workers did not both listen"
        time.sleep(0.1)


def test_a_burst_of_keep_alive_connections_is_spread_over_the_workers(tmp_path: Path) -> None:
    """32 clients connecting at once: sharing one socket, the worker that woke first took
    all but one of them; with a socket each, the kernel spreads them (a hash of each
    client's port decides, so the split varies, but never that far)."""
    with ServiceProcess(tmp_path / "var", workers=2) as service:
        pids = wait_until_both_listen(service)
        clients = [socket.create_connection(("127.0.0.1", service.port)) for _ in range(CONNECTIONS)]
        try:
            request = f"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:{service.port}\r\n\r\n".encode()
            for client in clients:
                client.sendall(request)
            for client in clients:
                assert client.recv(4096).startswith(b"HTTP/1.1 200")
            held = on_port(service.port, "01")
            share = Counter({pid: len(sockets_of(pid) & held) for pid in pids})
        finally:
            for client in clients:
                client.close()
        assert sum(share.values()) == CONNECTIONS
        assert min(share.values()) >= 6, share  # binomial(32, 1/2): below 6 about once in 10,000


def test_a_worker_that_dies_is_replaced_and_sigterm_stops_them_all(tmp_path: Path) -> None:
    with ServiceProcess(tmp_path / "var", workers=2) as service:
        first, second = wait_until_both_listen(service)
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while first in workers_of(service) or len(workers_of(service)) < 2:
            assert time.monotonic() < deadline, "no worker replaced the one that died"
            time.sleep(0.2)
        now_serving = wait_until_both_listen(service)
        assert second in now_serving
        assert all(httpx.get(f"{service.url}/api/v1/health").status_code == 200 for _ in range(10))
        assert service.stop() == 0
        for pid in now_serving:
            assert (
                not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
            )


def test_a_port_in_use_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        service = ServiceProcess(tmp_path / "var", port=port, workers=2)
        assert service.process.wait(timeout=20) != 0
        assert f"cannot listen on 127.0.0.1:{port}" in service.output()
    finally:
        taken.close()


def app_that_cannot_start() -> None:
    """An app factory that fails, as an app with a broken configuration would."""
    raise RuntimeError("this app cannot be built")


def test_a_worker_that_cannot_start_stops_the_service_instead_of_restarting_for_ever() -> None:
    from discussion_api import workers

    options = {
        "app": f"{__name__}:app_that_cannot_start",
        "factory": True,
        "host": "127.0.0.1",
        "port": free_port(),
    }
    started = time.monotonic()
    with pytest.raises(workers.WorkerFailedToStart):
        workers.serve(options, 2)
    assert time.monotonic() - started < 30
