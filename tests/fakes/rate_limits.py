"""The fake of `chalicelib.store.rate_limits.RateLimiter`."""
from __future__ import annotations

import time
from collections.abc import Callable

from chalicelib.domain.errors import TooManyRequests
from tests.fakes.tables import Tables


class InMemoryRateLimiter:
    """The same fixed windows aligned to the clock (time.time) as the DynamoDB counters; a test
    may set `clock` to hold every hit in one window."""

    def __init__(self, db: Tables, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock

    def check(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None:
        now = int(self.clock())
        window = now // window_s
        if self.db.rate_counts.get(f"{name}#{caller}#{window}", 0) >= limit:
            raise TooManyRequests(message, retry_after_s=(window + 1) * window_s - now)

    def hit(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None:
        now = int(self.clock())
        window = now // window_s
        key = f"{name}#{caller}#{window}"
        if self.db.rate_counts.get(key, 0) >= limit:
            raise TooManyRequests(message, retry_after_s=(window + 1) * window_s - now)
        self.db.rate_counts[key] = self.db.rate_counts.get(key, 0) + 1
