"""Throttles (the limits library's moving window): sign-in failures, requests that send
email, and each member's posting and searching. How sign-in uses its three counts is
told in signin.py.

Where the counts live: on PostgreSQL, in the database (storage's `RateCounts`), so
every app server on every machine counts the same uses. On SQLite (one machine),
in each process's memory: with `--workers N` each worker keeps its own, so the
effective ceiling is the limit times the worker count.
"""

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage

from ..config import Settings
from ..storage.interfaces import RateCounts
from .errors import ApiError


@dataclass(frozen=True)
class Limit:
    """A rate and the name that keeps its counts apart: the limits library keys counts
    by rate and identifier, so two limits with the same rate counted per client address
    (failed sign-ins and emails, say) would otherwise share one count."""

    name: str
    rate: RateLimitItem


class RateLimits:
    def __init__(self, settings: Settings, shared: RateCounts | None = None):
        """`shared`: counts kept where every process sees them; None keeps them in memory
        (the limits library's MemoryStorage, which has the methods `RateCounts` names).

        The moving window is worked here as the library's MovingWindowRateLimiter does;
        that class accepts only the library's own storages."""
        self._counts: RateCounts = shared or MemoryStorage()
        self.signin_pair = Limit("signin_pair", parse(settings.signin_limit_pair))
        self.signin_account = Limit("signin_account", parse(settings.signin_limit_account))
        self.signin_ip = Limit("signin_ip", parse(settings.signin_limit_ip))
        self.signin_link = Limit("signin_link", parse(settings.signin_link_limit))
        self.email_ip = Limit("email_ip", parse(settings.email_limit_ip))
        self.post_member = Limit("post_member", parse(settings.post_limit_member))
        self.search_member = Limit("search_member", parse(settings.search_limit_member))

    def check(self, limit: Limit, key: str) -> None:
        """Raise 429 with Retry-After when `key` has used up `limit`."""
        if self.exhausted(limit, key):
            raise self._refusal(limit, key)

    def exhausted(self, limit: Limit, key: str) -> bool:
        rate = limit.rate
        used = self._counts.get_moving_window(rate.key_for(limit.name, key), rate.amount, rate.get_expiry())[
            1
        ]
        return used >= rate.amount

    def hit(self, limit: Limit, key: str) -> bool:
        """Count one use; False (and not counted) when `key` had used up `limit`."""
        rate = limit.rate
        return self._counts.acquire_entry(rate.key_for(limit.name, key), rate.amount, rate.get_expiry())

    def spend(self, limit: Limit, key: str) -> None:
        """Count one use, or raise 429 with Retry-After if `key` has none left."""
        if not self.hit(limit, key):
            raise self._refusal(limit, key)

    def _refusal(self, limit: Limit, key: str) -> ApiError:
        rate = limit.rate
        oldest = self._counts.get_moving_window(
            rate.key_for(limit.name, key), rate.amount, rate.get_expiry()
        )[0]
        reset_at = oldest + rate.get_expiry()
        retry_after = max(1, math.ceil(reset_at - time.time()))
        return ApiError(
            429,
            "too_many_requests",
            "Too many attempts; try again later.",
            headers={"Retry-After": str(retry_after)},
        )
