"""The wait a diner is told, as the kitchen works (issue #17, defect 8): each bump stores the
estimate of what is left with the move, and it never goes later than what was told before."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.domain.clock import iso, parse_iso, utcnow
from chalicelib.domain.orders import LineStatus, OrderStatus
from chalicelib.domain.pacing import QueuedOrder
from chalicelib.services import kitchen
from tests.services.world import DOWNTOWN, KITCHEN, MANAGER, order, seated


def _line(placed, item: str) -> str:
    return next(line.id for line in placed.lines if line.menu_item_id == item)


def test_each_bump_brings_the_wait_closer_and_none_pushes_it_out(repos, tokens):
    # Given a kitchen with an hour of other tables' work queued ahead of Ana's order
    repos.kitchen_queues.apply(DOWNTOWN, {"ahead": QueuedOrder(180.0, iso(utcnow() - timedelta(minutes=1)))})
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 2), ("chicha-morada", 1))
    told = placed.estimate
    assert told is not None and told.min_minutes >= 50
    lomo, chicha = _line(placed, "lomo-saltado"), _line(placed, "chicha-morada")
    seen = [told]
    # When the kitchen starts the lomo, makes it, takes the bump back, makes it again, then the chicha
    for line, status in ((lomo, LineStatus.PREPARING), (lomo, LineStatus.READY)):
        kitchen.set_line_status(repos, KITCHEN, placed.id, line, status)
        seen.append(repos.orders.get(placed.id).estimate)
    kitchen.undo_line(repos, KITCHEN, placed.id, lomo)
    seen.append(repos.orders.get(placed.id).estimate)
    kitchen.set_line_status(repos, KITCHEN, placed.id, lomo, LineStatus.READY)
    seen.append(repos.orders.get(placed.id).estimate)
    # Then each stored estimate ends no later than the one before it, and the queue ahead no longer counts
    for before, after in zip(seen, seen[1:], strict=False):
        assert parse_iso(after.ready_to) <= parse_iso(before.ready_to)
        assert parse_iso(after.ready_from) <= parse_iso(before.ready_from)
    assert seen[1].max_minutes <= 20  # the lomo being cooked: its own time, not the hour ahead
    assert seen[2].max_minutes <= 10  # only the chicha is left
    # And once everything is ready, the order no longer waits (the diner's page shows no wait)
    done = kitchen.set_line_status(repos, KITCHEN, placed.id, chicha, LineStatus.READY)
    assert done.status is OrderStatus.READY
    assert parse_iso(repos.orders.get(placed.id).estimate.ready_to) <= parse_iso(seen[-1].ready_to)


def test_accepting_an_order_does_not_move_its_wait(repos, tokens):
    diner = seated(repos, tokens, "T13")
    placed = order(repos, diner, ("ceviche-clasico", 1))
    accepted = kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.ACCEPTED)
    assert accepted.estimate == placed.estimate
    assert repos.orders.get(placed.id).estimate == placed.estimate
