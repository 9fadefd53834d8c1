"""Kitchen pacing: pauses that end by themselves, and the wait estimate from the queue ahead."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.orders import LineStatus, Order, OrderLine, OrderStatus, derive_order_status
from chalicelib.domain.pacing import (
    CategoryPause,
    KitchenPace,
    KitchenQueue,
    QueuedOrder,
    estimate_wait,
    queue_entry,
    queued_work,
)

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


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


PREP = {"ceviche": 10, "lomo": 15, "chicha": 2}
PACE = KitchenPace(default_prep_minutes=12, parallelism=2)
P, C, R, S, X = LineStatus.PENDING, LineStatus.PREPARING, LineStatus.READY, LineStatus.SERVED, LineStatus.CANCELLED


def an_order(order_id: str, created: str, *lines: tuple[str, int, LineStatus]) -> Order:
    """Lines keep their item's cook-minutes, as ordering stamps them (unknown items: none)."""
    order = Order(
        id=order_id, session_id="s", branch_id="br", table_code="T1", customer_id="c", customer_name="Ana",
        currency="PEN", created_at=created, updated_at=created,
        lines=[OrderLine(id=f"{order_id}-{n}", menu_item_id=item, name=item, quantity=qty, unit_price=100, status=status,
                         prep_minutes=PREP.get(item))
               for n, (item, qty, status) in enumerate(lines)],
    )
    order.status = derive_order_status(order.status, [line.status for line in order.lines])
    return order


def queue_of(*orders: Order) -> KitchenQueue:
    """The kitchen queue as the stream handler keeps it from these orders."""
    return KitchenQueue({o.id: entry for o in orders if (entry := queue_entry(o)) is not None})


# -- what an order weighs in the kitchen's queue --------------------------------------------
def test_an_order_weighs_the_cook_minutes_of_its_unfinished_lines():
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("ceviche", 1, P), ("lomo", 2, P), ("chicha", 1, R))
    assert queued_work(order) == 10 + 15 * 1.5  # the second lomo costs half; the ready chicha nothing


def test_a_line_being_cooked_weighs_half():
    assert queued_work(an_order("o1", "2026-11-30T01:00:00.000Z", ("lomo", 1, C))) == 7.5


def test_lines_stored_without_cook_minutes_weigh_the_default():
    assert queued_work(an_order("o1", "2026-11-30T01:00:00.000Z", ("mystery", 1, P))) == 12
    assert queued_work(an_order("o1", "2026-11-30T01:00:00.000Z", ("mystery", 1, P)), default_prep_minutes=20) == 20


def test_an_order_leaves_the_queue_once_nothing_is_left_to_cook():
    created = "2026-11-30T01:00:00.000Z"
    assert queue_entry(an_order("o1", created, ("lomo", 1, P))) == QueuedOrder(15, created)
    assert queue_entry(an_order("o1", created, ("lomo", 1, R), ("ceviche", 1, X))) is None
    assert queue_entry(an_order("o1", created, ("lomo", 1, S))) is None
    cancelled = an_order("o1", created, ("lomo", 1, P))
    cancelled.move(OrderStatus.CANCELLED, created)
    assert queue_entry(cancelled) is None


def test_an_order_waiting_for_staff_is_not_in_the_queue_until_it_is_accepted():
    created = "2026-11-30T01:00:00.000Z"
    held = an_order("o1", created, ("lomo", 4, P))
    held.awaiting_approval = True
    assert queue_entry(held) is None
    held.move(OrderStatus.ACCEPTED, created)
    assert queue_entry(held) == QueuedOrder(15 * 2.5, created)


def test_a_held_order_does_not_lengthen_the_next_table_s_wait():
    # Given a big order waiting for staff, ahead of a drink at another table
    held = an_order("o1", "2026-11-30T00:58:00.000Z", ("lomo", 20, P), ("ceviche", 20, P))
    held.awaiting_approval = True
    drink = an_order("o2", "2026-11-30T00:59:00.000Z", ("chicha", 1, P))
    # Then the drink is estimated as in an empty kitchen
    assert estimate_wait(drink, queue_of(held, drink), PACE, NOW) == estimate_wait(drink, queue_of(drink), PACE, NOW)


# -- the estimate ---------------------------------------------------------------------------
def test_an_empty_kitchen_takes_the_longest_line():
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("ceviche", 1, P), ("lomo", 1, P))
    estimate = estimate_wait(order, queue_of(order), PACE, NOW)
    assert (estimate.min_minutes, estimate.max_minutes) == (10, 20)  # around 15
    assert estimate.ready_from == "2026-11-30T01:10:00.000Z" and estimate.ready_to == "2026-11-30T01:20:00.000Z"


def test_tickets_ahead_push_the_estimate_back():
    ahead = [an_order(f"a{n}", f"2026-11-30T00:5{n}:00.000Z", ("lomo", 2, P)) for n in range(4)]
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("ceviche", 1, P))
    empty = estimate_wait(order, KitchenQueue(), PACE, NOW)
    busy = estimate_wait(order, queue_of(*ahead, order), PACE, NOW)
    assert busy.min_minutes > empty.max_minutes


def test_only_unfinished_work_of_earlier_orders_counts():
    later = an_order("z9", "2026-11-30T01:05:00.000Z", ("lomo", 5, P))
    done = an_order("a1", "2026-11-30T00:50:00.000Z", ("lomo", 5, R))
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("ceviche", 1, P))
    assert estimate_wait(order, queue_of(later, done), PACE, NOW) == estimate_wait(order, KitchenQueue(), PACE, NOW)


def test_an_entry_older_than_the_horizon_is_not_counted():
    stale = KitchenQueue({"lost": QueuedOrder(600, "2026-11-29T12:00:00.000Z")})  # 13 hours before NOW
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("ceviche", 1, P))
    assert estimate_wait(order, stale, PACE, NOW) == estimate_wait(order, KitchenQueue(), PACE, NOW)


def test_a_line_being_cooked_counts_half():
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("chicha", 1, P))
    queued = [an_order(f"a{n}", "2026-11-30T00:50:00.000Z", ("lomo", 1, P)) for n in range(4)]
    cooking = [an_order(f"a{n}", "2026-11-30T00:50:00.000Z", ("lomo", 1, C)) for n in range(4)]
    assert estimate_wait(order, queue_of(*cooking), PACE, NOW).max_minutes < \
        estimate_wait(order, queue_of(*queued), PACE, NOW).max_minutes


def test_items_without_prep_minutes_take_the_branch_default():
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("mystery", 1, P))
    assert estimate_wait(order, KitchenQueue(), KitchenPace(30, 2), NOW).min_minutes == 20
    assert estimate_wait(order, KitchenQueue(), KitchenPace(5, 2), NOW).min_minutes == 5


def test_the_range_is_in_five_minute_steps_at_least_five_wide():
    order = an_order("o1", "2026-11-30T01:00:00.000Z", ("chicha", 1, P))
    estimate = estimate_wait(order, KitchenQueue(), PACE, NOW)
    assert estimate.min_minutes % 5 == 0 and estimate.max_minutes - estimate.min_minutes >= 5
