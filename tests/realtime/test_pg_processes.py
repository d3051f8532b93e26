"""Production shape on PostgreSQL: three `scn serve` processes (think: two machines) on one
database, live updates crossing them through LISTEN/NOTIFY."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import ServiceProcess, seed_member

from .harness import Member, processes_on_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
def three_processes(tmp_path: Path, postgres: Any) -> Iterator[tuple[Path, list[ServiceProcess]]]:
    with processes_on_postgres(postgres, tmp_path) as running:
        yield running


def post_ids(stream: Any) -> list[int]:
    return [m.data["payload"]["post_id"] for m in stream.events() if m.data["type"] == "post.created"]


def test_posts_reach_subscribers_on_every_process_and_a_reconnect_elsewhere_misses_nothing(
    three_processes: tuple[Path, list[ServiceProcess]],
) -> None:
    seeds, (first, second, third) = three_processes
    alice = Member.sign_in(first.url, seed_member(seeds, "Alice")[1])
    carol = Member.sign_in(third.url, seed_member(seeds, "Carol")[1])
    bob = Member.sign_in(second.url, seed_member(seeds, "Bob")[1])
    thread = alice.start_thread()["thread"]
    topic = f"thread:{thread['id']}"
    on_second, on_third = bob.stream(topic), carol.stream(topic)

    before = [alice.reply(thread["id"], f"before {n}")["id"] for n in range(3)]
    for stream in (on_second, on_third):
        stream.wait_for(lambda m: m.data.get("payload", {}).get("post_id") == before[-1])
        assert post_ids(stream) == before

    third.process.kill()  # the machine dies mid-stream: no goodbye
    on_third.ended.wait(5)
    seen_last = on_third.events()[-1].id
    during = [alice.reply(thread["id"], f"during {n}")["id"] for n in range(3)]

    # The browser reconnects through the load balancer to another process, saying what it saw.
    resumed = carol.at(second.url).stream(topic, since=seen_last)
    after = [alice.reply(thread["id"], f"after {n}")["id"] for n in range(2)]
    resumed.wait_for(lambda m: m.data.get("payload", {}).get("post_id") == after[-1])
    assert post_ids(resumed) == during + after
    on_second.wait_for(lambda m: m.data.get("payload", {}).get("post_id") == after[-1])
    assert post_ids(on_second) == before + during + after
    for stream in (on_second, on_third, resumed):
        stream.close()
    for member in (alice, bob, carol):
        member.close()
