"""Throttles for sign-in failures and for requests that send email (limits, in memory).

Counts live in each process; with several workers each keeps its own, so the
effective ceiling is the limit times the worker count.
"""

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from ..config import Settings
from .errors import ApiError


class RateLimits:
    def __init__(self, settings: Settings):
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self.signin_account = parse(settings.signin_limit_account)
        self.signin_ip = parse(settings.signin_limit_ip)
        self.email_ip = parse(settings.email_limit_ip)

    def check(self, item: RateLimitItem, key: str) -> None:
        """Raise 429 with Retry-After when `key` has used up `item`."""
        if self._limiter.test(item, key):
            return
        reset_at = self._limiter.get_window_stats(item, key).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise ApiError(
            429,
            "too_many_requests",
            "Too many attempts; try again later.",
            headers={"Retry-After": str(retry_after)},
        )

    def hit(self, item: RateLimitItem, key: str) -> None:
        self._limiter.hit(item, key)
