"""What app servers on one PostgreSQL count together: a member's posting limit, their cap
on live streams, and their idempotency keys hold whichever process a request reaches
(a load balancer without sticky sessions sends each request anywhere). Below the
processes, the counts themselves: concurrent uses never pass a limit, and a dead
process's stream leases stop counting."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from harness import seed_member

from discussion_api.storage.postgres.database import PgStore
from discussion_api.storage.postgres.rate_counts import PgRateCounts
from discussion_api.storage.postgres.stream_leases import LEASE_SECONDS, PgStreamLeases

from .harness import Member, processes_on_postgres

pytestmark = pytest.mark.postgres


def test_a_posting_limit_used_up_through_two_processes_holds_on_the_third(
    tmp_path: Path, postgres: Any
) -> None:
    with processes_on_postgres(postgres, tmp_path, SCN_POST_LIMIT_MEMBER="4/minute") as (seeds, processes):
        first, second, third = processes
        alice = Member.sign_in(first.url, seed_member(seeds, "Alice")[1])
        on_second, on_third = alice.at(second.url), alice.at(third.url)
        thread_id = alice.start_thread()["thread"]["id"]  # one use, on the first process
        for member in (on_second, on_second, alice):
            member.reply(thread_id, "Counted once, wherever it lands.")
        # Four uses in all, at most two on any one process.
        refused = on_third.post(f"/threads/{thread_id}/posts", {"body": "A fifth within the minute."})
        assert refused.status_code == 429, refused.text
        assert int(refused.headers["retry-after"]) >= 1
        assert len(alice.get(f"/threads/{thread_id}").json()["posts"]) == 4
        bob = Member.sign_in(third.url, seed_member(seeds, "Bob")[1])
        assert bob.reply(thread_id, "Bob's own count is untouched.")
        for member in (alice, on_second, on_third, bob):
            member.close()


def test_the_stream_cap_counts_a_members_streams_on_every_process(tmp_path: Path, postgres: Any) -> None:
    with processes_on_postgres(postgres, tmp_path, SCN_STREAMS_PER_MEMBER="2") as (seeds, processes):
        first, second, third = processes
        alice = Member.sign_in(first.url, seed_member(seeds, "Alice")[1])
        held = [alice.stream("category:1"), alice.at(second.url).stream("category:1")]
        assert [stream.status for stream in held] == [200, 200]

        refused = alice.at(third.url).stream("category:1")
        assert refused.status == 429
        assert b"too_many_streams" in refused.body

        held.pop(0).close()  # closing a tab on the first process frees a place on any
        deadline = time.monotonic() + 5
        while (replacement := alice.at(third.url).stream("category:1")).status == 429:
            assert time.monotonic() < deadline, "the closed stream's place was never freed"
            time.sleep(0.1)
        assert replacement.status == 200
        for stream in (*held, replacement):
            stream.close()
        alice.close()


def test_an_idempotency_key_replayed_on_another_process_returns_the_first_answer(
    tmp_path: Path, postgres: Any
) -> None:
    with processes_on_postgres(postgres, tmp_path) as (seeds, processes):
        first, second, _ = processes
        alice = Member.sign_in(first.url, seed_member(seeds, "Alice")[1])
        thread_id = alice.start_thread()["thread"]["id"]
        path = f"/api/v1/threads/{thread_id}/posts"
        headers = {"X-CSRF-Token": alice.csrf, "Idempotency-Key": "draft-4f2a9c1e"}
        answered = alice.client.post(path, json={"body": "Redraw at 2 hours."}, headers=headers)
        assert answered.status_code == 201

        # The answer was lost; the widget retries, and the load balancer picks another process.
        elsewhere = alice.at(second.url)
        retried = elsewhere.client.post(path, json={"body": "Redraw at 2 hours."}, headers=headers)
        assert retried.status_code == 201
        assert retried.json() == answered.json()
        posts = elsewhere.get(f"/threads/{thread_id}").json()["posts"]
        assert [post["markdown"] for post in posts[1:]] == ["Redraw at 2 hours."]
        alice.close()
        elsewhere.close()


def test_one_idempotency_key_sent_to_three_processes_at_once_creates_one_post(
    tmp_path: Path, postgres: Any
) -> None:
    with processes_on_postgres(postgres, tmp_path) as (seeds, processes):
        alice = Member.sign_in(processes[0].url, seed_member(seeds, "Alice")[1])
        thread_id = alice.start_thread()["thread"]["id"]
        path = f"/api/v1/threads/{thread_id}/posts"
        headers = {"X-CSRF-Token": alice.csrf, "Idempotency-Key": "draft-77aa01bc"}
        browsers = [alice.at(process.url) for process in processes for _ in range(2)]
        answers: list[httpx.Response] = []
        start = threading.Barrier(len(browsers))

        def send(browser: Member) -> None:
            start.wait()
            answers.append(
                browser.client.post(path, json={"body": "Sent twice, kept once."}, headers=headers)
            )

        senders = [threading.Thread(target=send, args=(browser,)) for browser in browsers]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        assert [answer.status_code for answer in answers] == [201] * len(browsers), answers[0].text
        assert len({answer.text for answer in answers}) == 1
        posts = alice.get(f"/threads/{thread_id}").json()["posts"]
        assert [post["markdown"] for post in posts[1:]] == ["Sent twice, kept once."]
        for browser in (alice, *browsers):
            browser.close()


@pytest.fixture
def stores(postgres: Any) -> Iterator[list[PgStore]]:
    """Two processes' stores on one fresh database."""
    url = postgres.database()
    opened = [PgStore(url), PgStore(url)]
    yield opened
    for store in opened:
        store.close()
    postgres.drop(url)


def test_concurrent_uses_through_two_processes_never_pass_the_limit(stores: list[PgStore]) -> None:
    counts = [PgRateCounts(store) for store in stores]
    granted: list[bool] = []
    start = threading.Barrier(8)

    def use(rate_counts: PgRateCounts) -> None:
        start.wait()
        for _ in range(10):
            granted.append(rate_counts.acquire_entry("post_member/member:7", 25, 60))

    workers = [threading.Thread(target=use, args=(counts[n % 2],)) for n in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert granted.count(True) == 25
    oldest, used = counts[1].get_moving_window("post_member/member:7", 25, 60)
    assert used == 25 and time.time() - 60 < oldest <= time.time()
    assert counts[0].get_moving_window("post_member/member:8", 25, 60)[1] == 0


def test_a_dead_processs_stream_leases_stop_counting(stores: list[PgStore]) -> None:
    dying, living = (PgStreamLeases(store) for store in stores)
    assert dying.claim(7, 2) is not None and dying.claim(7, 2) is not None
    assert living.claim(7, 2) is None

    # The dying process stops renewing (SIGKILL): its leases age past the lease time.
    with psycopg.connect(stores[0].url) as conn:
        conn.execute(
            "UPDATE stream_leases SET renewed_at = now() - make_interval(secs => %s) WHERE holder = %s",
            [LEASE_SECONDS + 1, dying.holder],
        )
    lease = living.claim(7, 2)
    assert lease is not None
    living.renew()  # also clears the dead process's rows away
    with psycopg.connect(stores[0].url) as conn:
        holders = conn.execute("SELECT holder FROM stream_leases").fetchall()
    assert holders == [(living.holder,)]
    living.release(lease)
    assert living.claim(7, 1) is not None
    living.close()
    assert dying.claim(7, 1) is not None
