"""Where the floor's voids and closing meet the kitchen's undo and recall (issue 16): a void or a
closed table is final; the kitchen's take-backs cannot bring a voided dish back onto the bill or a
closed table's ticket back onto the screens."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain import clock
from chalicelib.domain.errors import NothingToUndo, SessionNotActive
from chalicelib.domain.orders import LineStatus, Order, OrderStatus, VoidReason
from chalicelib.domain.payments import OpenItems
from chalicelib.services import floor, kitchen, voids
from chalicelib.services.floor import Closing
from tests.services.world import DOWNTOWN, KITCHEN, MANAGER, order, seated


def served(repos, diner) -> Order:
    """An order of one dish at the diner's table, cooked and served."""
    placed = order(repos, diner, ("anticuchos", 1))
    kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.READY)
    return kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.SERVED)


def test_a_bump_taken_back_cannot_bring_a_voided_dish_back_onto_the_bill(repos, tokens):
    # Given a dish the kitchen started, then the waiter voided
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1), ("chicha-morada", 1))
    lomo = placed.lines[0].id
    kitchen.set_line_status(repos, KITCHEN, placed.id, lomo, LineStatus.PREPARING)
    voids.void_line(repos, MANAGER, placed.id, lomo, VoidReason.OUT_OF_STOCK, "")

    # When the kitchen taps Undo on it
    with pytest.raises(NothingToUndo):
        kitchen.undo_line(repos, KITCHEN, placed.id, lomo)

    # Then it stays voided and off the running total
    stored = repos.orders.get(placed.id)
    assert stored.line(lomo).status is LineStatus.CANCELLED
    assert stored.line(lomo).undo_until() is None
    assert repos.sessions.get(diner.session_id).ordered_total == placed.lines[1].total


def test_closing_a_table_leaves_nothing_for_the_kitchen_to_undo(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1))
    lomo = placed.lines[0].id
    kitchen.set_line_status(repos, KITCHEN, placed.id, lomo, LineStatus.READY)
    floor.close_session(repos, MANAGER, diner.session_id, Closing(open_items=OpenItems.SERVE))

    with pytest.raises(SessionNotActive):
        kitchen.undo_line(repos, KITCHEN, placed.id, lomo)
    assert repos.orders.get(placed.id).status is OrderStatus.SERVED
    assert kitchen.open_orders(repos, KITCHEN, DOWNTOWN) == []


def test_a_closed_tables_ticket_cannot_be_recalled_to_the_screens(repos, tokens):
    # Given a served order, and the table then closed and paid
    diner = seated(repos, tokens)
    placed = served(repos, diner)
    floor.close_session(repos, MANAGER, diner.session_id)

    # When the kitchen recalls it within the window
    with pytest.raises(SessionNotActive):
        kitchen.recall_order(repos, KITCHEN, placed.id)

    # Then nothing of the closed table comes back onto the POS or the KDS
    assert repos.orders.get(placed.id).status is OrderStatus.SERVED
    assert kitchen.open_orders(repos, KITCHEN, DOWNTOWN) == []


def test_the_served_lately_list_holds_only_open_tables_within_the_recall_window(repos, tokens):
    # Given one table with a served order, and another table served and then closed
    placed = served(repos, seated(repos, tokens))
    gone = seated(repos, tokens, code="T13", name="Bea")
    served(repos, gone)
    floor.close_session(repos, MANAGER, gone.session_id)

    # Then the kitchen's list of orders served lately has the open table's only
    assert [o.id for o in kitchen.open_orders(repos, KITCHEN, DOWNTOWN, OrderStatus.SERVED)] == [placed.id]
    # And after the recall window, none
    clock.travel(timedelta(minutes=31))
    try:
        assert kitchen.recently_served(repos, KITCHEN, DOWNTOWN) == []
    finally:
        clock.reset()
