"""Kitchen pacing: pauses that end by themselves, and the wait estimate from the queue ahead."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.orders import LineStatus, Order, OrderLine
from chalicelib.domain.pacing import CategoryPause, KitchenPace, estimate_wait

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)


def test_a_pause_ends_by_itself_at_its_until():
    pause = CategoryPause.starting("br", "cat_desserts", NOW, 10)
    assert pause.until == "2026-11-30T01:10:00.000Z"
    assert pause.active_at(NOW + timedelta(minutes=9, seconds=59))
    assert not pause.active_at(NOW + timedelta(minutes=10))


@pytest.mark.parametrize("minutes", [0, 1, 7, 20, 60])
def test_pauses_last_five_ten_or_fifteen_minutes(minutes):
    with pytest.raises(InvalidInput) as refused:
        CategoryPause.starting("br", "cat", NOW, minutes)
    assert refused.value.field == "minutes"


def an_order(order_id: str, created: str, *lines: tuple[str, int, LineStatus]) -> Order:
    return Order(
        id=order_id, session_id="s", branch_id="br", table_code="T1", customer_id="c", customer_name="Ana",
        currency="PEN", created_at=created, updated_at=created,
        lines=[OrderLine(id=f"{order_id}-{n}", menu_item_id=item, name=item, quantity=qty, unit_price=100, status=status)
               for n, (item, qty, status) in enumerate(lines)],
    )


PREP = {"ceviche": 10, "lomo": 15, "chicha": 2}
PACE = KitchenPace(default_prep_minutes=12, parallelism=2)
P, C, R = LineStatus.PENDING, LineStatus.PREPARING, LineStatus.READY


def test_an_empty_kitchen_takes_the_longest_line():
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("ceviche", 1, P), ("lomo", 1, P))
    estimate = estimate_wait(order, [order], PREP, PACE, NOW)
    assert (estimate.min_minutes, estimate.max_minutes) == (10, 20)  # around 15
    assert estimate.ready_from == "2026-11-30T01:10:00.000Z" and estimate.ready_to == "2026-11-30T01:20:00.000Z"


def test_tickets_ahead_push_the_estimate_back():
    ahead = [an_order(f"a{n}", f"2026-11-30T00:5{n}:00.000Z", ("lomo", 2, P)) for n in range(4)]
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("ceviche", 1, P))
    empty = estimate_wait(order, [], PREP, PACE, NOW)
    busy = estimate_wait(order, ahead + [order], PREP, PACE, NOW)
    assert busy.min_minutes > empty.max_minutes


def test_only_unfinished_lines_of_earlier_orders_count():
    later = an_order("z9", "2026-11-30T01:05:00.000Z", ("lomo", 5, P))
    done = an_order("a1", "2026-11-30T00:50:00.000Z", ("lomo", 5, R))
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("ceviche", 1, P))
    assert estimate_wait(order, [later, done], PREP, PACE, NOW) == estimate_wait(order, [], PREP, PACE, NOW)


def test_a_line_being_cooked_counts_half():
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("chicha", 1, P))
    queued = [an_order(f"a{n}", "2026-11-30T00:50:00.000Z", ("lomo", 1, P)) for n in range(4)]
    cooking = [an_order(f"a{n}", "2026-11-30T00:50:00.000Z", ("lomo", 1, C)) for n in range(4)]
    assert estimate_wait(order, cooking, PREP, PACE, NOW).max_minutes < estimate_wait(order, queued, PREP, PACE, NOW).max_minutes


def test_items_without_prep_minutes_take_the_branch_default():
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("mystery", 1, P))
    assert estimate_wait(order, [], PREP, KitchenPace(30, 2), NOW).min_minutes == 20
    assert estimate_wait(order, [], PREP, KitchenPace(5, 2), NOW).min_minutes == 5


def test_the_range_is_in_five_minute_steps_at_least_five_wide():
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("chicha", 1, P))
    estimate = estimate_wait(order, [], PREP, PACE, NOW)
    assert estimate.min_minutes % 5 == 0 and estimate.max_minutes - estimate.min_minutes >= 5
