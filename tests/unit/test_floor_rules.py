"""The rules behind moving a session, who ordered what, held orders and a branch's order safety."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import (
    IllegalTransition,
    InvalidInput,
    OrderAwaitingApproval,
    SpendingCapExceeded,
)
from chalicelib.domain.orders import LineStatus, Order, OrderLine, OrderStatus, split_by_person
from chalicelib.domain.sessions import SessionStatus, TableSession
from chalicelib.domain.venues import DEFAULT_APPROVAL_PORTIONS, OrderSafety

NOW = "2024-05-01T19:05:00Z"


def a_session(status=SessionStatus.ACTIVE, code="T12") -> TableSession:
    return TableSession(id="ses_1", branch_id="br_1", table_code=code, status=status, started_at=NOW)


def an_order(order_id="o1", customer="cus_ana", name="Ana", created=NOW, prices=(1000,), **fields) -> Order:
    lines = [OrderLine(id=f"{order_id}-l{n}", menu_item_id=f"item{n}", name=f"Dish {n}", quantity=1, unit_price=price)
             for n, price in enumerate(prices)]
    return Order(id=order_id, session_id="ses_1", branch_id="br_1", table_code="T12", customer_id=customer,
                 customer_name=name, currency="PEN", lines=lines, created_at=created, updated_at=created, **fields)


# -- moving a session ------------------------------------------------------------------------
def test_an_active_session_moves_and_remembers_every_table_it_sat_at():
    session = a_session()
    assert session.move_to("T31") == "T12"
    assert session.move_to("T5") == "T31"
    assert (session.table_code, session.previous_tables) == ("T5", ["T12", "T31"])
    assert all(session.has_sat_at(code) for code in ("T12", "T31", "T5"))
    assert not session.has_sat_at("T6")


def test_moving_back_and_forth_lists_each_table_left_once():
    session = a_session()
    for code in ("T31", "T12", "T31"):
        session.move_to(code)
    assert (session.table_code, session.previous_tables) == ("T31", ["T12"])


@pytest.mark.parametrize("status", [SessionStatus.PENDING, SessionStatus.COMPLETED])
def test_only_an_active_session_moves(status):
    with pytest.raises(IllegalTransition):
        a_session(status).move_to("T31")


def test_a_move_to_the_same_table_names_the_field():
    with pytest.raises(InvalidInput) as refused:
        a_session().move_to("T12")
    assert refused.value.field == "tableCode"


# -- who ordered what ----------------------------------------------------------------------
def test_the_split_groups_lines_by_person_in_the_order_they_first_ordered():
    orders = [an_order("o3", "cus_ana", "Ana", "2024-05-01T19:20:00Z", (500,)),
              an_order("o2", "cus_luis", "Luis", "2024-05-01T19:10:00Z", (2000, 300)),
              an_order("o1", "cus_ana", "Ana", "2024-05-01T19:00:00Z", (1000,))]
    shares = split_by_person(orders)
    assert [(s.name, s.subtotal, len(s.lines)) for s in shares] == [("Ana", 1500, 2), ("Luis", 2300, 2)]


def test_two_people_with_one_name_keep_their_own_shares():
    shares = split_by_person([an_order("o1", "cus_1", "Ana"), an_order("o2", "cus_2", "Ana")])
    assert [s.customer_id for s in shares] == ["cus_1", "cus_2"]


def test_cancelled_lines_and_orders_are_on_nobodys_share():
    partly = an_order("o1", prices=(1000, 700))
    partly.lines[1].status = LineStatus.CANCELLED
    gone = an_order("o2", "cus_luis", "Luis")
    gone.move(OrderStatus.CANCELLED, NOW)
    assert [(s.name, s.subtotal) for s in split_by_person([partly, gone])] == [("Ana", 1000)]


def test_what_staff_order_for_the_whole_table_is_its_own_share():
    shares = split_by_person([an_order("o1", "", "", placed_by_staff="stf_1"), an_order("o2")])
    assert [(s.customer_id, s.name) for s in shares] == [("", ""), ("cus_ana", "Ana")]


# -- held orders -----------------------------------------------------------------------------
def test_a_held_order_waits_for_acceptance_before_the_kitchen_may_touch_it():
    order = an_order(awaiting_approval=True)
    with pytest.raises(OrderAwaitingApproval):
        order.move_line(order.lines[0].id, LineStatus.PREPARING, NOW)
    with pytest.raises(OrderAwaitingApproval):
        order.move(OrderStatus.PREPARING, NOW)
    order.move(OrderStatus.ACCEPTED, NOW)
    assert not order.awaiting_approval
    order.move_line(order.lines[0].id, LineStatus.PREPARING, NOW)
    assert order.status is OrderStatus.PREPARING


def test_a_line_of_a_held_order_may_be_cancelled():
    order = an_order(prices=(1000, 500), awaiting_approval=True)
    order.move_line(order.lines[1].id, LineStatus.CANCELLED, NOW)
    assert order.total == 1000 and order.awaiting_approval


def test_rejecting_cancels_every_line_and_keeps_the_reason():
    order = an_order(prices=(1000, 500), awaiting_approval=True)
    order.reject(NOW, "Ask at the bar")
    assert (order.status, order.total, order.rejection_reason, order.awaiting_approval) == \
        (OrderStatus.CANCELLED, 0, "Ask at the bar", False)


def test_only_a_pending_order_can_be_rejected():
    order = an_order()
    order.move(OrderStatus.ACCEPTED, NOW)
    with pytest.raises(IllegalTransition):
        order.reject(NOW, None)


# -- order safety ----------------------------------------------------------------------------
def test_no_rules_means_no_limits():
    safety = OrderSafety(approval_portions=None)
    safety.check_cap(10**9, 10**9, "PEN")
    assert not safety.needs_approval(10**9, 10**3)


def test_by_default_only_a_big_order_waits_for_staff():
    safety = OrderSafety()
    assert (safety.spending_cap, safety.approval_threshold, safety.approval_portions) == (None, None, DEFAULT_APPROVAL_PORTIONS)
    assert not safety.needs_approval(10**9, DEFAULT_APPROVAL_PORTIONS)
    assert safety.needs_approval(1, DEFAULT_APPROVAL_PORTIONS + 1)


@pytest.mark.parametrize(("portions", "waits"), [(1, False), (12, False), (13, True), (50, True)])
def test_orders_of_more_portions_than_the_branch_s_rule_wait(portions, waits):
    assert OrderSafety(approval_portions=12).needs_approval(100, portions) is waits


def test_either_rule_makes_an_order_wait():
    safety = OrderSafety(approval_threshold=5000, approval_portions=12)
    assert safety.needs_approval(5001, 1) and safety.needs_approval(100, 13)
    assert not safety.needs_approval(5000, 12)


def test_the_cap_allows_up_to_it_and_names_the_cap_and_what_remains_past_it():
    safety = OrderSafety(spending_cap=20000)
    safety.check_cap(15000, 5000, "PEN")
    with pytest.raises(SpendingCapExceeded) as refused:
        safety.check_cap(15000, 5001, "PEN")
    error = refused.value
    assert error.details == {"spendingCap": 20000, "remaining": 5000, "orderTotal": 5001}
    assert "PEN 200.00" in error.message and "PEN 50.00" in error.message and error.field == "items"


def test_nothing_remains_once_the_cap_is_passed():
    with pytest.raises(SpendingCapExceeded) as refused:
        OrderSafety(spending_cap=1000).check_cap(1500, 1, "PEN")
    assert refused.value.details["remaining"] == 0


@pytest.mark.parametrize(("amount", "waits"), [(4999, False), (5000, False), (5001, True)])
def test_orders_above_the_threshold_wait(amount, waits):
    assert OrderSafety(approval_threshold=5000).needs_approval(amount) is waits
