"""The mail worker: expands notification jobs, writes due mail to the outbox, sends it.

One asyncio task per `scn serve` process (started and stopped by the app's
lifespan), or a process of its own (`scn mail work`). Each round:

1. expand waiting notification jobs (core/notifications.py): recipients chosen by
   the policy, notifications stored, bells rung over each member's event topic;
2. write what is due to the outbox (core/mailings.py): batched "immediately"
   mail, digests, the moderators' summary, webinar reminders;
3. send the outbox: claim due mail for a lease, send it, mark it sent. A failure
   is retried with exponential backoff, up to MAX_ATTEMPTS, then marked failed.

Nothing is lost: jobs and outbox rows are written in the transactions that cause
them. A crash after sending and before marking sends that mail again once its
lease ends, with the same Message-ID (fixed when it was written), so receivers
can drop the duplicate. Database work runs on worker threads, never on the loop.
"""

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any

import anyio.to_thread

from .config import Settings
from .core import mailings, notifications
from .core.clock import Clock
from .core.webinars import WebinarCalendar
from .mail import Mailer, MailError
from .storage.interfaces import Store

log = logging.getLogger("discussion_api.mail")
BATCH = 20
COALESCE = 0.1  # seconds to gather the writes that woke the worker into one round
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min ... doubling, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


class MailWorker:
    def __init__(self, settings: Settings, store: Store, mailer: Mailer, clock: Clock):
        self.store = store
        self.mailer = mailer
        self.clock = clock
        self.interval = settings.mail_poll
        self.lease = settings.mail_lease
        self.webinars = WebinarCalendar(settings.site_dir / "webinars.ics")
        self.mail_settings = mailings.MailSettings(
            public_url=settings.public_url,
            site_name=settings.site_name,
            secret=settings.secret_key,
            sender_domain=settings.mail_from.rpartition("@")[2] or "localhost",
            batch_window=settings.mail_batch,
            excerpt_chars=settings.mail_excerpt_chars,
        )
        self._task: asyncio.Task[None] | None = None
        self._nudged: asyncio.Event | None = None
        self._stopping = False

    async def start(self) -> None:
        self._stopping = False
        self._nudged = asyncio.Event()
        self._task = asyncio.create_task(self._work(), name="mail-worker")

    async def stop(self) -> None:
        """Stop after the round in flight (its database calls finish on their threads)."""
        if self._task is not None:
            self._stopping = True
            self.notify()
            await self._task
            self._task = None

    def notify(self) -> None:
        """Work now: this process has just written something that may notify someone."""
        if self._nudged is not None:
            self._nudged.set()

    async def _work(self) -> None:
        assert self._nudged is not None
        while not self._stopping:
            try:
                await self.run_once()
            except Exception:
                log.exception("the mail worker's round failed; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._nudged.wait(), self.interval)
                # A burst of writes (replies in a busy thread) wakes one round, not one per
                # write: each round takes the database's one writer from the next request.
                await asyncio.sleep(COALESCE)
            self._nudged.clear()

    async def run_once(self) -> None:
        """One round: expand jobs, write due mail, send the outbox."""
        await anyio.to_thread.run_sync(notifications.expand_pending, self.store, self.clock())
        await anyio.to_thread.run_sync(self._schedule, self.clock())
        await self.send_due()

    def _schedule(self, now: datetime) -> None:
        mailings.schedule(self.store, self.mail_settings, now, self.webinars.webinars())

    async def send_due(self) -> int:
        """Send every due outbox mail; returns how many were sent."""
        sent = 0
        while not self._stopping:
            claimed = await anyio.to_thread.run_sync(self._claim, self.clock())
            for mail in claimed:
                sent += await self._send(mail)
            if len(claimed) < BATCH:
                break
        return sent

    def _claim(self, now: datetime) -> list[dict[str, Any]]:
        if not self.store.read().outbox.any_due(now):  # most rounds: no write turn taken
            return []
        with self.store.write() as db:
            return db.outbox.claim_due(now, now + self.lease, BATCH)

    async def _send(self, mail: dict[str, Any]) -> int:
        try:
            await self.mailer.transmit(self.mailer.compose(mail), log_links=True)
        except MailError as error:
            await anyio.to_thread.run_sync(self._failed, mail, str(error))
            return 0
        await anyio.to_thread.run_sync(self._sent, mail["id"])
        return 1

    def _sent(self, mail_id: int) -> None:
        with self.store.write() as db:
            db.outbox.mark_sent(mail_id, self.clock())

    def _failed(self, mail: dict[str, Any], error: str) -> None:
        attempts = mail["attempts"] + 1
        with self.store.write() as db:
            if attempts >= MAX_ATTEMPTS:
                log.error("giving up on email %s to %s: %s", mail["message_id"], mail["recipient"], error)
                db.outbox.mark_failed(mail["id"], error)
            else:
                log.warning("email %s not sent (attempt %d): %s", mail["message_id"], attempts, error)
                db.outbox.retry_later(mail["id"], error, self.clock() + retry_delay(attempts))
