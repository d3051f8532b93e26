"""The services one app instance runs with, kept on `app.state.runtime`."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from anyio import CapacityLimiter
from authlib.integrations.starlette_client import OAuth

from ..config import Settings
from ..core.clock import Clock
from ..core.passwords import Passwords
from ..mail import Mailer
from ..mail_worker import MailWorker
from ..realtime.broker import Broker
from ..realtime.follower import EventFollower
from ..realtime.stream_cap import StreamCap
from ..storage.interfaces import Store
from .ratelimit import RateLimits


@dataclass
class Runtime:
    settings: Settings
    store: Store
    clock: Clock
    mailer: Mailer
    passwords: Passwords
    limits: RateLimits
    broker: Broker
    follower: EventFollower
    mail_worker: MailWorker
    stream_cap: StreamCap
    oidc: OAuth  # one client per single sign-on provider (sso.py)

    # Threads of their own for writing requests (SCN_WRITE_THREADS; None: they share the
    # request threads); made when the app starts, on its event loop.
    write_limiter: CapacityLimiter | None = field(default=None)
    # The public network stats as last computed, and when (http/stats.py caches them).
    public_stats: tuple[datetime, Any] | None = field(default=None)
