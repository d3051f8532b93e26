"""The services one app instance runs with, kept on `app.state.runtime`."""

from dataclasses import dataclass

from .clock import Clock
from .config import Settings
from .db import Store
from .mail import Mailer
from .passwords import Passwords
from .ratelimit import RateLimits


@dataclass
class Runtime:
    settings: Settings
    store: Store
    clock: Clock
    mailer: Mailer
    passwords: Passwords
    limits: RateLimits
