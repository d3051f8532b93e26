"""The cap on each member's live event streams, whichever app server holds them.

Each process's broker caps the streams it holds (SCN_STREAMS_PER_MEMBER). On
PostgreSQL several processes on several machines serve one forum and a member's
tabs may reach any of them, so a stream also takes a lease in storage
(`StreamLeases`) that counts them all, and gives it back when it ends. This
process renews its leases every RENEW_SECONDS (storage lets a lease lapse well
after that) and releases all of them when it shuts down. On SQLite (one machine)
there are no leases and the broker's cap is the cap.
"""

import asyncio
import contextlib
import logging

from starlette.concurrency import run_in_threadpool

from ..storage.interfaces import StreamLeases
from .broker import TooManyStreams

log = logging.getLogger("discussion_api")
RENEW_SECONDS = 10.0


class StreamCap:
    def __init__(self, leases: StreamLeases | None, streams_per_member: int):
        self.leases = leases
        self.streams_per_member = streams_per_member
        self._renewing: asyncio.Task[None] | None = None

    async def claim(self, member_id: int) -> int | None:
        """A lease for one more of the member's streams (None without shared leases);
        raises TooManyStreams at the cap."""
        if self.leases is None:
            return None
        lease = await run_in_threadpool(self.leases.claim, member_id, self.streams_per_member)
        if lease is None:
            raise TooManyStreams
        return lease

    async def release(self, lease: int | None) -> None:
        if self.leases is not None and lease is not None:
            await run_in_threadpool(self.leases.release, lease)

    async def start(self) -> None:
        if self.leases is not None:
            self._renewing = asyncio.create_task(self._renew(self.leases), name="stream-leases")

    async def stop(self) -> None:
        if self.leases is None:
            return
        if self._renewing is not None:
            self._renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewing
        try:
            await run_in_threadpool(self.leases.close)
        except Exception:
            # The database is gone too: the leases lapse on their own, and shutdown goes on.
            log.exception("releasing this process's stream leases failed")

    @staticmethod
    async def _renew(leases: StreamLeases) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            try:
                await run_in_threadpool(leases.renew)
            except Exception:
                # A failed renewal (say the database restarting) must not end renewing.
                log.exception("renewing stream leases failed; retrying")
