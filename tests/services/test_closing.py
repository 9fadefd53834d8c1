"""Closing a table properly (issue 16): its open dishes are voided with a reason or kept on the
bill as served, so nothing of it lingers on the POS or the KDS and the next party starts clean;
how it paid is recorded against the bill (split across methods, with a tip)."""
from __future__ import annotations

import pytest

from chalicelib.auth import StaffPrincipal
from chalicelib.domain.errors import IllegalTransition, InvalidInput, RoleNotAllowed
from chalicelib.domain.orders import LineStatus, OrderStatus, VoidReason
from chalicelib.domain.payments import OpenItems, PaymentMethod, Tender
from chalicelib.domain.staff import Role
from chalicelib.services import bills, floor, kitchen
from chalicelib.services.floor import Closing
from tests.services.world import DOWNTOWN, KITCHEN, MANAGER, order, seated


def test_closing_with_dishes_open_voids_them_and_nothing_lingers_for_the_next_party(repos, tokens):
    # Given T12 with one dish served and one still cooking
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1), ("ceviche-clasico", 1))
    lomo, ceviche = (line.id for line in placed.lines)
    kitchen.set_line_status(repos, MANAGER, placed.id, lomo, LineStatus.READY)
    kitchen.set_line_status(repos, MANAGER, placed.id, lomo, LineStatus.SERVED)
    kitchen.set_line_status(repos, MANAGER, placed.id, ceviche, LineStatus.PREPARING)
    served_total = placed.lines[0].total

    # When the manager closes it, voiding what is still open, paid by card and cash with a tip
    closed = floor.close_session(repos, MANAGER, diner.session_id, Closing(
        open_items=OpenItems.VOID, void_reason=VoidReason.CUSTOMER_CHANGED_MIND,
        tenders=[("card", served_total), ("cash", 500)], tip=500))

    # Then the served dish stays billed, the open one is voided, and the payment is kept
    stored = repos.orders.get(placed.id)
    assert [line.status for line in stored.lines] == [LineStatus.SERVED, LineStatus.CANCELLED]
    assert stored.line(ceviche).void.reason is VoidReason.CUSTOMER_CHANGED_MIND
    assert stored.status is OrderStatus.SERVED
    payment = repos.sessions.get(diner.session_id).payment
    assert payment == closed.payment
    assert (payment.bill_total, payment.tip, payment.tenders) == (
        served_total, 500, (Tender(PaymentMethod.CARD, served_total), Tender(PaymentMethod.CASH, 500)))
    # And nothing of the table is open on the POS or the KDS; the next party's table is clean
    assert kitchen.open_orders(repos, MANAGER, DOWNTOWN) == []
    assert kitchen.open_orders(repos, KITCHEN, DOWNTOWN) == []
    following = seated(repos, tokens, name="Bea")
    assert bills.session_bill(repos, MANAGER, following.session_id).subtotal == 0


def test_closing_keeps_open_dishes_on_the_bill_as_served(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 2))

    closed = floor.close_session(repos, MANAGER, diner.session_id, Closing(
        open_items=OpenItems.SERVE, tenders=[("cash", placed.subtotal)]))

    assert repos.orders.get(placed.id).status is OrderStatus.SERVED
    assert closed.payment is not None and closed.payment.bill_total == placed.subtotal
    assert kitchen.open_orders(repos, MANAGER, DOWNTOWN) == []


def test_a_close_without_a_body_still_works_and_leaves_nothing_open(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1))

    closed = floor.close_session(repos, MANAGER, diner.session_id)

    assert closed.payment is None
    assert repos.orders.get(placed.id).status is OrderStatus.SERVED
    assert kitchen.open_orders(repos, MANAGER, DOWNTOWN) == []


@pytest.mark.parametrize(("tenders", "tip", "field"), [
    ([("card", 1000)], 0, "payments"),                  # short of the bill
    ([("cheque", 4800)], 0, "payments[0].method"),
    ([("cash", 0), ("card", 4800)], 0, "payments[0].amount"),
    ([("cash", 4800)], -1, "tip"),
    ([("cash", 4800)], 200, "payments"),                # the tip is not covered
])
def test_a_payment_that_does_not_match_the_bill_is_refused_naming_the_field_and_the_table_stays_open(
        repos, tokens, tenders, tip, field):
    diner = seated(repos, tokens)
    order(repos, diner, ("lomo-saltado", 1))  # 4800

    with pytest.raises(InvalidInput) as refused:
        floor.close_session(repos, MANAGER, diner.session_id, Closing(
            open_items=OpenItems.SERVE, tenders=tenders, tip=tip))

    assert refused.value.field == field
    assert repos.sessions.get(diner.session_id).status.value == "active"


def test_voiding_open_dishes_needs_a_reason(repos, tokens):
    diner = seated(repos, tokens)
    order(repos, diner, ("lomo-saltado", 1))

    with pytest.raises(InvalidInput) as refused:
        floor.close_session(repos, MANAGER, diner.session_id, Closing(open_items=OpenItems.VOID))

    assert refused.value.field == "voidReason"


def test_a_closed_table_cannot_be_closed_again(repos, tokens):
    diner = seated(repos, tokens)
    floor.close_session(repos, MANAGER, diner.session_id, Closing(tenders=[]))

    with pytest.raises(IllegalTransition):
        floor.close_session(repos, MANAGER, diner.session_id, Closing(tenders=[]))


def test_the_kitchen_cannot_close_a_table(repos, tokens):
    diner = seated(repos, tokens)
    with pytest.raises(RoleNotAllowed):
        floor.close_session(repos, StaffPrincipal("st_k", Role.KITCHEN, (DOWNTOWN,)), diner.session_id)
