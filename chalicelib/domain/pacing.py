"""Kitchen pacing: a category paused for a few minutes, and how long an order will take.

A pause is stored as the instant it ends, so it ends by itself: whoever reads the menu or
places an order compares that instant with the clock; nothing has to run when it expires.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from .clock import iso
from .errors import InvalidInput
from .orders import LineStatus, Order, OrderLine, WaitEstimate

PAUSE_MINUTES = (5, 10, 15)


@dataclass(frozen=True)
class CategoryPause:
    branch_id: str
    category_id: str
    until: str  # ISO-8601 UTC

    @classmethod
    def starting(cls, branch_id: str, category_id: str, now: datetime, minutes: int) -> "CategoryPause":
        if minutes not in PAUSE_MINUTES:
            raise InvalidInput(f"A pause lasts {', '.join(map(str, PAUSE_MINUTES))} minutes.", field="minutes")
        return cls(branch_id, category_id, iso(now + timedelta(minutes=minutes)))

    def active_at(self, now: datetime) -> bool:
        return iso(now) < self.until


# -- the wait estimate -----------------------------------------------------------------------
@dataclass(frozen=True)
class KitchenPace:
    """A branch's kitchen: prep minutes of an item without its own, and how many lines it cooks
    at once."""

    default_prep_minutes: int = 12
    parallelism: int = 3


_UNFINISHED = frozenset({LineStatus.PENDING, LineStatus.PREPARING})
_STEP = 5  # minutes: diners read "15–25 min", not "17.4 min"


def line_work(line: OrderLine, prep_minutes: int) -> float:
    """Cook-minutes a line takes: a second portion of the same dish costs half of the first."""
    return prep_minutes * (1 + 0.5 * (line.quantity - 1))


def estimate_wait(order: Order, ahead: list[Order], prep_minutes: dict[str, int], pace: KitchenPace,
                  now: datetime) -> WaitEstimate:
    """The range of minutes until `order` is ready: the unfinished lines ahead of it in the
    branch's kitchen shared by the cooks (a line being cooked counts half), then its own
    lines, cooked side by side (its longest line, or its share of the cooks if it is large)."""

    def prep(line: OrderLine) -> int:
        return prep_minutes.get(line.menu_item_id) or pace.default_prep_minutes

    cooks = max(1, pace.parallelism)
    queued = sum(
        line_work(line, prep(line)) * (0.5 if line.status is LineStatus.PREPARING else 1.0)
        for other in ahead if other.id != order.id and other.created_at <= order.created_at
        for line in other.lines if line.status in _UNFINISHED
    )
    own = [line_work(line, prep(line)) for line in order.lines if line.status in _UNFINISHED]
    own_time = max(max(own, default=0.0), sum(own) / cooks)
    middle = queued / cooks + own_time
    low = max(_STEP, _STEP * math.floor(middle * 0.8 / _STEP))
    high = max(low + _STEP, _STEP * math.ceil(middle * 1.2 / _STEP))
    return WaitEstimate(low, high, iso(now + timedelta(minutes=low)), iso(now + timedelta(minutes=high)))
