"""Kitchen pacing: a category paused for a few minutes, and how long an order will take.

A pause is stored as the instant it ends, so it ends by itself: whoever reads the menu or
places an order compares that instant with the clock; nothing has to run when it expires.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .clock import iso, parse_iso
from .errors import InvalidInput
from .orders import LineStatus, Order, OrderLine, WaitEstimate

PAUSE_MINUTES = (5, 10, 15)


@dataclass(frozen=True)
class CategoryPause:
    branch_id: str
    category_id: str
    until: str  # ISO-8601 UTC

    @classmethod
    def starting(cls, branch_id: str, category_id: str, now: datetime, minutes: int) -> CategoryPause:
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
_STARTED = frozenset({LineStatus.PREPARING, LineStatus.READY, LineStatus.SERVED})
_STEP = 5  # minutes: diners read "15–25 min", not "17.4 min"
QUEUE_HORIZON = timedelta(hours=12)  # an order open longer than this is not being cooked: not in the queue


def line_work(line: OrderLine, prep_minutes: int) -> float:
    """Cook-minutes a line takes: a second portion of the same dish costs half of the first."""
    return prep_minutes * (1 + 0.5 * (line.quantity - 1))


def _prep(line: OrderLine, default_prep_minutes: int) -> int:
    return line.prep_minutes or default_prep_minutes


def queued_work(order: Order, default_prep_minutes: int = KitchenPace.default_prep_minutes) -> float:
    """Cook-minutes the kitchen still owes an order: its unfinished lines, a line being cooked
    at half. Lines keep their cook-minutes from when they were ordered; lines stored before
    they did take `default_prep_minutes`."""
    if not order.is_open:
        return 0.0
    return sum(
        line_work(line, _prep(line, default_prep_minutes)) * (0.5 if line.status is LineStatus.PREPARING else 1.0)
        for line in order.lines if line.status in _UNFINISHED
    )


@dataclass(frozen=True)
class QueuedOrder:
    """An open order as the kitchen's queue holds it: the cook-minutes it still needs, and when
    it was placed (who is ahead of whom)."""

    work: float
    created_at: str


def queue_entry(order: Order) -> QueuedOrder | None:
    """What the branch's kitchen queue holds for this order: None once nothing is left to cook
    (every line ready, served or cancelled; the order closed), and None while it waits for
    staff to accept it (the kitchen has not got it: it must not lengthen other tables' waits)."""
    if not order.kitchen_sees:
        return None
    work = queued_work(order)
    return QueuedOrder(work, order.created_at) if work > 0 else None


@dataclass(frozen=True)
class KitchenQueue:
    """A branch's kitchen queue: open order id -> its queued work. Kept from the orders'
    stream (a moment behind the orders themselves); a branch with none is an empty queue."""

    orders: Mapping[str, QueuedOrder] = field(default_factory=dict)

    def stale(self, now: datetime) -> list[str]:
        """Orders older than the horizon: left behind by a kitchen that never bumped them (or a
        lost stream record). They no longer count; dropping them keeps the item bounded."""
        oldest = iso(now - QUEUE_HORIZON)
        return [order_id for order_id, entry in self.orders.items() if entry.created_at < oldest]

    def work_ahead_of(self, order: Order, now: datetime) -> float:
        """Cook-minutes queued before `order` (placed no later than it, and not older than the
        horizon: an entry left behind by a lost stream record must not weigh forever)."""
        oldest = iso(now - QUEUE_HORIZON)
        return sum(entry.work for order_id, entry in self.orders.items()
                   if order_id != order.id and oldest <= entry.created_at <= order.created_at)


def estimate_wait(order: Order, queue: KitchenQueue, pace: KitchenPace, now: datetime) -> WaitEstimate:
    """The range of minutes until `order` is ready: the work queued ahead of it in the branch's
    kitchen shared by the cooks, then its own lines, cooked side by side (its longest line,
    or its share of the cooks if it is large)."""
    cooks = max(1, pace.parallelism)
    queued = queue.work_ahead_of(order, now)
    own = [line_work(line, _prep(line, pace.default_prep_minutes)) for line in order.lines
           if line.status in _UNFINISHED]
    own_time = max(max(own, default=0.0), sum(own) / cooks)
    low, high = _rounded_range(queued / cooks + own_time)
    return WaitEstimate(low, high, iso(now + timedelta(minutes=low)), iso(now + timedelta(minutes=high)))


def _rounded_range(middle: float) -> tuple[int, int]:
    low = max(_STEP, _STEP * math.floor(middle * 0.8 / _STEP))
    return low, max(low + _STEP, _STEP * math.ceil(middle * 1.2 / _STEP))


def estimate_after_progress(order: Order, now: datetime, pace: KitchenPace = KitchenPace()) -> WaitEstimate | None:
    """The wait once the kitchen has moved the order on (a bump, a station's "All ready", the
    order accepted or started): what is left of its own lines, a line being cooked at half (the
    kitchen is on this order: what was queued ahead of it no longer counts), and never later than
    what the diner was told before, so a bump can only bring the time closer, never push it out.
    Until the kitchen has started one of its lines (accepted, all pending) it keeps the one it
    had; so does one with nothing left to cook (the diner's page no longer shows it), and an
    order with no estimate keeps none."""
    previous = order.estimate
    if previous is None or not any(line.status in _STARTED for line in order.lines):
        return previous  # not started yet: what is queued ahead of it still counts
    cooks = max(1, pace.parallelism)
    left = [line_work(line, _prep(line, pace.default_prep_minutes))
            * (0.5 if line.status is LineStatus.PREPARING else 1.0)
            for line in order.lines if line.status in _UNFINISHED]
    if not left:
        return previous
    low, high = _rounded_range(max(max(left), sum(left) / cooks))
    ready_from = min(parse_iso(previous.ready_from), now + timedelta(minutes=low))
    ready_to = min(parse_iso(previous.ready_to), now + timedelta(minutes=high))
    if (ready_from, ready_to) == (parse_iso(previous.ready_from), parse_iso(previous.ready_to)):
        return previous
    minutes = [max(0, math.ceil((moment - now).total_seconds() / 60)) for moment in (ready_from, ready_to)]
    return WaitEstimate(minutes[0], minutes[1], iso(ready_from), iso(ready_to))
