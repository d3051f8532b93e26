"""The outbox loses no mail when the sending worker dies between sending and marking:
`scn mail work` is SIGKILLed while the SMTP server holds the first message it sent
(before the server's "250 OK" reaches it, so it cannot have marked the mail sent).
After a restart every mail arrives, and the resent one has the same Message-ID."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from harness import Mailbox, free_port, member_fields

from discussion_api.core import posting
from discussion_api.core.policy import viewer_of
from discussion_api.storage.sqlite.database import SqliteStore

from .conftest import FAST_HASH

READERS = ("Ann One", "Ben Two", "Cy Three")


class KillingMailbox(Mailbox):
    """Receives mail; on the first message, SIGKILLs the worker before answering it."""

    def __init__(self) -> None:
        super().__init__()
        self.worker: subprocess.Popen[bytes] | None = None

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if self.worker is not None:
            self.worker.send_signal(signal.SIGKILL)
            self.worker.wait()
            self.worker = None
        return answer


def start_worker(data_dir: Path, smtp_port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SCN_DATA_DIR": str(data_dir),
        "SCN_SITE_DIR": str(data_dir / "no-site"),
        "SCN_SMTP_HOST": "127.0.0.1",
        "SCN_SMTP_PORT": str(smtp_port),
        "SCN_MAIL_POLL_MS": "50",
        "SCN_MAIL_LEASE_SECONDS": "1",
    }
    output = (data_dir / "worker.log").open("ab")
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("scn")), "mail", "work"], env=env, stdout=output, stderr=output
    )


def seed(database: Path) -> None:
    """Three members mentioned in one new thread: three notification jobs' worth of mail."""
    store = SqliteStore(database)
    store.migrate()
    now = datetime.now(UTC)
    with store.write() as db:
        for name in READERS:
            db.members.create(member_fields(name), FAST_HASH, now, status="approved")
        author_id = db.members.create(member_fields("Bea Author"), FAST_HASH, now, status="approved")
        author = db.members.get(author_id)
    mentions = " ".join(f"@{name}" for name in READERS)
    posting.start_thread(store, viewer_of(author, now), 1, "Crash test", f"{mentions} hello", None, None, now)
    store.close()


def wait_for(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_worker_killed_between_sending_and_marking_loses_no_mail(tmp_path: Path) -> None:
    from aiosmtpd.controller import Controller

    data_dir = tmp_path / "var"
    seed(data_dir / "network.sqlite3")
    mailbox = KillingMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        first = start_worker(data_dir, controller.port)
        mailbox.worker = first
        wait_for(lambda: first.poll() is not None)
        assert first.returncode == -signal.SIGKILL
        assert len(mailbox.messages) == 1  # sent, never marked

        second = start_worker(data_dir, controller.port)
        try:
            wait_for(lambda: {str(m["To"]) for m in mailbox.messages} >= set(map(address, READERS)))
            wait_for(lambda: outbox(data_dir, "status") == ["sent"] * len(READERS))
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=10)
    finally:
        controller.stop()

    received = mailbox.messages
    ids_by_recipient: dict[str, set[str]] = {}
    for message in received:
        ids_by_recipient.setdefault(str(message["To"]), set()).add(str(message["Message-ID"]))
    # Every mail arrived; every duplicate carries its original's Message-ID.
    assert sorted(ids_by_recipient) == sorted(map(address, READERS))
    assert all(len(ids) == 1 for ids in ids_by_recipient.values()), ids_by_recipient
    # The killed worker's mail was sent again: one duplicate, same Message-ID.
    assert sorted(Counter(str(m["To"]) for m in received).values()) == [1, 1, 2]
    assert {str(m["Message-ID"]) for m in received} == set(outbox(data_dir, "message_id"))


def address(name: str) -> str:
    return str(member_fields(name)["email"])


def outbox(data_dir: Path, column: str) -> list[str]:
    store = SqliteStore(data_dir / "network.sqlite3")
    try:
        return [row[column] for row in store.read().outbox.listing(None, 50)]
    finally:
        store.close()
