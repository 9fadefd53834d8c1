"""The floor and the kitchen at the service level: the tables overview, the kitchen's moves,
requests, bills and loyalty points."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import IllegalTransition, InvalidInput, NotFound, RoleNotAllowed
from chalicelib.domain.orders import LineStatus, OrderStatus
from chalicelib.domain.sessions import RequestKind, SessionStatus
from chalicelib.services import bills, floor, kitchen, ordering, qr_codes, seating
from tests.services.world import DOWNTOWN, KITCHEN, MANAGER, WAITER, order, seated, sign_up


def test_the_overview_lists_every_table_in_natural_order_with_its_state(repos, tokens):
    seated(repos, tokens, "T12", "Ana")
    pending = sign_up(repos, tokens, "T2", "Eva")
    diner = seated(repos, tokens, "T10", "Leo")
    order(repos, diner, ("chicha-morada", 1))
    order(repos, diner, ("lomo-saltado", 1))
    ordering.open_request(repos, diner.principal, RequestKind.BILL)
    states = {s.table.code: s for s in floor.tables_overview(repos, MANAGER, DOWNTOWN)}
    codes = [s.table.code for s in floor.tables_overview(repos, MANAGER, DOWNTOWN)]
    assert codes[:12] == [f"T{n}" for n in range(1, 13)] and len(codes) == 40
    assert (states["T12"].state, states["T2"].state, states["T10"].state, states["T1"].state) == \
        ("active", "pending", "bill_requested", "free")
    assert states["T2"].pending.id == pending.session.id
    assert states["T10"].open_orders == 2
    sheet = qr_codes.branch_sheet(repos, MANAGER, DOWNTOWN)
    assert [c.table.code for c in sheet.codes] == codes  # the QR sheet lists the tables alike


def test_the_overview_counts_phones_asking_to_join(repos, tokens):
    seated(repos, tokens, "T12")
    sign_up(repos, tokens, "T12", "Luis")
    states = {s.table.code: s for s in floor.tables_overview(repos, MANAGER, DOWNTOWN)}
    assert states["T12"].join_requests == 1


def test_only_staff_who_see_the_floor_read_it(repos, tokens):
    with pytest.raises(RoleNotAllowed):
        floor.tables_overview(repos, KITCHEN, DOWNTOWN)
    with pytest.raises(NotFound):
        floor.tables_overview(repos, WAITER, DOWNTOWN)


def test_sessions_of_a_branch_by_state(repos, tokens):
    active = seated(repos, tokens, "T12")
    pending = sign_up(repos, tokens, "T13", "Eva")
    assert [s.id for s in floor.sessions_of_branch(repos, MANAGER, DOWNTOWN, SessionStatus.ACTIVE)] == \
        [active.session_id]
    assert [s.id for s in floor.sessions_of_branch(repos, MANAGER, DOWNTOWN, SessionStatus.PENDING)] == \
        [pending.session.id]


def test_the_kitchen_moves_lines_and_orders_along_their_states(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1), ("chicha-morada", 1))
    lomo, chicha = (line.id for line in placed.lines)
    kitchen.set_line_status(repos, KITCHEN, placed.id, lomo, LineStatus.PREPARING)
    ready = kitchen.set_line_status(repos, KITCHEN, placed.id, lomo, LineStatus.READY)
    assert ready.line(lomo).ready_at
    with pytest.raises(IllegalTransition):
        kitchen.set_line_status(repos, KITCHEN, placed.id, chicha, LineStatus.SERVED)
    served = kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.SERVED)
    assert served.status is OrderStatus.SERVED
    assert kitchen.open_orders(repos, KITCHEN, DOWNTOWN) == []
    with pytest.raises(IllegalTransition):
        kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.PREPARING)
    assert [o.id for o in kitchen.open_orders(repos, KITCHEN, DOWNTOWN, OrderStatus.SERVED)] == [placed.id]  # recall
    with pytest.raises(InvalidInput) as closed_state:
        kitchen.open_orders(repos, MANAGER, DOWNTOWN, OrderStatus.CANCELLED)
    assert closed_state.value.field == "status"


def test_another_branch_s_order_does_not_exist_for_its_staff(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("lomo-saltado", 1))
    with pytest.raises(NotFound):
        kitchen.set_order_status(repos, WAITER, placed.id, OrderStatus.ACCEPTED)
    with pytest.raises(NotFound):
        kitchen.set_line_status(repos, WAITER, placed.id, placed.lines[0].id, LineStatus.READY)


def test_a_request_is_acknowledged_once(repos, tokens):
    diner = seated(repos, tokens)
    request, _ = ordering.open_request(repos, diner.principal, RequestKind.WAITER)
    assert [r.id for r in floor.open_requests(repos, MANAGER, DOWNTOWN)] == [request.id]
    done = floor.acknowledge_request(repos, MANAGER, request.id)
    assert done.acknowledged_by == MANAGER.staff_id
    with pytest.raises(IllegalTransition):
        floor.acknowledge_request(repos, MANAGER, request.id)
    with pytest.raises(NotFound):
        floor.acknowledge_request(repos, WAITER, request.id)
    assert floor.open_requests(repos, MANAGER, DOWNTOWN) == []


def test_the_bill_splits_by_person_without_cancelled_lines(repos, tokens):
    ana = seated(repos, tokens, "T12", "Ana")
    asked = sign_up(repos, tokens, "T12", "Luis")
    from chalicelib.services import joining

    joining.decide_as_diner(repos, ana.principal, asked.request.id, allow=True)  # type: ignore[union-attr]
    order(repos, ana, ("lomo-saltado", 1))
    cancelled = order(repos, ana, ("chicha-morada", 2))
    kitchen.set_order_status(repos, MANAGER, cancelled.id, OrderStatus.CANCELLED)
    from chalicelib.domain.orders import LineRequest
    from chalicelib.services import assisted

    assisted.place_order_for_table(repos, MANAGER, ana.session_id, [LineRequest("pisco-sour", 1)],
                                   participant_id=asked.request.customer_id)  # type: ignore[union-attr]
    assisted.place_order_for_table(repos, MANAGER, ana.session_id, [LineRequest("chicha-morada", 1)])
    bill = bills.session_bill(repos, MANAGER, ana.session_id)
    assert bill.subtotal == 4800 + 2800 + 900 and bill.currency == "PEN"
    assert [(s.name, s.subtotal) for s in bill.shares] == [("Ana", 4800), ("Luis", 2800), ("", 900)]


def test_closing_awards_points_to_loyalty_members_only(repos, tokens):
    diner = seated(repos, tokens)
    from chalicelib.domain.customers import RegistrationMode
    from tests.fakes import tables_of

    tables_of(repos).customers[diner.principal.customer_id].mode = RegistrationMode.LOYALTY
    order(repos, diner, ("lomo-saltado", 1))
    floor.close_session(repos, MANAGER, diner.session_id)
    assert repos.customers.get(diner.principal.customer_id).points > 0
    guest = seated(repos, tokens, "T13", "Eva")
    order(repos, guest, ("lomo-saltado", 1))
    floor.close_session(repos, MANAGER, guest.session_id)
    assert repos.customers.get(guest.principal.customer_id).points == 0


def test_staff_who_seat_a_table_can_also_close_it(repos, tokens):
    session = seating.open_table_session(repos, MANAGER, DOWNTOWN, "T20")
    closed = floor.close_session(repos, MANAGER, session.id)
    assert closed.status is SessionStatus.COMPLETED


def test_open_orders_come_oldest_first_across_tables_and_narrow_to_one_open_status(repos, tokens):
    t12 = seated(repos, tokens, "T12")
    first = order(repos, t12, ("ceviche-clasico", 1))
    second = order(repos, seated(repos, tokens, "T3", "Eva"), ("lomo-saltado", 1))
    third = order(repos, t12, ("pisco-sour", 1))
    assert [o.id for o in kitchen.open_orders(repos, MANAGER, DOWNTOWN)] == [first.id, second.id, third.id]
    kitchen.set_order_status(repos, MANAGER, second.id, OrderStatus.ACCEPTED)
    assert [o.id for o in kitchen.open_orders(repos, MANAGER, DOWNTOWN, OrderStatus.PENDING)] == [first.id, third.id]
    assert [o.id for o in kitchen.open_orders(repos, MANAGER, DOWNTOWN, OrderStatus.ACCEPTED)] == [second.id]
    for closed in (OrderStatus.CANCELLED,):  # served: the recall list (test_floor_and_kitchen_together)
        with pytest.raises(InvalidInput):
            kitchen.open_orders(repos, MANAGER, DOWNTOWN, closed)


def test_a_whole_order_move_carries_every_line_and_a_closed_order_leaves_the_board(repos, tokens):
    diner = seated(repos, tokens)
    cancelled = order(repos, diner, ("ceviche-clasico", 1), ("pisco-sour", 1))
    done = kitchen.set_order_status(repos, MANAGER, cancelled.id, OrderStatus.CANCELLED)
    assert ({line.status for line in done.lines}, done.subtotal) == ({LineStatus.CANCELLED}, 0)
    served = order(repos, diner, ("ceviche-clasico", 1), ("pisco-sour", 1))
    kitchen.set_order_status(repos, MANAGER, served.id, OrderStatus.ACCEPTED)
    done = kitchen.set_order_status(repos, MANAGER, served.id, OrderStatus.SERVED)
    assert {line.status for line in done.lines} == {LineStatus.SERVED}
    assert kitchen.open_orders(repos, MANAGER, DOWNTOWN) == []


@pytest.mark.parametrize(("first", "target"), [
    ([], OrderStatus.SERVED),  # (pending -> ready is the kitchen's "all ready": allowed)
    ([OrderStatus.CANCELLED], OrderStatus.ACCEPTED),
    ([OrderStatus.ACCEPTED, OrderStatus.SERVED], OrderStatus.CANCELLED),
    ([OrderStatus.ACCEPTED, OrderStatus.SERVED], OrderStatus.ACCEPTED),
])
def test_illegal_order_moves_are_refused(repos, tokens, first, target):
    placed = order(repos, seated(repos, tokens), ("ceviche-clasico", 1))
    for step in first:
        kitchen.set_order_status(repos, MANAGER, placed.id, step)
    with pytest.raises(IllegalTransition):
        kitchen.set_order_status(repos, MANAGER, placed.id, target)


def test_an_order_with_a_served_line_cannot_be_cancelled_and_nothing_changes(repos, tokens):
    placed = order(repos, seated(repos, tokens), ("ceviche-clasico", 1), ("pisco-sour", 1))
    ceviche = placed.lines[0].id
    kitchen.set_line_status(repos, MANAGER, placed.id, ceviche, LineStatus.READY)
    kitchen.set_line_status(repos, MANAGER, placed.id, ceviche, LineStatus.SERVED)
    with pytest.raises(IllegalTransition):
        kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.CANCELLED)
    assert [line.status for line in repos.orders.get(placed.id).lines] == [LineStatus.SERVED, LineStatus.PENDING]


def test_the_order_s_status_follows_its_lines(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("ceviche-clasico", 1), ("lomo-saltado", 1))
    ceviche, lomo = (line.id for line in placed.lines)

    def bump(line: str, target: LineStatus, who=KITCHEN) -> OrderStatus:
        return kitchen.set_line_status(repos, who, placed.id, line, target).status

    assert bump(ceviche, LineStatus.PREPARING) is OrderStatus.PREPARING
    back = kitchen.set_line_status(repos, KITCHEN, placed.id, ceviche, LineStatus.PENDING)  # bumped back: allowed
    assert back.line(ceviche).status is LineStatus.PENDING
    assert bump(ceviche, LineStatus.READY) is OrderStatus.PREPARING  # the lomo is not started
    assert bump(lomo, LineStatus.READY) is OrderStatus.READY
    assert bump(ceviche, LineStatus.SERVED, MANAGER) is OrderStatus.READY  # one dish served of two
    assert [o.id for o in kitchen.open_orders(repos, KITCHEN, DOWNTOWN)] == [placed.id]
    assert bump(lomo, LineStatus.SERVED, MANAGER) is OrderStatus.SERVED
    assert kitchen.open_orders(repos, KITCHEN, DOWNTOWN) == []


def test_cancelling_one_line_leaves_the_rest_and_the_subtotal_of_the_rest(repos, tokens):
    placed = order(repos, seated(repos, tokens), ("ceviche-clasico", 1), ("pisco-sour", 1))
    after = kitchen.set_line_status(repos, MANAGER, placed.id, placed.lines[1].id, LineStatus.CANCELLED)
    assert [line.status for line in after.lines] == [LineStatus.PENDING, LineStatus.CANCELLED]
    assert (after.status, after.subtotal) == (OrderStatus.PENDING, placed.lines[0].total)


@pytest.mark.parametrize(("first", "target", "cancel_order"), [
    ([], LineStatus.SERVED, False),
    ([LineStatus.READY, LineStatus.SERVED], LineStatus.PREPARING, False),
    ([LineStatus.CANCELLED], LineStatus.PREPARING, False),
    ([], LineStatus.PREPARING, True),  # a line of a cancelled order
])
def test_illegal_line_moves_are_refused(repos, tokens, first, target, cancel_order):
    placed = order(repos, seated(repos, tokens), ("ceviche-clasico", 1), ("pisco-sour", 1))
    line = placed.lines[0].id
    for step in first:
        kitchen.set_line_status(repos, MANAGER, placed.id, line, step)
    if cancel_order:
        kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.CANCELLED)
    with pytest.raises(IllegalTransition):
        kitchen.set_line_status(repos, KITCHEN, placed.id, line, target)
