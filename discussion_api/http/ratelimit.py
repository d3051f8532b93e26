"""Throttles (limits, in memory): sign-in failures, requests that send email, and each
member's posting and searching. How sign-in uses its three counts is told in signin.py.

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
        self.signin_pair = parse(settings.signin_limit_pair)
        self.signin_account = parse(settings.signin_limit_account)
        self.signin_ip = parse(settings.signin_limit_ip)
        self.signin_link = parse(settings.signin_link_limit)
        self.email_ip = parse(settings.email_limit_ip)
        self.post_member = parse(settings.post_limit_member)
        self.search_member = parse(settings.search_limit_member)

    def check(self, item: RateLimitItem, key: str) -> None:
        """Raise 429 with Retry-After when `key` has used up `item`."""
        if self.exhausted(item, key):
            raise self._refusal(item, key)

    def exhausted(self, item: RateLimitItem, key: str) -> bool:
        return not self._limiter.test(item, key)

    def hit(self, item: RateLimitItem, key: str) -> bool:
        """Count one use; False (and not counted) when `key` had used up `item`."""
        return self._limiter.hit(item, key)

    def spend(self, item: RateLimitItem, key: str) -> None:
        """Count one use, or raise 429 with Retry-After if `key` has none left."""
        if not self.hit(item, key):
            raise self._refusal(item, key)

    def _refusal(self, item: RateLimitItem, key: str) -> ApiError:
        reset_at = self._limiter.get_window_stats(item, key).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        return ApiError(
            429,
            "too_many_requests",
            "Too many attempts; try again later.",
            headers={"Retry-After": str(retry_after)},
        )
