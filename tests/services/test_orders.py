"""Orders at the service level: prices from the menu, bounds, the spending cap, held orders,
cancellations, requests."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import (
    IllegalTransition,
    InvalidInput,
    ItemUnavailable,
    NotFound,
    OrderAwaitingApproval,
    RoleNotAllowed,
    SpendingCapExceeded,
    UnknownMenuItem,
)
from chalicelib.domain.orders import LineRequest, LineStatus, OrderStatus
from chalicelib.domain.sessions import RequestKind
from chalicelib.services import assisted, floor, kitchen, order_safety, ordering, table_view
from tests.services.world import DOWNTOWN, KITCHEN, MANAGER, WAITER, order, seated


def _price(repos, item: str) -> int:
    return repos.menu.get_item("ch_comanda-demo", item).price


def test_an_order_is_priced_from_the_branch_menu_and_counted_in_the_session(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 2), ("chicha-morada", 1))
    assert [(line.menu_item_id, line.quantity, line.unit_price) for line in placed.lines] == \
        [("lomo-saltado", 2, 4800), ("chicha-morada", 1, 900)]
    assert (placed.subtotal, placed.status, placed.customer_name, placed.table_code) == \
        (10500, OrderStatus.PENDING, "Ana", "T12")
    assert placed.estimate is not None
    assert repos.sessions.get(diner.session_id).ordered_total == 10500
    stored = ordering.session_orders(repos, diner.principal)
    assert [(o.id, o.subtotal) for o in stored] == [(placed.id, 10500)]
    assert [line.unit_price for line in stored[0].lines] == [4800, 900]  # the menu's price, kept with the order


def test_branch_prices_and_availability_apply(repos, tokens):
    downtown = seated(repos, tokens, "T12")
    miraflores = seated(repos, tokens, "T2", "Eva", slug="miraflores", staff=WAITER)
    assert order(repos, miraflores, ("pisco-sour", 1)).lines[0].unit_price == 2600
    assert order(repos, downtown, ("pisco-sour", 1)).lines[0].unit_price == 2800
    with pytest.raises(ItemUnavailable):
        order(repos, downtown, ("tacu-tacu", 1))
    assert order(repos, miraflores, ("tacu-tacu", 1)).status is OrderStatus.PENDING  # off downtown only
    with pytest.raises(UnknownMenuItem):
        order(repos, downtown, ("caviar", 1))


@pytest.mark.parametrize(("lines", "field"), [
    ([], "items"),
    ([("ceviche-clasico", 50)] * 50, "items[0].quantity"),
    ([("chicha-morada", 2), ("ceviche-clasico", 21)], "items[1].quantity"),
    ([("ceviche-clasico", 20), ("lomo-saltado", 20), ("chicha-morada", 11)], "items"),
    ([("ceviche-clasico", 0)], "items[0].quantity"),
])
def test_orders_out_of_bounds_are_refused_naming_the_field_and_nothing_is_stored(repos, tokens, lines, field):
    diner = seated(repos, tokens)
    with pytest.raises(InvalidInput) as refused:
        order(repos, diner, *lines)
    assert refused.value.field == field
    with pytest.raises(InvalidInput):  # staff ordering for the table are held to the same bounds
        assisted.place_order_for_table(repos, MANAGER, diner.session_id, [LineRequest(i, q) for i, q in lines])
    assert repos.orders.of_session(diner.session_id) == []


def test_bounds_messages_name_the_limits(repos, tokens):
    diner = seated(repos, tokens)
    with pytest.raises(InvalidInput, match="20"):
        order(repos, diner, ("ceviche-clasico", 21))
    with pytest.raises(InvalidInput, match="50 portions"):
        order(repos, diner, ("ceviche-clasico", 20), ("lomo-saltado", 20), ("chicha-morada", 11))


def test_an_order_past_the_spending_cap_names_the_cap_and_what_remains(repos, tokens):
    diner = seated(repos, tokens)
    lomo = _price(repos, "lomo-saltado")
    order_safety.set_order_safety(repos, MANAGER, DOWNTOWN, spending_cap=lomo * 3)
    order(repos, diner, ("lomo-saltado", 2))
    with pytest.raises(SpendingCapExceeded) as refused:
        order(repos, diner, ("lomo-saltado", 2))
    error = refused.value
    assert error.field == "items"
    assert error.details == {"spendingCap": lomo * 3, "remaining": lomo, "orderTotal": lomo * 2}
    assert f"{lomo * 3 // 100}." in error.message and f"{lomo // 100}." in error.message
    assert len(repos.orders.of_session(diner.session_id)) == 1
    order(repos, diner, ("lomo-saltado", 1))
    with pytest.raises(SpendingCapExceeded) as staff:  # staff orders count against the cap too
        assisted.place_order_for_table(repos, MANAGER, diner.session_id, [LineRequest("lomo-saltado", 1)])
    assert staff.value.details["remaining"] == 0


def test_cancelled_lines_do_not_count_against_the_cap(repos, tokens):
    diner = seated(repos, tokens)
    order_safety.set_order_safety(repos, MANAGER, DOWNTOWN, spending_cap=_price(repos, "lomo-saltado") * 2)
    placed = order(repos, diner, ("lomo-saltado", 2))
    kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.CANCELLED)
    assert repos.sessions.get(diner.session_id).ordered_total == 0
    order(repos, diner, ("lomo-saltado", 2))


def test_a_cancelled_order_leaves_the_session_s_subtotal(repos, tokens):
    diner = seated(repos, tokens)
    kept = order(repos, diner, ("ceviche-clasico", 2))
    dropped = order(repos, diner, ("lomo-saltado", 1))
    assert table_view.session_snapshot(repos, diner.principal).subtotal == kept.subtotal + dropped.subtotal
    kitchen.set_order_status(repos, MANAGER, dropped.id, OrderStatus.CANCELLED)
    assert table_view.session_snapshot(repos, diner.principal).subtotal == kept.subtotal


def test_a_session_stored_before_the_running_total_sums_its_orders_once(repos, tokens):
    diner = seated(repos, tokens)
    order_safety.set_order_safety(repos, MANAGER, DOWNTOWN, spending_cap=_price(repos, "lomo-saltado") * 2)
    order(repos, diner, ("lomo-saltado", 1))
    old = repos.sessions.get(diner.session_id)
    old.ordered_total = None  # as stored before sessions kept it
    repos.sessions.save(old)
    with pytest.raises(SpendingCapExceeded):
        order(repos, diner, ("lomo-saltado", 2))
    order(repos, diner, ("lomo-saltado", 1))
    assert repos.sessions.get(diner.session_id).ordered_total == _price(repos, "lomo-saltado") * 2


def test_an_order_above_the_threshold_waits_for_staff_and_the_kitchen_does_not_see_it(repos, tokens):
    diner = seated(repos, tokens)
    order_safety.set_order_safety(repos, MANAGER, DOWNTOWN, approval_threshold=_price(repos, "lomo-saltado"))
    small = order(repos, diner, ("lomo-saltado", 1))
    big = order(repos, diner, ("lomo-saltado", 3))
    assert (small.awaiting_approval, big.awaiting_approval, big.status) == (False, True, OrderStatus.PENDING)
    assert [o.id for o in kitchen.open_orders(repos, KITCHEN, DOWNTOWN)] == [small.id]
    assert {small.id, big.id} <= {o.id for o in kitchen.open_orders(repos, MANAGER, DOWNTOWN)}
    line = big.lines[0].id
    with pytest.raises(NotFound):
        kitchen.set_line_status(repos, KITCHEN, big.id, line, LineStatus.PREPARING)
    with pytest.raises(NotFound):
        kitchen.set_order_status(repos, KITCHEN, big.id, OrderStatus.ACCEPTED)
    with pytest.raises(OrderAwaitingApproval):
        kitchen.set_line_status(repos, MANAGER, big.id, line, LineStatus.PREPARING)
    accepted = kitchen.set_order_status(repos, MANAGER, big.id, OrderStatus.ACCEPTED)
    assert accepted.awaiting_approval is False
    assert big.id in [o.id for o in kitchen.open_orders(repos, KITCHEN, DOWNTOWN)]


def test_a_big_order_waits_by_default_and_the_portions_rule_can_change(repos, tokens):
    diner = seated(repos, tokens)
    assert repos.venues.get_branch(DOWNTOWN).order_safety.approval_portions == 20
    round_ = order(repos, diner, ("chicha-morada", 10), ("ceviche-clasico", 10))
    big = order(repos, diner, ("chicha-morada", 15), ("lomo-saltado", 15))
    assert (round_.awaiting_approval, big.awaiting_approval) == (False, True)
    changed = order_safety.set_order_safety(repos, MANAGER, DOWNTOWN, approval_portions=8)
    assert changed.order_safety.approval_portions == 8
    kept = order_safety.set_order_safety(repos, MANAGER, DOWNTOWN, spending_cap=1_000_000)
    assert (kept.order_safety.spending_cap, kept.order_safety.approval_portions) == (1_000_000, 8)
    order_safety.set_order_safety(repos, MANAGER, DOWNTOWN, approval_portions=None)
    assert order(repos, diner, ("chicha-morada", 20), ("lomo-saltado", 20)).awaiting_approval is False


def test_a_rejected_order_keeps_its_reason_and_leaves_the_bill(repos, tokens):
    diner = seated(repos, tokens)
    order_safety.set_order_safety(repos, MANAGER, DOWNTOWN, approval_threshold=0)
    held = order(repos, diner, ("lomo-saltado", 2))
    rejected = order_safety.reject_order(repos, MANAGER, held.id, "Please order at the bar")
    assert (rejected.status, rejected.rejection_reason) == (OrderStatus.CANCELLED, "Please order at the bar")
    snapshot = table_view.session_snapshot(repos, diner.principal)
    assert snapshot.subtotal == 0
    with pytest.raises(IllegalTransition):
        order_safety.reject_order(repos, MANAGER, held.id, None)


def test_who_may_set_order_safety_and_reject(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1))
    with pytest.raises(NotFound):
        order_safety.set_order_safety(repos, WAITER, DOWNTOWN, spending_cap=100)
    with pytest.raises(RoleNotAllowed):
        order_safety.set_order_safety(repos, WAITER, "br_miraflores", spending_cap=100)
    with pytest.raises(RoleNotAllowed):
        order_safety.set_order_safety(repos, KITCHEN, DOWNTOWN, spending_cap=100)
    with pytest.raises(NotFound):
        order_safety.reject_order(repos, WAITER, placed.id, None)
    with pytest.raises(RoleNotAllowed):
        order_safety.reject_order(repos, KITCHEN, placed.id, None)
    assert repos.orders.get(placed.id).status is OrderStatus.PENDING


def test_a_waiter_orders_for_a_participant_or_for_the_whole_table(repos, tokens):
    diner = seated(repos, tokens)
    for_ana = assisted.place_order_for_table(repos, MANAGER, diner.session_id, [LineRequest("chicha-morada", 1)],
                                             participant_id=diner.principal.customer_id)
    for_table = assisted.place_order_for_table(repos, MANAGER, diner.session_id, [LineRequest("chicha-morada", 1)])
    assert (for_ana.customer_name, for_ana.placed_by_staff) == ("Ana", MANAGER.staff_id)
    assert (for_table.customer_id, for_table.customer_name) == ("", "")
    with pytest.raises(InvalidInput) as stranger:
        assisted.place_order_for_table(repos, MANAGER, diner.session_id, [LineRequest("chicha-morada", 1)],
                                       participant_id="someone")
    assert stranger.value.field == "participantId"


def test_one_open_request_of_a_kind_is_returned_rather_than_stacked(repos, tokens):
    diner = seated(repos, tokens)
    first, created = ordering.open_request(repos, diner.principal, RequestKind.WAITER)
    again, created_again = ordering.open_request(repos, diner.principal, RequestKind.WAITER)
    assert (created, created_again, again.id) == (True, False, first.id)
    floor.acknowledge_request(repos, MANAGER, first.id)
    third, created_third = ordering.open_request(repos, diner.principal, RequestKind.WAITER)
    assert created_third and third.id != first.id
