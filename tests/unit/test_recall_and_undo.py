"""Recall and undo (issue 16): a mistaken bump is taken back for five minutes, to the line's
previous state; a served order is called back to the kitchen's screen for thirty."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import IllegalTransition, NothingToUndo, RecallWindowClosed, UndoWindowClosed
from chalicelib.domain.orders import LineStatus, Order, OrderLine, OrderStatus

L, O = LineStatus, OrderStatus
AT = "2026-12-01T21:00:00.000Z"


def at(minutes: float) -> str:
    seconds = int(minutes * 60)
    return f"2026-12-01T21:{seconds // 60:02d}:{seconds % 60:02d}.000Z"


def an_order(*statuses: LineStatus, status: OrderStatus = O.ACCEPTED) -> Order:
    lines = [OrderLine(id=f"ln_{i}", menu_item_id="lomo-saltado", name="Lomo Saltado", quantity=1, unit_price=4800,
                       status=s) for i, s in enumerate(statuses, 1)]
    return Order(id="ord_1", session_id="ses_1", branch_id="br_downtown-lima", table_code="T40",
                 customer_id="cus_1", customer_name="Rosa", currency="PEN", lines=lines,
                 created_at=AT, updated_at=AT, status=status)


@pytest.mark.parametrize(("before", "bumped_to"), [(L.PENDING, L.PREPARING), (L.PREPARING, L.READY),
                                                   (L.PENDING, L.READY), (L.READY, L.PREPARING)])
def test_a_bump_is_taken_back_to_the_line_s_previous_state_within_five_minutes(before, bumped_to):
    order = an_order(before, L.PENDING)
    order.move_line("ln_1", bumped_to, at(1))
    assert order.line("ln_1").undo_until() == at(6)
    order.undo_line("ln_1", at(6))
    assert order.line("ln_1").status is before
    assert order.line("ln_1").undo_until() is None, "one undo per move: the line is back where it was"


def test_after_five_minutes_the_undo_is_refused_naming_why():
    order = an_order(L.PENDING)
    order.move_line("ln_1", L.PREPARING, at(0))
    with pytest.raises(UndoWindowClosed) as refused:
        order.undo_line("ln_1", at(5.02))
    assert "5 minutes" in refused.value.message
    assert order.line("ln_1").status is L.PREPARING


def test_a_line_never_bumped_has_nothing_to_undo():
    with pytest.raises(NothingToUndo):
        an_order(L.PENDING).undo_line("ln_1", at(1))


def test_undoing_the_bump_that_served_the_order_reopens_it():
    order = an_order(L.READY, L.SERVED, status=O.READY)
    order.move_line("ln_1", L.SERVED, at(1))
    assert order.status is O.SERVED
    order.undo_line("ln_1", at(2))
    assert (order.status, order.line("ln_1").status, order.line("ln_2").status) == (O.READY, L.READY, L.SERVED)


def test_a_cancellation_is_not_undone_here():
    order = an_order(L.PENDING, L.PENDING)
    order.move_line("ln_1", L.CANCELLED, at(1))
    with pytest.raises(NothingToUndo):
        order.undo_line("ln_1", at(2))


def test_a_whole_cancelled_order_cannot_be_undone():
    order = an_order(L.PENDING)
    order.move_line("ln_1", L.PREPARING, at(1))
    order.move(O.CANCELLED, at(2))
    with pytest.raises(IllegalTransition):
        order.undo_line("ln_1", at(3))


def test_a_served_order_is_recalled_with_its_served_lines_ready_again():
    order = an_order(L.SERVED, L.SERVED, status=O.SERVED)
    assert order.recall_until() == at(30)
    order.recall(at(29))
    assert (order.status, [line.status for line in order.lines]) == (O.READY, [L.READY, L.READY])
    assert order.is_open and order.updated_at == at(29) and order.recall_until() is None
    assert all(line.ready_at == at(29) for line in order.lines)


def test_a_recall_is_refused_for_an_open_order_and_after_thirty_minutes():
    with pytest.raises(IllegalTransition):
        an_order(L.READY, status=O.READY).recall(at(1))
    late = an_order(L.SERVED, status=O.SERVED)
    with pytest.raises(RecallWindowClosed) as refused:
        late.recall(at(30.02))
    assert "30 minutes" in refused.value.message
    assert late.status is O.SERVED
