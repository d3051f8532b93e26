"""Forum latency, this tree beside a comparator commit: reading a 50-post thread and posting a reply.

Both versions run in the same run, on the same machine, with the same Python: the
comparator commit (SCN_BENCH_BASELINE, default 10343b5) is checked out into a
temporary git worktree and served from there, its own `discussion_api` first on
PYTHONPATH (checked before measuring, and printed). One client sends requests one
at a time, after a warm-up; the two services take turns in short rounds, the order
swapped every round, and share one CPU, so whatever else the machine is doing falls
on both alike.

Reads are timed as a browser asks (Accept-Encoding: gzip, deflate), which is what the
target is about, and again uncompressed (identity), which separates what the code
costs from what compressing the response costs on loopback, where the bytes saved
are free anyway. The target allows this tree's p50 to be 10% slower than the
comparator's (the noise margin); the noise line shows how far two measurements of
one version land apart in the same run, and must itself stay within the margin, or
the comparison says nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .figures import Figure, informational, percentile
from .service import ROOT, Browser, Service, imported_from

BASELINE = os.environ.get("SCN_BENCH_BASELINE", "10343b5")
THREAD_POSTS = 50
WARM_UP_READS, WARM_UP_POSTS = 20, 10
# Short rounds, many of them: the services swap turns every few milliseconds.
ROUNDS, READS_PER_ROUND, POSTS_PER_ROUND = 100, 8, 3
MARGIN = 1.10  # this tree's p50 may be this much of the comparator's: run-to-run noise on a shared machine
TIME_LIMIT = 120.0  # seconds of measuring, after setup; rounds stop early past it
BROWSER = {"Accept-Encoding": "gzip, deflate"}
UNCOMPRESSED = {"Accept-Encoding": "identity"}


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


@contextmanager
def checkout(commit: str) -> Iterator[Path]:
    """`commit` in a temporary detached git worktree, removed (with its folder) afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="scn-bench-baseline-"))
    path = folder / "checkout"
    _git("worktree", "add", "--detach", str(path), commit)
    try:
        yield path
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Side:
    """One version of the service, the threads it serves, and what was measured against it."""

    label: str
    browser: Browser
    read_thread: int
    write_thread: int
    reads: list[float] = field(default_factory=list)
    plain_reads: list[float] = field(default_factory=list)
    posts: list[float] = field(default_factory=list)
    rounds: int = 0
    # The same code measured twice, in even and in odd rounds: how far apart two
    # measurements of one version land is the noise the margin must cover.
    halves: tuple[list[float], list[float]] = field(default_factory=lambda: ([], []))

    def read(self, headers: dict[str, str]) -> float:
        path = f"/api/v1/threads/{self.read_thread}"
        return _timed(lambda: self.browser.client.get(path, headers=headers), 200)

    def post(self) -> float:
        return _timed(lambda: self.browser.reply(self.write_thread, "A reply, timed."), 201)

    def take_turn(self) -> None:
        for _ in range(READS_PER_ROUND):
            read = self.read(BROWSER)
            self.reads.append(read)
            self.halves[self.rounds % 2].append(read)
            self.plain_reads.append(self.read(UNCOMPRESSED))
        self.posts += [self.post() for _ in range(POSTS_PER_ROUND)]
        self.rounds += 1

    def noise(self) -> float:
        """|p50 of even rounds - p50 of odd rounds| as % of the p50 of all reads."""
        even, odd = (percentile(half, 50) for half in self.halves)
        return abs(even - odd) / percentile(self.reads, 50) * 100


def _timed(request: Callable[[], httpx.Response], expected: int) -> float:
    """Milliseconds from sending the request to having read (and decoded) the whole response."""
    started = time.perf_counter()
    response = request()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != expected:
        raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text[:200]}")
    return elapsed


def _side(stack: ExitStack, label: str, data_dir: Path, source: Path, cpus: set[int]) -> Side:
    """Serve `source` on `cpus`, after checking that its own code is what will be imported."""
    module = imported_from(source)
    if not module.is_relative_to(source.resolve()):
        raise RuntimeError(f"{label}: discussion_api would be imported from {module}, not from {source}")
    print(f"  {label}: discussion_api from {module.parent}")
    service = stack.enter_context(Service(data_dir, source=source, cpus=cpus))
    browser = stack.enter_context(service.admin())
    read_thread = browser.thread_with_posts("A thread of fifty posts", THREAD_POSTS)
    write_thread = browser.start_thread("Replies, timed")
    side = Side(label, browser, read_thread, write_thread)
    for _ in range(WARM_UP_READS):
        side.read(BROWSER)
        side.read(UNCOMPRESSED)
    for _ in range(WARM_UP_POSTS):
        side.post()
    return side


def _compare(name: str, new: list[float], old: list[float], old_label: str, q: int, target: bool) -> Figure:
    mine, theirs = percentile(new, q), percentile(old, q)
    comparator = f"{old_label}: {theirs:.2f} ms"
    if not target:
        return informational(f"{name} p{q}", mine, "ms", comparator)
    return Figure(
        f"{name} p{q}", mine, "ms", f"<= {old_label} x {MARGIN:.2f}", mine <= theirs * MARGIN, comparator
    )


def run() -> list[Figure]:
    commit = _git("rev-parse", "--short", BASELINE)
    here = f"this tree ({_git('rev-parse', '--short', 'HEAD')}{'+' if _git('status', '--porcelain') else ''})"
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="scn-latency-bench-")))
        old_source = stack.enter_context(checkout(commit))
        # Both services on one CPU: on a shared machine one core can be busier than the
        # other for a whole run, which taking turns alone would not even out.
        cpus = {min(os.sched_getaffinity(0))}
        new = _side(stack, here, folder / "new", ROOT, cpus)
        old = _side(stack, commit, folder / "old", old_source, cpus)
        deadline = time.monotonic() + TIME_LIMIT
        for n in range(ROUNDS):
            for side in (new, old) if n % 2 == 0 else (old, new):
                side.take_turn()
            if time.monotonic() > deadline:
                print(f"  time limit reached after {n + 1} of {ROUNDS} rounds")
                break
    read = f"thread read, {THREAD_POSTS} posts, as a browser asks ({len(new.reads)})"
    plain = f"thread read, uncompressed ({len(new.plain_reads)})"
    reply = f"post creation ({len(new.posts)} replies)"
    noise, margin = max(new.noise(), old.noise()), (MARGIN - 1) * 100
    return [
        _compare(read, new.reads, old.reads, commit, 50, target=True),
        _compare(read, new.reads, old.reads, commit, 95, target=False),
        _compare(plain, new.plain_reads, old.plain_reads, commit, 50, target=False),
        _compare(reply, new.posts, old.posts, commit, 50, target=True),
        _compare(reply, new.posts, old.posts, commit, 95, target=False),
        # Two measurements of one version landing further apart than the margin make the
        # comparison inconclusive, whatever the p50s say: a target of its own.
        Figure(
            "noise: read p50, even vs odd rounds of one version",
            noise,
            "%",
            f"<= {margin:.0f}% (the margin)",
            noise <= margin,
            "else the comparison is noise",
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
