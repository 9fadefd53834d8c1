"""Fixed-window rate limits kept in DynamoDB."""
from __future__ import annotations

import time
from datetime import UTC, datetime

from pynamodb.exceptions import UpdateError

from ..domain.errors import TooManyRequests
from .dynamodb import _condition_failed, _get
from .models import RateLimitRecord


class RateLimiter:
    """Fixed-window counters in DynamoDB: one conditional update per hit."""

    def check(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None:
        """Refuses when the window's count has reached the limit, without counting a hit."""
        now = int(time.time())
        window = now // window_s
        record = _get(RateLimitRecord, f"{name}#{caller}#{window}")
        if record is not None and int(record.hits or 0) >= limit:
            raise TooManyRequests(message, retry_after_s=(window + 1) * window_s - now)

    def hit(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None:
        now = int(time.time())
        window = now // window_s
        key = f"{name}#{caller}#{window}"
        try:
            RateLimitRecord(key).update(
                actions=[RateLimitRecord.hits.add(1), RateLimitRecord.expires_at.set(datetime.fromtimestamp((window + 2) * window_s, tz=UTC))],
                condition=RateLimitRecord.hits.does_not_exist() | (RateLimitRecord.hits < limit),
            )
        except UpdateError as exc:
            if _condition_failed(exc):
                raise TooManyRequests(message, retry_after_s=(window + 1) * window_s - now) from exc
            raise
