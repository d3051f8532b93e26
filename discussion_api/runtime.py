"""The services one app instance runs with, kept on `app.state.runtime`."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .broker import Broker
from .clock import Clock
from .config import Settings
from .db import Store
from .mail import Mailer
from .passwords import Passwords
from .ratelimit import RateLimits

if TYPE_CHECKING:  # follower.py imports sessions.py, which imports this module
    from .follower import EventFollower


@dataclass
class Runtime:
    settings: Settings
    store: Store
    clock: Clock
    mailer: Mailer
    passwords: Passwords
    limits: RateLimits
    broker: Broker
    follower: "EventFollower"
