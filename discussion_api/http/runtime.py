"""The services one app instance runs with, kept on `app.state.runtime`."""

from dataclasses import dataclass

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
