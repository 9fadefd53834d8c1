"""The times the reports need, kept by the domain (issue 19): when each line became served
(forgotten by an undo or a recall that un-serves it) and when the floor accepted the order."""
from __future__ import annotations

from chalicelib.domain.orders import LineStatus, Order, OrderLine, OrderStatus, VoidReason

L, O = LineStatus, OrderStatus
AT = "2026-12-01T21:00:00.000Z"


def at(minute: int) -> str:
    return f"2026-12-01T21:{minute:02d}:00.000Z"


def an_order(*statuses: LineStatus, status: OrderStatus = O.PENDING, held: bool = False) -> Order:
    lines = [OrderLine(id=f"ln_{i}", menu_item_id="lomo-saltado", name="Lomo Saltado", quantity=1, unit_price=4800,
                       status=s) for i, s in enumerate(statuses, 1)]
    return Order(id="ord_1", session_id="ses_1", branch_id="br_downtown-lima", table_code="T40",
                 customer_id="cus_1", customer_name="Rosa", currency="PEN", lines=lines,
                 created_at=AT, updated_at=AT, status=status, awaiting_approval=held)


def test_a_line_served_by_a_bump_keeps_when_and_the_first_time_stays():
    order = an_order(L.READY, L.READY, status=O.READY)
    order.move_line("ln_1", L.SERVED, at(5))
    assert order.line("ln_1").served_at == at(5)
    assert order.line("ln_2").served_at is None
    order.move_line("ln_2", L.SERVED, at(7))
    assert [line.served_at for line in order.lines] == [at(5), at(7)]
    assert order.status is O.SERVED


def test_serving_the_whole_order_stamps_every_live_line_not_the_cancelled_ones():
    order = an_order(L.READY, L.PREPARING, L.CANCELLED, status=O.PREPARING)
    order.move(O.SERVED, at(9))
    assert [line.served_at for line in order.lines] == [at(9), at(9), None]


def test_an_undo_that_un_serves_a_line_forgets_its_served_time():
    order = an_order(L.READY, L.READY, status=O.READY)
    order.move_line("ln_1", L.SERVED, at(5))
    order.undo_line("ln_1", at(6))
    assert order.line("ln_1").status is L.READY
    assert order.line("ln_1").served_at is None
    order.move_line("ln_1", L.SERVED, at(8))
    assert order.line("ln_1").served_at == at(8), "served again: the new time"


def test_a_recall_forgets_the_served_times():
    order = an_order(L.READY, status=O.READY)
    order.move(O.SERVED, at(5))
    order.recall(at(10))
    assert order.line("ln_1").served_at is None


def test_closing_the_table_serves_open_lines_with_the_time():
    order = an_order(L.PREPARING, status=O.PREPARING)
    order.serve_open_lines(at(30))
    assert order.line("ln_1").served_at == at(30)


def test_a_served_line_voided_afterwards_keeps_when_it_was_served():
    order = an_order(L.READY, L.READY, status=O.READY)
    order.move_line("ln_1", L.SERVED, at(5))
    order.void_line("ln_1", VoidReason.QUALITY_COMPLAINT, "", "stf_1", at(12))
    assert order.line("ln_1").served_at == at(5)


def test_accepting_an_order_keeps_when_once():
    order = an_order(L.PENDING, held=True)
    order.move(O.ACCEPTED, at(2))
    assert order.accepted_at == at(2)
    order.move_line("ln_1", L.PREPARING, at(3))
    assert order.accepted_at == at(2)


def test_an_order_the_kitchen_took_without_an_accept_has_no_accepted_time():
    order = an_order(L.PENDING)
    order.move_line("ln_1", L.PREPARING, at(3))
    assert order.accepted_at is None
