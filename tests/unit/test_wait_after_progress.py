"""The wait estimate once the kitchen works on an order (issue #17, defect 8): what is left of
the order, never later than what the diner was told before."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.domain.clock import iso, parse_iso
from chalicelib.domain.orders import WaitEstimate
from chalicelib.domain.pacing import KitchenQueue, QueuedOrder, estimate_after_progress, estimate_wait
from tests.unit.test_pacing import NOW, PACE, C, P, R, S, X, an_order

BUSY = KitchenQueue({"ahead": QueuedOrder(120.0, "2026-11-30T00:50:00.000Z")})  # an hour of work for two cooks


def placed(*lines, queue: KitchenQueue = BUSY):
    order = an_order("o1", "2026-11-30T01:00:00.000Z", *lines)
    order.estimate = estimate_wait(order, queue, PACE, NOW)
    return order


def moved(order, *statuses):
    for line, status in zip(order.lines, statuses, strict=True):
        line.status = status
    return order


def ready_to(estimate: WaitEstimate):
    return parse_iso(estimate.ready_to)


def test_once_a_line_is_started_what_was_queued_ahead_no_longer_counts():
    order = placed(("lomo", 1, P), ("chicha", 1, P))
    told = order.estimate
    assert told.min_minutes >= 60  # behind an hour of other tables' work
    later = NOW + timedelta(minutes=2)
    after = estimate_after_progress(moved(order, C, P), later, PACE)
    assert ready_to(after) < ready_to(told)
    assert parse_iso(after.ready_to) - later <= timedelta(minutes=15)  # its own lomo, half cooked


def test_a_dish_done_brings_the_rest_closer():
    order = placed(("lomo", 2, P), ("chicha", 1, P), queue=KitchenQueue())
    started = estimate_after_progress(moved(order, C, P), NOW, PACE)
    order.estimate = started
    lomo_ready = estimate_after_progress(moved(order, R, P), NOW + timedelta(minutes=1), PACE)
    assert ready_to(lomo_ready) < ready_to(started)
    assert lomo_ready.max_minutes == 10 and lomo_ready.min_minutes <= 5  # a chicha is left


def test_a_bump_never_pushes_the_time_out():
    # An order told 5–10 min (a quiet kitchen) whose cooks are slow: twenty minutes later the
    # lomo is only started. What is left would be longer than what is left of the promise.
    order = placed(("lomo", 2, P), queue=KitchenQueue())
    told = order.estimate
    for minutes, statuses in ((20, (C,)), (25, (R,)), (26, (C,))):  # started, ready, ready taken back
        after = estimate_after_progress(moved(order, *statuses), NOW + timedelta(minutes=minutes), PACE)
        assert ready_to(after) <= ready_to(order.estimate) <= ready_to(told)
        assert parse_iso(after.ready_from) <= parse_iso(order.estimate.ready_from)
        order.estimate = after


def test_untouched_finished_or_unestimated_orders_keep_what_they_had():
    waiting = placed(("lomo", 1, P), ("chicha", 1, P))
    assert estimate_after_progress(waiting, NOW + timedelta(minutes=3), PACE) is waiting.estimate  # accepted, not started
    done = moved(placed(("lomo", 1, P), ("chicha", 1, P)), R, S)
    assert estimate_after_progress(done, NOW + timedelta(minutes=3), PACE) is done.estimate
    gone = moved(placed(("lomo", 1, P), ("chicha", 1, P)), X, R)
    assert estimate_after_progress(gone, NOW, PACE) is gone.estimate
    none = moved(an_order("o2", "2026-11-30T01:00:00.000Z", ("lomo", 1, P)), C)
    assert estimate_after_progress(none, NOW, PACE) is None


def test_the_minutes_told_follow_the_instants():
    order = placed(("lomo", 1, P), ("chicha", 1, P))
    later = NOW + timedelta(minutes=1)
    after = estimate_after_progress(moved(order, C, P), later, PACE)
    assert after.ready_from == iso(later + timedelta(minutes=after.min_minutes))
    assert after.ready_to == iso(later + timedelta(minutes=after.max_minutes))
