"""Voids at the service level: a waiter or a manager takes an order or one line off the bill with a
reason, before or after the kitchen worked on it; the void is kept; the kitchen cannot void."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import IllegalTransition, InvalidInput, NotFound, RoleNotAllowed, SessionNotActive
from chalicelib.domain.orders import LineStatus, OrderStatus, VoidReason, void_reason
from chalicelib.services import bills, floor, kitchen, voids
from tests.services.world import KITCHEN, MANAGER, OWNER, WAITER, order, seated


def test_a_manager_voids_one_line_the_kitchen_already_cooked_and_the_bill_drops_it(repos, tokens):
    # Given an order whose first line the kitchen made ready
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 2), ("chicha-morada", 1))
    first, second = (line.id for line in placed.lines)
    kitchen.set_line_status(repos, KITCHEN, placed.id, first, LineStatus.READY)

    # When the manager voids it: the customer changed their mind
    voided = voids.void_line(repos, MANAGER, placed.id, first, VoidReason.CUSTOMER_CHANGED_MIND, "")

    # Then the line is off the bill, the void is kept with who, when, why and how much
    line = voided.line(first)
    assert line.status is LineStatus.CANCELLED
    assert line.void is not None
    assert (line.void.reason, line.void.staff_id, line.void.amount) == \
        (VoidReason.CUSTOMER_CHANGED_MIND, MANAGER.staff_id, 9600)
    stored = repos.orders.get(placed.id)
    assert stored.line(first).void == line.void
    assert stored.subtotal == 900 and stored.line(second).status is LineStatus.PENDING
    assert repos.sessions.get(diner.session_id).ordered_total == 900
    assert bills.session_bill(repos, MANAGER, diner.session_id).subtotal == 900


def test_a_served_dish_sent_back_is_voided_with_a_quality_complaint(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("anticuchos", 1))
    kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.READY)
    kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.SERVED)

    voided = voids.void_order(repos, OWNER, placed.id, VoidReason.QUALITY_COMPLAINT, "Cold")

    assert voided.status is OrderStatus.CANCELLED
    assert [(line.status, line.void.note if line.void else None) for line in voided.lines] == \
        [(LineStatus.CANCELLED, "Cold")]
    assert repos.sessions.get(diner.session_id).ordered_total == 0


def test_voiding_a_whole_order_keeps_lines_already_voided_as_they_were(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1), ("chicha-morada", 1))
    first, second = (line.id for line in placed.lines)
    voids.void_line(repos, MANAGER, placed.id, first, VoidReason.WRONG_ITEM_ENTERED, "")

    voided = voids.void_order(repos, MANAGER, placed.id, VoidReason.OUT_OF_STOCK, "")

    assert voided.line(first).void.reason is VoidReason.WRONG_ITEM_ENTERED
    assert voided.line(second).void.reason is VoidReason.OUT_OF_STOCK
    assert voided.status is OrderStatus.CANCELLED
    with pytest.raises(IllegalTransition):
        voids.void_order(repos, MANAGER, placed.id, VoidReason.OUT_OF_STOCK, "")


def test_the_kitchen_cannot_void(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1))

    with pytest.raises(RoleNotAllowed):
        voids.void_line(repos, KITCHEN, placed.id, placed.lines[0].id, VoidReason.OUT_OF_STOCK, "")
    with pytest.raises(RoleNotAllowed):
        voids.void_order(repos, KITCHEN, placed.id, VoidReason.OUT_OF_STOCK, "")
    assert repos.orders.get(placed.id).lines[0].void is None


def test_a_waiter_of_another_branch_gets_a_not_found(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1))

    with pytest.raises(NotFound):
        voids.void_order(repos, WAITER, placed.id, VoidReason.OUT_OF_STOCK, "")


def test_a_closed_tables_bill_can_no_longer_be_voided(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1))
    floor.close_session(repos, MANAGER, diner.session_id)

    with pytest.raises(SessionNotActive):
        voids.void_order(repos, MANAGER, placed.id, VoidReason.OUT_OF_STOCK, "")


@pytest.mark.parametrize(("reason", "note", "field"), [
    ("changed", "", "reason"),
    ("", "", "reason"),
    ("other", "  ", "note"),
    ("other", "x" * 201, "note"),
])
def test_a_reason_off_the_list_or_other_without_a_note_is_refused_naming_the_field(reason, note, field):
    with pytest.raises(InvalidInput) as refused:
        void_reason(reason, note)
    assert refused.value.field == field


def test_other_takes_its_note():
    assert void_reason("other", " Spilled ") == (VoidReason.OTHER, "Spilled")


def test_the_kitchen_cannot_cancel_through_the_status_moves_either(repos, tokens):
    # A cancel through the status endpoints takes the dish off the bill as a void does
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1), ("chicha-morada", 1))

    with pytest.raises(RoleNotAllowed):
        kitchen.set_line_status(repos, KITCHEN, placed.id, placed.lines[0].id, LineStatus.CANCELLED)
    with pytest.raises(RoleNotAllowed):
        kitchen.set_order_status(repos, KITCHEN, placed.id, OrderStatus.CANCELLED)
    assert repos.orders.get(placed.id).subtotal == placed.subtotal
