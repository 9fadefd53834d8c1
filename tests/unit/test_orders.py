"""Orders: the kitchen bumps lines, the order follows its lines, the bill counts what was not cancelled."""
from __future__ import annotations

import itertools

import pytest

from chalicelib.domain.errors import IllegalTransition, InvalidInput, NotFound
from chalicelib.domain.orders import (
    LINE_MOVES,
    MAX_LINES,
    MAX_ORDER_PORTIONS,
    MAX_QUANTITY,
    ORDER_MOVES,
    LineRequest,
    LineStatus,
    Order,
    OrderLine,
    OrderStatus,
    check_line_requests,
    derive_order_status,
)

L = LineStatus
O = OrderStatus
CREATED = "2024-05-01T19:10:00Z"
NOW = "2024-05-01T19:20:00Z"

# Item states of API.md: pending -> preparing -> ready -> served, or cancelled; the kitchen
# may also undo a bump one step (preparing -> pending, ready -> preparing) and skip preparing.
EXPECTED_LINE_MOVES = {
    L.PENDING: {L.PREPARING, L.READY, L.CANCELLED},
    L.PREPARING: {L.READY, L.PENDING, L.CANCELLED},
    L.READY: {L.SERVED, L.PREPARING},
    L.SERVED: set(),
    L.CANCELLED: set(),
}
# Order states of API.md: pending -> accepted -> preparing -> ready -> served, or cancelled.
EXPECTED_ORDER_MOVES = {
    O.PENDING: {O.ACCEPTED, O.PREPARING, O.READY, O.CANCELLED},  # "all ready" before the POS accepts
    O.ACCEPTED: {O.PREPARING, O.READY, O.SERVED, O.CANCELLED},
    O.PREPARING: {O.READY, O.SERVED, O.CANCELLED},
    O.READY: {O.SERVED, O.CANCELLED},
    O.SERVED: set(),
    O.CANCELLED: set(),
}
# The line state that goes with each order state, to build consistent orders.
LINES_OF = {
    O.PENDING: L.PENDING, O.ACCEPTED: L.PENDING, O.PREPARING: L.PREPARING,
    O.READY: L.READY, O.SERVED: L.SERVED, O.CANCELLED: L.CANCELLED,
}


def a_line(line_id: str = "ln_1", status: LineStatus = L.PENDING, quantity: int = 1, unit_price: int = 1850) -> OrderLine:
    return OrderLine(id=line_id, menu_item_id=f"item_{line_id}", name=f"Dish {line_id}", quantity=quantity,
                     unit_price=unit_price, status=status)


def an_order(status: OrderStatus = O.PENDING, lines: list[OrderLine] | None = None) -> Order:
    if lines is None:
        lines = [a_line("ln_1", LINES_OF[status]), a_line("ln_2", LINES_OF[status])]
    return Order(id="ord_1", session_id="ses_1", branch_id="br_downtown-lima", table_code="T12",
                 customer_id="cus_ana", customer_name="Ana", currency="PEN", lines=lines,
                 created_at=CREATED, updated_at=CREATED, status=status)


def statuses(order: Order) -> list[LineStatus]:
    return [line.status for line in order.lines]


# -- line moves ---------------------------------------------------------------------------
@pytest.mark.parametrize(("source", "target"), list(itertools.product(LineStatus, repeat=2)), ids=lambda s: s.value)
def test_line_moves_table_matches_the_item_lifecycle(source, target):
    assert (target in LINE_MOVES[source]) == (target in EXPECTED_LINE_MOVES[source])


@pytest.mark.parametrize(("source", "target"), list(itertools.product(LineStatus, repeat=2)), ids=lambda s: s.value)
def test_a_line_moves_only_where_the_table_allows(source, target):
    line = a_line(status=source)

    if target in EXPECTED_LINE_MOVES[source]:
        line.move(target)
        assert line.status is target
    else:
        with pytest.raises(IllegalTransition):
            line.move(target)
        assert line.status is source


# -- order moves --------------------------------------------------------------------------
@pytest.mark.parametrize(("source", "target"), list(itertools.product(OrderStatus, repeat=2)), ids=lambda s: s.value)
def test_order_moves_table_matches_the_order_lifecycle(source, target):
    assert (target in ORDER_MOVES[source]) == (target in EXPECTED_ORDER_MOVES[source])


@pytest.mark.parametrize(("source", "target"), list(itertools.product(OrderStatus, repeat=2)), ids=lambda s: s.value)
def test_an_order_moves_only_where_the_table_allows(source, target):
    order = an_order(source)
    lines_before = statuses(order)

    if target in EXPECTED_ORDER_MOVES[source]:
        order.move(target, NOW)
        assert order.status is target
        assert order.updated_at == NOW
    else:
        with pytest.raises(IllegalTransition):
            order.move(target, NOW)
        assert order.status is source
        assert statuses(order) == lines_before
        assert order.updated_at == CREATED


def test_accepting_an_order_leaves_its_lines_for_the_kitchen():
    order = an_order(O.PENDING)

    order.move(O.ACCEPTED, NOW)

    assert statuses(order) == [L.PENDING, L.PENDING]


# -- what the kitchen sees ------------------------------------------------------------------
def test_the_kitchen_sees_an_order_that_needs_no_approval():
    assert an_order(O.PENDING).kitchen_sees


def test_the_kitchen_does_not_see_an_order_held_for_approval():
    held = an_order(O.PENDING)
    held.awaiting_approval = True

    assert not held.kitchen_sees


def test_the_kitchen_sees_a_held_order_once_staff_accept_it():
    held = an_order(O.PENDING)
    held.awaiting_approval = True

    held.move(O.ACCEPTED, NOW)

    assert held.kitchen_sees


def test_serving_the_whole_order_marks_every_live_line_served():
    # Given an order with one line ready, one still pending and one cancelled
    order = an_order(O.PREPARING, [a_line("ln_1", L.READY), a_line("ln_2", L.PENDING), a_line("ln_3", L.CANCELLED)])

    # When the waiter marks the order served
    order.move(O.SERVED, NOW)

    # Then the live lines are served and the cancelled one stays cancelled
    assert order.status is O.SERVED
    assert statuses(order) == [L.SERVED, L.SERVED, L.CANCELLED]


def test_marking_the_order_ready_does_not_move_served_lines_back():
    order = an_order(O.PREPARING, [a_line("ln_1", L.SERVED), a_line("ln_2", L.PREPARING)])

    order.move(O.READY, NOW)

    assert statuses(order) == [L.SERVED, L.READY]
    assert order.status is O.READY


def test_cancelling_an_order_cancels_every_line():
    order = an_order(O.ACCEPTED, [a_line("ln_1", L.PENDING), a_line("ln_2", L.PREPARING)])

    order.move(O.CANCELLED, NOW)

    assert order.status is O.CANCELLED
    assert statuses(order) == [L.CANCELLED, L.CANCELLED]


def test_an_order_with_a_served_line_cannot_be_cancelled_whole():
    # Given one dish already on the table
    order = an_order(O.READY, [a_line("ln_1", L.SERVED), a_line("ln_2", L.READY)])

    # When staff try to cancel the whole order, Then it is refused and nothing changes
    with pytest.raises(IllegalTransition):
        order.move(O.CANCELLED, NOW)
    assert order.status is O.READY
    assert statuses(order) == [L.SERVED, L.READY]
    assert order.updated_at == CREATED


# -- the order follows its lines ------------------------------------------------------------
@pytest.mark.parametrize(
    ("current", "lines", "expected"),
    [
        (O.PREPARING, [L.CANCELLED, L.CANCELLED], O.CANCELLED),
        (O.PREPARING, [], O.CANCELLED),
        (O.READY, [L.SERVED, L.SERVED], O.SERVED),
        (O.READY, [L.SERVED, L.CANCELLED], O.SERVED),
        (O.PREPARING, [L.READY, L.READY], O.READY),
        (O.PREPARING, [L.READY, L.SERVED], O.READY),
        (O.PREPARING, [L.READY, L.SERVED, L.CANCELLED], O.READY),
        (O.ACCEPTED, [L.PREPARING, L.PENDING], O.PREPARING),
        (O.ACCEPTED, [L.PREPARING, L.SERVED], O.PREPARING),
        (O.ACCEPTED, [L.PREPARING, L.READY], O.PREPARING),
        (O.ACCEPTED, [L.PENDING, L.READY], O.PREPARING),
        (O.READY, [L.PENDING, L.SERVED], O.PREPARING),
        (O.PENDING, [L.PENDING, L.PENDING], O.PENDING),
        (O.PENDING, [L.PENDING, L.CANCELLED], O.PENDING),
        (O.ACCEPTED, [L.PENDING, L.PENDING], O.ACCEPTED),
        (O.PREPARING, [L.PENDING, L.PENDING], O.ACCEPTED),
    ],
    ids=[
        "all-cancelled", "no-lines", "all-served", "served-and-cancelled", "all-ready", "ready-and-served",
        "ready-served-cancelled", "preparing-and-pending", "preparing-and-served", "preparing-and-ready",
        "pending-and-ready", "pending-and-served", "pending-stays-pending", "pending-ignores-cancelled",
        "accepted-stays-accepted", "bump-undone-back-to-accepted",
    ],
)
def test_order_status_follows_its_lines(current, lines, expected):
    assert derive_order_status(current, lines) is expected


def test_the_first_bump_puts_the_order_in_preparation():
    order = an_order(O.ACCEPTED)

    order.move_line("ln_1", L.PREPARING, NOW)

    assert order.status is O.PREPARING
    assert order.updated_at == NOW


def test_the_order_is_ready_when_its_last_line_is_ready():
    order = an_order(O.PREPARING, [a_line("ln_1", L.READY), a_line("ln_2", L.PREPARING)])

    order.move_line("ln_2", L.READY, NOW)

    assert order.status is O.READY


def test_cancelling_the_last_live_line_cancels_the_order():
    order = an_order(O.ACCEPTED, [a_line("ln_1", L.CANCELLED), a_line("ln_2", L.PENDING)])

    order.move_line("ln_2", L.CANCELLED, NOW)

    assert order.status is O.CANCELLED


@pytest.mark.parametrize("closed", [O.SERVED, O.CANCELLED], ids=lambda s: s.value)
def test_the_lines_of_a_closed_order_cannot_change(closed):
    # Given a closed order whose line could otherwise move (ready -> preparing)
    order = an_order(closed, [a_line("ln_1", L.READY)])

    with pytest.raises(IllegalTransition):
        order.move_line("ln_1", L.PREPARING, NOW)
    assert order.lines[0].status is L.READY
    assert order.status is closed
    assert order.updated_at == CREATED


def test_an_illegal_line_move_leaves_the_order_as_it_was():
    order = an_order(O.PREPARING, [a_line("ln_1", L.PREPARING), a_line("ln_2", L.PENDING)])

    with pytest.raises(IllegalTransition):
        order.move_line("ln_1", L.SERVED, NOW)
    assert statuses(order) == [L.PREPARING, L.PENDING]
    assert order.updated_at == CREATED


def test_moving_an_unknown_line_is_not_found():
    order = an_order(O.ACCEPTED)

    with pytest.raises(NotFound):
        order.move_line("ln_missing", L.PREPARING, NOW)


# -- money --------------------------------------------------------------------------------
def test_subtotal_counts_quantity_times_the_unit_price():
    order = an_order(O.PENDING, [a_line("ln_1", quantity=2, unit_price=1850), a_line("ln_2", quantity=1, unit_price=900)])

    assert order.subtotal == 2 * 1850 + 900
    assert order.total == order.subtotal


def test_cancelled_lines_are_not_billed():
    order = an_order(O.PREPARING, [
        a_line("ln_1", L.PREPARING, quantity=2, unit_price=1850),
        a_line("ln_2", L.CANCELLED, quantity=3, unit_price=900),
    ])

    assert order.subtotal == 3700


def test_a_cancelled_order_bills_nothing():
    order = an_order(O.ACCEPTED, [a_line("ln_1", quantity=2, unit_price=1850)])

    order.move(O.CANCELLED, NOW)

    assert order.subtotal == 0


# -- what the diner asks for -------------------------------------------------------------------
def a_request(quantity: int = 1, item: str = "ceviche-clasico") -> LineRequest:
    return LineRequest(menu_item_id=item, quantity=quantity)


def test_an_order_needs_at_least_one_item():
    with pytest.raises(InvalidInput) as raised:
        check_line_requests([])
    assert raised.value.field == "items"


def test_an_order_has_at_most_the_maximum_of_lines():
    with pytest.raises(InvalidInput) as raised:
        check_line_requests([a_request() for _ in range(MAX_LINES + 1)])
    assert raised.value.field == "items"


def test_an_order_of_exactly_the_maximum_of_lines_is_accepted():
    check_line_requests([a_request() for _ in range(MAX_LINES)])


@pytest.mark.parametrize("quantity", [0, -1, MAX_QUANTITY + 1])
def test_a_quantity_out_of_range_names_its_line(quantity):
    requests = [a_request(2), a_request(quantity)]

    with pytest.raises(InvalidInput) as raised:
        check_line_requests(requests)
    assert raised.value.field == "items[1].quantity"


@pytest.mark.parametrize("quantity", [1, MAX_QUANTITY])
def test_quantities_at_the_bounds_are_accepted(quantity):
    check_line_requests([a_request(quantity)])


def test_the_limits_are_those_of_the_product():
    assert (MAX_QUANTITY, MAX_ORDER_PORTIONS, MAX_LINES) == (20, 50, 50)


def test_an_order_of_up_to_fifty_portions_in_all_is_accepted():
    check_line_requests([a_request(MAX_QUANTITY), a_request(MAX_QUANTITY), a_request(10)])


def test_an_order_of_more_than_fifty_portions_in_all_is_refused_naming_the_items():
    # Given three full lines (20 + 20 + 11 portions), each within the line's bound
    requests = [a_request(MAX_QUANTITY), a_request(MAX_QUANTITY), a_request(11)]
    # Then the order as a whole is refused, naming the items and the bound
    with pytest.raises(InvalidInput) as raised:
        check_line_requests(requests)
    assert raised.value.field == "items" and "50 portions" in raised.value.message


def test_fifty_lines_of_fifty_portions_are_refused():
    with pytest.raises(InvalidInput) as raised:
        check_line_requests([a_request(50) for _ in range(MAX_LINES)])
    assert raised.value.field == "items[0].quantity"


def test_an_order_counts_the_portions_it_still_bills():
    order = Order(id="o", session_id="s", branch_id="b", table_code="T1", customer_id="c", customer_name="Ana",
                  currency="PEN", created_at=CREATED, updated_at=CREATED,
                  lines=[OrderLine(id="l1", menu_item_id="a", name="A", quantity=3, unit_price=100),
                         OrderLine(id="l2", menu_item_id="b", name="B", quantity=4, unit_price=100,
                                   status=LineStatus.CANCELLED)])
    assert order.portions == 3
